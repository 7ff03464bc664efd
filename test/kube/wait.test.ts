/**
 * waitFor's watch bookkeeping against a scripted WatchSource: resume from the last resourceVersion when the server
 * closes a watch, re-list on 410 Gone, finish on Failed, and time out naming what was not ready.
 */
import { describe, expect, it } from "vitest";
import type { Bounds } from "@/lib/kube/deadline";
import type { KubeObject, ObjectRef } from "@/lib/kube/types";
import {
  WaitTimeoutError,
  deletedCondition,
  readyCondition,
  waitFor,
  type WatchEvent,
  type WatchGroup,
  type WatchSource,
} from "@/lib/kube/wait";

function job(name: string, rv: string, conditions: unknown[] = []): KubeObject {
  return { apiVersion: "batch/v1", kind: "Job", metadata: { name, namespace: "ns", resourceVersion: rv }, status: { conditions } };
}
const complete = [{ type: "Complete", status: "True" }];
const failedCond = [{ type: "Failed", status: "True" }];

type Step = { events: WatchEvent[]; then: "close" | "hang" | Error };

class ScriptedSource implements WatchSource {
  readonly calls: string[] = [];
  constructor(
    private lists: Array<{ items: KubeObject[]; resourceVersion: string }>,
    private watches: Step[],
  ) {}
  async listGroup(group: WatchGroup, _bounds: Bounds) {
    this.calls.push(`list ${group.kind} ${group.namespace} ${group.name ?? "*"}`);
    const next = this.lists.shift();
    if (!next) throw new Error("unexpected list");
    return next;
  }
  async watchGroup(group: WatchGroup, rv: string, onEvent: (e: WatchEvent) => void, signal: AbortSignal) {
    this.calls.push(`watch ${group.kind} rv=${rv}`);
    const step = this.watches.shift() ?? { events: [], then: "hang" as const };
    for (const e of step.events) onEvent(e);
    if (step.then instanceof Error) throw step.then;
    if (step.then === "hang") {
      await new Promise<void>((resolve) => signal.addEventListener("abort", () => resolve(), { once: true }));
    }
  }
}

const ref = (name: string): ObjectRef => ({ apiVersion: "batch/v1", kind: "Job", name, namespace: "ns" });

