/**
 * Watch-based waiting for a set of objects to meet a condition (ready, or deleted). Objects are grouped by kind and
 * namespace; each group is listed once, then watched from the list's resourceVersion, resuming from the last seen
 * version when the server closes the watch or the stream fails (after a short backoff), and re-listing only when the
 * version has expired (410 Gone). No polling.
 * A caller that has just written the one object of a group (and so holds the server's answer) passes it as
 * `observed`: the group then starts from that object and its resourceVersion instead of listing it again, and
 * can even open its watch while the write is still in flight.
 * The wait ends when every object is Current or Failed (Failed is terminal, as in helm 4.1.1+), or fails when the
 * signal or deadline fires, naming every object that was not ready, in helm's words.
 */
import { abortReason, boundedSignal, type Bounds } from "./deadline";
import { NoKindMatchError } from "./discovery";
import { KubeApiError, KubeTimeoutError, isGone } from "./errors";
import { computeReadiness, notReadyMessage, type ReadinessOptions, type ReadinessResult } from "./readiness";
import { backoffDelay, realClock, type Clock, type RetryPolicy } from "./retry";
import type { KubeObject, ObjectRef } from "./types";

export type WaitCondition = (object: KubeObject | undefined) => ReadinessResult;

export function readyCondition(options: ReadinessOptions = {}): WaitCondition {
  return (object) => computeReadiness(object, options);
}

export const deletedCondition: WaitCondition = (object) =>
  object ? { status: "InProgress", message: "Resource still exists" } : { status: "Current", message: "Resource deleted" };

export interface WatchGroup {
  apiVersion: string;
  kind: string;
  namespace?: string;
  /** Set when the group holds a single object, so list and watch can use a field selector. */
  name?: string;
}

export interface WatchEvent {
  type: "ADDED" | "MODIFIED" | "DELETED" | "BOOKMARK" | "ERROR";
  object: KubeObject;
}

/** What waiting needs from the cluster; the kube client provides it, tests may fake it. */
export interface WatchSource {
  listGroup(group: WatchGroup, bounds: Bounds): Promise<{ items: KubeObject[]; resourceVersion: string }>;
  /** Streams events until the server closes the watch (resolve) or it fails (reject; 410 = version expired). */
  watchGroup(group: WatchGroup, resourceVersion: string, onEvent: (event: WatchEvent) => void, signal: AbortSignal): Promise<void>;
}

export interface WaitOptions extends Bounds {
  clock?: Clock;
  /**
   * Objects as the server returned them from a write just made (with their resourceVersion). A group of one
   * object found here is watched from that version without a first list; re-lists (after 410) read the server.
   * A promise of them (the write still in flight) lets such a group open its watch before the answer arrives;
   * if it rejects, the wait fails with its error.
   */
  observed?: KubeObject[] | Promise<KubeObject[]>;
  /** Called whenever an object's status changes (for live progress in the UI). */
  onProgress?: (ref: ObjectRef, result: ReadinessResult) => void;
}

export interface WaitOutcome {
  ref: ObjectRef;
  result: ReadinessResult;
}

export class WaitTimeoutError extends KubeTimeoutError {
  constructor(readonly pending: WaitOutcome[], cause: Error) {
    super([...pending.map((p) => notReadyMessage(p.ref, p.result)), cause.message].join("\n"), cause);
    this.name = "WaitTimeoutError";
  }
}

/** Errors that no amount of re-listing will fix (unknown kind, forbidden, bad request): the wait fails at once. */
function isPermanent(error: unknown): boolean {
  if (error instanceof NoKindMatchError) return true;
  return error instanceof KubeApiError && error.code >= 400 && error.code < 500 && error.code !== 410 && error.code !== 429;
}

/** A resourceVersion as a number, when it is one (etcd revisions and the sandbox's are). */
function versionNumber(resourceVersion: string | undefined): bigint | undefined {
  return resourceVersion && /^\d+$/.test(resourceVersion) ? BigInt(resourceVersion) : undefined;
}

