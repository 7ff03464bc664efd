/**
 * The one hook runner every operation uses (helm 4's execHook): pick the hooks of an event, order them by weight,
 * then name (kind only breaks ties), and run them strictly one after another — delete a leftover object
 * (before-hook-creation), record `Running` in the release and persist it, create the object (server-side apply or
 * POST), wait until it is done — then clean up by delete policy. On failure the logs are captured before anything
 * is deleted, so the timeline keeps them even when the object goes away. Likewise, when a Job or Pod hook ends its
 * final status (the Job as the wait last saw it, its Pods from one list) is recorded as a `hook.status` event
 * before any delete policy runs.
 */
import { Writable } from "node:stream";
import {
  KubeTimeoutError,
  WaitTimeoutError,
  deletedCondition,
  notReadyMessage,
  readyCondition,
  type KubeObject,
  type ReadinessResult,
  type WaitOutcome,
} from "@/lib/kube";
import { nowGoTime, type Hook, type Release } from "@/lib/release";
import type { Session } from "./configuration";
import { jobStatusRecord, podStatusRecord, type HookEventFields } from "./events";
import { buildObjects, errorMessage, refOf } from "./objects";

// The events and their order are lib/hooks' vocabulary: the planner and the engine must never disagree on them.
import { HOOK_EVENTS, type HookEvent } from "@/lib/hooks";
export { HOOK_EVENTS, type HookEvent };

/** helm 4's `--wait` strategies. `hookOnly` (the default) waits for hooks but not for deletions or resources. */
export type WaitStrategy = "hookOnly" | "watcher" | "legacy";

/** kstatus waits substitute 30 s when the timeout is zero. */
export const ZERO_TIMEOUT_SUBSTITUTE_MS = 30_000;

export interface HookRunOptions {
  event: HookEvent;
  /** Applies to each hook's wait (and each delete wait) separately. 0 → 30 s, as helm 4's kstatus waiter. */
  timeoutMs: number;
  /** Create hook objects with server-side apply (true) or POST (false). */
  serverSideApply: boolean;
  waitStrategy: WaitStrategy;
  signal?: AbortSignal;
  /**
   * helm test: hand the hook-succeeded/hook-failed deletions back instead of running them, so pods still exist
   * while their logs are collected.
   */
  deferCleanup?: boolean;
}

/** The operation was cancelled; helm reports this as Go's `context canceled`. */
export class CancelledError extends Error {
  constructor(readonly reason?: unknown) {
    super("context canceled");
    this.name = "CancelledError";
  }
}

export class HookFailedError extends Error {
  constructor(message: string, readonly timedOut: boolean) {
    super(message);
    this.name = "HookFailedError";
  }
}

const CRD_KIND = "CustomResourceDefinition";
/** Deletions during cleanup must not be cut short by the cancellation they are cleaning up after. */
const CLEANUP_TIMEOUT_MS = 60_000;
const LOGS_TIMEOUT_MS = 15_000;
const STATUS_TIMEOUT_MS = 10_000;

export type HookCleanup = () => Promise<void>;

interface Running {
  hook: Hook;
  position: number;
  namespace: string;
  fields: HookEventFields;
  logsCaptured: boolean;
  /** The hook's manifest as objects, decoded once per run. */
  manifest: HookManifest;
}

/** A hook's manifest decoded once: every step (namespace, deletions, creation) works from the same objects. */
class HookManifest {
  private decoded?: { objects: KubeObject[] } | { error: unknown };

  constructor(
    private readonly hook: Hook,
    private readonly releaseNamespace: string,
  ) {}

  /** The objects; throws the decoding error. */
  objects(): KubeObject[] {
    if (!this.decoded) {
      try {
        this.decoded = { objects: buildObjects(this.hook.manifest, this.releaseNamespace) };
      } catch (error) {
        this.decoded = { error };
      }
    }
    if ("error" in this.decoded) throw this.decoded.error;
    return this.decoded.objects;
  }

  namespace(): string {
    try {
      return this.objects()[0]?.metadata.namespace ?? this.releaseNamespace;
    } catch {
      return this.releaseNamespace;
    }
  }
}

