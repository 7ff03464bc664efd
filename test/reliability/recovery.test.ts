import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadChartDirectory } from "@/lib/chart/load-directory";
import type { Db } from "@/lib/db/client";
import { createKubeClient, type KubeClient } from "@/lib/kube";
import { createOperationRecorder, hooklineRenderer, ReleaseLocks, runInstall, runUpgrade } from "@/lib/lifecycle";
import { reconcileInterruptedOperations } from "@/lib/lifecycle/recovery";
import { createReleaseStore } from "@/lib/release";
import { startSandbox, type Sandbox } from "@/lib/sandbox";
import { createTestSqlite } from "@/test/helpers/database";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import { eventually } from "@/test/helpers/eventually";

describe("crash recovery of operations in flight", () => {
  let sandbox: Sandbox;
  let client: KubeClient;
  let db: Db;
  let cleanup: () => Promise<void>;
  let dir: string;

  beforeAll(async () => {
    sandbox = await startSandbox({ timing: { podStartMs: 20, podRunMs: 50 } });
    dir = await mkdtemp(path.join(os.tmpdir(), "hookline-recovery-"));
    sandbox.writeKubeconfig(path.join(dir, "kubeconfig"));
    client = createKubeClient({ kubeconfigPath: path.join(dir, "kubeconfig") });
    ({ db, cleanup } = await createTestSqlite());
  });

  afterAll(async () => {
    await cleanup?.();
    await sandbox?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it("marks an interrupted upgrade's operation interrupted and its pending release failed, which unlocks the release", async () => {
    const chart = await loadChartDirectory(path.resolve("test/reliability/charts/slow-hook"));
    const { chart: record, render } = hooklineRenderer(chart);
    const store = () => createReleaseStore({ namespace: "default", client });
    await runInstall({ kube: client, releases: store() }, { releaseName: "app", namespace: "default", chart: record, render });

    // An upgrade whose pre-upgrade hook runs for two minutes; the "process" dies while it waits.
    const recorder = await createOperationRecorder(db, { kind: "upgrade", namespace: "default", releaseName: "app", context: "sandbox" });
    const doomed = new AbortController();
    const running = runUpgrade(
      { kube: client, releases: store(), sinks: [recorder], locks: new ReleaseLocks() },
      { releaseName: "app", namespace: "default", chart: record, render, values: { message: "two" }, signal: doomed.signal },
    ).catch((e: unknown) => e);
    await eventually("the hook to be waited for", async () => {
      const op = await db.operation.findUnique({ where: { id: recorder.operationId } });
      const last = await store().last("app");
      return op?.status === "running" && last.info.status === "pending-upgrade" && (await db.hookRun.count({ where: { operationId: recorder.operationId, status: "running" } })) === 1 ? true : undefined;
    });
    await recorder.flush();

    // The next start: a new process finds the operation still "running" in the database.
    const found = await reconcileInterruptedOperations(db, () => store());
    expect(found).toEqual({
      interrupted: [{ operationId: recorder.operationId, kind: "upgrade", context: "sandbox", namespace: "default", releaseName: "app", cause: "no-owner", release: "marked-failed", revision: 2 }],
      freedLocks: [],
      deferred: [],
    });

    const op = await db.operation.findUniqueOrThrow({ where: { id: recorder.operationId }, include: { hookRuns: true, events: { orderBy: { seq: "desc" }, take: 1 } } });
    expect(op.status).toBe("interrupted");
    expect(op.error).toBe("Hookline stopped while this upgrade was running: no Hookline process is recorded as running it");
    expect(op.hookRuns.map((h) => h.status)).toEqual(["interrupted"]);
    expect(op.events[0].type).toBe("operation.finished");
    const last = await store().last("app");
    expect(last.version).toBe(2);
    expect(last.info.status).toBe("failed");
    expect(last.info.description).toBe(`Release "app" failed: Hookline stopped while this upgrade was running (operation ${recorder.operationId})`);
    const audit = await db.auditEntry.findMany({ where: { releaseName: "app", action: "upgrade-recovered" } });
    expect(audit).toHaveLength(1);
    expect(audit[0].result).toBe("failed");

    // Nothing is left stale: a second reconcile finds nothing, and the release takes a new upgrade.
    expect(await reconcileInterruptedOperations(db, () => store())).toEqual({ interrupted: [], freedLocks: [], deferred: [] });
    const next = await runUpgrade(
      { kube: client, releases: store(), locks: new ReleaseLocks() },
      { releaseName: "app", namespace: "default", chart: record, render, values: { message: "three" }, noHooks: true },
    );
    expect(next.version).toBe(3);
    expect(next.info.status).toBe("deployed");

    doomed.abort(new Error("the old process is gone"));
    await running;
  }, 120_000);

  it("leaves alone operations that a live Hookline process, here or on another host, is still running", async () => {
    const { hostname } = await import("node:os");
    const make = (owner: unknown) =>
      db.operation.create({ data: { kind: "upgrade", namespace: "default", releaseName: "other", context: "sandbox", status: "running", options: JSON.stringify({ owner }) } });
    const mine = await make({ host: hostname(), pid: process.pid });
    const remote = await make({ host: "another-hookline-host", pid: 4242 });
    const dead = await make({ host: hostname(), pid: 2 ** 22 + 17 });
    const { interrupted: found } = await reconcileInterruptedOperations(db, () => undefined);
    expect(found.map((f) => f.operationId)).toEqual([dead.id]);
    expect(found[0]).toMatchObject({ cause: "process-gone", release: "unreachable" });
    const statuses = await db.operation.findMany({ where: { id: { in: [mine.id, remote.id, dead.id] } }, select: { id: true, status: true } });
    expect(Object.fromEntries(statuses.map((s) => [s.id, s.status]))).toEqual({ [mine.id]: "running", [remote.id]: "running", [dead.id]: "interrupted" });
  });

  it("reconciles a dead operation that still holds the release when a new one starts, and the new one runs", async () => {
    const { hostname } = await import("node:os");
    const { launchOperation } = await import("@/lib/operations/runner");
    const { releaseLockKey } = await import("@/lib/db/release-lock");
    const dead = await db.operation.create({
      data: { kind: "upgrade", namespace: "default", releaseName: "app", context: "sandbox", status: "running", options: JSON.stringify({ owner: { host: hostname(), pid: 2 ** 22 + 18 } }) },
    });
    await db.releaseLock.create({ data: { key: releaseLockKey("sandbox", "default", "app"), operationId: dead.id } });
    const started = await launchOperation(
      { db, resolveCluster: () => ({ name: "sandbox", client }) },
      { id: null, name: "reliability-test" },
      { kind: "upgrade", namespace: "default", releaseName: "app", valuesYaml: "message: four", noHooks: true },
      await loadChartDirectory(path.resolve("test/reliability/charts/slow-hook")),
    );
    if (!started.ok) throw new Error(started.error);
    expect(await started.finished).toMatchObject({ result: "succeeded", revision: 4 });
    expect((await db.operation.findUniqueOrThrow({ where: { id: dead.id } })).status).toBe("interrupted");
    expect(await db.auditEntry.count({ where: { releaseName: "app", action: "upgrade-recovered" } })).toBe(2);
    expect(await db.releaseLock.count()).toBe(0);
  }, 60_000);
});

describe("recovering a release stuck in pending", () => {
  it("marks a pending-upgrade left by a dead helm CLI failed, after which helm can roll it back", async () => {
    const { helm } = await import("@/test/helpers/helm-cli");
    const { recoverPendingRelease } = await import("@/lib/lifecycle/recovery");
    const sandbox = await startSandbox({ timing: { podStartMs: 20, podRunMs: 50 } });
    const dir = await mkdtemp(path.join(os.tmpdir(), "hookline-stuck-"));
    try {
      const kubeconfig = path.join(dir, "kubeconfig");
      sandbox.writeKubeconfig(kubeconfig);
      const chart = path.resolve("test/browser/charts/hello");
      await helm(["install", "stuck", chart, "-n", "default"], kubeconfig);
      await helm(["upgrade", "stuck", chart, "-n", "default", "--set", "greeting=hi"], kubeconfig);
      const store = createReleaseStore({ namespace: "default", client: createKubeClient({ kubeconfigPath: kubeconfig }) });
      // What a helm process killed mid-upgrade leaves behind: the newest record still pending.
      const last = await store.last("stuck");
      last.info.status = "pending-upgrade";
      await store.update(last);
      await expect(helm(["upgrade", "stuck", chart, "-n", "default"], kubeconfig)).rejects.toThrow(/another operation \(install\/upgrade\/rollback\) is in progress/);

      await expect(recoverPendingRelease(store, "stuck", "alice")).resolves.toEqual({ revision: 2, previousStatus: "pending-upgrade" });
      const history = (await helm(["history", "stuck", "-n", "default", "-o", "json"], kubeconfig)).stdout;
      expect(JSON.parse(history).at(-1)).toMatchObject({ revision: 2, status: "failed", description: 'Release "stuck" failed: marked failed by alice after it was left pending-upgrade' });
      await helm(["rollback", "stuck", "1", "-n", "default"], kubeconfig);
      expect((await store.last("stuck")).info.status).toBe("deployed");
      await expect(recoverPendingRelease(store, "stuck", "alice")).rejects.toThrow("release stuck is deployed, not pending: nothing to recover");
    } finally {
      await sandbox.stop();
      await rm(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
