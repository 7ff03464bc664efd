/** How the timeline names a hook's status and its aftermath, shared by the bars, the list and the details. */
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

export { maskedEvent } from "@/lib/timeline/masked-event";