/** Go's byte-wise string order (UTF-8), which differs from UTF-16 order only outside the BMP. */
function goCompare(a: string, b: string): number {
  const ea = Buffer.from(a);
  const eb = Buffer.from(b);
  return Buffer.compare(ea, eb);
}

/** The hooks of `event` in execution order; a hook listing the event twice appears twice. */
export function hooksForEvent(release: Release, event: HookEvent): Hook[] {
  const selected: Hook[] = [];
  for (const hook of release.hooks) for (const e of hook.events) if (e === event) selected.push(hook);
  // Array.prototype.sort is stable, so equal weight and name keep the stored (kind) order.
  return selected.sort((a, b) => a.weight - b.weight || goCompare(a.name, b.name));
}

function bounds(signal: AbortSignal | undefined, timeoutMs: number) {
  return { signal, deadline: Date.now() + (timeoutMs > 0 ? timeoutMs : ZERO_TIMEOUT_SUBSTITUTE_MS) };
}

/**
 * Runs the hooks of one event. Resolves with the deferred cleanup (a no-op unless `deferCleanup`), or throws the
 * hook's error after the failure path ran. `release.hooks[].last_run` is updated in place.
 */
export async function runHooks(session: Session, release: Release, options: HookRunOptions): Promise<HookCleanup> {
  const { event } = options;
  const executing = hooksForEvent(release, event);
  const done: Running[] = [];
  const noop: HookCleanup = async () => undefined;
  // Each ended hook's status is read while the next hook runs; all are recorded before any deletion and before
  // this function returns or throws. The reads never reject.
  const statusReads: Array<Promise<void>> = [];
  const statusesRecorded = () => Promise.all(statusReads);

  try {
    for (let position = 0; position < executing.length; position++) {
      const hook = executing[position]!;
      if (options.signal?.aborted) throw new CancelledError(options.signal.reason);
      // The default is applied here, not when parsing, and is stored with the release from now on.
      if (hook.delete_policies.length === 0) hook.delete_policies = ["before-hook-creation"];
      const manifest = new HookManifest(hook, release.namespace);
      const namespace = manifest.namespace();
      const fields: HookEventFields = {
        event,
        kind: hook.kind,
        name: hook.name,
        namespace,
        weight: hook.weight,
        path: hook.path,
        deletePolicies: [...hook.delete_policies],
        position,
      };
      const running: Running = { hook, position, namespace, fields, logsCaptured: false, manifest };

      if (hook.delete_policies.includes("before-hook-creation") && hook.kind !== CRD_KIND) {
        // Errors here abort the event before last_run is touched.
        const existed = await deleteHookObjects(session, manifest, options, bounds(options.signal, options.timeoutMs));
        session.events.emit({ type: "hook.deleted", ...fields, policy: "before-hook-creation", existed });
      }

      let objects: KubeObject[];
      try {
        objects = manifest.objects();
      } catch (error) {
        throw new Error(`unable to build kubernetes object for ${event} hook ${hook.path}: ${errorMessage(error)}`);
      }

      hook.last_run = { started_at: nowGoTime(), completed_at: undefined, phase: "Running" };
      try {
        await session.releases.update(release);
      } catch (error) {
        session.log(`warning: failed to record start of hook ${hook.path}: ${errorMessage(error)}`);
      }
      // Storage says Running; anything persisted later while the hook is still going says Unknown, as in helm.
      hook.last_run.phase = "Unknown";
      session.events.emit({ type: "hook.running", ...fields, manifest: hook.manifest });

      // The wait gets going while the objects are written; it starts counting the timeout once they are.
      const written = writeHookObjects(session, objects, options);
      const waiting = waitForHook(session, objects, written, options);
      try {
        await written;
      } catch (error) {
        waiting.abandon();
        hook.last_run.completed_at = nowGoTime();
        hook.last_run.phase = "Failed";
        const failure = options.signal?.aborted
          ? new CancelledError(options.signal.reason)
          : new HookFailedError(`warning: Hook ${event} ${hook.path} failed: ${errorMessage(error)}`, false);
        session.events.emit({ type: "hook.failed", ...fields, error: failure.message });
        // A create failure skips every cleanup step, exactly as helm does.
        throw failure;
      }
      session.events.emit({ type: "hook.created", ...fields });

      const waitError = await waiting.settled;
      hook.last_run.completed_at = nowGoTime();
      if (!waitError) {
        hook.last_run.phase = "Succeeded";
        session.events.emit({ type: "hook.succeeded", ...fields });
        statusReads.push(recordHookStatus(session, running, waiting.lastSeen));
        done.push(running);
        continue;
      }

      // Failure path: capture logs first (before any deletion), then hook-failed deletion of this hook, then the
      // hook-succeeded deletion of the hooks that already succeeded in this event.
      hook.last_run.phase = "Failed";
      const timedOut = waitError instanceof HookFailedError && waitError.timedOut;
      session.events.emit({ type: timedOut ? "hook.timedOut" : "hook.failed", ...fields, error: waitError.message });
      // A cancelled operation ends as fast as it can: no status read for it.
      if (!(waitError instanceof CancelledError)) statusReads.push(recordHookStatus(session, running, waiting.lastSeen));
      await captureLogs(session, running, hook.output_log_policies.includes("hook-failed"));
      await statusesRecorded();
      // A failed hook-failed deletion is only logged; a failed deletion of an earlier hook replaces the hook's error.
      const cleanup: HookCleanup = async () => {
        await cleanupOne(session, running, options, "hook-failed");
        for (const earlier of done) await cleanupOne(session, earlier, options, "hook-succeeded", true);
      };
      if (options.deferCleanup) {
        (waitError as Error & { cleanup?: HookCleanup }).cleanup = cleanup;
        throw waitError;
      }
      await cleanup();
      throw waitError;
    }
  } finally {
    await statusesRecorded();
  }

  // Success path: reverse execution order; logs (if the policy asks) right before each deletion.
  const cleanup: HookCleanup = async () => {
    for (const running of [...done].reverse()) {
      if (running.hook.output_log_policies.includes("hook-succeeded")) {
        await captureLogs(session, running, running.hook.output_log_policies.includes("hook-succeeded"));
      }
      await cleanupOne(session, running, options, "hook-succeeded", true);
    }
  };
  if (options.deferCleanup) return cleanup;
  await cleanup();
  return noop;
}

