/** Watch semantics over real HTTP: initial events and their end bookmark, resumption, 410 Gone, selectors, fan-out. */
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Json, type SandboxFixture, api, startFixture } from "./support/sandbox-fixture";


let fx: SandboxFixture;
beforeAll(async () => {
  fx = await startFixture({ watchHistory: 50 });
  await api(fx, "POST", "/api/v1/namespaces", { metadata: { name: "watched" } });
});
afterAll(async () => {
  await fx.stop();
});

interface OpenWatch {
  events: Json[];
  /** Resolves with the first `count` events (waiting for more to arrive if needed). */
  take(count: number, timeoutMs?: number): Promise<Json[]>;
  ended: Promise<void>;
  close(): void;
}

function openWatch(path: string, headers: Record<string, string> = {}): Promise<OpenWatch> {
  return new Promise((resolve, reject) => {
    const events: Json[] = [];
    const waiters: Array<() => void> = [];
    let ended!: () => void;
    const endedPromise = new Promise<void>((r) => (ended = r));
    const req = http.get(`${fx.sandbox.url}${path}`, { headers: { Accept: "application/json", ...headers } }, (res) => {
      let buffer = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        buffer += chunk;
        let newline: number;
        while ((newline = buffer.indexOf("\n")) >= 0) {
          events.push(JSON.parse(buffer.slice(0, newline)));
          buffer = buffer.slice(newline + 1);
          for (const w of waiters.splice(0)) w();
        }
      });
      res.on("end", () => ended());
      res.on("close", () => ended());
      resolve({
        events,
        ended: endedPromise,
        close: () => req.destroy(),
        take: (count, timeoutMs = 5000) =>
          new Promise((res2, rej2) => {
            const deadline = setTimeout(() => rej2(new Error(`only ${events.length} of ${count} events: ${JSON.stringify(events.map((e) => e.type))}`)), timeoutMs);
            const check = (): void => {
              if (events.length >= count) {
                clearTimeout(deadline);
                res2(events.slice(0, count));
              } else waiters.push(check);
            };
            check();
          }),
      });
    });
    req.on("error", reject);
  });
}

const cm = (name: string, labels: Record<string, string> = {}) => ({ metadata: { name, labels } });

