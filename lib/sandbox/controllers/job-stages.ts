/**
 * How a Job finishes, as stages. The Job controller only runs Pods and counts them into `status`; these stages turn
 * the counts into the conditions Kubernetes 1.35 reports: SuccessCriteriaMet then Complete once enough Pods
 * succeeded, FailureTarget then Failed when retries are exhausted (BackoffLimitExceeded) or the Job ran longer
 * than `activeDeadlineSeconds` (DeadlineExceeded).
 */
import { timestamp } from "../api/object-meta";
import { conditionIs, setCondition } from "./conditions";
import type { Stage } from "./stage-engine";

type Json = Record<string, unknown>;

const SUCCEEDED = { reason: "CompletionsReached", message: "Reached expected number of succeeded pods" };
const BACKOFF = { reason: "BackoffLimitExceeded", message: "Job has reached the specified backoff limit" };
const DEADLINE = { reason: "DeadlineExceeded", message: "Job was active longer than specified deadline" };

const spec = (job: Json): Json => (job.spec ?? {}) as Json;
const status = (job: Json): Json => (job.status ?? {}) as Json;

export function jobFinished(job: Json): boolean {
  return conditionIs(job, "Complete") || conditionIs(job, "Failed");
}

/** Failed Pods beyond `backoffLimit` mean no more retries. */
export function retriesExhausted(job: Json, failedPods: number): boolean {
  return failedPods > Number(spec(job).backoffLimit ?? 6);
}

export function deadlineAt(job: Json): number | undefined {
  const seconds = spec(job).activeDeadlineSeconds;
  const start = Date.parse(String(status(job).startTime ?? ""));
  return seconds === undefined || Number.isNaN(start) ? undefined : start + Number(seconds) * 1000;
}

function finishWith(job: Json, types: [string, string], why: { reason: string; message: string }, extra: Json = {}): Json {
  let conditions = status(job).conditions as Json[] | undefined;
  for (const type of types) conditions = setCondition(conditions, { type, status: "True", ...why }, true);
  return { conditions, ...extra };
}

const JOB = { group: "batch", kind: "Job", component: "job-controller", matchFields: { "metadata.deletionTimestamp": "absent" } } as const;

export const JOB_STAGES: Stage[] = [
  {
    ...JOB,
    name: "job-complete",
    when: (job) => !jobFinished(job) && Number(status(job).succeeded ?? 0) >= Number(spec(job).completions ?? 1),
    delayMs: () => 0,
    nextStatus: (job) => finishWith(job, ["SuccessCriteriaMet", "Complete"], SUCCEEDED, { completionTime: timestamp() }),
    events: () => [{ type: "Normal", reason: "Completed", message: "Job completed" }],
  },
  {
    ...JOB,
    name: "job-backoff-limit-exceeded",
    when: (job) => !jobFinished(job) && retriesExhausted(job, Number(status(job).failed ?? 0)),
    delayMs: () => 0,
    nextStatus: (job) => finishWith(job, ["FailureTarget", "Failed"], BACKOFF),
    events: () => [{ type: "Warning", reason: BACKOFF.reason, message: BACKOFF.message }],
  },
  {
    ...JOB,
    name: "job-deadline-exceeded",
    when: (job) => !jobFinished(job) && deadlineAt(job) !== undefined,
    dueAt: (job) => deadlineAt(job)!,
    nextStatus: (job) => finishWith(job, ["FailureTarget", "Failed"], DEADLINE),
    events: () => [{ type: "Warning", reason: DEADLINE.reason, message: DEADLINE.message }],
  },
];
