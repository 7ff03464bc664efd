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