describe("waitFor", () => {
  it("is done immediately when the list already shows the object ready", async () => {
    const source = new ScriptedSource([{ items: [job("a", "5", complete)], resourceVersion: "10" }], []);
    const out = await waitFor(source, [ref("a")], readyCondition({ hook: true }), { deadline: Date.now() + 5000 });
    expect(out[0]!.result.status).toBe("Current");
    expect(source.calls).toEqual(["list Job ns a"]);
  });

  it("resumes from the last seen resourceVersion after the server closes the watch", async () => {
    const source = new ScriptedSource(
      [{ items: [job("a", "5")], resourceVersion: "10" }],
      [
        { events: [{ type: "MODIFIED", object: job("a", "11") }], then: "close" },
        { events: [{ type: "BOOKMARK", object: job("", "15") }], then: "close" },
        { events: [{ type: "MODIFIED", object: job("a", "16", complete) }], then: "hang" },
      ],
    );
    const progress: string[] = [];
    const out = await waitFor(source, [ref("a")], readyCondition({ hook: true }), {
      deadline: Date.now() + 5000,
      onProgress: (_r, res) => progress.push(res.status),
    });
    expect(out[0]!.result).toEqual({ status: "Current", message: "Job Completed. succeeded: 0/1" });
    expect(source.calls).toEqual(["list Job ns a", "watch Job rv=10", "watch Job rv=11", "watch Job rv=15"]);
    expect(progress).toEqual(["InProgress", "Current"]);
  });

  it("re-lists when the watch reports 410 Gone", async () => {
    const gone = { type: "ERROR", object: { kind: "Status", code: 410, reason: "Expired" } as unknown as KubeObject } as WatchEvent;
    const source = new ScriptedSource(
      [
        { items: [job("a", "5")], resourceVersion: "10" },
        { items: [job("a", "90", complete)], resourceVersion: "95" },
      ],
      [{ events: [gone], then: "close" }],
    );
    const out = await waitFor(source, [ref("a")], readyCondition({ hook: true }), { deadline: Date.now() + 5000 });
    expect(out[0]!.result.status).toBe("Current");
    expect(source.calls).toEqual(["list Job ns a", "watch Job rv=10", "list Job ns a"]);
  });

  it("starts from an object the caller just wrote: no list, a watch from its resourceVersion", async () => {
    const source = new ScriptedSource([], [{ events: [{ type: "MODIFIED", object: job("a", "8", complete) }], then: "hang" }]);
    const out = await waitFor(source, [ref("a")], readyCondition({ hook: true }), {
      deadline: Date.now() + 5000,
      observed: [job("a", "7"), job("other", "3")],
    });
    expect(out[0]!.result.status).toBe("Current");
    expect(source.calls).toEqual(["watch Job rv=7"]);
  });

  it("opens the watch while the write is in flight and counts only events newer than the write's answer", async () => {
    const source = new ScriptedSource(
      [],
      [
        // Delivered before the answer arrives: an older state (complete, from before the write) and a newer one.
        { events: [{ type: "ADDED", object: job("a", "6", complete) }, { type: "MODIFIED", object: job("a", "8") }], then: "close" },
        { events: [{ type: "MODIFIED", object: job("a", "9", complete) }], then: "hang" },
      ],
    );
    const written = new Promise<KubeObject[]>((resolve) => setTimeout(() => resolve([job("a", "7")]), 30));
    const progress: string[] = [];
    const out = await waitFor(source, [ref("a")], readyCondition({ hook: true }), {
      deadline: Date.now() + 5000,
      observed: written,
      onProgress: (_r, res) => progress.push(res.status),
    });
    expect(out[0]!.result.status).toBe("Current");
    expect(source.calls).toEqual(["watch Job rv=", "watch Job rv=8"]);
    expect(progress).toEqual(["InProgress", "Current"]);
  });

  it("fails with the write's error when the write it was waiting for fails", async () => {
    const source = new ScriptedSource([], []);
    const written = Promise.reject(new Error("admission webhook denied the request"));
    await expect(waitFor(source, [ref("a")], readyCondition(), { deadline: Date.now() + 5000, observed: written })).rejects.toThrow("admission webhook denied");
  });

  it("lists as usual when the written object has no resourceVersion or the group holds several objects", async () => {
    const noVersion = { ...job("a", ""), metadata: { name: "a", namespace: "ns" } };
    const single = new ScriptedSource([{ items: [job("a", "5", complete)], resourceVersion: "10" }], []);
    await waitFor(single, [ref("a")], readyCondition({ hook: true }), { deadline: Date.now() + 5000, observed: [noVersion] });
    expect(single.calls).toEqual(["list Job ns a"]);
    const pair = new ScriptedSource([{ items: [job("a", "5", complete), job("b", "6", complete)], resourceVersion: "10" }], []);
    await waitFor(pair, [ref("a"), ref("b")], readyCondition({ hook: true }), { deadline: Date.now() + 5000, observed: [job("a", "5")] });
    expect(pair.calls).toEqual(["list Job ns *"]);
  });

  it("resumes from the same version after a failed watch (5xx, broken stream) without listing again", async () => {
    const { KubeApiError, KubeConnectionError } = await import("@/lib/kube/errors");
    const source = new ScriptedSource(
      [{ items: [job("a", "5")], resourceVersion: "10" }],
      [
        { events: [], then: new KubeApiError(500, { message: "injected", code: 500 }, "GET", "/x") },
        { events: [{ type: "MODIFIED", object: job("a", "12") }], then: new KubeConnectionError("GET", "/x", new Error("socket hang up")) },
        { events: [{ type: "MODIFIED", object: job("a", "14", complete) }], then: "hang" },
      ],
    );
    const out = await waitFor(source, [ref("a")], readyCondition({ hook: true }), { deadline: Date.now() + 5000 });
    expect(out[0]!.result.status).toBe("Current");
    expect(source.calls).toEqual(["list Job ns a", "watch Job rv=10", "watch Job rv=10", "watch Job rv=12"]);
  });

  it("backs off instead of spinning when every watch closes at once without events", async () => {
    const source = new ScriptedSource([{ items: [job("a", "5")], resourceVersion: "10" }], Array.from({ length: 100 }, () => ({ events: [], then: "close" as const })));
    const error = await waitFor(source, [ref("a")], readyCondition({ hook: true }), { deadline: Date.now() + 400 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WaitTimeoutError);
    expect((error as Error).message).toContain("watch closed by the server right after it opened");
    const watches = source.calls.filter((c) => c.startsWith("watch"));
    // 100 ms doubling (with jitter) fits at most 4 attempts into 400 ms; a spinning loop would make ~100.
    expect(watches.length).toBeGreaterThan(1);
    expect(watches.length).toBeLessThanOrEqual(5);
    expect(new Set(watches)).toEqual(new Set(["watch Job rv=10"]));
  });

  it("re-lists at once after a 410, but backs off when every watch answers 410", async () => {
    const gone = { type: "ERROR", object: { kind: "Status", code: 410, reason: "Expired" } as unknown as KubeObject } as WatchEvent;
    const source = new ScriptedSource(
      Array.from({ length: 100 }, (_, i) => ({ items: [job("a", String(5 + i))], resourceVersion: String(10 + i) })),
      Array.from({ length: 100 }, () => ({ events: [gone], then: "close" as const })),
    );
    const started = Date.now();
    const error = await waitFor(source, [ref("a")], readyCondition({ hook: true }), { deadline: Date.now() + 400 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WaitTimeoutError);
    const lists = source.calls.filter((c) => c.startsWith("list"));
    expect(lists.length).toBeGreaterThan(2);
    expect(lists.length).toBeLessThanOrEqual(6);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("watches a whole namespace for several objects of one kind and ends when all are Current or Failed", async () => {
    const source = new ScriptedSource(
      [{ items: [job("a", "5"), job("b", "6")], resourceVersion: "10" }],
      [
        {
          events: [
            { type: "MODIFIED", object: job("other", "11", complete) },
            { type: "MODIFIED", object: job("a", "12", failedCond) },
            { type: "MODIFIED", object: job("b", "13", complete) },
          ],
          then: "hang",
        },
      ],
    );
    const out = await waitFor(source, [ref("a"), ref("b")], readyCondition({ hook: true }), { deadline: Date.now() + 5000 });
    expect(out.map((o) => o.result.status)).toEqual(["Failed", "Current"]);
    expect(source.calls[0]).toBe("list Job ns *");
  });

  it("waits for deletion only after observing the object, and sees DELETED events", async () => {
    const source = new ScriptedSource(
      [{ items: [job("a", "5")], resourceVersion: "10" }],
      [{ events: [{ type: "DELETED", object: job("a", "11") }], then: "hang" }],
    );
    const out = await waitFor(source, [ref("a")], deletedCondition, { deadline: Date.now() + 5000 });
    expect(out[0]!.result).toEqual({ status: "Current", message: "Resource deleted" });
  });

  it("fails at the deadline with helm's not-ready message for each pending object", async () => {
    const source = new ScriptedSource([{ items: [job("a", "5")], resourceVersion: "10" }], [{ events: [], then: "hang" }]);
    const started = Date.now();
    const error = await waitFor(source, [ref("a")], readyCondition({ hook: true }), { deadline: Date.now() + 300 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WaitTimeoutError);
    expect((error as Error).message).toContain("resource Job/ns/a not ready. status: InProgress, message: Job in progress");
    expect((error as Error).message).toContain("deadline exceeded");
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it("stops when the caller's signal aborts", async () => {
    const source = new ScriptedSource([{ items: [], resourceVersion: "1" }], [{ events: [], then: "hang" }]);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    await expect(waitFor(source, [ref("a")], readyCondition(), { signal: controller.signal })).rejects.toBeInstanceOf(WaitTimeoutError);
  });
});

describe("waitFor errors", () => {
  it("fails at once on an error re-listing cannot fix, and reports transient ones at the deadline", async () => {
    const { KubeApiError } = await import("@/lib/kube/errors");
    const forbidden: WatchSource = {
      listGroup: async () => {
        throw new KubeApiError(403, { message: "jobs is forbidden", reason: "Forbidden", code: 403 }, "GET", "/apis/batch/v1/namespaces/ns/jobs");
      },
      watchGroup: async () => undefined,
    };
    const started = Date.now();
    await expect(waitFor(forbidden, [ref("a")], readyCondition(), { deadline: Date.now() + 5000 })).rejects.toThrow("jobs is forbidden");
    expect(Date.now() - started).toBeLessThan(1000);

    const flaky: WatchSource = {
      listGroup: async () => {
        throw new KubeApiError(503, { message: "etcd unavailable", code: 503 }, "GET", "/x");
      },
      watchGroup: async () => undefined,
    };
    const error = await waitFor(flaky, [ref("a")], readyCondition(), { deadline: Date.now() + 300 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WaitTimeoutError);
    expect((error as Error).message).toContain("last error: etcd unavailable");
  });
});
