/**
 * Watch-based waiting for a set of objects to meet a condition (ready, or deleted). Objects are grouped by kind and
 * namespace; each group is listed once, then watched from the list's resourceVersion, resuming from the last seen
 * version when the server closes the watch and re-listing when the version has expired (410 Gone). No polling.
 * The wait ends when every object is Current or Failed (Failed is terminal, as in helm 4.1.1+), or fails when the
 * signal or deadline fires, naming every object that was not ready, in helm's words.
 */
import { abortReason, boundedSignal, type Bounds } from "./deadline";
import { NoKindMatchError } from "./discovery";
import { KubeApiError, KubeTimeoutError, isGone } from "./errors";
import { computeReadiness, notReadyMessage, type ReadinessOptions, type ReadinessResult } from "./readiness";
import { realClock, type Clock } from "./retry";
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

function groupKey(ref: ObjectRef): string {
  return `${ref.apiVersion}|${ref.kind}|${ref.namespace ?? ""}`;
}

const RELIST_DELAY_MS = 1000;

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
    while (!signal.aborted && !finished) {
      try {
        const listed = await source.listGroup(group, { signal });
        const present = new Map(listed.items.map((o) => [o.metadata.name, o]));
        for (const ref of groupRefs) observe(groupRefs, ref.name, present.get(ref.name));
        let resourceVersion = listed.resourceVersion;
        // Resume from the last version seen each time the server ends a watch; only 410 forces a re-list.
        while (!signal.aborted && !finished) {
          let gone = false;
          await source.watchGroup(group, resourceVersion, (event) => {
            const rv = event.object?.metadata?.resourceVersion;
            if (rv) resourceVersion = rv;
            if (event.type === "ERROR") {
              if ((event.object as unknown as { code?: number }).code === 410) gone = true;
              return;
            }
            if (event.type === "BOOKMARK") return;
            observe(groupRefs, event.object.metadata.name, event.type === "DELETED" ? undefined : event.object);
          }, signal);
          if (gone) break;
        }
      } catch (error) {
        if (signal.aborted) return;
        if (isPermanent(error)) {
          fatal ??= error;
          finish();
          return;
        }
        lastError = error;
        if (!isGone(error)) await clock.sleep(RELIST_DELAY_MS, signal).catch(() => undefined);
      }
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
