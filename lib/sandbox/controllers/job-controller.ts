/**
 * The Job controller: keeps `parallelism` Pods running until `completions` succeed, retries failures up to
 * `backoffLimit`, enforces `activeDeadlineSeconds`, and reports conditions as Kubernetes 1.35 does —
 * SuccessCriteriaMet then Complete on success, FailureTarget then Failed (BackoffLimitExceeded or DeadlineExceeded)
 * on failure. helm's hook waits read exactly these conditions.
 */
import type { Cluster } from "../api/cluster";
import { timestamp } from "../api/object-meta";
import { conditionIs, setCondition } from "./conditions";
import { recordEvent } from "./event-recorder";
import { CONTROLLER, coreType, createPodFromTemplate, ownedBy, podIsActive, podIsReady } from "./owned-objects";

type Json = Record<string, unknown>;

const SUCCEEDED = { reason: "CompletionsReached", message: "Reached expected number of succeeded pods" };
const BACKOFF = { reason: "BackoffLimitExceeded", message: "Job has reached the specified backoff limit" };
const DEADLINE = { reason: "DeadlineExceeded", message: "Job was active longer than specified deadline" };

export class JobController {
  private readonly deadlineTimers = new Map<string, NodeJS.Timeout>();

  constructor(private readonly cluster: Cluster) {}

  stop(): void {
    for (const timer of this.deadlineTimers.values()) clearTimeout(timer);
    this.deadlineTimers.clear();
  }

  reconcile(namespace: string, name: string): void {
    const jobType = coreType(this.cluster, "batch", "Job");
    const podType = coreType(this.cluster, "", "Pod");
    const job = this.cluster.find(jobType, namespace, name);
    if (!job) return;
    const meta = job.metadata as Json;
    if (meta.deletionTimestamp) return;
    const spec = (job.spec ?? {}) as Json;
    const pods = ownedBy(this.cluster, job, podType);
    const active = pods.filter(podIsActive);
    const succeeded = pods.filter((p) => ((p.status ?? {}) as Json).phase === "Succeeded").length;
    const failed = pods.filter((p) => ((p.status ?? {}) as Json).phase === "Failed").length;
    const finished = conditionIs(job, "Complete") || conditionIs(job, "Failed");
    if (finished) return;
    if (spec.suspend === true) return;

    const completions = Number(spec.completions ?? 1);
    const parallelism = Number(spec.parallelism ?? 1);
    const backoffLimit = Number(spec.backoffLimit ?? 6);
    const status = (job.status ?? {}) as Json;
    const startTime = String(status.startTime ?? timestamp());
    const deadlineSeconds = spec.activeDeadlineSeconds === undefined ? undefined : Number(spec.activeDeadlineSeconds);
    const deadlinePassed = deadlineSeconds !== undefined && Date.now() - Date.parse(startTime) >= deadlineSeconds * 1000;

    let outcome: "complete" | "failed" | undefined;
    let failure = BACKOFF;
    if (succeeded >= completions) outcome = "complete";
    else if (failed > backoffLimit) outcome = "failed";
    else if (deadlinePassed) {
      outcome = "failed";
      failure = DEADLINE;
    }

    if (outcome === "failed") {
      for (const pod of active) {
        const podMeta = pod.metadata as Json;
        try {
          this.cluster.delete(podType, namespace, String(podMeta.name), { propagationPolicy: "Background" }, CONTROLLER);
        } catch {
          // Already gone.
        }
      }
    }
    if (outcome === undefined) {
      const wanted = Math.min(parallelism, completions - succeeded) - active.length;
      for (let i = 0; i < wanted; i++) {
        const pod = createPodFromTemplate(this.cluster, jobType, job, (spec.template ?? {}) as Json);
        if (pod) recordEvent(this.cluster, job, "job-controller", { type: "Normal", reason: "SuccessfulCreate", message: `Created pod: ${String((pod.metadata as Json).name)}` });
      }
      if (deadlineSeconds !== undefined) this.scheduleDeadline(namespace, name, Date.parse(startTime) + deadlineSeconds * 1000);
    }

    const now = timestamp();
    const livePods = outcome === "failed" ? [] : ownedBy(this.cluster, job, podType).filter(podIsActive);
    this.cluster.update(
      jobType,
      namespace,
      name,
      (object) => {
        const current = (object.status ?? {}) as Json;
        let conditions = (current.conditions ?? undefined) as Json[] | undefined;
        if (outcome === "complete") {
          conditions = setCondition(conditions, { type: "SuccessCriteriaMet", status: "True", ...SUCCEEDED }, true);
          conditions = setCondition(conditions, { type: "Complete", status: "True", ...SUCCEEDED }, true);
        } else if (outcome === "failed") {
          conditions = setCondition(conditions, { type: "FailureTarget", status: "True", ...failure }, true);
          conditions = setCondition(conditions, { type: "Failed", status: "True", ...failure }, true);
        }
        const next: Json = {
          ...(conditions ? { conditions } : {}),
          startTime,
          ...(outcome === "complete" ? { completionTime: current.completionTime ?? now } : {}),
          ...(livePods.length ? { active: livePods.length } : {}),
          ...(succeeded ? { succeeded } : {}),
          ...(failed ? { failed } : {}),
          terminating: 0,
          uncountedTerminatedPods: {},
          ready: livePods.filter(podIsReady).length,
        };
        object.status = next;
      },
      "status",
    );
    if (outcome) {
      this.clearDeadline(namespace, name);
      const note = outcome === "complete" ? { type: "Normal" as const, reason: "Completed", message: "Job completed" } : { type: "Warning" as const, reason: failure.reason, message: failure.message };
      recordEvent(this.cluster, job, "job-controller", note);
    }
  }

  private scheduleDeadline(namespace: string, name: string, at: number): void {
    const key = `${namespace}/${name}`;
    if (this.deadlineTimers.has(key)) return;
    const timer = setTimeout(() => {
      this.deadlineTimers.delete(key);
      this.reconcile(namespace, name);
    }, Math.max(0, at - Date.now()) + 5);
    this.deadlineTimers.set(key, timer);
  }

  private clearDeadline(namespace: string, name: string): void {
    const key = `${namespace}/${name}`;
    const timer = this.deadlineTimers.get(key);
    if (timer) clearTimeout(timer);
    this.deadlineTimers.delete(key);
  }
}

