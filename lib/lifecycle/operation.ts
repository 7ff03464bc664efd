/**
 * What the five operations share: options every one of them takes, the lock + started/finished bracket around a
 * run, phases as events, release writes as events, release-name validation, and the failure vocabulary
 * (a `LifecycleError` carries the release as it was left).
 */
import { isPendingStatus, isSystemLabel, type Release, type ReleaseStatus } from "@/lib/release";
import { openSession, type Configuration, type Session } from "./configuration";
import type { OperationKind, OperationOutcome, Phase } from "./events";
import { CancelledError, runHooks, type HookCleanup, type HookEvent, type WaitStrategy } from "./hooks";
import { errorMessage } from "./objects";

/** helm's CLI default `--timeout 5m0s`. */
export const DEFAULT_TIMEOUT_MS = 300_000;
/** helm's CLI default `--history-max 10`. */
export const DEFAULT_HISTORY_MAX = 10;

export interface CommonOptions {
  releaseName: string;
  /** Release namespace (`-n`). */
  namespace: string;
  /** `--timeout`, applied to each wait separately. Default 5 minutes. */
  timeoutMs?: number;
  /** `--wait[=strategy]`; default `hookOnly`. Bare `--wait` means `watcher`. */
  wait?: WaitStrategy;
  /** `--wait-for-jobs` (only with watcher/legacy). */
  waitForJobs?: boolean;
  /** `--no-hooks`. */
  noHooks?: boolean;
  /** `--description`. */
  description?: string;
  /** Cancels the operation: waits stop, the failure path runs and the operation is reported as cancelled. */
  signal?: AbortSignal;
}

/** An operation failed; `release` is the record as it was left (if any). */
export class LifecycleError extends Error {
  constructor(message: string, readonly release?: Release, readonly cancelled = false) {
    super(message);
    this.name = "LifecycleError";
  }
}

const NAME_PATTERN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const MAX_NAME_LENGTH = 53;

/** helm's release name rule (chartutil.ValidateReleaseName). */
export function validateReleaseName(name: string): void {
  if (name === "" || name.length > MAX_NAME_LENGTH || !NAME_PATTERN.test(name)) {
    throw new LifecycleError(
      `invalid release name, must match regex ${NAME_PATTERN.source} and the length must not be longer than ${MAX_NAME_LENGTH}`,
    );
  }
}

export const PENDING_ERROR = "another operation (install/upgrade/rollback) is in progress";

/** helm 4's `--dry-run`: `client` renders without the cluster; `server` also checks the cluster (conflicts, CRDs). */
export type DryRun = "client" | "server";

/** helm's reserved release label names, in helm's order (as its error message lists them). */
const SYSTEM_LABELS = ["name", "owner", "status", "version", "createdAt", "modifiedAt"];

/** `--labels` may not use the names helm's storage reserves for itself. */
export function checkUserLabels(labels: Record<string, string> | undefined): void {
  if (labels && Object.keys(labels).some(isSystemLabel)) {
    throw new LifecycleError(`user supplied labels contains system reserved label name. System labels: [${SYSTEM_LABELS.join(" ")}]`);
  }
}


export function isPending(status: ReleaseStatus): boolean {
  return isPendingStatus(status);
}

/**
 * Runs `body` holding the release's in-process lock, bracketed by operation.started/finished events. The finished
 * event says cancelled when the signal fired, whatever error the body ended with.
 */
export async function runOperation<T extends Release | undefined>(
  config: Configuration,
  kind: OperationKind,
  options: CommonOptions,
  body: (session: Session) => Promise<T>,
): Promise<T> {
  const session = openSession(config);
  const unlock = session.locks.acquire(options.namespace, options.releaseName, kind);
  session.events.emit({ type: "operation.started", operation: kind, release: options.releaseName, namespace: options.namespace });
  try {
    const release = await body(session);
    session.events.emit({
      type: "operation.finished",
      operation: kind,
      outcome: "succeeded",
      revision: release?.version || undefined,
      status: release?.info.status,
      description: release?.info.description,
    });
    return release;
  } catch (error) {
    const wasCancelled = options.signal?.aborted === true || error instanceof CancelledError || (error instanceof LifecycleError && error.cancelled);
    const released = error instanceof LifecycleError ? error.release : undefined;
    session.events.emit({
      type: "operation.finished",
      operation: kind,
      outcome: wasCancelled ? "cancelled" : "failed",
      revision: released?.version || undefined,
      status: released?.info.status,
      description: released?.info.description,
      error: errorMessage(error),
    });
    throw error instanceof LifecycleError ? error : new LifecycleError(errorMessage(error), released, wasCancelled);
  } finally {
    unlock();
    await session.events.flush();
  }
}

export async function inPhase<T>(session: Session, phase: Phase, work: () => Promise<T>, signal?: AbortSignal): Promise<T> {
  session.events.emit({ type: "phase.started", phase });
  try {
    const result = await work();
    session.events.emit({ type: "phase.finished", phase, outcome: "succeeded" });
    return result;
  } catch (error) {
    const outcome: OperationOutcome = signal?.aborted || error instanceof CancelledError ? "cancelled" : "failed";
    session.events.emit({ type: "phase.finished", phase, outcome, error: errorMessage(error) });
    throw error;
  }
}

/** Runs the hooks of one event as a phase (a no-op phase is not reported when there are no hooks). */
export async function hookPhase(
  session: Session,
  release: Release,
  event: HookEvent,
  options: { timeoutMs: number; serverSideApply: boolean; wait: WaitStrategy; signal?: AbortSignal; deferCleanup?: boolean },
): Promise<HookCleanup> {
  const phase = `${event === "test" ? "test" : event} hooks` as Phase;
  return inPhase(
    session,
    phase,
    () =>
      runHooks(session, release, {
        event,
        timeoutMs: options.timeoutMs,
        serverSideApply: options.serverSideApply,
        waitStrategy: options.wait,
        signal: options.signal,
        deferCleanup: options.deferCleanup,
      }),
    options.signal,
  );
}

/** Writes a release record and reports it. `bestEffort` swallows (logs) the error, as helm does in many places. */
export async function recordRelease(session: Session, release: Release, write: "create" | "update", bestEffort = false): Promise<void> {
  try {
    if (write === "create") await session.releases.create(release);
    else await session.releases.update(release);
  } catch (error) {
    if (!bestEffort) throw error;
    session.log(`warning: failed to ${write} release ${release.name} v${release.version}: ${errorMessage(error)}`);
    return;
  }
  session.events.emit({ type: "release.recorded", revision: release.version, status: release.info.status, description: release.info.description, write });
}

/** Deep copy of a release (records read from storage are shared with nobody, but hooks are mutated in place). */
export function cloneRelease(release: Release): Release {
  return structuredClone(release);
}

/** The message of an error that came from cancellation, as helm words it. */
export function failureText(error: unknown, signal?: AbortSignal): string {
  if (signal?.aborted || error instanceof CancelledError) return "context canceled";
  return errorMessage(error);
}

export function isCancellation(error: unknown, signal?: AbortSignal): boolean {
  return signal?.aborted === true || error instanceof CancelledError;
}
