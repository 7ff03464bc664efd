/** State surviving restarts, reset, the audit log (code and HTTP) and fault injection. */
import http from "node:http";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandbox } from "@/lib/sandbox";
import { AuditLog } from "@/lib/sandbox/audit/audit-log";
import { ScenarioBook } from "@/lib/sandbox/scenarios/scenario-book";
import { ObjectStore } from "@/lib/sandbox/store/object-store";
import { StateFile } from "@/lib/sandbox/store/persistence";
import { FAST_TIMING, type Json, type SandboxFixture, api, startFixture } from "./support/sandbox-fixture";


describe("persistence", () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "hookline-sandbox-persist-"));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it("keeps objects, resourceVersions and the audit log across a restart, and reset() empties them", async () => {
    const first = await startSandbox({ dataDir, timing: FAST_TIMING });
    const created = await fetch(`${first.url}/api/v1/namespaces/default/configmaps`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ metadata: { name: "kept" }, data: { v: "1" } }),
    }).then((r) => r.json() as Promise<Json>);
    await first.stop();

    const second = await startSandbox({ dataDir, timing: FAST_TIMING });
    try {
      const kept = (await fetch(`${second.url}/api/v1/namespaces/default/configmaps/kept`).then((r) => r.json())) as Json;
      expect(kept.metadata.uid).toBe(created.metadata.uid);
      expect(kept.data).toEqual({ v: "1" });
      const next = (await fetch(`${second.url}/api/v1/namespaces/default/configmaps`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ metadata: { name: "after" } }),
      }).then((r) => r.json())) as Json;
      expect(Number(next.metadata.resourceVersion)).toBeGreaterThan(Number(created.metadata.resourceVersion));
      expect(second.audit.entries({ clientsOnly: true }).map((e) => e.name)).toContain("kept");

      const crd = {
        apiVersion: "apiextensions.k8s.io/v1",
        kind: "CustomResourceDefinition",
        metadata: { name: "gadgets.example.com" },
        spec: { group: "example.com", scope: "Namespaced", names: { kind: "Gadget", plural: "gadgets" }, versions: [{ name: "v1", served: true, storage: true }] },
      };
      await fetch(`${second.url}/apis/apiextensions.k8s.io/v1/customresourcedefinitions`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(crd) });
      expect((await fetch(`${second.url}/apis/example.com/v1/namespaces/default/gadgets`)).status).toBe(200);

      await second.reset();
      expect((await fetch(`${second.url}/api/v1/namespaces/default/configmaps/kept`)).status).toBe(404);
      expect((await fetch(`${second.url}/apis/example.com/v1/namespaces/default/gadgets`)).status).toBe(404);
      expect((await fetch(`${second.url}/api/v1/namespaces/default`)).status).toBe(200);
      expect(second.audit.entries({ clientsOnly: true })).toEqual([]);
    } finally {
      await second.stop();
    }
    const third = await startSandbox({ dataDir, timing: FAST_TIMING });
    expect((await fetch(`${third.url}/api/v1/namespaces/default/configmaps/kept`)).status).toBe(404);
    await third.stop();
  });
});

describe("change log", () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "hookline-sandbox-log-"));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it("recovers writes that only reached the append log, as after a crash", async () => {
    const running = await startSandbox({ dataDir, timing: FAST_TIMING });
    try {
      const created = await fetch(`${running.url}/api/v1/namespaces/default/secrets`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ metadata: { name: "logged" }, stringData: { token: "abc" } }),
      });
      expect(created.status).toBe(201);
      running.scenarios.add({ kind: "Job", name: "later", action: "hang" });
      await new Promise((r) => setTimeout(r, 400));
      // Read the directory while the sandbox still runs: only the start-up snapshot and the appended log exist.
      const state = new StateFile(dataDir, { store: new ObjectStore(), audit: new AuditLog(), scenarios: new ScenarioBook() }).read();
      const names = state!.store.entries.map((e) => (e.object.metadata as Json).name);
      expect(names).toContain("logged");
      expect(state!.scenarios.map((s) => s.name)).toEqual(["later"]);
      expect(state!.audit.entries.some((e) => e.name === "logged" && e.verb === "create")).toBe(true);
      expect(state!.store.resourceVersion).toBe(running.cluster.store.currentResourceVersion);
    } finally {
      await running.stop();
    }
  });
});

