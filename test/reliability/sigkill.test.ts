/**
 * Crash safety: a Hookline process (the server's operation runner, in a child process) runs 20 upgrades of one
 * release against the sandbox cluster and a SQLite file, and is killed with SIGKILL at seeded random points during
 * pre-upgrade hooks, apply, wait and post-upgrade hooks. After every kill the start-up reconcile runs, and the records
 * must be true: nothing left running, the killed operation interrupted, no pending release record, contiguous
 * revisions, one deployed revision (or the latest failed), the cluster's objects those of a stored revision, the
 * lock free, an audit trail for every operation; the next upgrade (in a fresh process) succeeds.
 * Reproduce a run with the seed it prints: HOOKLINE_RELIABILITY_SEED=<seed>.
 */
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadChartDirectory } from "@/lib/chart/load-directory";
import type { Db } from "@/lib/db/client";
import { createKubeClient, type KubeClient } from "@/lib/kube";
import { reconcileInterruptedOperations, type InterruptedOperation } from "@/lib/lifecycle/recovery";
import { launchOperation } from "@/lib/operations/runner";
import { createReleaseStore, type Release } from "@/lib/release";
import { startSandbox, type Sandbox } from "@/lib/sandbox";
import { createTestSqlite } from "@/test/helpers/database";
import { bundleHooklineProcess, spawnHooklineProcess, type HooklineProcess, type Line } from "./support/hookline-process";

const UPGRADES = 20;
const KILLS = 6;
const CHART = path.resolve("test/reliability/charts/phased");
const CONFIG_MAPS = 6;
/** Where a kill is aimed, and how far into that phase it may land at most (hooks and the rollout last ~150 ms). */
const TARGETS = { "pre-upgrade hooks": 120, "apply resources": 5, wait: 120, "post-upgrade hooks": 120 } as const;
type Target = keyof typeof TARGETS;

/** mulberry32: a small seeded generator, so a failing run can be replayed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Where the engine was when the process died, from the events it had printed. */
function landedIn(lines: Line[]): string {
  let where = "before any phase";
  for (const line of lines) {
    if (line.t !== "event") continue;
    if (line.type === "phase.started") where = String(line.phase);
    else if (line.type === "phase.finished") where = `after ${String(line.phase)}`;
    else if (line.type === "operation.finished") where = "finished";
  }
  return where;
}

