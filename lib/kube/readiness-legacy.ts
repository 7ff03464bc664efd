/**
 * helm's legacy readiness checks (`--wait=legacy`, and helm 3's `--wait`; pkg/kube/ready.go) as pure functions.
 * Unlike kstatus they look at related objects: a Deployment is ready when its *new* ReplicaSet is, and a
 * ReplicaSet/ReplicationController when every Pod it selects is Ready, so callers pass those objects in.
 * Custom resources are always ready here.
 */
import type { KubeObjectLike } from "./readiness";

export interface LegacyRelated {
  /** ReplicaSets selected by a Deployment's selector. */
  replicaSets?: KubeObjectLike[];
  /** Pods selected by a ReplicaSet or ReplicationController. */
  pods?: KubeObjectLike[];
}

export interface LegacyOptions {
  /** `--wait-for-jobs`: without it Jobs are not waited for. */
  waitForJobs?: boolean;
}

export interface LegacyResult {
  ready: boolean;
  /** Set when waiting can never succeed (a Job that exhausted its backoff limit). */
  error?: string;
}

const ready: LegacyResult = { ready: true };
const notReady: LegacyResult = { ready: false };

function get(obj: unknown, path: string): unknown {
  let cur = obj;
  for (const key of path.split(".")) {
    if (typeof cur !== "object" || cur === null) return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

function num(obj: unknown, path: string, fallback = 0): number {
  const v = get(obj, path);
  return typeof v === "number" ? v : fallback;
}

function hasCondition(obj: unknown, type: string, status: string): boolean {
  const list = get(obj, "status.conditions");
  return Array.isArray(list) && list.some((c: { type?: string; status?: string }) => c.type === type && c.status === status);
}

function generationObserved(obj: KubeObjectLike): boolean {
  return num(obj, "status.observedGeneration", -1) === num(obj, "metadata.generation", 0);
}

/** An int-or-percent field scaled against `total`, as intstr.GetScaledValueFromIntOrPercent does. */
export function scaledValue(value: unknown, total: number, roundUp: boolean): number {
  if (typeof value === "number") return value;
  if (typeof value === "string" && value.endsWith("%")) {
    const scaled = (Number(value.slice(0, -1)) * total) / 100;
    return roundUp ? Math.ceil(scaled) : Math.floor(scaled);
  }
  if (typeof value === "string" && /^\d+$/.test(value)) return Number(value);
  return 0;
}

function deploymentMaxUnavailable(dep: KubeObjectLike): number {
  const replicas = num(dep, "spec.replicas", 1);
  const type = get(dep, "spec.strategy.type") ?? "RollingUpdate";
  if (type !== "RollingUpdate" || replicas === 0) return 0;
  const raw = get(dep, "spec.strategy.rollingUpdate.maxUnavailable") ?? "25%";
  return Math.min(scaledValue(raw, replicas, false), replicas);
}

function withoutHashLabel(template: unknown): string {
  const copy = JSON.parse(JSON.stringify(template ?? {})) as { metadata?: { labels?: Record<string, string> } };
  if (copy.metadata?.labels) delete copy.metadata.labels["pod-template-hash"];
  return JSON.stringify(copy, Object.keys(flatten(copy)).sort());
}

/** All key names in an object tree, so JSON.stringify can emit keys in a stable order. */
function flatten(value: unknown, out: Record<string, true> = {}): Record<string, true> {
  if (Array.isArray(value)) value.forEach((v) => flatten(v, out));
  else if (typeof value === "object" && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      out[k] = true;
      flatten(v, out);
    }
  }
  return out;
}

/** The ReplicaSet controlled by the Deployment whose template equals the Deployment's (ignoring the hash label). */
export function newReplicaSet(dep: KubeObjectLike, replicaSets: KubeObjectLike[]): KubeObjectLike | undefined {
  const uid = get(dep, "metadata.uid");
  const want = withoutHashLabel(get(dep, "spec.template"));
  return replicaSets.find((rs) => {
    const owners = get(rs, "metadata.ownerReferences");
    const owned = Array.isArray(owners) && owners.some((o: { uid?: string; controller?: boolean }) => o.controller && o.uid === uid);
    return owned && withoutHashLabel(get(rs, "spec.template")) === want;
  });
}

function podReady(pod: KubeObjectLike): boolean {
  return hasCondition(pod, "Ready", "True");
}

function deploymentReady(dep: KubeObjectLike, related: LegacyRelated): LegacyResult {
  if (get(dep, "spec.paused") === true) return ready;
  if (!generationObserved(dep)) return notReady;
  const rs = newReplicaSet(dep, related.replicaSets ?? []);
  if (!rs || !generationObserved(rs)) return notReady;
  const expected = num(dep, "spec.replicas", 1) - deploymentMaxUnavailable(dep);
  return num(rs, "status.readyReplicas") >= expected ? ready : notReady;
}

function jobReady(job: KubeObjectLike, options: LegacyOptions): LegacyResult {
  if (!options.waitForJobs) return ready;
  const backoffLimit = num(job, "spec.backoffLimit", 6);
  if (num(job, "status.failed") > backoffLimit) return { ready: false, error: `job ${String(get(job, "metadata.name"))} failed` };
  const completions = get(job, "spec.completions");
  if (typeof completions === "number" && num(job, "status.succeeded") < completions) return notReady;
  return ready;
}

function serviceReady(svc: KubeObjectLike): LegacyResult {
  const type = get(svc, "spec.type");
  if (type === "ExternalName") return ready;
  if (!get(svc, "spec.clusterIP")) return notReady;
  if (type === "LoadBalancer") {
    const externalIPs = get(svc, "spec.externalIPs");
    if (Array.isArray(externalIPs) && externalIPs.length > 0) return ready;
    const ingress = get(svc, "status.loadBalancer.ingress");
    return Array.isArray(ingress) && ingress.length > 0 ? ready : notReady;
  }
  return ready;
}

function daemonSetReady(ds: KubeObjectLike): LegacyResult {
  if (!generationObserved(ds)) return notReady;
  if ((get(ds, "spec.updateStrategy.type") ?? "RollingUpdate") !== "RollingUpdate") return ready;
  const desired = num(ds, "status.desiredNumberScheduled");
  if (num(ds, "status.updatedNumberScheduled") !== desired) return notReady;
  const maxUnavailable = scaledValue(get(ds, "spec.updateStrategy.rollingUpdate.maxUnavailable") ?? 1, desired, true);
  return num(ds, "status.numberReady") >= desired - maxUnavailable ? ready : notReady;
}

function statefulSetReady(sts: KubeObjectLike): LegacyResult {
  if (!generationObserved(sts)) return notReady;
  if ((get(sts, "spec.updateStrategy.type") ?? "RollingUpdate") !== "RollingUpdate") return ready;
  const replicas = num(sts, "spec.replicas", 1);
  const partition = num(sts, "spec.updateStrategy.rollingUpdate.partition", 0);
  if (num(sts, "status.updatedReplicas") < replicas - partition) return notReady;
  if (num(sts, "status.readyReplicas") !== replicas) return notReady;
  if (partition === 0 && get(sts, "status.currentRevision") !== get(sts, "status.updateRevision")) return notReady;
  return ready;
}

function crdReady(crd: KubeObjectLike): LegacyResult {
  if (hasCondition(crd, "Established", "True")) return ready;
  // helm treats a name conflict as "ready" so the wait ends; the conflict surfaces elsewhere.
  return hasCondition(crd, "NamesAccepted", "False") ? ready : notReady;
}

function podsOwnerReady(owner: KubeObjectLike, related: LegacyRelated): LegacyResult {
  if (!generationObserved(owner)) return notReady;
  return (related.pods ?? []).every(podReady) ? ready : notReady;
}

/** helm's legacy readiness for one object (the kind is matched without regard to the API group, as helm does). */
export function legacyReadiness(obj: KubeObjectLike, related: LegacyRelated = {}, options: LegacyOptions = {}): LegacyResult {
  switch (obj.kind) {
    case "Pod":
      return podReady(obj) ? ready : notReady;
    case "Job":
      return jobReady(obj, options);
    case "Deployment":
      return deploymentReady(obj, related);
    case "PersistentVolumeClaim":
      return get(obj, "status.phase") === "Bound" ? ready : notReady;
    case "Service":
      return serviceReady(obj);
    case "DaemonSet":
      return daemonSetReady(obj);
    case "CustomResourceDefinition":
      return crdReady(obj);
    case "StatefulSet":
      return statefulSetReady(obj);
    case "ReplicationController":
    case "ReplicaSet":
      return podsOwnerReady(obj, related);
    default:
      return ready;
  }
}