/** The written object matching `ref`, if the caller has one with a resourceVersion to watch from. */
function observedObject(observed: KubeObject[] | undefined, ref: ObjectRef): KubeObject | undefined {
  return observed?.find(
    (o) =>
      o.apiVersion === ref.apiVersion &&
      o.kind === ref.kind &&
      o.metadata.name === ref.name &&
      (o.metadata.namespace ?? "") === (ref.namespace ?? "") &&
      Boolean(o.metadata.resourceVersion),
  );
}

function groupKey(ref: ObjectRef): string {
  return `${ref.apiVersion}|${ref.kind}|${ref.namespace ?? ""}`;
}

/** Between attempts to list or re-watch after a failure: 100 ms doubling up to 1 s, with jitter. */
const WATCH_BACKOFF: RetryPolicy = { maxAttempts: Infinity, baseDelayMs: 100, maxDelayMs: 1000 };
/** A watch that ends sooner than this without any event did not really work. */
const SHORT_WATCH_MS = 1000;

/**
 * Waits until every object satisfies `condition` (Current) or is terminally Failed, and returns each one's result.
 * Throws WaitTimeoutError when the signal/deadline fires first.
 */
export async function waitFor(
  source: WatchSource,
  refs: ObjectRef[],
  condition: WaitCondition,
  options: WaitOptions = {},
): Promise<WaitOutcome[]> {
  const clock = options.clock ?? realClock;
  const outer = boundedSignal(options);
  // Nothing is decided before the object has been listed: "absent" would wrongly satisfy a deletion wait.
  const results = new Map<ObjectRef, ReadinessResult>(
    refs.map((r) => [r, { status: "InProgress", message: "Resource not yet observed" }]),
  );
  const stop = new AbortController();
  const signal = AbortSignal.any([outer, stop.signal]);

  const done = () => [...results.values()].every((r) => r.status === "Current" || r.status === "Failed");
  if (refs.length === 0) return [];

  let finished = false;
  let fatal: unknown;
  let lastError: unknown;
  let resolveAllDone!: () => void;
  const allDone = new Promise<void>((resolve) => (resolveAllDone = resolve));
  const finish = () => {
    finished = true;
    resolveAllDone();
  };

  const observe = (groupRefs: ObjectRef[], name: string, object: KubeObject | undefined) => {
    for (const ref of groupRefs) {
      if (ref.name !== name) continue;
      const result = condition(object);
      const before = results.get(ref)!;
      if (before.status !== result.status || before.message !== result.message) {
        results.set(ref, result);
        options.onProgress?.(ref, result);
      }
    }
    if (done()) finish();
  };

  const follow = async (groupRefs: ObjectRef[]) => {
    const first = groupRefs[0]!;
    const group: WatchGroup = {
      apiVersion: first.apiVersion,
      kind: first.kind,
      namespace: first.namespace,
      name: groupRefs.length === 1 ? first.name : undefined,
    };
    // Undefined: the group must be (re-)listed. Otherwise the version to resume watching from.
    let resourceVersion: string | undefined;
    let known = groupRefs.length === 1 && Array.isArray(options.observed) ? observedObject(options.observed, first) : undefined;
    // Set while a watch that started before the write was answered runs: only newer events count.
    let newerThan: bigint | undefined;
    let gone = false;
    let events = 0;
    const handle = (event: WatchEvent) => {
      events++;
      if (event.type === "ERROR") {
        if ((event.object as unknown as { code?: number }).code === 410) gone = true;
        return;
      }
      const rv = event.object?.metadata?.resourceVersion;
      if (newerThan !== undefined && !((versionNumber(rv) ?? -1n) > newerThan)) return;
      if (rv) resourceVersion = rv;
      if (event.type === "BOOKMARK") return;
      observe(groupRefs, event.object.metadata.name, event.type === "DELETED" ? undefined : event.object);
    };

    // A watch already running when the loop starts (the head start below).
    let running: Promise<void> | undefined;
    if (groupRefs.length === 1 && options.observed && !Array.isArray(options.observed)) {
      // The write is still in flight: open the watch now, from "the most recent state" (no version), and keep its
      // events until the write's answer is in; then only events newer than that answer count. Exactly what a
      // watch from the answer's version would deliver, one round trip sooner. Versions must compare as numbers
      // (etcd's and the sandbox's do); otherwise the head start is dropped and the loop watches from the answer.
      const early: WatchEvent[] = [];
      let buffering = true;
      const headStop = new AbortController();
      const head = source.watchGroup(group, "", (event) => (buffering ? early.push(event) : handle(event)), AbortSignal.any([signal, headStop.signal]));
      head.catch(() => undefined);
      let written: KubeObject[];
      try {
        written = await options.observed;
      } catch (error) {
        headStop.abort();
        await head.catch(() => undefined);
        // The write failed: there is nothing to wait for.
        if (!signal.aborted) {
          fatal ??= error;
          finish();
        }
        return;
      }
      known = observedObject(written, first);
      const version = versionNumber(known?.metadata.resourceVersion);
      if (known && version !== undefined) {
        observe(groupRefs, first.name, known);
        resourceVersion = known.metadata.resourceVersion;
        known = undefined;
        newerThan = version;
        buffering = false;
        for (const event of early.splice(0)) handle(event);
        running = head;
      } else {
        headStop.abort();
        await head.catch(() => undefined);
      }
    }

    let failures = 0;
    let lastErrorWasGone = false;
    while (!signal.aborted && !finished) {
      // After a 410 the first re-list is immediate; if watches keep answering 410, listing backs off too.
      if (failures > 1 && resourceVersion === undefined && lastErrorWasGone) {
        await clock.sleep(backoffDelay(failures, WATCH_BACKOFF), signal).catch(() => undefined);
        if (signal.aborted) return;
      }
      lastErrorWasGone = false;
      try {
        if (resourceVersion === undefined) {
          if (known) {
            observe(groupRefs, first.name, known);
            resourceVersion = known.metadata.resourceVersion!;
            known = undefined;
          } else {
            const listed = await source.listGroup(group, { signal });
            const present = new Map(listed.items.map((o) => [o.metadata.name, o]));
            for (const ref of groupRefs) observe(groupRefs, ref.name, present.get(ref.name));
            resourceVersion = listed.resourceVersion;
          }
          if (finished || signal.aborted) return;
        }
        gone = false;
        events = 0;
        const opened = clock.now();
        if (running) {
          const head = running;
          running = undefined;
          try {
            await head;
          } finally {
            newerThan = undefined;
          }
        } else {
          await source.watchGroup(group, resourceVersion, handle, signal);
        }
        if (gone) {
          resourceVersion = undefined;
          lastErrorWasGone = true;
          failures++;
          continue;
        }
        // The server ended the watch: resume from the last version seen. A watch that ends at once without
        // events (a proxy dropping streams) counts as a failure, so resuming backs off instead of spinning.
        if (events > 0 || clock.now() - opened >= SHORT_WATCH_MS) {
          failures = 0;
          continue;
        }
        lastError = new Error("watch closed by the server right after it opened");
      } catch (error) {
        if (signal.aborted) return;
        if (isPermanent(error)) {
          fatal ??= error;
          finish();
          return;
        }
        lastError = error;
        // 410: the version is gone, re-list at once. Anything else (5xx, 429, a broken connection): back off,
        // then resume from the same version, or list again if the list itself failed.
        if (isGone(error)) {
          resourceVersion = undefined;
          lastErrorWasGone = true;
          failures++;
          continue;
        }
      }
      failures++;
      await clock.sleep(backoffDelay(failures, WATCH_BACKOFF), signal).catch(() => undefined);
    }
  };

  const groups = new Map<string, ObjectRef[]>();
  for (const ref of refs) {
    const key = groupKey(ref);
    groups.set(key, [...(groups.get(key) ?? []), ref]);
  }
  const followers = [...groups.values()].map((g) => follow(g));

  const aborted = new Promise<void>((resolve) => {
    if (outer.aborted) resolve();
    outer.addEventListener("abort", () => resolve(), { once: true });
  });
  await Promise.race([allDone, aborted]);
  stop.abort();
  await Promise.allSettled(followers);

  if (fatal !== undefined) throw fatal;
  const outcomes = refs.map((ref) => ({ ref, result: results.get(ref)! }));
  if (!done()) {
    const pending = outcomes.filter((o) => o.result.status !== "Current");
    const reason = abortReason(outer, "wait");
    if (lastError instanceof Error) reason.message += ` (last error: ${lastError.message})`;
    throw new WaitTimeoutError(pending, reason);
  }
  return outcomes;
}
