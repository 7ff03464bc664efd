/**
 * Is this object ready? The rules of helm 4's waiter, as pure functions of one observed object: kstatus
 * (fluxcd/cli-utils) for regular resources, and helm's own readers for hooks (Job: Complete/Failed conditions,
 * Pod: Succeeded/Failed phase, anything else ready once it exists) and for `--wait-for-jobs`.
 * Status names are kstatus's: Current means ready; Failed is terminal and ends the wait for that object.
 */

export type ResourceStatus = "Current" | "InProgress" | "Failed" | "Terminating" | "NotFound";

export interface ReadinessResult {
  status: ResourceStatus;
  message: string;
}

export interface ReadinessOptions {
  /** Hook objects: Job and Pod must finish, other kinds are ready as soon as they exist. */
  hook?: boolean;
  /** `--wait-for-jobs`: Jobs need Complete=True instead of merely having started. */
  waitForJobs?: boolean;
  /** For the Pod "unschedulable" grace window. */
  now?: Date;
}

export interface KubeObjectLike {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; namespace?: string; generation?: number; deletionTimestamp?: string; creationTimestamp?: string };
  spec?: Record<string, unknown>;
  status?: Record<string, unknown>;
  [field: string]: unknown;
}

interface Condition {
  type?: string;
  status?: string;
  reason?: string;
  message?: string;
}

/** How long a Pod may be unschedulable before kstatus calls it Failed. */
const SCHEDULE_WINDOW_MS = 15_000;

