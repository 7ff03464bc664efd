/**
 * Login throttling: a sliding window of failed attempts per key (username and client address). After `max`
 * failures within `windowMs` further attempts are refused until the oldest failure leaves the window.
 */
export interface RateLimiter {
  /** Milliseconds until the key may try again; 0 when it may try now. */
  retryAfter(key: string, now?: number): number;
  recordFailure(key: string, now?: number): void;
  reset(key: string): void;
}

export function createRateLimiter({ max, windowMs }: { max: number; windowMs: number }): RateLimiter {
  const failures = new Map<string, number[]>();
  const recent = (key: string, now: number) => {
    const times = (failures.get(key) ?? []).filter((t) => now - t < windowMs);
    if (times.length) failures.set(key, times);
    else failures.delete(key);
    return times;
  };
  return {
    retryAfter(key, now = Date.now()) {
      const times = recent(key, now);
      return times.length < max ? 0 : windowMs - (now - times[times.length - max]);
    },
    recordFailure(key, now = Date.now()) {
      failures.set(key, [...recent(key, now), now]);
    },
    reset(key) {
      failures.delete(key);
    },
  };
}