/** Deletes (or retains, with the reason) one executed hook according to `policy`. */
async function cleanupOne(
  session: Session,
  running: Running,
  options: HookRunOptions,
  policy: "hook-succeeded" | "hook-failed",
  throwOnError = false,
): Promise<void> {
  const { hook, fields } = running;
  if (!hook.delete_policies.includes(policy)) {
    session.events.emit({ type: "hook.retained", ...fields, reason: `no ${policy} delete policy` });
    return;
  }
  if (hook.kind === CRD_KIND) {
    session.events.emit({ type: "hook.retained", ...fields, reason: "CustomResourceDefinition hooks are never deleted" });
    return;
  }
  try {
    const existed = await deleteHookObjects(session, running.manifest, options, {
      deadline: Date.now() + (options.timeoutMs > 0 ? options.timeoutMs : CLEANUP_TIMEOUT_MS),
    });
    session.events.emit({ type: "hook.deleted", ...fields, policy, existed });
  } catch (error) {
    // helm only logs a failed hook-failed deletion; a failed hook-succeeded deletion fails the operation.
    if (throwOnError) throw error;
    session.log(`warning: failed to delete hook ${hook.path}: ${errorMessage(error)}`);
    session.events.emit({ type: "hook.retained", ...fields, reason: `deletion failed: ${errorMessage(error)}` });
  }
}

/** DELETE (background) every object of the hook; wait for them to go unless the strategy is hookOnly. */
async function deleteHookObjects(
  session: Session,
  manifest: HookManifest,
  options: HookRunOptions,
  callBounds: { signal?: AbortSignal; deadline: number },
): Promise<boolean> {
  const objects = manifest.objects();
  let existed = false;
  await Promise.all(
    objects.map(async (object) => {
      if (await session.kube.delete(refOf(object), { propagationPolicy: "Background" }, callBounds)) existed = true;
    }),
  );
  if (existed && options.waitStrategy !== "hookOnly") {
    await session.kube.waitFor(objects.map(refOf), deletedCondition, callBounds);
  }
  return existed;
}

