/** Retry policy with a fake clock: what is retried, how long we wait, and that deadlines and signals win. */
import { describe, expect, it } from "vitest";
import { KubeApiError, KubeConnectionError, KubeTimeoutError } from "@/lib/kube/errors";
import { DEFAULT_RETRY_POLICY, backoffDelay, classifyForRetry, isIdempotent, withRetry, type Clock } from "@/lib/kube/retry";

class FakeClock implements Clock {
  time = 1_000_000;
  readonly sleeps: number[] = [];
  now() {
    return this.time;
  }
  async sleep(ms: number) {
    this.sleeps.push(ms);
    this.time += ms;
  }
}

const apiError = (code: number, retryAfterMs?: number) =>
  new KubeApiError(code, { message: `HTTP ${code}`, code }, "GET", "/api/v1/pods", retryAfterMs);
const dropped = () => new KubeConnectionError("GET", "/x", new Error("socket hang up"));

describe("classifyForRetry", () => {
  it("retries 429 and 5xx (not 501), never 4xx or timeouts", () => {
    expect(classifyForRetry(apiError(429, 3000), true)).toEqual({ retry: true, retryAfterMs: 3000 });
    expect(classifyForRetry(apiError(503), true).retry).toBe(true);
    expect(classifyForRetry(apiError(500), true).retry).toBe(true);
    expect(classifyForRetry(apiError(501), true).retry).toBe(false);
    expect(classifyForRetry(apiError(404), true).retry).toBe(false);
    expect(classifyForRetry(apiError(409), true).retry).toBe(false);
    expect(classifyForRetry(new KubeTimeoutError("late"), true).retry).toBe(false);
  });

  it("repeats a dropped or 5xx POST only when the server asked for it", () => {
    expect(classifyForRetry(dropped(), true).retry).toBe(true);
    expect(classifyForRetry(dropped(), false).retry).toBe(false);
    expect(classifyForRetry(apiError(503), false).retry).toBe(false);
    expect(classifyForRetry(apiError(503, 1000), false).retry).toBe(true);
    expect(classifyForRetry(apiError(429), false).retry).toBe(true);
  });

  it("retries 409 Conflict only when asked (DELETE), never AlreadyExists", () => {
    const conflict = new KubeApiError(409, { message: "modified", reason: "Conflict", code: 409 }, "DELETE", "/x");
    const exists = new KubeApiError(409, { message: "exists", reason: "AlreadyExists", code: 409 }, "POST", "/x");
    expect(classifyForRetry(conflict, true, true).retry).toBe(true);
    expect(classifyForRetry(conflict, true, false).retry).toBe(false);
    expect(classifyForRetry(exists, true, true).retry).toBe(false);
  });

  it("knows which requests are idempotent", () => {
    expect(isIdempotent("GET")).toBe(true);
    expect(isIdempotent("PUT")).toBe(true);
    expect(isIdempotent("DELETE")).toBe(true);
    expect(isIdempotent("POST")).toBe(false);
    expect(isIdempotent("PATCH", "application/apply-patch+yaml")).toBe(true);
    expect(isIdempotent("PATCH", "application/strategic-merge-patch+json")).toBe(false);
  });
});

describe("backoffDelay", () => {
  const policy = { maxAttempts: 6, baseDelayMs: 100, maxDelayMs: 1000 };
  it("grows exponentially with jitter in [half, full], capped, and honours Retry-After up to the cap", () => {
    expect(backoffDelay(1, policy, undefined, () => 0)).toBe(50);
    expect(backoffDelay(1, policy, undefined, () => 1)).toBe(100);
    expect(backoffDelay(3, policy, undefined, () => 1)).toBe(400);
    expect(backoffDelay(10, policy, undefined, () => 1)).toBe(1000);
    expect(backoffDelay(1, policy, 700, () => 0)).toBe(700);
    expect(backoffDelay(1, policy, 60_000, () => 0)).toBe(1000);
  });
});

describe("withRetry", () => {
  it("retries transient failures until success, sleeping on the injected clock", async () => {
    const clock = new FakeClock();
    const failures = [apiError(429, 2000), apiError(503), dropped()];
    let calls = 0;
    const result = await withRetry(
      async () => {
        calls++;
        const next = failures.shift();
        if (next) throw next;
        return "ok";
      },
      { idempotent: true, clock, random: () => 1, policy: { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 5000 } },
    );
    expect(result).toBe("ok");
    expect(calls).toBe(4);
    expect(clock.sleeps).toEqual([2000, 200, 400]);
  });

  it("gives up after maxAttempts and rethrows the last error", async () => {
    const clock = new FakeClock();
    let calls = 0;
    await expect(
      withRetry(
        async () => {
          calls++;
          throw apiError(500);
        },
        { idempotent: true, clock, policy: { ...DEFAULT_RETRY_POLICY, maxAttempts: 3 } },
      ),
    ).rejects.toMatchObject({ code: 500 });
    expect(calls).toBe(3);
  });

  it("does not retry non-transient errors", async () => {
    const clock = new FakeClock();
    let calls = 0;
    await expect(
      withRetry(async () => {
        calls++;
        throw apiError(422);
      }, { idempotent: true, clock }),
    ).rejects.toMatchObject({ code: 422 });
    expect(calls).toBe(1);
    expect(clock.sleeps).toEqual([]);
  });

  it("does not start a wait that would end after the deadline", async () => {
    const clock = new FakeClock();
    let calls = 0;
    await expect(
      withRetry(
        async () => {
          calls++;
          throw apiError(429, 5000);
        },
        { idempotent: true, clock, deadline: clock.now() + 3000 },
      ),
    ).rejects.toMatchObject({ code: 429 });
    expect(calls).toBe(1);
  });

  it("stops when the signal is aborted", async () => {
    const clock = new FakeClock();
    const controller = new AbortController();
    let calls = 0;
    await expect(
      withRetry(
        async () => {
          calls++;
          controller.abort();
          throw apiError(503);
        },
        { idempotent: true, clock, signal: controller.signal },
      ),
    ).rejects.toMatchObject({ code: 503 });
    expect(calls).toBe(1);
  });
});
