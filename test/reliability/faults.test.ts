/**
 * Operations under the sandbox's fault injection, over real HTTP with a real SQLite recorder: for each kind of fault
 * (5xx answers, slow answers, dropped watches, forced 410 Gone) an upgrade with pre- and post-upgrade hooks and
 * `--wait` either rides it out (retries within the deadline; watches resume from their resourceVersion and re-list
 * on 410) or, when the fault persists, fails within its --timeout leaving a failed revision, the previous one still
 * deployed, nothing pending-*, and an Operation row and hook runs that say what happened.
 */
import path from "node:path";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadChartDirectory } from "@/lib/chart/load-directory";
import type { Db } from "@/lib/db/client";
import { createKubeClient, type KubeClient } from "@/lib/kube";
import { createOperationRecorder, hooklineRenderer, runInstall, runUpgrade, type Renderer } from "@/lib/lifecycle";
import { createReleaseStore, type Release, type ReleaseChart } from "@/lib/release";
import { startSandbox, type FaultSettings, type Sandbox } from "@/lib/sandbox";
import { createTestSqlite } from "@/test/helpers/database";

const CHART = path.resolve("test/lifecycle/charts/scenario");
/** Fast retries so a test rides out bursts of faults in milliseconds; the shape of the policy is the product's. */
const RETRY = { maxAttempts: 8, baseDelayMs: 20, maxDelayMs: 200 };

let sandbox: Sandbox;
let kube: KubeClient;
let db: Db;
let cleanup: () => Promise<void>;
let dir: string;
let chart: ReleaseChart;
let render: Renderer;

function values(release: string, message: string) {
  return {
    message,
    deployment: true,
    hooks: [
      { name: `${release}-migrate`, events: "pre-upgrade", duration: "300ms", policy: "before-hook-creation,hook-succeeded" },
      { name: `${release}-smoke`, events: "post-upgrade", duration: "200ms", policy: "before-hook-creation" },
    ],
  };
}

interface Outcome {
  error?: Error;
  ms: number;
  records: Release[];
  operation: { status: string; error: string | null; revision: number | null };
  hookRuns: Array<{ name: string; status: string }>;
  injected: Sandbox["faults"]["injected"];
  /** The groups the upgrade's waits listed (`Kind/name`), in order. */
  lists: string[];
}

/** Installs `release` without faults, then upgrades it with `faults` injected and reports what was left. */
async function upgradeUnder(release: string, faults: FaultSettings, timeoutMs: number): Promise<Outcome> {
  const store = () => createReleaseStore({ namespace: "default", client: kube });
  await runInstall({ kube, releases: store() }, { releaseName: release, namespace: "default", chart, render, values: values(release, "one"), wait: "watcher", timeoutMs: 20_000 });

  const recorder = await createOperationRecorder(db, { kind: "upgrade", namespace: "default", releaseName: release, context: "sandbox" });
  const before = { ...sandbox.faults.injected };
  sandbox.faults.set(faults);
  const lists: string[] = [];
  const listGroup = kube.listGroup.bind(kube);
  kube.listGroup = (group, bounds) => {
    lists.push(`${group.kind}/${group.name ?? "*"}`);
    return listGroup(group, bounds);
  };
  const started = Date.now();
  let error: Error | undefined;
  try {
    await runUpgrade(
      { kube, releases: store(), sinks: [recorder] },
      { releaseName: release, namespace: "default", chart, render, values: values(release, "two"), wait: "watcher", timeoutMs },
    );
  } catch (e) {
    error = e as Error;
  } finally {
    sandbox.faults.clear();
    kube.listGroup = listGroup;
  }
  const ms = Date.now() - started;
  await recorder.flush();
  expect(recorder.errors).toEqual([]);
  const now = sandbox.faults.injected;
  const injected = {
    delayed: now.delayed - before.delayed,
    errors: now.errors - before.errors,
    gone: now.gone - before.gone,
    shortLivedWatches: now.shortLivedWatches - before.shortLivedWatches,
  };
  const operation = await db.operation.findUniqueOrThrow({ where: { id: recorder.operationId }, include: { hookRuns: { orderBy: { startedAt: "asc" } } } });
  return {
    error,
    ms,
    records: await store().history(release),
    operation: { status: operation.status, error: operation.error, revision: operation.revision },
    hookRuns: operation.hookRuns.map((h) => ({ name: h.name, status: h.status })),
    injected,
    lists,
  };
}

