/**
 * Concurrency across processes: two Hookline processes sharing one database (PostgreSQL, and one SQLite file) start
 * an upgrade of the same release at the same moment. Exactly one runs; the other is refused with "another operation
 * is in progress", and the refusal is audited; the records end consistent.
 */
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadChartDirectory } from "@/lib/chart/load-directory";
import { createDb, type Db } from "@/lib/db/client";
import { databaseConfig } from "@/lib/db/config";
import { migrateDatabase } from "@/lib/db/setup";
import { createKubeClient, type KubeClient } from "@/lib/kube";
import { launchOperation } from "@/lib/operations/runner";
import { createReleaseStore } from "@/lib/release";
import { startSandbox, type Sandbox } from "@/lib/sandbox";
import { createTestSqlite } from "@/test/helpers/database";
import { createTestDatabase, postgresAvailable } from "@/test/helpers/postgres";
import { bundleHooklineProcess, spawnHooklineProcess, type Line } from "./support/hookline-process";

const CHART = path.resolve("test/reliability/charts/phased");

describe("two Hookline processes upgrading one release at once", () => {
  let sandbox: Sandbox;
  let kube: KubeClient;
  let dir: string;
  let kubeconfig: string;
  let bundle: { file: string; remove: () => Promise<void> };
  const cleanups: Array<() => Promise<void>> = [];

  beforeAll(async () => {
    sandbox = await startSandbox({ timing: { podStartMs: 30, podRunMs: 50 } });
    dir = await mkdtemp(path.join(os.tmpdir(), "hookline-concurrent-"));
    kubeconfig = path.join(dir, "kubeconfig");
    sandbox.writeKubeconfig(kubeconfig);
    kube = createKubeClient({ kubeconfigPath: kubeconfig });
    bundle = await bundleHooklineProcess();
  });

  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
    await sandbox?.stop();
    await rm(dir, { recursive: true, force: true });
    await bundle?.remove();
  });

  async function race(db: Db, databaseUrl: string, releaseName: string) {
    // The processes start (which takes a while) as the release is installed.
    const env = { DATABASE_URL: databaseUrl, HOOKLINE_TEST_KUBECONFIG: kubeconfig, HOOKLINE_TEST_CHART: CHART };
    const processes = [spawnHooklineProcess(bundle.file, env), spawnHooklineProcess(bundle.file, env)];
    cleanups.push(async () => {
      for (const p of processes) await p.kill("SIGKILL");
    });
    const installed = await launchOperation(
      { db, resolveCluster: () => ({ name: "sandbox", client: kube }) },
      { id: null, name: "reliability-test" },
      { kind: "install", namespace: "default", releaseName, valuesYaml: "message: installed" },
      await loadChartDirectory(CHART),
    );
    if (!installed.ok) throw new Error(installed.error);
    expect((await installed.finished).result).toBe("succeeded");

    // The barrier: both are connected and waiting; then both get the command in the same tick.
    await Promise.all(processes.map((p) => p.waitFor((l) => l.t === "ready")));
    // Hooks of a second each keep the winner's upgrade running well past the moment the other one tries.
    for (const [i, p] of processes.entries()) p.send({ cmd: "upgrade", releaseName, namespace: "default", valuesYaml: `message: from-${i}\nhookDuration: 1s`, reason: `process ${i}` });
    const launched = await Promise.all(processes.map((p) => p.waitFor((l) => l.t === "launched")));

    const winners = launched.filter((l) => l.ok === true);
    const losers = launched.filter((l) => l.ok !== true);
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(1);
    expect(String(losers[0].error)).toMatch(new RegExp(`^another operation is in progress on default/${releaseName} \\(operation [0-9a-f-]{36}\\)$`));
    const winner = processes[launched.indexOf(winners[0])];
    const end: Line = await winner.waitFor((l) => l.t === "finished");
    expect(end).toMatchObject({ result: "succeeded", revision: 2 });
    await Promise.all(processes.map((p) => p.exit()));

    // Consistent records: revision 2 deployed with the winner's values, nothing running, no lock.
    const history = (await createReleaseStore({ namespace: "default", client: kube }).history(releaseName)).sort((a, b) => a.version - b.version);
    expect(history.map((r) => [r.version, r.info.status])).toEqual([
      [1, "superseded"],
      [2, "deployed"],
    ]);
    expect(history[1].config.message).toBe(`from-${launched.indexOf(winners[0])}`);
    expect(await db.releaseLock.count()).toBe(0);
    const operations = await db.operation.findMany({ where: { releaseName, kind: "upgrade" } });
    expect(operations.filter((o) => o.status === "succeeded").map((o) => o.id)).toEqual([winners[0].operationId]);
    // A loser that got past the first look at the lock has an Operation of its own, ended without running.
    for (const o of operations.filter((o) => o.id !== winners[0].operationId)) expect([o.status, o.error]).toEqual(["failed", "another operation is in progress"]);

    const audit = await db.auditEntry.findMany({ where: { releaseName, action: "upgrade" }, orderBy: { at: "asc" } });
    const denied = audit.filter((a) => a.result === "denied");
    expect(denied).toHaveLength(1);
    expect(denied[0]).toMatchObject({ actorName: "reliability-test", reason: `process ${launched.indexOf(losers[0])}` });
    expect(JSON.parse(denied[0].details)).toEqual({ why: "another operation is in progress", operationId: winners[0].operationId });
    expect(audit.filter((a) => a.result !== "denied").map((a) => [a.result, (JSON.parse(a.details) as { operationId: string }).operationId])).toEqual([
      ["started", winners[0].operationId],
      ["succeeded", winners[0].operationId],
    ]);
  }

  it("on PostgreSQL", async () => {
    if (!(await postgresAvailable())) return;
    const { url, drop } = await createTestDatabase();
    const config = databaseConfig({ DATABASE_URL: url });
    await migrateDatabase(config);
    const db = createDb(config);
    cleanups.push(async () => {
      await db.$disconnect();
      await drop();
    });
    await race(db, url, "shared-pg");
  }, 60_000);

  it("on one SQLite file", async () => {
    const { db, dir: dbDir, cleanup } = await createTestSqlite();
    cleanups.push(cleanup);
    await race(db, `file:${path.join(dbDir, "hookline.db")}`, "shared-sqlite");
  }, 60_000);
});
