/**
 * The Job controller: keeps `parallelism` Pods running until `completions` succeed, replaces failed Pods until
 * `backoffLimit` is exhausted, stops running Pods once the Job has failed, and counts Pods into `status`. The
 * Job's conditions are set by the stages in job-stages.ts, which read these counts.
 */
import type { Cluster } from "../api/cluster";
import { timestamp } from "../api/object-meta";
import { conditionIs } from "./conditions";
import { recordEvent } from "./event-recorder";
import { deadlineAt, jobFinished, retriesExhausted } from "./job-stages";
import { CONTROLLER, coreType, createPodFromTemplate, ownedBy, podIsActive, podIsReady } from "./owned-objects";

type Json = Record<string, unknown>;

const phaseOf = (pod: Json): unknown => ((pod.status ?? {}) as Json).phase;

export class JobController {
  constructor(private readonly cluster: Cluster) {}

  reconcile(namespace: string, name: string): void {
    const jobType = coreType(this.cluster, "batch", "Job");
    const podType = coreType(this.cluster, "", "Pod");
    const job = this.cluster.find(jobType, namespace, name);
    if (!job || (job.metadata as Json).deletionTimestamp) return;
    const spec = (job.spec ?? {}) as Json;
    const pods = ownedBy(this.cluster, job, podType);
    const succeeded = pods.filter((p) => phaseOf(p) === "Succeeded").length;
    const failed = pods.filter((p) => phaseOf(p) === "Failed").length;
    let active = pods.filter(podIsActive);

    if (conditionIs(job, "Failed")) {
      for (const pod of active) this.deletePod(namespace, String((pod.metadata as Json).name));
      active = [];
    }
    const deadline = deadlineAt(job);
    const stillRunning = !jobFinished(job) && spec.suspend !== true && !retriesExhausted(job, failed) && (deadline === undefined || Date.now() < deadline);
    if (stillRunning) {
      const wanted = Math.min(Number(spec.parallelism ?? 1), Number(spec.completions ?? 1) - succeeded) - active.length;
      for (let i = 0; i < wanted; i++) {
        const pod = createPodFromTemplate(this.cluster, jobType, job, (spec.template ?? {}) as Json);
        if (!pod) continue;
        active.push(pod);
        recordEvent(this.cluster, job, "job-controller", { type: "Normal", reason: "SuccessfulCreate", message: `Created pod: ${String((pod.metadata as Json).name)}` });
      }
    }

    this.cluster.update(
      jobType,
      namespace,
      name,
      (object) => {
        const current = (object.status ?? {}) as Json;
        const counts: Json = {
          startTime: current.startTime ?? (spec.suspend === true ? undefined : timestamp()),
          active: active.length,
          ready: active.filter(podIsReady).length,
          succeeded,
          failed,
          terminating: 0,
          uncountedTerminatedPods: {},
        };
        const next: Json = { ...current };
        for (const [key, value] of Object.entries(counts)) {
          // Kubernetes leaves zero counters out of a Job's status (except ready and terminating).
          if (value === undefined || (value === 0 && key !== "ready" && key !== "terminating")) delete next[key];
          else next[key] = value;
        }
        object.status = next;
      },
      "status",
    );
  }

  private deletePod(namespace: string, name: string): void {
    try {
      this.cluster.delete(coreType(this.cluster, "", "Pod"), namespace, name, { propagationPolicy: "Background" }, CONTROLLER);
    } catch {
      // Already gone.
    }
  }
}