function expectSucceeded(outcome: Outcome, release: string): void {
  expect(outcome.error).toBeUndefined();
  expect(outcome.records.map((r) => [r.version, r.info.status])).toEqual([
    [1, "superseded"],
    [2, "deployed"],
  ]);
  expect(outcome.operation).toEqual({ status: "succeeded", error: null, revision: 2 });
  expect(outcome.hookRuns).toEqual([
    { name: `${release}-migrate`, status: "succeeded" },
    { name: `${release}-smoke`, status: "succeeded" },
  ]);
}

/** A clean failure: revision 2 failed with the error in its description, revision 1 still deployed, no pending-*. */
function expectFailedCleanly(outcome: Outcome, timeoutMs: number): void {
  expect(outcome.error).toBeDefined();
  expect(outcome.ms).toBeLessThan(timeoutMs + 5_000);
  expect(outcome.records.map((r) => [r.version, r.info.status])).toEqual([
    [1, "deployed"],
    [2, "failed"],
  ]);
  expect(outcome.records[1]!.info.description).toContain(outcome.error!.message.split("\n")[0]!.slice(0, 60));
  expect(outcome.records.some((r) => r.info.status.startsWith("pending-"))).toBe(false);
  expect(outcome.operation.status).toBe("failed");
  expect(outcome.operation.revision).toBe(2);
  expect(outcome.operation.error).toBe(outcome.error!.message);
}

beforeAll(async () => {
  sandbox = await startSandbox({ timing: { podStartMs: 20, podRunMs: 50, volumeBindMs: 10 } });
  dir = await mkdtemp(path.join(os.tmpdir(), "hookline-faults-"));
  sandbox.writeKubeconfig(path.join(dir, "kubeconfig"));
  kube = createKubeClient({ kubeconfigPath: path.join(dir, "kubeconfig"), retryPolicy: RETRY });
  ({ db, cleanup } = await createTestSqlite());
  ({ chart, render } = hooklineRenderer(await loadChartDirectory(CHART)));
});

