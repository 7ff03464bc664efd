/**
 * Every cluster call is bounded: callers pass an AbortSignal, a deadline (epoch ms), or both, and this module
 * turns them into one signal that also fires when the deadline passes.
 */
import { KubeTimeoutError } from "./errors";

export interface Bounds {
  signal?: AbortSignal;
  /** Absolute time (ms since epoch) after which the call is abandoned. */
  deadline?: number;
}

/** Default per-call bound when the caller gives none, so no request can hang forever. */
export const DEFAULT_CALL_TIMEOUT_MS = 60_000;

export function boundedSignal(bounds: Bounds, fallbackTimeoutMs = DEFAULT_CALL_TIMEOUT_MS, now = Date.now()): AbortSignal {
  const signals: AbortSignal[] = [];
  if (bounds.signal) signals.push(bounds.signal);
  const deadline = bounds.deadline ?? (bounds.signal ? undefined : now + fallbackTimeoutMs);
  if (deadline !== undefined) {
    const remaining = deadline - now;
    signals.push(
      remaining <= 0
        ? AbortSignal.abort(new KubeTimeoutError("deadline exceeded"))
        : AbortSignal.timeout(remaining),
    );
  }
  return signals.length === 1 ? signals[0]! : AbortSignal.any(signals);
}

export function abortReason(signal: AbortSignal, what: string): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof KubeTimeoutError) return reason;
  if (reason instanceof Error && reason.name === "TimeoutError") return new KubeTimeoutError(`${what}: deadline exceeded`, reason);
  return new KubeTimeoutError(`${what}: aborted`, reason);
}
