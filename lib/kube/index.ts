/**
 * lib/kube: the cluster client (kubeconfig, discovery, CRUD, server-side and client-side apply, watch-based
 * waiting, pod logs, retries) and helm 4's readiness rules. Usable without Next.js; implements lib/release's
 * ObjectClient so release storage can live in the cluster.
 */
export {
  KubeClient,
  createKubeClient,
  DEFAULT_FIELD_MANAGER,
  PATCH_TYPES,
  type PatchType,
  type KubeClientOptions,
  type ListOptions,
  type WriteOptions,
  type ApplyOptions,
  type DeleteOptions,
  type ClientSideUpdateResult,
  type ServerVersion,
} from "./client";
export { loadKubeConfig, type KubeConfigOptions, type ResolvedKubeConfig } from "./config";
export { impersonatingKubeConfig, impersonationHeaders, kubeImpersonationEnabled, type Impersonation } from "./impersonation";
export { boundedSignal, DEFAULT_CALL_TIMEOUT_MS, type Bounds } from "./deadline";
export { RestMapper, NoKindMatchError, resourcePath, groupVersionPath, splitApiVersion, type ResourceMapping } from "./discovery";
export * from "./errors";
export * from "./readiness";
export {
  DEFAULT_RETRY_POLICY,
  backoffDelay,
  classifyForRetry,
  isIdempotent,
  realClock,
  withRetry,
  type Clock,
  type RetryPolicy,
} from "./retry";
export { threeWayStrategicMergePatch, jsonMergePatch } from "./strategic-merge";
export { isTypedForStrategicMerge } from "./patch-meta";
export { KubeTransport, type KubeRequest } from "./transport";
export * from "./types";
export {
  waitFor,
  readyCondition,
  deletedCondition,
  WaitTimeoutError,
  type WaitCondition,
  type WaitOptions,
  type WaitOutcome,
  type WatchEvent,
  type WatchGroup,
  type WatchSource,
} from "./wait";
export { streamPodLogs, type PodLogOptions } from "./logs";
export { legacyReadiness, newReplicaSet, scaledValue, type LegacyOptions, type LegacyRelated, type LegacyResult } from "./readiness-legacy";
export { upgradeManagedFields, upgradeManagedFieldsPatch, unionFieldSets, type ManagedFieldsEntry, type JsonPatchOperation } from "./managed-fields";