describe("audit and faults", () => {
  let fx: SandboxFixture;
  beforeAll(async () => {
    fx = await startFixture();
  });
  afterAll(async () => {
    await fx.stop();
  });

  it("records every write with verb, kind, namespace, name, resourceVersion, code and actor", async () => {
    const since = fx.sandbox.audit.lastSeq;
    await api(fx, "POST", "/api/v1/namespaces/default/configmaps?fieldManager=tester", { metadata: { name: "audited" } });
    await api(fx, "PATCH", "/api/v1/namespaces/default/configmaps/audited?fieldManager=tester", { data: { a: "1" } }, "application/merge-patch+json");
    await api(fx, "DELETE", "/api/v1/namespaces/default/configmaps/audited");
    await api(fx, "DELETE", "/api/v1/namespaces/default/configmaps/audited");
    const { body } = await api(fx, "GET", `/sandbox/v1/audit?since=${since}&clientsOnly=true`);
    const rows = (body.items as Json[]).map((e) => [e.verb, e.kind, e.namespace, e.name, e.code]);
    expect(rows).toEqual([
      ["create", "ConfigMap", "default", "audited", 201],
      ["patch", "ConfigMap", "default", "audited", 200],
      ["delete", "ConfigMap", "default", "audited", 200],
      ["delete", "ConfigMap", "default", "audited", 404],
    ]);
    expect(body.items[0]).toMatchObject({ actor: "tester", apiVersion: "v1", resource: "configmaps", resourceVersion: expect.stringMatching(/^\d+$/) });
    expect(body.items[3].resourceVersion).toBeUndefined();
    expect(fx.sandbox.audit.entries({ since, actor: "tester" })).toHaveLength(2);
  });

  it("injects latency and per-verb errors for one resource only", async () => {
    await api(fx, "PUT", "/sandbox/v1/faults", { latencyMs: 300, errorRate: { create: 1 }, errorCode: 503, resource: "configmaps" });
    const started = Date.now();
    const failed = await api(fx, "POST", "/api/v1/namespaces/default/configmaps", { metadata: { name: "faulty" } });
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(failed.status).toBe(503);
    expect(failed.body).toMatchObject({ kind: "Status", reason: "ServiceUnavailable", code: 503 });
    expect((await api(fx, "POST", "/api/v1/namespaces/default/secrets", { metadata: { name: "unaffected" } })).status).toBe(201);
    await api(fx, "DELETE", "/sandbox/v1/faults");
    expect((await api(fx, "POST", "/api/v1/namespaces/default/configmaps", { metadata: { name: "faulty" } })).status).toBe(201);
  });

  it("forces 410 Gone and drops open watches on request", async () => {
    fx.sandbox.faults.set({ forceGone: 1 });
    const rv = fx.sandbox.cluster.store.currentResourceVersion;
    const gone = await api(fx, "GET", `/api/v1/namespaces/default/configmaps?resourceVersion=${rv}&resourceVersionMatch=NotOlderThan`);
    expect(gone.status).toBe(410);
    expect(gone.body.reason).toBe("Expired");
    expect((await api(fx, "GET", `/api/v1/namespaces/default/configmaps?resourceVersion=${rv}`)).status).toBe(200);

    const ended = new Promise<number>((resolve) => {
      const started = Date.now();
      http.get(`${fx.sandbox.url}/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=${rv}`, (res) => {
        res.resume();
        res.on("end", () => resolve(Date.now() - started));
      });
    });
    await new Promise((r) => setTimeout(r, 200));
    await api(fx, "POST", "/sandbox/v1/faults/drop-watches");
    expect(await ended).toBeLessThan(5000);

    fx.sandbox.faults.set({ dropWatchesAfterMs: 300 });
    const lifetime = await new Promise<number>((resolve) => {
      const started = Date.now();
      http.get(`${fx.sandbox.url}/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=${rv}`, (res) => {
        res.resume();
        res.on("end", () => resolve(Date.now() - started));
      });
    });
    expect(lifetime).toBeGreaterThanOrEqual(250);
    expect(lifetime).toBeLessThan(3000);
    fx.sandbox.faults.clear();
  });
});
