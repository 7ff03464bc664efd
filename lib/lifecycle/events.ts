/**
 * What a lifecycle operation reports while it runs: a typed, timestamped event union (zod, so events can be stored
 * as JSON and read back safely), and the `EventSink` interface operations write to. The UI timeline, the CLI's
 * progress lines and the database recorder are all sinks; an operation never knows which ones are listening.
 */
import { z } from "zod";

export const OPERATION_KINDS = ["install", "upgrade", "rollback", "uninstall", "test"] as const;
export type OperationKind = (typeof OPERATION_KINDS)[number];

/** How an operation ended. `cancelled` means its AbortSignal fired; the release record then says failed. */
export const OPERATION_OUTCOMES = ["succeeded", "failed", "cancelled"] as const;
export type OperationOutcome = (typeof OPERATION_OUTCOMES)[number];

/** Phases in the user's words, e.g. "pre-upgrade hooks", "apply resources", "wait". */
export const PHASES = [
  "pre-install hooks",
  "post-install hooks",
  "pre-upgrade hooks",
  "post-upgrade hooks",
  "pre-rollback hooks",
  "post-rollback hooks",
  "pre-delete hooks",
  "post-delete hooks",
  "test hooks",
  "install CRDs",
  "apply resources",
  "delete resources",
  "wait",
  "cleanup on fail",
  "rollback on failure",
] as const;
export type Phase = (typeof PHASES)[number];

const at = z.string();

const hookFields = {
  /** The hook event being run, e.g. "pre-upgrade". */
  event: z.string(),
  kind: z.string(),
  name: z.string(),
  namespace: z.string(),
  weight: z.number().int(),
  path: z.string(),
  deletePolicies: z.array(z.string()),
  /** 0-based position in the event's execution order (a hook listed twice for one event has two positions). */
  position: z.number().int(),
};

/** One container of a hook's Pod when the hook ended (no env, no command: nothing secret). */
export const containerStatusSchema = z.object({
  name: z.string(),
  /** Init containers run before the others; they are listed first. */
  init: z.boolean(),
  state: z.enum(["waiting", "running", "terminated", "unknown"]),
  reason: z.string().optional(),
  message: z.string().optional(),
  exitCode: z.number().int().optional(),
  startedAt: z.string().optional(),
  finishedAt: z.string().optional(),
  restartCount: z.number().int(),
});

export const podStatusSchema = z.object({
  name: z.string(),
  phase: z.string(),
  reason: z.string().optional(),
  message: z.string().optional(),
  startedAt: z.string().optional(),
  containers: z.array(containerStatusSchema),
});

export const jobStatusSchema = z.object({
  active: z.number().int(),
  succeeded: z.number().int(),
  failed: z.number().int(),
  startedAt: z.string().optional(),
  completedAt: z.string().optional(),
  conditions: z.array(z.object({ type: z.string(), status: z.string(), reason: z.string().optional(), message: z.string().optional() })),
});

export type ContainerStatusRecord = z.infer<typeof containerStatusSchema>;
export type PodStatusRecord = z.infer<typeof podStatusSchema>;
export type JobStatusRecord = z.infer<typeof jobStatusSchema>;

const resourceFields = {
  apiVersion: z.string(),
  kind: z.string(),
  name: z.string(),
  namespace: z.string(),
};

export const lifecycleEventSchema = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("operation.started"),
    at,
    operation: z.enum(OPERATION_KINDS),
    release: z.string(),
    namespace: z.string(),
    revision: z.number().int().optional(),
  }),
  z.object({
    type: z.literal("operation.finished"),
    at,
    operation: z.enum(OPERATION_KINDS),
    outcome: z.enum(OPERATION_OUTCOMES),
    revision: z.number().int().optional(),
    status: z.string().optional(),
    description: z.string().optional(),
    error: z.string().optional(),
  }),
  z.object({
    type: z.literal("release.recorded"),
    at,
    revision: z.number().int(),
    status: z.string(),
    description: z.string(),
    write: z.enum(["create", "update", "delete"]),
  }),
  z.object({ type: z.literal("phase.started"), at, phase: z.enum(PHASES) }),
  z.object({
    type: z.literal("phase.finished"),
    at,
    phase: z.enum(PHASES),
    outcome: z.enum(OPERATION_OUTCOMES),
    error: z.string().optional(),
  }),
  z.object({ type: z.literal("hook.running"), at, ...hookFields, manifest: z.string() }),
  z.object({ type: z.literal("hook.created"), at, ...hookFields }),
  z.object({ type: z.literal("hook.succeeded"), at, ...hookFields }),
  z.object({ type: z.literal("hook.failed"), at, ...hookFields, error: z.string() }),
  z.object({ type: z.literal("hook.timedOut"), at, ...hookFields, error: z.string() }),
  z.object({
    type: z.literal("hook.deleted"),
    at,
    ...hookFields,
    /** The delete policy that removed it. */
    policy: z.enum(["before-hook-creation", "hook-succeeded", "hook-failed"]),
    /** False when there was nothing to delete (before-hook-creation on a first run). */
    existed: z.boolean(),
  }),
  z.object({ type: z.literal("hook.retained"), at, ...hookFields, reason: z.string() }),
  z.object({
    type: z.literal("hook.status"),
    at,
    /** Named as in `logs.captured`: the evidence of a run, keyed by its event and position. */
    hook: z.string(),
    kind: z.string(),
    event: z.string(),
    position: z.number().int(),
    /** The Job as the hook's wait last saw it (Job hooks only). */
    job: jobStatusSchema.optional(),
    /** The hook's Pods when it ended, before any delete policy ran. */
    pods: z.array(podStatusSchema),
    /** Why the Pods could not be read, when they could not. */
    error: z.string().optional(),
  }),
  z.object({ type: z.literal("resource.created"), at, ...resourceFields }),
  z.object({ type: z.literal("resource.updated"), at, ...resourceFields }),
  z.object({ type: z.literal("resource.deleted"), at, ...resourceFields }),
  z.object({ type: z.literal("resource.kept"), at, ...resourceFields, reason: z.string() }),
  z.object({ type: z.literal("wait.started"), at, what: z.string(), resources: z.number().int() }),
  z.object({ type: z.literal("wait.ready"), at, what: z.string() }),
  z.object({ type: z.literal("wait.failed"), at, what: z.string(), error: z.string() }),
  z.object({
    type: z.literal("logs.captured"),
    at,
    hook: z.string().optional(),
    event: z.string().optional(),
    position: z.number().int().optional(),
    pod: z.string(),
    container: z.string(),
    text: z.string(),
    /** True when helm would print these logs too (the hook's output-log policy matched). */
    emitted: z.boolean(),
  }),
]);