describe("watch", () => {
  it("sends initial ADDED events, then the initial-events-end bookmark, then live events in order", async () => {
    await api(fx, "POST", "/api/v1/namespaces/watched/configmaps", cm("before-1", { phase: "initial" }));
    await api(fx, "POST", "/api/v1/namespaces/watched/configmaps", cm("before-2", { phase: "initial" }));
    const watch = await openWatch("/api/v1/namespaces/watched/configmaps?watch=true&labelSelector=phase%3Dinitial&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true");
    const initial = await watch.take(3);
    expect(initial.slice(0, 2).map((e) => [e.type, e.object.metadata.name])).toEqual([["ADDED", "before-1"], ["ADDED", "before-2"]]);
    expect(initial[2]).toMatchObject({ type: "BOOKMARK", object: { kind: "ConfigMap", apiVersion: "v1", metadata: { annotations: { "k8s.io/initial-events-end": "true" } } } });
    expect(Number(initial[2].object.metadata.resourceVersion)).toBeGreaterThanOrEqual(Number(initial[1].object.metadata.resourceVersion));

    await api(fx, "POST", "/api/v1/namespaces/watched/configmaps", cm("live", { phase: "initial" }));
    await api(fx, "PATCH", "/api/v1/namespaces/watched/configmaps/live", { data: { a: "1" } }, "application/merge-patch+json");
    await api(fx, "DELETE", "/api/v1/namespaces/watched/configmaps/live");
    const all = await watch.take(6);
    expect(all.slice(3).map((e) => e.type)).toEqual(["ADDED", "MODIFIED", "DELETED"]);
    const versions = all.slice(3).map((e) => Number(e.object.metadata.resourceVersion));
    expect([...versions].sort((a, b) => a - b)).toEqual(versions);
    watch.close();
  });

  it("resumes from a resourceVersion, filters by field selector and answers 410 Gone once history is compacted", async () => {
    const start = await api(fx, "GET", "/api/v1/namespaces/watched/configmaps");
    const rv = start.body.metadata.resourceVersion as string;
    await api(fx, "POST", "/api/v1/namespaces/watched/configmaps", cm("resume-a"));
    await api(fx, "POST", "/api/v1/namespaces/watched/configmaps", cm("resume-b"));
    const resumed = await openWatch(`/api/v1/namespaces/watched/configmaps?watch=true&resourceVersion=${rv}&fieldSelector=metadata.name%3Dresume-b`);
    const [event] = await resumed.take(1);
    expect(event.type).toBe("ADDED");
    expect(event.object.metadata.name).toBe("resume-b");
    resumed.close();

    for (let i = 0; i < 60; i++) await api(fx, "POST", "/api/v1/namespaces/default/serviceaccounts", cm(`churn-${i}`));
    const gone = await openWatch(`/api/v1/namespaces/watched/configmaps?watch=true&resourceVersion=${rv}`);
    const [error] = await gone.take(1);
    expect(error.type).toBe("ERROR");
    expect(error.object).toMatchObject({ kind: "Status", status: "Failure", reason: "Expired", code: 410 });
    expect(error.object.message).toMatch(/^too old resource version: \d+ \(\d+\)$/);
    await gone.ended;
  });

  it("fans out to many concurrent watches with label selectors and honours timeoutSeconds", async () => {
    const watches = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        openWatch(`/api/v1/namespaces/watched/configmaps?watch=true&labelSelector=fan%3D${i % 2 ? "odd" : "even"}&resourceVersion=${fx.sandbox.cluster.store.currentResourceVersion}`),
      ),
    );
    await api(fx, "POST", "/api/v1/namespaces/watched/configmaps", cm("fan-even", { fan: "even" }));
    await api(fx, "POST", "/api/v1/namespaces/watched/configmaps", cm("fan-odd", { fan: "odd" }));
    const firsts = await Promise.all(watches.map((w) => w.take(1)));
    firsts.forEach(([event], i) => expect(event.object.metadata.name).toBe(i % 2 ? "fan-odd" : "fan-even"));
    for (const w of watches) w.close();

    const timed = await openWatch("/api/v1/namespaces/watched/configmaps?watch=true&timeoutSeconds=1&resourceVersion=0");
    const started = Date.now();
    await timed.ended;
    expect(Date.now() - started).toBeGreaterThanOrEqual(800);
  });

  it("watches a single object by name and sends Table rows to Table-accepting clients", async () => {
    await api(fx, "POST", "/api/v1/namespaces/watched/configmaps", cm("single"));
    const watch = await openWatch("/api/v1/namespaces/watched/configmaps/single?watch=true", { Accept: "application/json;as=Table;v=v1;g=meta.k8s.io,application/json" });
    const [first] = await watch.take(1);
    expect(first.type).toBe("ADDED");
    expect(first.object.kind).toBe("Table");
    expect(first.object.rows[0].cells[0]).toBe("single");
    watch.close();
  });

  it("reports objects entering and leaving a label selector as ADDED and DELETED", async () => {
    await api(fx, "POST", "/api/v1/namespaces/watched/configmaps", cm("mover", { stage: "draft" }));
    const rv = fx.sandbox.cluster.store.currentResourceVersion;
    const watch = await openWatch(`/api/v1/namespaces/watched/configmaps?watch=true&labelSelector=stage%3Dlive&resourceVersion=${rv}`);
    await api(fx, "PATCH", "/api/v1/namespaces/watched/configmaps/mover", { metadata: { labels: { stage: "live" } } }, "application/merge-patch+json");
    await api(fx, "PATCH", "/api/v1/namespaces/watched/configmaps/mover", { data: { v: "2" } }, "application/merge-patch+json");
    await api(fx, "PATCH", "/api/v1/namespaces/watched/configmaps/mover", { metadata: { labels: { stage: "retired" } } }, "application/merge-patch+json");
    const events = await watch.take(3);
    expect(events.map((e) => [e.type, e.object.metadata.labels.stage])).toEqual([["ADDED", "live"], ["MODIFIED", "live"], ["DELETED", "retired"]]);
    watch.close();
  });
});
