/**
 * Heartbeats: an operation owned by a process on another host is reconciled once its heartbeat is older than the
 * staleness threshold, and left alone while it is fresh; a running operation keeps its heartbeat fresh, and a process
 * that finds its operation reconciled by someone else stops working on the release.
 */
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadChartDirectory } from "@/lib/chart/load-directory";
import { createDb, type Db } from "@/lib/db/client";
import { databaseConfig } from "@/lib/db/config";
import { migrateDatabase } from "@/lib/db/setup";
import { releaseLockKey } from "@/lib/db/release-lock";
import { createKubeClient, type KubeClient } from "@/lib/kube";
import { createOperationRecorder, hooklineRenderer, ReleaseLocks, runInstall, runUpgrade } from "@/lib/lifecycle";
import { operationTimings, reconcileInterruptedOperations, scheduleReconcile, type ReconcileReport } from "@/lib/lifecycle/recovery";
import { launchOperation } from "@/lib/operations/runner";
import { createReleaseStore } from "@/lib/release";
import { startSandbox, type Sandbox } from "@/lib/sandbox";
import { createTestSqlite } from "@/test/helpers/database";
import { createTestDatabase, postgresAvailable } from "@/test/helpers/postgres";
import { eventually } from "@/test/helpers/eventually";

describe("operation heartbeats", () => {
  let sandbox: Sandbox;
  let kube: KubeClient;
  let db: Db;
  let cleanup: () => Promise<void>;
  let dir: string;
  const store = () => createReleaseStore({ namespace: "default", client: kube });
  const chart = () => loadChartDirectory(path.resolve("test/reliability/charts/slow-hook"));

  beforeAll(async () => {
    sandbox = await startSandbox({ timing: { podStartMs: 20, podRunMs: 50 } });
    dir = await mkdtemp(path.join(os.tmpdir(), "hookline-heartbeat-"));
    sandbox.writeKubeconfig(path.join(dir, "kubeconfig"));
    kube = createKubeClient({ kubeconfigPath: path.join(dir, "kubeconfig") });
    ({ db, cleanup } = await createTestSqlite());
  });

  afterAll(async () => {
    await cleanup?.();
    await sandbox?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it("takes the staleness threshold from HOOKLINE_OPERATION_STALE_SECONDS", () => {
    expect(operationTimings({})).toEqual({ staleAfterMs: 60_000, heartbeatMs: 5000, reconcileEveryMs: 30_000 });
    expect(operationTimings({ HOOKLINE_OPERATION_STALE_SECONDS: "2" })).toEqual({ staleAfterMs: 2000, heartbeatMs: 500, reconcileEveryMs: 1000 });
    expect(() => operationTimings({ HOOKLINE_OPERATION_STALE_SECONDS: "soon" })).toThrow('HOOKLINE_OPERATION_STALE_SECONDS must be a positive number of seconds (got "soon")');
  });

  it("reconciles another host's operation whose heartbeat is stale, and leaves one with a fresh heartbeat alone", async () => {
    const { chart: record, render } = hooklineRenderer(await chart());
    // Two upgrades stuck in a two-minute pre-upgrade hook, as if run by a Hookline on host hookline-b.
    const started = await Promise.all(
      ["stale", "fresh"].map(async (name) => {
        await runInstall({ kube, releases: store() }, { releaseName: name, namespace: "default", chart: record, render });
        const recorder = await createOperationRecorder(db, { kind: "upgrade", namespace: "default", releaseName: name, context: "sandbox", options: { owner: { host: "hookline-b", pid: 4242 } } });
        await db.releaseLock.create({ data: { key: releaseLockKey("sandbox", "default", name), operationId: recorder.operationId } });
        const doomed = new AbortController();
        const running = runUpgrade(
          { kube, releases: store(), sinks: [recorder], locks: new ReleaseLocks() },
          { releaseName: name, namespace: "default", chart: record, render, values: { message: "two" }, signal: doomed.signal },
        ).catch((e: unknown) => e);
        await eventually(`${name}'s hook to run`, async () => ((await db.hookRun.count({ where: { operationId: recorder.operationId, status: "running" } })) === 1 ? true : undefined));
        await recorder.flush();
        return { name, id: recorder.operationId, doomed, running };
      }),
    );
    const [stale, fresh] = started;
    const now = Date.now();
    await db.operation.update({ where: { id: stale.id }, data: { heartbeatAt: new Date(now - 95_000) } });
    await db.operation.update({ where: { id: fresh.id }, data: { heartbeatAt: new Date(now - 5_000) } });

    const report = await reconcileInterruptedOperations(db, () => store(), { staleAfterMs: 60_000 });
    expect(report).toEqual({
      interrupted: [{ operationId: stale.id, kind: "upgrade", context: "sandbox", namespace: "default", releaseName: "stale", cause: "heartbeat-stale", release: "marked-failed", revision: 2 }],
      freedLocks: [],
      deferred: [],
    });
    const staleOp = await db.operation.findUniqueOrThrow({ where: { id: stale.id } });
    expect(staleOp.status).toBe("interrupted");
    expect(staleOp.error).toMatch(/^Hookline stopped while this upgrade was running: no heartbeat from its process \(pid 4242 on hookline-b\) for 9\d s$/);
    expect((await store().last("stale")).info).toMatchObject({ status: "failed", description: `Release "stale" failed: Hookline stopped while this upgrade was running (operation ${stale.id})` });
    const audit = await db.auditEntry.findMany({ where: { releaseName: "stale", action: "upgrade-recovered" } });
    expect(audit.map((a) => JSON.parse(a.details) as Record<string, unknown>)).toMatchObject([{ operationId: stale.id, cause: "heartbeat-stale", owner: { host: "hookline-b", pid: 4242 } }]);

    // The live one: untouched, still locked, its release still pending its own upgrade.
    expect((await db.operation.findUniqueOrThrow({ where: { id: fresh.id } })).status).toBe("running");
    expect((await store().last("fresh")).info.status).toBe("pending-upgrade");
    expect((await db.releaseLock.findMany()).map((l) => l.operationId)).toEqual([fresh.id]);
    expect(await db.auditEntry.count({ where: { releaseName: "fresh" } })).toBe(0);

    for (const s of started) s.doomed.abort(new Error("test over"));
    await Promise.all(started.map((s) => s.running));
    await db.releaseLock.deleteMany();
  }, 60_000);

  it("leaves an orphaned operation for a later round while its cluster does not answer", async () => {
    const gone = await startSandbox();
    const kubeconfig = path.join(dir, "gone-kubeconfig");
    gone.writeKubeconfig(kubeconfig);
    await gone.stop();
    const unreachable = createReleaseStore({ namespace: "default", client: createKubeClient({ kubeconfigPath: kubeconfig }) });
    const op = await db.operation.create({
      data: { kind: "upgrade", namespace: "default", releaseName: "far", context: "sandbox", status: "running", options: JSON.stringify({ owner: { host: "gone-host", pid: 7 } }), heartbeatAt: new Date(Date.now() - 120_000) },
    });
    await db.releaseLock.create({ data: { key: releaseLockKey("sandbox", "default", "far"), operationId: op.id } });
    expect(await reconcileInterruptedOperations(db, () => unreachable, { staleAfterMs: 60_000, only: [op.id] })).toEqual({ interrupted: [], freedLocks: [], deferred: [op.id] });
    expect((await db.operation.findUniqueOrThrow({ where: { id: op.id } })).status).toBe("running");
    expect(await db.releaseLock.count({ where: { operationId: op.id } })).toBe(1);
    // Once it answers (no such release there: nothing to settle), the operation is reconciled and the lock freed.
    const { interrupted } = await reconcileInterruptedOperations(db, () => store(), { staleAfterMs: 60_000, only: [op.id] });
    expect(interrupted.map((i) => [i.operationId, i.release])).toEqual([[op.id, "unchanged"]]);
    expect(await db.releaseLock.count({ where: { operationId: op.id } })).toBe(0);
  }, 60_000);

  it("treats a live pid of this host with a stale heartbeat as a reused pid", async () => {
    const { hostname } = await import("node:os");
    const owner = { host: hostname(), pid: process.ppid };
    const make = (heartbeatAt: Date) =>
      db.operation.create({ data: { kind: "upgrade", namespace: "default", releaseName: "reused", context: "sandbox", status: "running", options: JSON.stringify({ owner }), heartbeatAt } });
    const old = await make(new Date(Date.now() - 120_000));
    const current = await make(new Date());
    const { interrupted } = await reconcileInterruptedOperations(db, () => undefined, { staleAfterMs: 60_000 });
    expect(interrupted.map((i) => [i.operationId, i.cause])).toEqual([[old.id, "heartbeat-stale"]]);
    expect((await db.operation.findUniqueOrThrow({ where: { id: current.id } })).status).toBe("running");
    await db.operation.update({ where: { id: current.id }, data: { status: "failed" } });
  });

  it("keeps a running operation's heartbeat fresh; when another process reconciles it anyway, its owner stops", async () => {
    const loaded = await chart();
    const { chart: record, render } = hooklineRenderer(loaded);
    await runInstall({ kube, releases: store() }, { releaseName: "live", namespace: "default", chart: record, render });
    const launched = await launchOperation(
      { db, resolveCluster: () => ({ name: "sandbox", client: kube }), heartbeatMs: 100 },
      { id: null, name: "reliability-test" },
      { kind: "upgrade", namespace: "default", releaseName: "live", valuesYaml: "message: live" },
      loaded,
    );
    if (!launched.ok) throw new Error(launched.error);
    const id = launched.operationId;
    await eventually("the hook to run", async () => ((await db.hookRun.count({ where: { operationId: id, status: "running" } })) === 1 ? true : undefined));
    const op = await db.operation.findUniqueOrThrow({ where: { id } });
    await new Promise((r) => setTimeout(r, 400));
    const renewed = await db.operation.findUniqueOrThrow({ where: { id } });
    expect(renewed.heartbeatAt!.getTime()).toBeGreaterThan(op.heartbeatAt!.getTime());

    // Another Hookline (another host, so the pid says nothing) sees a fresh heartbeat and leaves it alone.
    const elsewhere = { self: { host: "hookline-b", pid: 1 }, staleAfterMs: 1000 };
    expect(await reconcileInterruptedOperations(db, () => store(), elsewhere)).toEqual({ interrupted: [], freedLocks: [], deferred: [] });
    expect((await db.operation.findUniqueOrThrow({ where: { id } })).status).toBe("running");

    // Seen from two minutes later (a network partition, say), it is stale: reconciled, and the owner gives up.
    const later = await reconcileInterruptedOperations(db, () => store(), { ...elsewhere, now: new Date(Date.now() + 120_000) });
    expect(later.interrupted.map((i) => [i.operationId, i.cause, i.release])).toEqual([[id, "heartbeat-stale", "marked-failed"]]);
    const end = await launched.finished;
    expect(end.result).toBe("failed");
    const final = await db.operation.findUniqueOrThrow({ where: { id } });
    expect(final.status).toBe("interrupted");
    expect(await db.releaseLock.count()).toBe(0);
    const ends = await db.auditEntry.findMany({ where: { releaseName: "live" }, orderBy: { at: "asc" } });
    expect(ends.map((a) => `${a.action} ${a.result}`)).toEqual(["upgrade started", "upgrade-recovered failed", "upgrade failed"]);
    expect(JSON.parse(ends[2].details)).toMatchObject({ operationId: id, lostOwnership: true });
    const last = await store().last("live");
    expect(last.info.status).toBe("failed");
  }, 60_000);
});

describe("reconcilers running at the same time", () => {
  /**
   * Two processes' reconcilers find the same dead operation: it is recorded once, whoever wins. (PostgreSQL only:
   * two SQLite clients in one process block each other, better-sqlite3 waits for locks synchronously; the SQLite
   * file shared by two processes is covered by concurrent-processes.test.ts.)
   */
  async function bothReconcile(a: Db, b: Db) {
    const op = await a.operation.create({
      data: { kind: "rollback", namespace: "default", releaseName: "twice", context: "sandbox", status: "running", options: JSON.stringify({ owner: { host: "gone-host", pid: 7 } }), heartbeatAt: new Date(Date.now() - 300_000) },
    });
    await a.releaseLock.create({ data: { key: releaseLockKey("sandbox", "default", "twice"), operationId: op.id } });
    const reports = await Promise.all([a, b].map((db) => reconcileInterruptedOperations(db, () => undefined, { staleAfterMs: 60_000 })));
    expect(reports.flatMap((r) => r.interrupted.map((i) => i.operationId))).toEqual([op.id]);
    expect((await b.operation.findUniqueOrThrow({ where: { id: op.id } })).status).toBe("interrupted");
    expect(await b.auditEntry.count({ where: { releaseName: "twice", action: "rollback-recovered" } })).toBe(1);
    expect(await b.operationEvent.count({ where: { operationId: op.id } })).toBe(1);
    expect(await b.releaseLock.count()).toBe(0);
  }

  it("on PostgreSQL", async () => {
    if (!(await postgresAvailable())) return;
    const { url, drop } = await createTestDatabase();
    const config = databaseConfig({ DATABASE_URL: url });
    await migrateDatabase(config);
    const [a, b] = [createDb(config), createDb(config)];
    try {
      await bothReconcile(a, b);
    } finally {
      await a.$disconnect();
      await b.$disconnect();
      await drop();
    }
  });

  it("frees locks left by a dead process after its operation ended, auditing the end it had not; leaves a live process's to it", async () => {
    const { db, cleanup } = await createTestSqlite();
    try {
      const { hostname } = await import("node:os");
      const ended = await db.operation.create({
        data: { kind: "upgrade", namespace: "default", releaseName: "ended", status: "succeeded", options: JSON.stringify({ owner: { host: hostname(), pid: 2 ** 22 + 17 } }) },
      });
      const finishing = await db.operation.create({
        data: { kind: "upgrade", namespace: "default", releaseName: "finishing", status: "succeeded", options: JSON.stringify({ owner: { host: hostname(), pid: process.ppid } }), heartbeatAt: new Date() },
      });
      for (const op of [ended, finishing]) await db.releaseLock.create({ data: { key: releaseLockKey("sandbox", "default", op.releaseName), operationId: op.id } });
      expect(await reconcileInterruptedOperations(db, () => undefined, { staleAfterMs: 60_000 })).toEqual({ interrupted: [], freedLocks: ["sandbox/default/ended"], deferred: [] });
      expect((await db.releaseLock.findMany()).map((l) => l.operationId)).toEqual([finishing.id]);
      expect((await db.operation.findUniqueOrThrow({ where: { id: ended.id } })).status).toBe("succeeded");
      const audit = await db.auditEntry.findMany();
      expect(audit.map((a) => [a.actorName, a.action, a.result, a.releaseName, (JSON.parse(a.details) as { operationId: string }).operationId])).toEqual([
        ["hookline", "upgrade", "succeeded", "ended", ended.id],
      ]);
      // Only once: a second round finds nothing to do.
      expect(await reconcileInterruptedOperations(db, () => undefined, { staleAfterMs: 60_000 })).toEqual({ interrupted: [], freedLocks: [], deferred: [] });
    } finally {
      await cleanup();
    }
  });

  it("runs periodically while Hookline runs", async () => {
    const { db, cleanup } = await createTestSqlite();
    try {
      const dead = await db.operation.create({
        data: { kind: "upgrade", namespace: "default", releaseName: "dead", status: "running", options: JSON.stringify({ owner: { host: "gone-host", pid: 7 } }), heartbeatAt: new Date() },
      });
      const reports: Array<ReconcileReport | Error> = [];
      const stop = scheduleReconcile(() => reconcileInterruptedOperations(db, () => undefined, { staleAfterMs: 300 }), 100, (r) => reports.push(r));
      try {
        // Fresh at first; once its heartbeat is 300 ms old, a later round finds it.
        await eventually("the dead operation to be reconciled", async () => (reports.some((r) => !(r instanceof Error) && r.interrupted.length > 0) ? true : undefined), 10_000);
      } finally {
        stop();
      }
      expect(reports.filter((r) => r instanceof Error)).toEqual([]);
      expect(reports.length).toBeGreaterThan(1);
      expect(reports.flatMap((r) => (r instanceof Error ? [] : r.interrupted.map((i) => [i.operationId, i.cause])))).toEqual([[dead.id, "heartbeat-stale"]]);
    } finally {
      await cleanup();
    }
  });
});
