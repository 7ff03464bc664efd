/**
 * The timeline of one operation, derived from its events (never stored twice): a lane per phase, a bar per hook
 * run from creation to its end with its status, markers for each deletion or retention with the policy or reason
 * that decided it, resource changes, captured logs, the status recorded when each hook ended, and the outcome with the failure reason. Pure and browser-safe,
 * so the live view (events arriving over SSE) and a replay of a past operation build the same picture.
 */
import type { JobStatusRecord, LifecycleEvent, Phase, PodStatusRecord } from "@/lib/lifecycle/events";

export type BarStatus = "running" | "succeeded" | "failed" | "timed-out" | "cancelled";

export interface PhaseLane {
  phase: Phase;
  start: string;
  end?: string;
  outcome?: "succeeded" | "failed" | "cancelled";
  error?: string;
}

export interface HookBar {
  /** Unique within the operation: event and position (a hook listed twice for an event runs twice). */
  key: string;
  event: string;
  kind: string;
  name: string;
  namespace: string;
  weight: number;
  position: number;
  deletePolicies: string[];
  path: string;
  start: string;
  end?: string;
  status: BarStatus;
  error?: string;
  manifest?: string;
  logs: Array<{ pod: string; container: string; text: string }>;
  /** A Job or Pod hook's status when it ended, recorded before any delete policy ran. */
  recorded?: RecordedHookStatus;
  /** What became of the object: deleted by a policy, or retained and why. */
  aftermath?: { deleted: true; policy: string; at: string } | { deleted: false; reason: string; at: string };
}

export interface RecordedHookStatus {
  at: string;
  job?: JobStatusRecord;
  pods: PodStatusRecord[];
  /** Why the Pods could not be read, when they could not. */
  error?: string;
}

export interface ResourceChange {
  at: string;
  change: "created" | "updated" | "deleted" | "kept";
  kind: string;
  name: string;
  namespace: string;
  reason?: string;
}

export interface Timeline {
  kind?: string;
  release?: string;
  namespace?: string;
  start?: string;
  end?: string;
  outcome?: "succeeded" | "failed" | "cancelled";
  /** Why the operation failed, in helm's words. */
  error?: string;
  revision?: number;
  status?: string;
  lanes: PhaseLane[];
  hooks: HookBar[];
  resources: ResourceChange[];
  waits: Array<{ what: string; start: string; end?: string; error?: string }>;
}

export function buildTimeline(events: readonly LifecycleEvent[]): Timeline {
  const t: Timeline = { lanes: [], hooks: [], resources: [], waits: [] };
  const openLanes = new Map<Phase, PhaseLane>();
  const hooks = new Map<string, HookBar>();
  const currentBar = (e: { event: string; position: number }) => hooks.get(`${e.event}#${e.position}`);

  for (const e of events) {
    switch (e.type) {
      case "operation.started":
        Object.assign(t, { kind: e.operation, release: e.release, namespace: e.namespace, start: e.at, revision: e.revision ?? t.revision });
        break;
      case "operation.finished":
        Object.assign(t, { end: e.at, outcome: e.outcome, error: e.error, revision: e.revision ?? t.revision, status: e.status });
        for (const bar of hooks.values()) if (bar.status === "running") Object.assign(bar, { status: e.outcome === "cancelled" ? "cancelled" : "failed", end: e.at });
        break;
      case "release.recorded":
        t.revision = e.revision;
        t.status = e.status;
        break;
      case "phase.started": {
        const lane: PhaseLane = { phase: e.phase, start: e.at };
        openLanes.set(e.phase, lane);
        t.lanes.push(lane);
        break;
      }
      case "phase.finished": {
        const lane = openLanes.get(e.phase);
        if (lane) Object.assign(lane, { end: e.at, outcome: e.outcome, error: e.error });
        openLanes.delete(e.phase);
        break;
      }
      case "hook.running":
      case "hook.created": {
        const key = `${e.event}#${e.position}`;
        const existing = hooks.get(key);
        // A fresh run of a position that already finished (the event ran again) is a new bar.
        if (!existing || (existing.status !== "running" && e.type === "hook.running")) {
          const bar: HookBar = {
            key: existing ? `${key}@${e.at}` : key,
            event: e.event,
            kind: e.kind,
            name: e.name,
            namespace: e.namespace,
            weight: e.weight,
            position: e.position,
            deletePolicies: e.deletePolicies,
            path: e.path,
            start: e.at,
            status: "running",
            logs: [],
          };
          hooks.set(key, bar);
          t.hooks.push(bar);
        }
        if (e.type === "hook.running") currentBar(e)!.manifest = e.manifest;
        break;
      }
      case "hook.succeeded":
      case "hook.failed":
      case "hook.timedOut": {
        const bar = currentBar(e);
        if (!bar) break;
        bar.end = e.at;
        bar.status = e.type === "hook.succeeded" ? "succeeded" : e.type === "hook.failed" ? "failed" : "timed-out";
        if (e.type !== "hook.succeeded") bar.error = e.error;
        break;
      }
      case "hook.deleted": {
        const bar = currentBar(e);
        // before-hook-creation acts on the previous run's leftover, which belongs to no bar of this operation.
        if (bar && e.policy !== "before-hook-creation" && e.existed) bar.aftermath = { deleted: true, policy: e.policy, at: e.at };
        break;
      }
      case "hook.retained": {
        const bar = currentBar(e);
        if (bar) bar.aftermath = { deleted: false, reason: e.reason, at: e.at };
        break;
      }
      case "resource.created":
      case "resource.updated":
      case "resource.deleted":
      case "resource.kept":
        t.resources.push({
          at: e.at,
          change: e.type.slice("resource.".length) as ResourceChange["change"],
          kind: e.kind,
          name: e.name,
          namespace: e.namespace,
          reason: e.type === "resource.kept" ? e.reason : undefined,
        });
        break;
      case "wait.started":
        t.waits.push({ what: e.what, start: e.at });
        break;
      case "wait.ready":
      case "wait.failed": {
        const wait = [...t.waits].reverse().find((w) => w.what === e.what && !w.end);
        if (wait) Object.assign(wait, { end: e.at, error: e.type === "wait.failed" ? e.error : undefined });
        break;
      }
      case "hook.status": {
        const bar = currentBar(e);
        if (bar) bar.recorded = { at: e.at, job: e.job, pods: e.pods, error: e.error };
        break;
      }
      case "logs.captured": {
        const bar = e.event !== undefined && e.position !== undefined ? currentBar({ event: e.event, position: e.position }) : undefined;
        if (bar) bar.logs.push({ pod: e.pod, container: e.container, text: e.text });
        break;
      }
    }
  }
  return t;
}

/** Milliseconds between two ISO times (or until `now` for something still running). */
export function durationMs(start: string, end: string | undefined, now: number): number {
  return Math.max(0, (end ? Date.parse(end) : now) - Date.parse(start));
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}