function field(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const key of path.split(".")) {
    if (typeof cur !== "object" || cur === null) return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

function int(obj: unknown, path: string, fallback: number): number {
  const v = field(obj, path);
  return typeof v === "number" ? v : fallback;
}

function str(obj: unknown, path: string, fallback: string): string {
  const v = field(obj, path);
  return typeof v === "string" ? v : fallback;
}

function conditions(obj: KubeObjectLike): Condition[] {
  const list = field(obj, "status.conditions");
  return Array.isArray(list) ? (list as Condition[]) : [];
}

function condition(obj: KubeObjectLike, type: string): Condition | undefined {
  return conditions(obj).find((c) => c.type === type);
}

const current = (message: string): ReadinessResult => ({ status: "Current", message });
const inProgress = (message: string): ReadinessResult => ({ status: "InProgress", message });
const failed = (message: string): ReadinessResult => ({ status: "Failed", message });

function groupOf(obj: KubeObjectLike): string {
  const apiVersion = obj.apiVersion ?? "";
  return apiVersion.includes("/") ? apiVersion.slice(0, apiVersion.indexOf("/")) : "";
}

/** Rules that apply to every object before its kind is considered. */
function genericStatus(obj: KubeObjectLike): ReadinessResult | undefined {
  if (obj.metadata?.deletionTimestamp) return { status: "Terminating", message: "Resource scheduled for deletion" };
  const observed = field(obj, "status.observedGeneration");
  const generation = obj.metadata?.generation;
  if (typeof observed === "number" && typeof generation === "number" && observed !== generation) {
    return inProgress(`${obj.kind} generation is ${generation}, but latest observed generation is ${observed}`);
  }
  const reconciling = condition(obj, "Reconciling");
  if (reconciling?.status === "True") return inProgress(reconciling.message || "Reconciling");
  const stalled = condition(obj, "Stalled");
  if (stalled?.status === "True") return failed(stalled.message || "Stalled");
  return undefined;
}

function deploymentStatus(obj: KubeObjectLike): ReadinessResult {
  // Without progressDeadlineSeconds the controller never sets Progressing, so it cannot be required.
  let progressing = field(obj, "spec.progressDeadlineSeconds") === undefined;
  let available = false;
  for (const c of conditions(obj)) {
    if (c.type === "Progressing") {
      if (c.reason === "ProgressDeadlineExceeded") return failed("Progress deadline exceeded");
      if (c.status === "True" && c.reason === "NewReplicaSetAvailable") progressing = true;
    } else if (c.type === "Available" && c.status === "True") {
      available = true;
    }
  }
  const spec = int(obj, "spec.replicas", 1);
  const replicas = int(obj, "status.replicas", 0);
  const updated = int(obj, "status.updatedReplicas", 0);
  const ready = int(obj, "status.readyReplicas", 0);
  const avail = int(obj, "status.availableReplicas", 0);
  if (spec > replicas) return inProgress(`Replicas: ${replicas}/${spec}`);
  if (spec > updated) return inProgress(`Updated: ${updated}/${spec}`);
  if (replicas > spec) return inProgress(`Pending termination: ${replicas - spec}`);
  if (updated > avail) return inProgress(`Available: ${avail}/${updated}`);
  if (spec > ready) return inProgress(`Ready: ${ready}/${spec}`);
  if (!progressing) return inProgress("ReplicaSet not Available");
  if (!available) return inProgress("Deployment not Available");
  return current(`Deployment is available. Replicas: ${replicas}`);
}

function replicaSetStatus(obj: KubeObjectLike): ReadinessResult {
  if (condition(obj, "ReplicaFailure")?.status === "True") return inProgress("Replica Failure condition. Check Pods");
  const spec = int(obj, "spec.replicas", 1);
  const replicas = int(obj, "status.replicas", 0);
  const ready = int(obj, "status.readyReplicas", 0);
  const avail = int(obj, "status.availableReplicas", 0);
  const labelled = int(obj, "status.fullyLabeledReplicas", 0);
  if (spec > labelled) return inProgress(`Labelled: ${labelled}/${spec}`);
  if (spec > avail) return inProgress(`Available: ${avail}/${spec}`);
  if (spec > ready) return inProgress(`Ready: ${ready}/${spec}`);
  if (replicas > spec) return inProgress(`Pending termination: ${replicas - spec}`);
  return current(`ReplicaSet is available. Replicas: ${replicas}`);
}

function statefulSetStatus(obj: KubeObjectLike): ReadinessResult {
  if (str(obj, "spec.updateStrategy.type", "") === "OnDelete") return current("StatefulSet is using the ondelete update strategy");
  const spec = int(obj, "spec.replicas", 1);
  const ready = int(obj, "status.readyReplicas", 0);
  const currentReplicas = int(obj, "status.currentReplicas", 0);
  const updated = int(obj, "status.updatedReplicas", 0);
  const replicas = int(obj, "status.replicas", 0);
  const partition = int(obj, "spec.updateStrategy.rollingUpdate.partition", -1);
  if (spec > replicas) return inProgress(`Replicas: ${replicas}/${spec}`);
  if (spec > ready) return inProgress(`Ready: ${ready}/${spec}`);
  if (replicas > spec) return inProgress(`Pending termination: ${replicas - spec}`);
  if (partition !== -1) {
    if (updated < spec - partition) return inProgress(`updated: ${updated}/${spec - partition}`);
    return current(`Partition rollout complete. updated: ${updated}`);
  }
  if (spec > currentReplicas) return inProgress(`current: ${currentReplicas}/${spec}`);
  if (str(obj, "status.currentRevision", "") !== str(obj, "status.updateRevision", "")) {
    return inProgress("Waiting for updated revision to match current");
  }
  return current(`All replicas scheduled as expected. Replicas: ${replicas}`);
}

function daemonSetStatus(obj: KubeObjectLike): ReadinessResult {
  // The controller always sets these once it has seen the object, so their absence means "not yet observed".
  if (typeof obj.metadata?.generation !== "number") return inProgress("DaemonSet metadata.generation not found");
  if (typeof field(obj, "status.observedGeneration") !== "number") return inProgress("DaemonSet status.observedGeneration not found");
  const desired = int(obj, "status.desiredNumberScheduled", -1);
  const currentScheduled = int(obj, "status.currentNumberScheduled", 0);
  const updated = int(obj, "status.updatedNumberScheduled", 0);
  const avail = int(obj, "status.numberAvailable", 0);
  const ready = int(obj, "status.numberReady", 0);
  if (desired === -1) return inProgress("Missing .status.desiredNumberScheduled");
  if (desired > currentScheduled) return inProgress(`Current: ${currentScheduled}/${desired}`);
  if (desired > updated) return inProgress(`Updated: ${updated}/${desired}`);
  if (desired > avail) return inProgress(`Available: ${avail}/${desired}`);
  if (desired > ready) return inProgress(`Ready: ${ready}/${desired}`);
  return current(`All replicas scheduled as expected. Replicas: ${desired}`);
}

function pvcStatus(obj: KubeObjectLike): ReadinessResult {
  const phase = str(obj, "status.phase", "unknown");
  return phase === "Bound" ? current("PVC is Bound") : inProgress(`PVC is not Bound. phase: ${phase}`);
}

function podStatus(obj: KubeObjectLike, now: Date): ReadinessResult {
  const phase = str(obj, "status.phase", "");
  switch (phase) {
    case "Succeeded":
      return current("Pod has completed successfully");
    case "Failed":
      return current("Pod has completed, but not successfully");
    case "Running": {
      if (condition(obj, "Ready")?.status === "True") return current("Pod is Ready");
      const statuses = field(obj, "status.containerStatuses");
      const crashing = (Array.isArray(statuses) ? statuses : [])
        .filter((cs) => str(cs, "state.waiting.reason", "") === "CrashLoopBackOff")
        .map((cs) => str(cs, "name", ""));
      if (crashing.length > 0) return failed(`Containers in CrashLoop state: ${crashing.join(",")}`);
      return inProgress("Pod is running but is not Ready");
    }
    case "Pending": {
      const scheduled = condition(obj, "PodScheduled");
      if (scheduled?.status === "False" && scheduled.reason === "Unschedulable") {
        const created = Date.parse(obj.metadata?.creationTimestamp ?? "");
        if (Number.isFinite(created) && now.getTime() - SCHEDULE_WINDOW_MS < created) return inProgress("Pod has not been scheduled");
        return failed("Pod could not be scheduled");
      }
      return inProgress("Pod is in the Pending phase");
    }
    case "":
      return inProgress("Pod phase not available");
    default:
      return failed(`unknown phase ${phase}`);
  }
}

function jobCompletions(obj: KubeObjectLike): number {
  return int(obj, "spec.completions", int(obj, "spec.parallelism", 1));
}

function jobStatus(obj: KubeObjectLike): ReadinessResult {
  const completions = jobCompletions(obj);
  const succeeded = int(obj, "status.succeeded", 0);
  const failedCount = int(obj, "status.failed", 0);
  for (const c of conditions(obj)) {
    if (c.status !== "True") continue;
    if (c.type === "Complete") return current(`Job Completed. succeeded: ${succeeded}/${completions}`);
    if (c.type === "Failed") return failed(`Job Failed. failed: ${failedCount}/${completions}`);
    if (c.type === "Suspended") return current("Job is suspended");
  }
  if (!str(obj, "status.startTime", "")) return inProgress("Job not started");
  const active = int(obj, "status.active", 0);
  return current(`Job in progress. success:${succeeded}, active: ${active}, failed: ${failedCount}`);
}

/** helm's own Job reader (hooks and --wait-for-jobs): only Complete counts, started is not enough. */
function helmJobStatus(obj: KubeObjectLike): ReadinessResult {
  const completions = jobCompletions(obj);
  if (condition(obj, "Failed")?.status === "True") {
    return failed(`Job Failed. failed: ${int(obj, "status.failed", 0)}/${completions}`);
  }
  if (condition(obj, "Complete")?.status === "True") {
    return current(`Job Completed. succeeded: ${int(obj, "status.succeeded", 0)}/${completions}`);
  }
  return inProgress("Job in progress");
}

/** helm's Pod reader for hooks: the Pod must run to completion. */
function helmPodStatus(obj: KubeObjectLike): ReadinessResult {
  const phase = str(obj, "status.phase", "");
  if (phase === "Succeeded") return current("Pod has completed successfully");
  if (phase === "Failed") return failed("Pod has completed, but not successfully");
  return inProgress(`Pod phase is ${phase || "unknown"}`);
}

function crdStatus(obj: KubeObjectLike): ReadinessResult {
  for (const c of conditions(obj)) {
    if (c.type === "NamesAccepted" && c.status === "False") return failed(c.message || c.reason || "NamesAccepted is False");
    if (c.type === "Established") {
      if (c.status === "False" && c.reason !== "Installing") return failed(c.message || c.reason || "not Established");
      if (c.status === "True") return current("CRD is established");
    }
  }
  return inProgress("Install in progress");
}

function serviceStatus(obj: KubeObjectLike): ReadinessResult {
  if (str(obj, "spec.type", "ClusterIP") === "LoadBalancer" && !str(obj, "spec.clusterIP", "")) {
    return inProgress("ClusterIP not set. Service type: LoadBalancer");
  }
  return current("Service is ready");
}

type KindRule = (obj: KubeObjectLike, options: ReadinessOptions) => ReadinessResult;

/** Keyed like kstatus: `group/Kind`, or just `Kind` for the core group. */
const KIND_RULES: Record<string, KindRule> = {
  Service: serviceStatus,
  Pod: (obj, o) => podStatus(obj, o.now ?? new Date()),
  Secret: () => current("Resource is always ready"),
  ConfigMap: () => current("Resource is always ready"),
  PersistentVolumeClaim: pvcStatus,
  "apps/StatefulSet": statefulSetStatus,
  "apps/DaemonSet": daemonSetStatus,
  "extensions/DaemonSet": daemonSetStatus,
  "apps/Deployment": deploymentStatus,
  "extensions/Deployment": deploymentStatus,
  "apps/ReplicaSet": replicaSetStatus,
  "extensions/ReplicaSet": replicaSetStatus,
  "policy/PodDisruptionBudget": () => current("AllowedDisruptions has been computed."),
  "batch/CronJob": () => current("Resource is always ready"),
  "batch/Job": (obj, o) => (o.waitForJobs ? helmJobStatus(obj) : jobStatus(obj)),
  "apiextensions.k8s.io/CustomResourceDefinition": crdStatus,
};

function kindKey(obj: KubeObjectLike): string {
  const group = groupOf(obj);
  return group ? `${group}/${obj.kind}` : String(obj.kind);
}

/** The readiness of one observed object; `undefined` means it does not exist (yet, or any more). */
export function computeReadiness(obj: KubeObjectLike | undefined, options: ReadinessOptions = {}): ReadinessResult {
  if (!obj) return { status: "NotFound", message: "Resource not found" };
  const generic = genericStatus(obj);
  if (generic) return generic;
  const key = kindKey(obj);
  if (options.hook) {
    if (key === "batch/Job") return helmJobStatus(obj);
    if (key === "Pod") return helmPodStatus(obj);
    return current("Resource is current");
  }
  const rule = KIND_RULES[key];
  return rule ? rule(obj, options) : current("Resource is current");
}

/** helm 4's watcher skips paused Deployments entirely rather than waiting for them. */
export function isSkippedByWaiter(obj: KubeObjectLike): boolean {
  return kindKey(obj) === "apps/Deployment" && field(obj, "spec.paused") === true;
}

/** The message helm prints for an object that did not become ready. */
export function notReadyMessage(obj: { kind?: string; namespace?: string; name?: string }, result: ReadinessResult): string {
  return `resource ${obj.kind}/${obj.namespace ?? ""}/${obj.name} not ready. status: ${result.status}, message: ${result.message}`;
}
