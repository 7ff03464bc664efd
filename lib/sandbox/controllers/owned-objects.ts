/** Creating controlled children from a pod template, and finding the children a controller owns. */
import { createHash } from "node:crypto";
import type { Cluster } from "../api/cluster";
import { CONTROLLER_ACTOR } from "../audit/audit-log";
import { generateName } from "../api/object-meta";
import { type ResourceType, apiVersionOf, typeKey } from "../api/resource-types";
import { scenarioAnnotations, annotationsOf } from "../scenarios/annotations";

type Json = Record<string, unknown>;

export const CONTROLLER = { actor: CONTROLLER_ACTOR, fieldManager: CONTROLLER_ACTOR };

export function controllerRef(type: ResourceType, owner: Json): Json {
  const meta = owner.metadata as Json;
  return { apiVersion: apiVersionOf(type), kind: type.kind, name: meta.name, uid: meta.uid, controller: true, blockOwnerDeletion: true };
}

export function coreType(cluster: Cluster, group: string, kind: string): ResourceType {
  const type = cluster.registry.byGroupKind(group, kind);
  if (!type) throw new Error(`sandbox: unknown built-in kind ${group}/${kind}`);
  return type;
}

/** Objects of `childType` whose controller owner is `owner`. */
export function ownedBy(cluster: Cluster, owner: Json, childType: ResourceType): Json[] {
  const uid = String((owner.metadata as Json).uid);
  return cluster.store
    .dependentsOf(uid)
    .filter((ref) => ref.typeKey === typeKey(childType))
    .map((ref) => cluster.store.get(ref.typeKey, ref.namespace, ref.name)?.object)
    .filter((o): o is Json => o !== undefined)
    .filter((o) => (((o.metadata as Json).ownerReferences ?? []) as Json[]).some((r) => r.uid === uid && r.controller === true));
}

/**
 * Creates a Pod from `template`, owned by `ownerType/owner`. Scenario annotations on the owner are copied, so a
 * scenario stamped on a Job reaches its Pods.
 */
export function createPodFromTemplate(cluster: Cluster, ownerType: ResourceType, owner: Json, template: Json, options: { name?: string; extraLabels?: Record<string, string> } = {}): Json | undefined {
  const ownerMeta = owner.metadata as Json;
  const templateMeta = (template.metadata ?? {}) as Json;
  const podType = coreType(cluster, "", "Pod");
  const name = options.name ?? generateName(`${String(ownerMeta.name)}-`);
  const pod: Json = {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name,
      namespace: ownerMeta.namespace,
      labels: { ...((templateMeta.labels ?? {}) as Json), ...(options.extraLabels ?? {}) },
      annotations: { ...((templateMeta.annotations ?? {}) as Json), ...scenarioAnnotations(annotationsOf(owner)) },
      ownerReferences: [controllerRef(ownerType, owner)],
    },
    spec: { ...structuredClone((template.spec ?? {}) as Json), nodeName: "sandbox-node" },
  };
  try {
    return cluster.create(podType, String(ownerMeta.namespace), pod, CONTROLLER);
  } catch (error) {
    // The owner's namespace may be going away, or a same-named Pod may still exist; the next reconcile retries.
    if (error instanceof Error && "code" in error) return undefined;
    throw error;
  }
}

export function podIsReady(pod: Json): boolean {
  const status = (pod.status ?? {}) as Json;
  if (status.phase !== "Running" || (pod.metadata as Json).deletionTimestamp) return false;
  return ((status.conditions ?? []) as Json[]).some((c) => c.type === "Ready" && c.status === "True");
}

export function podIsActive(pod: Json): boolean {
  const phase = ((pod.status ?? {}) as Json).phase;
  return phase !== "Succeeded" && phase !== "Failed" && !(pod.metadata as Json).deletionTimestamp;
}

/** A stable short hash of a pod template, used for `pod-template-hash` and `controller-revision-hash`. */
export function templateHash(template: unknown): string {
  const canonical = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(canonical);
    if (value && typeof value === "object") {
      return Object.fromEntries(Object.keys(value as Json).sort().map((k) => [k, canonical((value as Json)[k])]));
    }
    return value;
  };
  const digest = createHash("sha256").update(JSON.stringify(canonical(template))).digest();
  // Spelled with the alphabet Kubernetes uses for generated names, so it never forms words or looks like a number.
  const alphabet = "bcdfghjklmnpqrstvwxz2456789";
  let out = "";
  for (let i = 0; i < 10; i++) out += alphabet[digest[i] % alphabet.length];
  return out;
}