/**
 * Creates the hook's objects one after another (server-side apply, or POST); resolves with the server's answers,
 * which name the objects (POST may use generateName) and give their state and resourceVersion at that moment.
 */
async function writeHookObjects(session: Session, objects: KubeObject[], options: HookRunOptions): Promise<KubeObject[]> {
  const created: KubeObject[] = [];
  for (const object of objects) {
    if (options.serverSideApply) {
      refOf(object);
      created.push(await session.kube.apply(object, { force: false }, bounds(options.signal, options.timeoutMs)));
    } else {
      const made = await session.kube.create(object, {}, bounds(options.signal, options.timeoutMs));
      created.push({ ...made, apiVersion: object.apiVersion, kind: object.kind, metadata: { ...made.metadata, namespace: made.metadata.namespace ?? object.metadata.namespace } });
    }
  }
  return created;
}

interface HookWait {
  /** Undefined when every object became ready, else the error helm would report. Never rejects. */
  settled: Promise<Error | undefined>;
  /** The writes failed: stop waiting. */
  abandon(): void;
  /** The hook object of that name as the wait last saw it (undefined if never seen or seen deleted). */
  lastSeen(name: string): KubeObject | undefined;
}

/**
 * Waits for the hook's objects. When they all have names, the wait is handed the writes' answers as a promise, so
 * it opens its watch while they are in flight and then starts from the answers (no re-read); the timeout, as in
 * helm, counts from the moment the objects are written. Otherwise (generateName) it starts after the writes.
 */
function waitForHook(session: Session, objects: KubeObject[], written: Promise<KubeObject[]>, options: HookRunOptions): HookWait {
  const timeoutMs = options.timeoutMs > 0 ? options.timeoutMs : ZERO_TIMEOUT_SUBSTITUTE_MS;
  const stop = new AbortController();
  const ready = readyCondition({ hook: true });
  // The wait already watches the objects: keep the last version it saw, so the final status costs no extra read.
  const seen = new Map<string, KubeObject>();
  const condition = (object: KubeObject | undefined) => {
    if (object?.metadata?.name) seen.set(object.metadata.name, object);
    return ready(object);
  };
  let outcomes: Promise<WaitOutcome[]>;
  let timer: NodeJS.Timeout | undefined;
  let ended = false;
  if (objects.every((o) => o.metadata.name)) {
    const signal = options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal;
    written.then(
      () => {
        if (!ended) timer = setTimeout(() => stop.abort(new KubeTimeoutError("context deadline exceeded")), timeoutMs);
      },
      () => undefined,
    );
    outcomes = session.kube.waitFor(objects.map(refOf), condition, { signal, observed: written });
  } else {
    outcomes = written.then((created) => session.kube.waitFor(created.map(refOf), condition, { ...bounds(options.signal, options.timeoutMs), observed: created }));
  }
  const settled = hookWaitError(outcomes, options).finally(() => {
    ended = true;
    clearTimeout(timer);
  });
  return { settled, abandon: () => stop.abort(), lastSeen: (name) => seen.get(name) };
}

async function hookWaitError(waiting: Promise<WaitOutcome[]>, options: HookRunOptions): Promise<Error | undefined> {
  try {
    const outcomes = await waiting;
    const notReady = outcomes.filter((o) => o.result.status !== "Current");
    if (notReady.length === 0) return undefined;
    return new HookFailedError(notReady.map((o) => notReadyMessage(o.ref, helmHookResult(o.ref, o.result))).join("\n"), false);
  } catch (error) {
    if (options.signal?.aborted) return new CancelledError(options.signal.reason);
    if (error instanceof WaitTimeoutError) {
      const lines = error.pending.map((p) => notReadyMessage(p.ref, p.result));
      return new HookFailedError([...lines, "context deadline exceeded"].join("\n"), true);
    }
    return error instanceof Error ? error : new Error(String(error));
  }
}

/**
 * Workaround: lib/kube's hook reader words a failed Pod "Pod has completed, but not successfully"; helm 4.1.4's
 * hook Pod reader says "pod <name> failed" (verified side by side). Remove once lib/kube matches.
 */