afterAll(async () => {
  kube?.close();
  await cleanup?.();
  await sandbox?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe("an upgrade with hooks and --wait under injected faults", () => {
  it("5xx answers on a fifth of reads, watches and repeatable writes: retried within the deadline, the upgrade succeeds", async () => {
    const rate = 0.2;
    const outcome = await upgradeUnder(
      "flaky",
      { errorCode: 503, errorRate: { get: rate, list: rate, watch: rate, update: rate, patch: rate, delete: rate } },
      20_000,
    );
    expectSucceeded(outcome, "flaky");
    expect(outcome.injected.errors).toBeGreaterThan(0);
  });

  it("5xx on every request for Jobs: the hook cannot start, the upgrade fails cleanly within its timeout", async () => {
    const outcome = await upgradeUnder("jobs-down", { errorCode: 500, errorRate: { get: 1, list: 1, watch: 1, create: 1, update: 1, patch: 1, delete: 1 }, resource: "jobs" }, 3_000);
    expectFailedCleanly(outcome, 3_000);
    expect(outcome.error!.message).toContain("pre-upgrade hooks failed");
    expect(outcome.error!.message).toContain("injected fault");
    // The before-hook-creation delete failed, so the hook never ran: no hook run is recorded as running or done.
    expect(outcome.hookRuns).toEqual([]);
  });

  it("Jobs can be written but never watched or listed: the hook's wait times out at --timeout, recorded as timed out", async () => {
    const outcome = await upgradeUnder("blind", { errorCode: 500, errorRate: { list: 1, watch: 1 }, resource: "jobs" }, 1_500);
    expectFailedCleanly(outcome, 1_500);
    expect(outcome.ms).toBeGreaterThanOrEqual(1_500);
    expect(outcome.error!.message).toContain("resource Job/default/blind-migrate not ready");
    expect(outcome.error!.message).toContain("context deadline exceeded");
    expect(outcome.hookRuns).toEqual([{ name: "blind-migrate", status: "timed out" }]);
  });

  it("5xx on the write of the new revision: nothing is left pending, the deployed revision stays, the Operation failed", async () => {
    const store = () => createReleaseStore({ namespace: "default", client: kube });
    await runInstall({ kube, releases: store() }, { releaseName: "no-record", namespace: "default", chart, render, values: values("no-record", "one"), timeoutMs: 20_000 });
    const recorder = await createOperationRecorder(db, { kind: "upgrade", namespace: "default", releaseName: "no-record", context: "sandbox" });
    // A POST that failed with 503 may or may not have been applied by a real server: it is not repeated.
    sandbox.faults.set({ errorCode: 503, errorRate: { create: 1 }, resource: "secrets" });
    const error = await runUpgrade(
      { kube, releases: store(), sinks: [recorder] },
      { releaseName: "no-record", namespace: "default", chart, render, values: values("no-record", "two"), wait: "watcher", timeoutMs: 3_000 },
    ).catch((e: Error) => e);
    sandbox.faults.clear();
    await recorder.flush();
    expect((error as Error).message).toContain("injected fault: service unavailable");
    expect((await store().history("no-record")).map((r) => [r.version, r.info.status])).toEqual([[1, "deployed"]]);
    const operation = await db.operation.findUniqueOrThrow({ where: { id: recorder.operationId } });
    expect(operation.status).toBe("failed");
    expect(operation.error).toBe((error as Error).message);
  });

  it("slow answers (80 ms on every request): the upgrade succeeds, only slower", async () => {
    const outcome = await upgradeUnder("slow", { latencyMs: 80 }, 20_000);
    expectSucceeded(outcome, "slow");
    expect(outcome.injected.delayed).toBeGreaterThan(10);
  });

  it("Jobs answering slower than the timeout: the hook fails at its deadline and the upgrade fails cleanly", async () => {
    const outcome = await upgradeUnder("stalled", { latencyMs: 5_000, resource: "jobs" }, 1_000);
    expectFailedCleanly(outcome, 1_000);
    expect(outcome.error!.message).toContain("pre-upgrade hooks failed");
    expect(outcome.error!.message).toContain("deadline exceeded");
  });

  it("watches dropped 100 ms after they open: waits resume from their resourceVersion and the upgrade succeeds", async () => {
    const outcome = await upgradeUnder("dropped", { dropWatchesAfterMs: 100 }, 20_000);
    expectSucceeded(outcome, "dropped");
    // The 300 ms hook outlives three watches; each closed watch was resumed, never replaced by a re-list: every
    // list is a wait's first look (a deletion wait, the resource wait), none is repeated.
    expect(outcome.injected.shortLivedWatches).toBeGreaterThan(3);
    expect(outcome.lists.length).toBeGreaterThan(0);
    expect(outcome.lists).toEqual([...new Set(outcome.lists)]);
  });

  it("the next watches answered 410 Gone: waits re-list and carry on, the upgrade succeeds", async () => {
    const outcome = await upgradeUnder("expired", { forceGone: 4 }, 20_000);
    expectSucceeded(outcome, "expired");
    expect(outcome.injected.gone).toBe(4);
    // A 410 is answered by a fresh list of the same group.
    expect(outcome.lists.length - new Set(outcome.lists).size).toBeGreaterThanOrEqual(1);
  });

  it("every watch answered 410 Gone: waits fall back to listing with backoff, and the upgrade still succeeds", async () => {
    const outcome = await upgradeUnder("always-expired", { forceGone: 1_000_000 }, 20_000);
    expectSucceeded(outcome, "always-expired");
    expect(outcome.injected.gone).toBeGreaterThan(4);
    // Backoff keeps a wait of a few hundred milliseconds to a handful of round trips, not a busy loop.
    expect(outcome.injected.gone).toBeLessThan(60);
  });
});
