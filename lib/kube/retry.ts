/**
 * When and how long to retry a cluster call. Throttling (429) and server errors (5xx except 501) are retried with
 * exponential backoff and jitter, honouring Retry-After; dropped connections are retried only for requests that are
 * safe to repeat, since a POST that reached the server may have created the object. The clock is injected so the
 * policy is tested without waiting.
 */
import { KubeApiError, KubeConnectionError, KubeTimeoutError } from "./errors";

export interface RetryPolicy {
  /** Total attempts including the first. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 6, baseDelayMs: 200, maxDelayMs: 10_000 };

export interface Clock {
  now(): number;
  /** Resolves after `ms`, rejects with the signal's reason if it aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const timer = setTimeout(() => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      }, ms);
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal!.reason);
      };
      signal?.addEventListener("abort", onAbort, { once: true });
    }),
};

/** Methods whose repetition cannot do harm; server-side apply PATCH is idempotent by design. */
export function isIdempotent(method: string, contentType?: string): boolean {
  const m = method.toUpperCase();
  if (m === "GET" || m === "HEAD" || m === "PUT" || m === "DELETE") return true;
  return m === "PATCH" && contentType === "application/apply-patch+yaml";
}

export interface RetryDecision {
  retry: boolean;
  /** The server's requested wait, if any. */
  retryAfterMs?: number;
}

/**
 * `retryConflicts`: helm (via client-go) repeats DELETEs that the server answered with 409 Conflict, e.g. while
 * finalizers or a concurrent update are in flight.
 */
export function classifyForRetry(error: unknown, idempotent: boolean, retryConflicts = false): RetryDecision {
  if (error instanceof KubeTimeoutError) return { retry: false };
  if (error instanceof KubeConnectionError) return { retry: idempotent };
  if (error instanceof KubeApiError) {
    if (error.code === 429) return { retry: true, retryAfterMs: error.retryAfterMs };
    if (error.code === 409 && error.reason !== "AlreadyExists") return { retry: retryConflicts };
    if (error.code >= 500 && error.code !== 501) {
      // A 5xx on a POST may still have been applied; only repeat it when the server explicitly asked us to.
      return { retry: idempotent || error.retryAfterMs !== undefined, retryAfterMs: error.retryAfterMs };
    }
  }
  return { retry: false };
}

/** Delay before attempt `attempt + 1` (attempt counts from 1): full jitter over an exponential cap. */
export function backoffDelay(attempt: number, policy: RetryPolicy, retryAfterMs?: number, random = Math.random): number {
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  const jittered = exponential / 2 + random() * (exponential / 2);
  return Math.max(jittered, Math.min(retryAfterMs ?? 0, policy.maxDelayMs));
}

export interface RetryContext {
  policy?: RetryPolicy;
  idempotent: boolean;
  retryConflicts?: boolean;
  signal?: AbortSignal;
  clock?: Clock;
  random?: () => number;
  /** Absolute deadline (ms); no retry is started that could not finish its wait before it. */
  deadline?: number;
  onRetry?: (attempt: number, delayMs: number, error: unknown) => void;
}

export async function withRetry<T>(call: (attempt: number) => Promise<T>, ctx: RetryContext): Promise<T> {
  const policy = ctx.policy ?? DEFAULT_RETRY_POLICY;
  const clock = ctx.clock ?? realClock;
  for (let attempt = 1; ; attempt++) {
    try {
      return await call(attempt);
    } catch (error) {
      const decision = classifyForRetry(error, ctx.idempotent, ctx.retryConflicts);
      if (!decision.retry || attempt >= policy.maxAttempts || ctx.signal?.aborted) throw error;
      const delay = backoffDelay(attempt, policy, decision.retryAfterMs, ctx.random);
      if (ctx.deadline !== undefined && clock.now() + delay >= ctx.deadline) throw error;
      ctx.onRetry?.(attempt, delay, error);
      await clock.sleep(delay, ctx.signal);
    }
  }
}