function helmHookResult(ref: { kind: string; name: string }, result: ReadinessResult): ReadinessResult {
  if (ref.kind === "Pod" && result.status === "Failed") return { ...result, message: `pod ${ref.name} failed` };
  return result;
}

class StringSink extends Writable {
  text = "";
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.text += chunk.toString();
    callback();
  }
}

/** Reads the containers' logs of a Job or Pod hook. Errors are only logged, as in helm. */
async function captureLogs(session: Session, running: Running, emitted: boolean): Promise<void> {
  const { hook, namespace, fields } = running;
  if (running.logsCaptured || (hook.kind !== "Job" && hook.kind !== "Pod")) return;
  running.logsCaptured = true;
  const callBounds = { deadline: Date.now() + LOGS_TIMEOUT_MS };
  try {
    const selector = hook.kind === "Job" ? { labelSelector: `job-name=${hook.name}` } : { fieldSelector: `metadata.name=${hook.name}` };
    const pods = await session.kube.list("v1", "Pod", { namespace, ...selector }, callBounds);
    for (const pod of pods.items) {
      const containers = ((pod.spec as { containers?: Array<{ name: string }> } | undefined)?.containers ?? []).map((c) => c.name);
      for (const container of containers) {
        const sink = new StringSink();
        try {
          await session.kube.streamLogs(namespace, pod.metadata.name, container, sink, callBounds);
        } catch (error) {
          session.log(`warning: could not read logs of ${pod.metadata.name}/${container}: ${errorMessage(error)}`);
          continue;
        }
        session.events.emit({
          type: "logs.captured",
          hook: hook.name,
          event: fields.event,
          position: fields.position,
          pod: pod.metadata.name,
          container,
          text: sink.text,
          emitted,
        });
      }
    }
  } catch (error) {
    session.log(`warning: could not list pods of hook ${hook.path}: ${errorMessage(error)}`);
  }
}

/** `k=v,k=v` from a label selector's matchLabels (the Job's own selector, as the API server set it). */
function matchLabelsSelector(selector: unknown): string | undefined {
  const labels = (selector as { matchLabels?: Record<string, unknown> } | undefined)?.matchLabels;
  if (!labels || typeof labels !== "object") return undefined;
  const pairs = Object.entries(labels).filter(([, v]) => typeof v === "string").map(([k, v]) => `${k}=${v as string}`);
  return pairs.length ? pairs.join(",") : undefined;
}

/**
 * Records a Job or Pod hook's final status as a `hook.status` event: the Job as the wait last saw it and its Pods
 * from one list by the Job's selector (a Pod hook the wait saw costs no request at all). Read-only, so the cluster
 * sees the same writes as with helm; errors are recorded in the event, never thrown.
 */
async function recordHookStatus(session: Session, running: Running, lastSeen: (name: string) => KubeObject | undefined): Promise<void> {
  const { hook, namespace, fields } = running;
  if (hook.kind !== "Job" && hook.kind !== "Pod") return;
  const about = { hook: hook.name, kind: hook.kind, event: fields.event, position: fields.position };
  const object = lastSeen(hook.name);
  if (hook.kind === "Pod" && object) {
    session.events.emit({ type: "hook.status", ...about, pods: [podStatusRecord(object)] });
    return;
  }
  const job = hook.kind === "Job" && object ? jobStatusRecord(object) : undefined;
  const selector =
    hook.kind === "Pod"
      ? { fieldSelector: `metadata.name=${hook.name}` }
      : { labelSelector: matchLabelsSelector((object?.spec as { selector?: unknown } | undefined)?.selector) ?? `job-name=${hook.name}` };
  try {
    const list = await session.kube.list("v1", "Pod", { namespace, ...selector }, { deadline: Date.now() + STATUS_TIMEOUT_MS });
    const pods = list.items.map(podStatusRecord).sort((a, b) => (a.startedAt ?? "").localeCompare(b.startedAt ?? "") || a.name.localeCompare(b.name));
    session.events.emit({ type: "hook.status", ...about, job, pods });
  } catch (error) {
    session.events.emit({ type: "hook.status", ...about, job, pods: [], error: `could not list the hook's pods: ${errorMessage(error)}` });
  }
}
