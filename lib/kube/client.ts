/**
 * The cluster client Hookline hands to lifecycle code: CRUD on any kind via discovery, server-side apply (field
 * manager "helm"), client-side updates with helm's patch rules, watch-based waiting, pod logs, and the
 * `ObjectClient` that release storage needs. Every call takes a signal and/or deadline; transient failures are
 * retried (see retry.ts).
 */
import type { Writable } from "node:stream";
import type { ObjectClient, StorageObject, StorageObjectKind } from "@/lib/release/object-client";
import { loadKubeConfig, type KubeConfigOptions } from "./config";
import { impersonatingKubeConfig, type Impersonation } from "./impersonation";
import type { Bounds } from "./deadline";
import { groupVersionPath, resourcePath, RestMapper, type ApiResourceList, type ResourceMapping } from "./discovery";
import { isConflict, isNotFound } from "./errors";
import { streamPodLogs, type PodLogOptions } from "./logs";
import { upgradeManagedFieldsPatch, type ManagedFieldsEntry } from "./managed-fields";
import { isTypedForStrategicMerge } from "./patch-meta";
import type { Clock, RetryPolicy } from "./retry";
import { jsonMergePatch, threeWayStrategicMergePatch } from "./strategic-merge";
import { KubeTransport, type QueryValue } from "./transport";
import type { KubeList, KubeObject, ObjectRef, PropagationPolicy } from "./types";
import { waitFor, type WaitCondition, type WaitOptions, type WaitOutcome, type WatchEvent, type WatchGroup, type WatchSource } from "./wait";

export const DEFAULT_FIELD_MANAGER = "helm";

export const PATCH_TYPES = {
  apply: "application/apply-patch+yaml",
  strategic: "application/strategic-merge-patch+json",
  merge: "application/merge-patch+json",
  json: "application/json-patch+json",
} as const;
export type PatchType = keyof typeof PATCH_TYPES;

export interface KubeClientOptions extends KubeConfigOptions {
  /** Field manager for writes; helm's CLI uses "helm". */
  fieldManager?: string;
  retryPolicy?: RetryPolicy;
  clock?: Clock;
  /** Bound for calls that pass neither signal nor deadline. */
  defaultTimeoutMs?: number;
  /** Act as this user on the cluster (Kubernetes impersonation headers on every request). */
  impersonate?: Impersonation;
}

export interface ListOptions {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
}

export interface WriteOptions {
  fieldManager?: string;
  dryRun?: boolean;
}

export interface ApplyOptions extends WriteOptions {
  /** Take over fields owned by other managers (`--force-conflicts`). */
  force?: boolean;
}

export interface DeleteOptions {
  propagationPolicy?: PropagationPolicy;
  gracePeriodSeconds?: number;
}

export interface ClientSideUpdateResult {
  object: KubeObject;
  /** "created" when the object did not exist, "patched" when a patch was sent, "unchanged" for an empty patch. */
  action: "created" | "patched" | "unchanged";
  patch?: object;
}

export interface ServerVersion {
  major: string;
  minor: string;
  gitVersion: string;
  [field: string]: unknown;
}

/**
 * Object paths need a name: without one the path addresses the whole collection, where a DELETE removes every
 * object of the kind and a PATCH or PUT fails obscurely. Refuse early with the error kubectl and helm give.
 */
function requireName(name: string | undefined): void {
  if (!name) throw new Error("resource name may not be empty");
}

export class KubeClient implements ObjectClient, WatchSource {
  readonly mapper: RestMapper;
  private readonly fieldManager: string;

  constructor(
    readonly transport: KubeTransport,
    /** Namespace for namespaced objects that carry none (kubeconfig context namespace, else "default"). */
    readonly namespace: string,
    options: { fieldManager?: string } = {},
  ) {
    this.fieldManager = options.fieldManager ?? DEFAULT_FIELD_MANAGER;
    this.mapper = new RestMapper((apiVersion, bounds) => this.fetchResourceList(apiVersion, bounds));
  }

