/**
 * The CronJob controller: at each scheduled time (standard five-field cron, `@hourly`-style macros, optional
 * `spec.timeZone`) it creates a Job from `spec.jobTemplate`, honouring `suspend` and `concurrencyPolicy`, keeps
 * `status.active`, `lastScheduleTime` and `lastSuccessfulTime`, and prunes finished Jobs beyond the history limits.
 * Missed runs while the sandbox was stopped are not caught up.
 */
import { Cron } from "croner";
import type { Cluster } from "../api/cluster";
import { timestamp } from "../api/object-meta";
import { conditionIs } from "./conditions";
import { recordEvent } from "./event-recorder";
import { CONTROLLER, controllerRef, coreType, ownedBy } from "./owned-objects";

type Json = Record<string, unknown>;

const SCHEDULED_ANNOTATION = "batch.kubernetes.io/cronjob-scheduled-timestamp";

function nextRun(schedule: string, timeZone: string | undefined, after: Date): Date | null {
  try {
    const options = { paused: true, ...(timeZone ? { timezone: timeZone } : {}) };
    const cron = schedule.trim().startsWith("@") ? new Cron(schedule.trim(), options) : new Cron(schedule, { ...options, mode: "5-part" });
    return cron.nextRun(after);
  } catch {
    return null;
  }
}

const finished = (job: Json): boolean => conditionIs(job, "Complete") || conditionIs(job, "Failed");

export class CronJobController {
  private readonly timers = new Map<string, { at: number; timer: NodeJS.Timeout }>();

  constructor(private readonly cluster: Cluster) {}

  stop(): void {
    for (const { timer } of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  reconcile(namespace: string, name: string): void {
    const cronType = coreType(this.cluster, "batch", "CronJob");
    const jobType = coreType(this.cluster, "batch", "Job");
    const key = `${namespace}/${name}`;
    const cronJob = this.cluster.find(cronType, namespace, name);
    if (!cronJob || (cronJob.metadata as Json).deletionTimestamp) return this.clearTimer(key);
    const spec = (cronJob.spec ?? {}) as Json;
    const jobs = ownedBy(this.cluster, cronJob, jobType);
    this.pruneHistory(namespace, jobs, spec);

    const next = spec.suspend === true ? null : nextRun(String(spec.schedule ?? ""), spec.timeZone as string | undefined, new Date());
    if (next) this.scheduleAt(key, next.getTime(), () => this.run(namespace, name, next));
    else this.clearTimer(key);

    const live = ownedBy(this.cluster, cronJob, jobType);
    const successful = live
      .filter((j) => conditionIs(j, "Complete"))
      .map((j) => String(((j.status ?? {}) as Json).completionTime ?? ""))
      .sort();
    this.cluster.update(
      cronType,
      namespace,
      name,
      (object) => {
        const status = { ...((object.status ?? {}) as Json) };
        const active = live.filter((j) => !finished(j)).map((j) => ({ apiVersion: "batch/v1", kind: "Job", name: (j.metadata as Json).name, namespace, uid: (j.metadata as Json).uid, resourceVersion: (j.metadata as Json).resourceVersion }));
        if (active.length) status.active = active;
        else delete status.active;
        if (successful.length) status.lastSuccessfulTime = successful[successful.length - 1];
        object.status = status;
      },
      "status",
    );
  }

  private run(namespace: string, name: string, scheduled: Date): void {
    const cronType = coreType(this.cluster, "batch", "CronJob");
    const jobType = coreType(this.cluster, "batch", "Job");
    const cronJob = this.cluster.find(cronType, namespace, name);
    if (!cronJob) return;
    const spec = (cronJob.spec ?? {}) as Json;
    const active = ownedBy(this.cluster, cronJob, jobType).filter((j) => !finished(j));
    const policy = String(spec.concurrencyPolicy ?? "Allow");
    if (policy === "Forbid" && active.length > 0) {
      recordEvent(this.cluster, cronJob, "cronjob-controller", { type: "Normal", reason: "JobAlreadyActive", message: "Not starting job because prior execution is running and concurrency policy is Forbid" });
      return this.reconcile(namespace, name);
    }
    if (policy === "Replace") {
      for (const job of active) this.deleteQuietly(namespace, String((job.metadata as Json).name));
    }
    const template = (spec.jobTemplate ?? {}) as Json;
    const templateMeta = (template.metadata ?? {}) as Json;
    const jobName = `${name}-${Math.floor(scheduled.getTime() / 60_000)}`;
    try {
      this.cluster.create(
        jobType,
        namespace,
        {
          metadata: {
            name: jobName,
            labels: templateMeta.labels ?? {},
            annotations: { ...((templateMeta.annotations ?? {}) as Json), [SCHEDULED_ANNOTATION]: timestamp(scheduled) },
            ownerReferences: [controllerRef(cronType, cronJob)],
          },
          spec: structuredClone(template.spec ?? {}),
        },
        CONTROLLER,
      );
      recordEvent(this.cluster, cronJob, "cronjob-controller", { type: "Normal", reason: "SuccessfulCreate", message: `Created job ${jobName}` });
    } catch {
      // Already created for this schedule time.
    }
    this.cluster.update(cronType, namespace, name, (object) => {
      object.status = { ...((object.status ?? {}) as Json), lastScheduleTime: timestamp(scheduled) };
    }, "status");
    this.reconcile(namespace, name);
  }

  private pruneHistory(namespace: string, jobs: Json[], spec: Json): void {
    const byAge = (a: Json, b: Json): number => String((a.metadata as Json).creationTimestamp).localeCompare(String((b.metadata as Json).creationTimestamp));
    const keep = [
      [jobs.filter((j) => conditionIs(j, "Complete")), Number(spec.successfulJobsHistoryLimit ?? 3)],
      [jobs.filter((j) => conditionIs(j, "Failed")), Number(spec.failedJobsHistoryLimit ?? 1)],
    ] as const;
    for (const [list, limit] of keep) {
      const sorted = [...list].sort(byAge);
      for (const job of sorted.slice(0, Math.max(0, sorted.length - limit))) this.deleteQuietly(namespace, String((job.metadata as Json).name));
    }
  }

  private deleteQuietly(namespace: string, name: string): void {
    try {
      this.cluster.delete(coreType(this.cluster, "batch", "Job"), namespace, name, { propagationPolicy: "Background" }, CONTROLLER);
    } catch {
      // Already gone.
    }
  }

  private scheduleAt(key: string, at: number, fire: () => void): void {
    const existing = this.timers.get(key);
    if (existing && existing.at === at) return;
    if (existing) clearTimeout(existing.timer);
    // setTimeout caps at about 24.8 days; re-check well before that for far-off schedules.
    const delay = Math.min(Math.max(0, at - Date.now()), 2 ** 31 - 1);
    const timer = setTimeout(() => {
      this.timers.delete(key);
      if (Date.now() >= at) fire();
    }, delay);
    this.timers.set(key, { at, timer });
  }

  private clearTimer(key: string): void {
    const existing = this.timers.get(key);
    if (existing) clearTimeout(existing.timer);
    this.timers.delete(key);
  }
}