describe("SIGKILL during 20 upgrades", () => {
  let sandbox: Sandbox;
  let kube: KubeClient;
  let db: Db;
  let dbDir: string;
  let cleanup: () => Promise<void>;
  let dir: string;
  let kubeconfig: string;
  let child: HooklineProcess | undefined;
  let bundle: { file: string; remove: () => Promise<void> };

  beforeAll(async () => {
    sandbox = await startSandbox({ timing: { podStartMs: 30, podRunMs: 50 } });
    dir = await mkdtemp(path.join(os.tmpdir(), "hookline-sigkill-"));
    kubeconfig = path.join(dir, "kubeconfig");
    sandbox.writeKubeconfig(kubeconfig);
    kube = createKubeClient({ kubeconfigPath: kubeconfig });
    ({ db, dir: dbDir, cleanup } = await createTestSqlite());
    bundle = await bundleHooklineProcess();
  });

  afterAll(async () => {
    await child?.kill("SIGKILL");
    await cleanup?.();
    await sandbox?.stop();
    await rm(dir, { recursive: true, force: true });
    await bundle?.remove();
  });

  it("never leaves a wrong or missing record after a restart", async () => {
    const seed = Number(process.env.HOOKLINE_RELIABILITY_SEED ?? Math.floor(Math.random() * 2 ** 31));
    console.log(`SIGKILL test seed ${seed} (HOOKLINE_RELIABILITY_SEED=${seed} replays it)`);
    const rand = random(seed);
    const store = () => createReleaseStore({ namespace: "default", client: kube });
    const messages = async (): Promise<Map<string, string>> => {
      const list = await kube.list("v1", "ConfigMap", { namespace: "default" });
      return new Map(list.items.filter((o) => o.metadata.name.startsWith("app-config-")).map((o) => [o.metadata.name, String((o.data as Record<string, string>).message)]));
    };

    const installed = await launchOperation(
      { db, resolveCluster: () => ({ name: "sandbox", client: kube }) },
      { id: null, name: "reliability-test" },
      { kind: "install", namespace: "default", releaseName: "app", valuesYaml: "message: installed", wait: true },
      await loadChartDirectory(CHART),
    );
    if (!installed.ok) throw new Error(installed.error);
    expect(await installed.finished).toMatchObject({ result: "succeeded", revision: 1 });

    // Which upgrades are killed (never the last: it must succeed after all the others).
    const order = Array.from({ length: UPGRADES - 1 }, (_, i) => i + 1).sort(() => rand() - 0.5);
    const killAt = new Set(order.slice(0, KILLS));
    const landed: string[] = [];
    const processEnv = { DATABASE_URL: `file:${path.join(dbDir, "hookline.db")}`, HOOKLINE_TEST_KUBECONFIG: kubeconfig, HOOKLINE_TEST_CHART: CHART };

    /** Everything that must hold whenever no Hookline process runs. */
    const checkTruth = async (before: Map<string, string>, message: string, reconciled: InterruptedOperation[], killedId?: string) => {
      expect(await db.operation.count({ where: { status: { in: ["pending", "running"] } } })).toBe(0);
      expect(await db.releaseLock.count()).toBe(0);

      const history: Release[] = (await store().history("app")).sort((a, b) => a.version - b.version);
      const versions = history.map((r) => r.version);
      expect(versions).toEqual(versions.map((_, i) => versions[0] + i));
      expect(history.filter((r) => r.info.status.startsWith("pending"))).toEqual([]);
      const latest = history.at(-1)!;
      const deployed = history.filter((r) => r.info.status === "deployed");
      expect(deployed.length).toBeLessThanOrEqual(1);
      expect(deployed.length === 1 || latest.info.status === "failed").toBe(true);

      // The cluster holds what a stored revision says: this upgrade's objects, or (after a kill) the previous ones
      // for whatever it had not applied yet.
      const now = await messages();
      expect(now.size).toBe(CONFIG_MAPS);
      if (latest.info.status === "deployed") {
        expect(latest.config.message).toBe(message);
        for (const value of now.values()) expect(value).toBe(message);
      } else {
        for (const [name, value] of now) expect([before.get(name), message]).toContain(value);
      }

      for (const entry of reconciled) {
        expect(entry).toMatchObject({ operationId: killedId, cause: "process-gone" });
        const op = await db.operation.findUniqueOrThrow({ where: { id: entry.operationId } });
        expect(op.status).toBe("interrupted");
        expect(op.error).toMatch(/^Hookline stopped while this upgrade was running: its process \(pid \d+ on .+\) is gone$/);
        if (entry.release === "marked-failed") {
          expect(op.revision).toBe(latest.version);
          expect(latest.info).toMatchObject({ status: "failed", description: `Release "app" failed: Hookline stopped while this upgrade was running (operation ${op.id})` });
        }
      }

      // Every operation has its start and its end in the audit trail.
      const audit = await db.auditEntry.findMany({ where: { releaseName: "app" } });
      for (const op of await db.operation.findMany({ where: { releaseName: "app" } })) {
        const mine = audit.filter((a) => (JSON.parse(a.details) as { operationId?: string }).operationId === op.id);
        expect(mine.map((a) => a.result), `audit of operation ${op.id}`).toContain("started");
        const ends = mine.filter((a) => a.result !== "started").map((a) => `${a.action} ${a.result}`);
        expect(ends, `audit of operation ${op.id} (${op.status})`).toEqual([op.status === "interrupted" ? `${op.kind}-recovered failed` : `${op.kind} ${op.status}`]);
      }
    };

    for (let n = 1; n <= UPGRADES; n++) {
      const message = `upgrade-${n}`;
      const before = await messages();
      child ??= spawnHooklineProcess(bundle.file, processEnv);
      await child.waitFor((l) => l.t === "ready");
      const from = child.lines.length;
      child.send({ cmd: "upgrade", releaseName: "app", namespace: "default", valuesYaml: `message: ${message}`, wait: true, timeoutSeconds: 60, reason: message });

      // Planned kills, plus any needed so that the upgrades left still reach every phase.
      const uncovered = Object.keys(TARGETS).filter((phase) => !landed.includes(phase)).length;
      const forced = n < UPGRADES && uncovered > 0 && uncovered >= UPGRADES - n;
      if (!killAt.has(n) && !forced) {
        const end = await child.waitFor((l) => l.t === "finished", from);
        expect(end, `upgrade ${n}`).toMatchObject({ result: "succeeded" });
        await checkTruth(before, message, []);
        continue;
      }

      // Aim at the phase least hit so far, at a random moment inside it.
      const counts = Object.keys(TARGETS).map((p) => [p, landed.filter((l) => l === p).length] as const);
      const least = Math.min(...counts.map(([, c]) => c));
      const candidates = counts.filter(([, c]) => c === least).map(([p]) => p as Target);
      const target = candidates[Math.floor(rand() * candidates.length)];
      const delayMs = Math.floor(rand() * TARGETS[target]);
      const launched = await child.waitFor((l) => l.t === "launched", from);
      await child.waitFor((l) => l.t === "event" && l.type === "phase.started" && l.phase === target, from);
      if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
      await child.kill("SIGKILL");
      const where = landedIn(child.lines.slice(from));
      landed.push(where);
      console.log(`upgrade ${n}: aimed at ${target} +${delayMs} ms, killed in ${where}`);
      child = undefined;

      // The next start: the start-up reconcile, exactly as scripts/start.ts runs it.
      const { interrupted } = await reconcileInterruptedOperations(db, () => store());
      if (where !== "finished") expect(interrupted.map((i) => i.operationId)).toEqual([launched.operationId]);
      await checkTruth(before, message, interrupted, String(launched.operationId));
    }
    await child?.exit();
    child = undefined;

    for (const phase of Object.keys(TARGETS)) expect(landed, `a kill during ${phase}`).toContain(phase);
    const last = await store().last("app");
    expect(last.info.status).toBe("deployed");
    expect(last.config.message).toBe(`upgrade-${UPGRADES}`);
    expect(await db.operation.count({ where: { kind: "upgrade", status: "succeeded" } })).toBe(UPGRADES - landed.length + landed.filter((l) => l === "finished").length);
  }, 240_000);
});