  private async fetchResourceList(apiVersion: string, bounds: Bounds): Promise<ApiResourceList | undefined> {
    try {
      return await this.transport.request<ApiResourceList>({ method: "GET", path: groupVersionPath(apiVersion) }, bounds);
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  serverVersion(bounds: Bounds = {}): Promise<ServerVersion> {
    return this.transport.request<ServerVersion>({ method: "GET", path: "/version" }, bounds);
  }

  mapping(apiVersion: string, kind: string, bounds: Bounds = {}): Promise<ResourceMapping> {
    return this.mapper.mapping(apiVersion, kind, bounds);
  }

  private namespaceFor(mapping: ResourceMapping, namespace: string | undefined): string | undefined {
    return mapping.namespaced ? namespace || this.namespace : undefined;
  }

  private async objectPath(ref: ObjectRef, bounds: Bounds, withName = true): Promise<{ path: string; mapping: ResourceMapping; namespace?: string }> {
    if (withName) requireName(ref.name);
    const mapping = await this.mapping(ref.apiVersion, ref.kind, bounds);
    const namespace = this.namespaceFor(mapping, ref.namespace);
    return { path: resourcePath({ mapping, namespace, name: withName ? ref.name : undefined }), mapping, namespace };
  }

  /** The object with its defaulted namespace filled in (or removed, for cluster-scoped kinds). */
  private async normalise(object: KubeObject, bounds: Bounds): Promise<{ object: KubeObject; mapping: ResourceMapping }> {
    const mapping = await this.mapping(object.apiVersion, object.kind, bounds);
    const metadata = { ...object.metadata };
    const namespace = this.namespaceFor(mapping, metadata.namespace);
    if (namespace) metadata.namespace = namespace;
    else delete metadata.namespace;
    return { object: { ...object, metadata }, mapping };
  }

  /** Undefined when the object does not exist. */
  async get(ref: ObjectRef, bounds: Bounds = {}): Promise<KubeObject | undefined> {
    const { path } = await this.objectPath(ref, bounds);
    try {
      return await this.transport.request<KubeObject>({ method: "GET", path }, bounds);
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  /** Lists a kind; `namespace` "" (or a cluster-scoped kind) lists across namespaces. Selectors run on the server. */
  async list(apiVersion: string, kind: string, options: ListOptions = {}, bounds: Bounds = {}): Promise<KubeList> {
    const mapping = await this.mapping(apiVersion, kind, bounds);
    const namespace = mapping.namespaced && options.namespace !== "" ? options.namespace ?? this.namespace : undefined;
    const list = await this.transport.request<KubeList>(
      {
        method: "GET",
        path: resourcePath({ mapping, namespace }),
        query: { labelSelector: options.labelSelector || undefined, fieldSelector: options.fieldSelector || undefined },
      },
      bounds,
    );
    // List items carry no apiVersion/kind on the wire; callers want self-describing objects.
    list.items = (list.items ?? []).map((item) => ({ ...item, apiVersion, kind }));
    return list;
  }

  async create(object: KubeObject, options: WriteOptions = {}, bounds: Bounds = {}): Promise<KubeObject> {
    const { object: body, mapping } = await this.normalise(object, bounds);
    return this.transport.request<KubeObject>(
      {
        method: "POST",
        path: resourcePath({ mapping, namespace: body.metadata.namespace }),
        query: this.writeQuery(options),
        body,
      },
      bounds,
    );
  }

  /** PUT of the whole object (helm's `--force-replace`, and release records). */
  async replace(object: KubeObject, options: WriteOptions = {}, bounds: Bounds = {}): Promise<KubeObject> {
    requireName(object.metadata?.name);
    const { object: body, mapping } = await this.normalise(object, bounds);
    return this.transport.request<KubeObject>(
      {
        method: "PUT",
        path: resourcePath({ mapping, namespace: body.metadata.namespace, name: body.metadata.name }),
        query: this.writeQuery(options),
        body,
      },
      bounds,
    );
  }

  /** Resolves false when the object was already gone. */
  async delete(ref: ObjectRef, options: DeleteOptions = {}, bounds: Bounds = {}): Promise<boolean> {
    const { path } = await this.objectPath(ref, bounds);
    const body: Record<string, unknown> = {};
    if (options.propagationPolicy) body.propagationPolicy = options.propagationPolicy;
    if (options.gracePeriodSeconds !== undefined) body.gracePeriodSeconds = options.gracePeriodSeconds;
    try {
      await this.transport.request({ method: "DELETE", path, body: Object.keys(body).length ? body : undefined }, bounds);
      return true;
    } catch (error) {
      if (isNotFound(error)) return false;
      throw error;
    }
  }

  /** Server-side apply, as helm 4 sends it: full object, `fieldValidation=Strict`, `force` only when asked. */
  async apply(object: KubeObject, options: ApplyOptions = {}, bounds: Bounds = {}): Promise<KubeObject> {
    requireName(object.metadata?.name);
    const { object: body, mapping } = await this.normalise(object, bounds);
    return this.transport.request<KubeObject>(
      {
        method: "PATCH",
        path: resourcePath({ mapping, namespace: body.metadata.namespace, name: body.metadata.name }),
        query: { ...this.writeQuery(options), fieldValidation: "Strict", force: options.force ?? false },
        body,
        contentType: PATCH_TYPES.apply,
      },
      bounds,
    );
  }

  async patch(ref: ObjectRef, patch: unknown, type: PatchType, options: WriteOptions = {}, bounds: Bounds = {}): Promise<KubeObject> {
    const { path } = await this.objectPath(ref, bounds);
    return this.transport.request<KubeObject>(
      { method: "PATCH", path, query: this.writeQuery(options), body: patch, contentType: PATCH_TYPES[type] },
      bounds,
    );
  }

  /**
   * Client-side update of a release object, as helm's client-side mode does: create it when missing; otherwise a
   * three-way strategic merge patch (previous manifest, new manifest, live) for typed kinds, or a two-way JSON merge
   * patch (previous → new) for custom resources. An empty patch sends nothing.
   */
  async updateClientSide(
    original: KubeObject | undefined,
    modified: KubeObject,
    options: WriteOptions = {},
    bounds: Bounds = {},
  ): Promise<ClientSideUpdateResult> {
    const { object: target } = await this.normalise(modified, bounds);
    const ref: ObjectRef = { apiVersion: target.apiVersion, kind: target.kind, name: target.metadata.name, namespace: target.metadata.namespace };
    const live = await this.get(ref, bounds);
    if (!live) return { object: await this.create(target, options, bounds), action: "created" };
    const typed = isTypedForStrategicMerge(target.apiVersion, target.kind);
    const patch = typed
      ? threeWayStrategicMergePatch(original, target, live)
      : jsonMergePatch(original ?? {}, target);
    if (Object.keys(patch).length === 0) return { object: live, action: "unchanged", patch };
    const object = await this.patch(ref, patch, typed ? "strategic" : "merge", options, bounds);
    return { object, action: "patched", patch };
  }

  /**
   * Before the first server-side apply of an object an earlier revision updated client-side (helm 4 upgrade or
   * rollback from a `csa` revision to `ssa`): fold the field manager's Update ownership into its Apply entry.
   * Retried when the object changes in between (the patch is guarded by resourceVersion). Returns whether a
   * patch was sent.
   */
  async migrateToServerSideApply(ref: ObjectRef, options: { fieldManager?: string } = {}, bounds: Bounds = {}): Promise<boolean> {
    const manager = options.fieldManager ?? this.fieldManager;
    for (let attempt = 1; ; attempt++) {
      const live = await this.get(ref, bounds);
      if (!live) return false;
      const managedFields = live.metadata.managedFields as ManagedFieldsEntry[] | undefined;
      const patch = upgradeManagedFieldsPatch({ metadata: { managedFields, resourceVersion: live.metadata.resourceVersion } }, manager, manager);
      if (!patch) return false;
      try {
        await this.patch(ref, patch, "json", { fieldManager: manager }, bounds);
        return true;
      } catch (error) {
        if (!isConflict(error) || attempt >= 5) throw error;
      }
    }
  }

  /**
   * The Pods whose logs helm copies for a hook (hook-output-log-policy): those of a Job are found by the
   * `job-name=<hook>` label, a Pod hook by its own name. Other kinds have none.
   */
  async hookPods(kind: string, name: string, namespace: string, bounds: Bounds = {}): Promise<KubeObject[]> {
    if (kind !== "Job" && kind !== "Pod") return [];
    const selector = kind === "Job" ? { labelSelector: `job-name=${name}` } : { fieldSelector: `metadata.name=${name}` };
    return (await this.list("v1", "Pod", { namespace, ...selector }, bounds)).items;
  }

  /** Every container's logs of a hook's Pods (not init containers), in Pod order, as helm emits them. */
  async hookLogs(
    kind: string,
    name: string,
    namespace: string,
    writerFor: (pod: string, container: string) => Writable,
    bounds: Bounds = {},
  ): Promise<void> {
    for (const pod of await this.hookPods(kind, name, namespace, bounds)) {
      const containers = ((pod.spec as { containers?: Array<{ name: string }> } | undefined)?.containers ?? []).map((c) => c.name);
      for (const container of containers) {
        const out = writerFor(pod.metadata.name, container);
        await this.streamLogs(namespace, pod.metadata.name, container, out, bounds);
      }
    }
  }

  waitFor(refs: ObjectRef[], condition: WaitCondition, options: WaitOptions = {}): Promise<WaitOutcome[]> {
    return waitFor(this, refs, condition, options);
  }

  streamLogs(namespace: string, pod: string, container: string, out: Writable, options: PodLogOptions = {}): Promise<void> {
    return streamPodLogs(this.transport.kubeConfig, namespace, pod, container, out, options);
  }

  private writeQuery(options: WriteOptions): Record<string, QueryValue> {
    return { fieldManager: options.fieldManager ?? this.fieldManager, dryRun: options.dryRun ? "All" : undefined };
  }

  // ---- WatchSource -------------------------------------------------------------------------------------------

  private selectorFor(group: WatchGroup): string | undefined {
    return group.name ? `metadata.name=${group.name}` : undefined;
  }

  async listGroup(group: WatchGroup, bounds: Bounds): Promise<{ items: KubeObject[]; resourceVersion: string }> {
    const list = await this.list(group.apiVersion, group.kind, { namespace: group.namespace, fieldSelector: this.selectorFor(group) }, bounds);
    return { items: list.items, resourceVersion: list.metadata.resourceVersion ?? "" };
  }

  async watchGroup(group: WatchGroup, resourceVersion: string, onEvent: (event: WatchEvent) => void, signal: AbortSignal): Promise<void> {
    const { path } = await this.objectPath({ apiVersion: group.apiVersion, kind: group.kind, name: "", namespace: group.namespace }, { signal }, false);
    await this.transport.watch(
      path,
      {
        // "" (no version): the current state as ADDED events, then changes.
        resourceVersion: resourceVersion || undefined,
        allowWatchBookmarks: true,
        fieldSelector: this.selectorFor(group),
        // Let the server end each watch now and then; we resume from the last version seen.
        timeoutSeconds: 300,
      },
      (event) => onEvent(event as WatchEvent),
      signal,
    );
  }

  /** Frees the kept-alive connections now (idle ones never hold the process open anyway). */
  close(): void {
    this.transport.close();
  }

  // ---- ObjectClient (release storage) ------------------------------------------------------------------------

  async getObject(kind: StorageObjectKind, namespace: string, name: string, options: Bounds = {}): Promise<StorageObject | undefined> {
    return (await this.get({ apiVersion: "v1", kind, namespace, name }, options)) as StorageObject | undefined;
  }

  async listObjects(kind: StorageObjectKind, namespace: string | undefined, labelSelector: string, options: Bounds = {}): Promise<StorageObject[]> {
    const list = await this.list("v1", kind, { namespace: namespace ?? "", labelSelector }, options);
    return list.items as unknown as StorageObject[];
  }

  async createObject(object: StorageObject, options: Bounds = {}): Promise<StorageObject> {
    return (await this.create(object as unknown as KubeObject, {}, options)) as unknown as StorageObject;
  }

  async updateObject(object: StorageObject, options: Bounds = {}): Promise<StorageObject> {
    return (await this.replace(object as unknown as KubeObject, {}, options)) as unknown as StorageObject;
  }

  async deleteObject(kind: StorageObjectKind, namespace: string, name: string, options: Bounds = {}): Promise<void> {
    const { path } = await this.objectPath({ apiVersion: "v1", kind, namespace, name }, options);
    await this.transport.request({ method: "DELETE", path }, options);
  }
}

/** Builds a client from kubeconfig (explicit path, KUBECONFIG, ~/.kube/config) or the in-cluster service account. */
export function createKubeClient(options: KubeClientOptions = {}): KubeClient {
  const { kubeConfig: loaded, server, namespace } = loadKubeConfig(options);
  const kubeConfig = options.impersonate ? impersonatingKubeConfig(loaded, options.impersonate) : loaded;
  const transport = new KubeTransport(kubeConfig, server, {
    retryPolicy: options.retryPolicy,
    clock: options.clock,
    defaultTimeoutMs: options.defaultTimeoutMs,
  });
  return new KubeClient(transport, namespace, { fieldManager: options.fieldManager });
}