export type LifecycleEvent = z.infer<typeof lifecycleEventSchema>;
export type LifecycleEventType = LifecycleEvent["type"];
/** An event as operations write it: the sink stamps the time. */
export type EventInput = LifecycleEvent extends infer E ? (E extends { at: string } ? Omit<E, "at"> : never) : never;
export type HookEventFields = { [K in keyof typeof hookFields]: z.infer<(typeof hookFields)[K]> };
export type ResourceEventFields = { [K in keyof typeof resourceFields]: z.infer<(typeof resourceFields)[K]> };

/** Where events go. `emit` must not throw or block; `flush` lets a caller wait until everything is stored. */
export interface EventSink {
  emit(event: LifecycleEvent): void;
  flush?(): Promise<void>;
}

/** Stamps events with the current time and hands them to every sink. */
export class EventStream {
  constructor(
    private readonly sinks: EventSink[],
    private readonly now: () => Date = () => new Date(),
  ) {}

  emit(event: EventInput): LifecycleEvent {
    const stamped = { ...event, at: this.now().toISOString() } as LifecycleEvent;
    for (const sink of this.sinks) {
      try {
        sink.emit(stamped);
      } catch {
        // A broken listener must never change the outcome of a release operation.
      }
    }
    return stamped;
  }

  async flush(): Promise<void> {
    await Promise.all(this.sinks.map((s) => s.flush?.()));
  }
}

/** A sink that keeps every event in memory (tests, and the CLI's `-o json`). */
export class CollectingSink implements EventSink {
  readonly events: LifecycleEvent[] = [];
  emit(event: LifecycleEvent): void {
    this.events.push(event);
  }
  ofType<T extends LifecycleEventType>(type: T): Extract<LifecycleEvent, { type: T }>[] {
    return this.events.filter((e): e is Extract<LifecycleEvent, { type: T }> => e.type === type);
  }
}

/** Long termination messages are cut here so one event stays small. */
const MAX_MESSAGE = 2_000;

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Json) : {});
const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);
const int = (v: unknown): number | undefined => (typeof v === "number" && Number.isInteger(v) ? v : undefined);
const message = (v: unknown): string | undefined => {
  const s = str(v);
  return s && s.length > MAX_MESSAGE ? `${s.slice(0, MAX_MESSAGE)}…` : s;
};

function containerStatusRecord(raw: unknown, init: boolean): ContainerStatusRecord {
  const c = obj(raw);
  const state = obj(c.state);
  const base = { name: str(c.name) ?? "", init, restartCount: int(c.restartCount) ?? 0 };
  if (state.terminated) {
    const t = obj(state.terminated);
    return { ...base, state: "terminated", reason: str(t.reason), message: message(t.message), exitCode: int(t.exitCode), startedAt: str(t.startedAt), finishedAt: str(t.finishedAt) };
  }
  if (state.running) return { ...base, state: "running", startedAt: str(obj(state.running).startedAt) };
  if (state.waiting) {
    const w = obj(state.waiting);
    return { ...base, state: "waiting", reason: str(w.reason), message: message(w.message) };
  }
  return { ...base, state: "unknown" };
}

/** A Pod's status as the `hook.status` event records it: phase and each container's state, nothing from its spec. */
export function podStatusRecord(pod: { metadata: { name: string }; status?: unknown }): PodStatusRecord {
  const s = obj(pod.status);
  const list = (v: unknown) => (Array.isArray(v) ? v : []);
  return {
    name: pod.metadata.name,
    phase: str(s.phase) ?? "Unknown",
    reason: str(s.reason),
    message: message(s.message),
    startedAt: str(s.startTime),
    containers: [...list(s.initContainerStatuses).map((c) => containerStatusRecord(c, true)), ...list(s.containerStatuses).map((c) => containerStatusRecord(c, false))],
  };
}

/** A Job's counts, times and conditions as the `hook.status` event records them. */
export function jobStatusRecord(job: { metadata: { name: string }; status?: unknown }): JobStatusRecord {
  const s = obj(job.status);
  return {
    active: int(s.active) ?? 0,
    succeeded: int(s.succeeded) ?? 0,
    failed: int(s.failed) ?? 0,
    startedAt: str(s.startTime),
    completedAt: str(s.completionTime),
    conditions: (Array.isArray(s.conditions) ? s.conditions : []).map((raw) => {
      const c = obj(raw);
      return { type: str(c.type) ?? "", status: str(c.status) ?? "", reason: str(c.reason), message: message(c.message) };
    }),
  };
}
