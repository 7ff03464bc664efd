/** How the timeline names a hook's status and its aftermath, shared by the bars, the list and the details. */
import type { ContainerStatusRecord, JobStatusRecord, PodStatusRecord } from "@/lib/lifecycle/events";
import type { HookBar } from "@/lib/timeline/model";

export const STATUS_STYLES: Record<HookBar["status"], string> = {
  running: "bg-sky-500 animate-pulse",
  succeeded: "bg-emerald-500",
  failed: "bg-red-500",
  "timed-out": "bg-orange-500",
  cancelled: "bg-slate-400",
};

/** What became of the hook object: "deleted by hook-succeeded", "retained: no hook-failed delete policy", … */
export function aftermathText(bar: HookBar): string {
  if (!bar.aftermath) return bar.status === "running" ? "" : "still present";
  return bar.aftermath.deleted ? `deleted by ${bar.aftermath.policy}` : `retained: ${bar.aftermath.reason}`;
}

/** The longer sentence the hook details give for the same thing. */
export function aftermathExplanation(bar: HookBar): string {
  if (!bar.aftermath) return bar.status === "running" ? "Still running." : "No delete policy acted on it: the object is still in the cluster.";
  if (bar.aftermath.deleted) return `Deleted at ${clock(bar.aftermath.at)} by its ${bar.aftermath.policy} delete policy.`;
  return `Kept at ${clock(bar.aftermath.at)}: ${bar.aftermath.reason}.`;
}

export function clock(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toISOString().slice(11, 19) + " UTC";
}

/** A recorded Job in one line: "Job complete (0 active, 1 succeeded, 0 failed pods)", "Job failed — BackoffLimitExceeded: …". */
export function recordedJobSummary(job: JobStatusRecord): string {
  const counts = `${job.active} active, ${job.succeeded} succeeded, ${job.failed} failed pods`;
  const done = job.conditions.find((c) => c.status === "True" && (c.type === "Complete" || c.type === "Failed"));
  if (!done) return `Job not finished (${counts})`;
  const why = [done.reason, done.message].filter(Boolean).join(": ");
  return `Job ${done.type === "Complete" ? "complete" : "failed"}${why ? ` — ${why}` : ""} (${counts})`;
}

/** One container of a recorded Pod: "main: terminated (Completed, exit code 0), 09:00:01 UTC → 09:00:09 UTC". */
export function recordedContainerText(c: ContainerStatusRecord): string {
  const name = c.init ? `${c.name} (init)` : c.name;
  const restarts = c.restartCount > 0 ? `, ${c.restartCount} restart${c.restartCount === 1 ? "" : "s"}` : "";
  const times = c.startedAt || c.finishedAt ? `, ${c.startedAt ? clock(c.startedAt) : "?"} → ${c.finishedAt ? clock(c.finishedAt) : "…"}` : "";
  const message = c.message ? ` — ${c.message}` : "";
  switch (c.state) {
    case "terminated":
      return `${name}: terminated (${c.reason ?? "no reason"}, exit code ${c.exitCode ?? "?"})${restarts}${times}${message}`;
    case "waiting":
      return `${name}: waiting${c.reason ? ` (${c.reason})` : ""}${restarts}${message}`;
    case "running":
      return `${name}: running${restarts}${times}`;
    default:
      return `${name}: unknown`;
  }
}

/** A recorded Pod's headline: "pod backup-x7k2p: Succeeded" (with the Pod's own reason when it has one). */
export function recordedPodText(pod: PodStatusRecord): string {
  const why = [pod.reason, pod.message].filter(Boolean).join(": ");
  return `pod ${pod.name}: ${pod.phase}${why ? ` (${why})` : ""}`;
}

export { maskedEvent } from "@/lib/timeline/masked-event";
