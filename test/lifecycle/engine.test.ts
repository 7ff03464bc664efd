/**
 * Hookline's own guarantees on top of helm's behaviour, against the sandbox over HTTP: typed events in order
 * (logs captured before a failed hook is deleted), the Prisma recorder (Operation, OperationEvent, HookRun rows),
 * the in-process per-release lock, cancellation (failure path runs, operation recorded as cancelled, release
 * failed with a clear description), per-hook timeouts and duplicate events.
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadChartDirectory } from "@/lib/chart/node";
import {
  LifecycleError,
  OperationInProgressError,
  createOperationRecorder,
  hooklineRenderer,
  lifecycleEventSchema,
  runInstall,
  runRollback,
  runUpgrade,
  type EventSink,
  type LifecycleEvent,
  type Renderer,
} from "@/lib/lifecycle";
import type { ReleaseChart } from "@/lib/release";
import { createTestSqlite } from "@/test/helpers/database";
import { startLifecycleEnv, type LifecycleEnv } from "./helpers/env";
import { renderWithHelmTemplate } from "./helpers/helm-render";

let env: LifecycleEnv;
let chart: ReleaseChart;
let render: Renderer;
const NS = "default";

beforeAll(async () => {
  env = await startLifecycleEnv();
  ({ chart, render } = await renderWithHelmTemplate());
});
afterAll(async () => {
  await env?.stop();
});

/** A sink that runs `action` the first time an event matches. */
function onFirst(match: (e: LifecycleEvent) => boolean, action: () => void): EventSink {
  let fired = false;
  return {
    emit(e) {
      if (!fired && match(e)) {
        fired = true;
        action();
      }
    },
  };
}

describe("lifecycle engine (sandbox over HTTP)", () => {
  it("records events, hook runs and logs with Prisma; logs of a failed hook are captured before it is deleted", async () => {
    const { db, cleanup } = await createTestSqlite();
    try {
      const release = "rec";
      const { config } = env.config(NS);
      await runInstall(config, { releaseName: release, namespace: NS, chart, render, values: {} });
      const recorder = await createOperationRecorder(db, { kind: "upgrade", namespace: NS, releaseName: release, options: { timeout: "20s" } });
      const hooks = [
        { name: "rec-ok", events: "pre-upgrade", weight: 0, policy: "hook-succeeded", logs: "migration done" },
        { name: "rec-cm", events: "pre-upgrade", weight: 1, kind: "ConfigMap" },
        { name: "rec-boom", events: "pre-upgrade", weight: 2, outcome: "fail", policy: "hook-failed", logs: "boom: table missing" },
      ];
      const error = await runUpgrade({ ...config, sinks: [...(config.sinks ?? []), recorder] }, {
        releaseName: release,
        namespace: NS,
        chart,
        render,
        values: { hooks },
        timeoutMs: 20_000,
      }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(LifecycleError);
      await recorder.flush();
      expect(recorder.errors).toEqual([]);

      const operation = await db.operation.findUniqueOrThrow({ where: { id: recorder.operationId } });
      expect(operation).toMatchObject({ kind: "upgrade", status: "failed", revision: 2, releaseName: release });
      expect(operation.error).toBe("pre-upgrade hooks failed: resource Job/default/rec-boom not ready. status: Failed, message: Job Failed. failed: 1/1");
      expect(operation.finishedAt).toBeInstanceOf(Date);

      const stored = await db.operationEvent.findMany({ where: { operationId: recorder.operationId }, orderBy: { seq: "asc" } });
      const events = stored.map((row) => lifecycleEventSchema.parse(JSON.parse(row.payload)));
      expect(stored.map((r) => r.seq)).toEqual(stored.map((_, i) => i + 1));
      expect(events[0]!.type).toBe("operation.started");
      expect(events.at(-1)).toMatchObject({ type: "operation.finished", outcome: "failed" });
      const boom = events.filter((e) => "name" in e && e.name === "rec-boom").map((e) => e.type);
      expect(boom).toEqual(["hook.running", "hook.created", "hook.failed", "hook.deleted"]);
      const logsAt = events.findIndex((e) => e.type === "logs.captured" && e.hook === "rec-boom");
      const deletedAt = events.findIndex((e) => e.type === "hook.deleted" && e.name === "rec-boom" && e.policy === "hook-failed");
      expect(logsAt).toBeGreaterThan(-1);
      expect(logsAt).toBeLessThan(deletedAt);

      const runs = await db.hookRun.findMany({ where: { operationId: recorder.operationId }, orderBy: { startedAt: "asc" } });
      expect(runs.map((r) => [r.name, r.kind, r.status, r.deleteOutcome, r.deletedBy])).toEqual([
        ["rec-ok", "Job", "succeeded", "deleted", "hook-succeeded"],
        ["rec-cm", "ConfigMap", "succeeded", "retained: no hook-succeeded delete policy", null],
        ["rec-boom", "Job", "failed", "deleted", "hook-failed"],
      ]);
      expect(runs[2]!.logs).toContain("boom: table missing");
      expect(runs[2]!.manifest).toContain("name: rec-boom");
      expect(JSON.parse(runs[0]!.deletePolicies)).toEqual(["hook-succeeded"]);
      expect(runs.every((r) => r.startedAt && r.finishedAt && r.finishedAt >= r.startedAt)).toBe(true);
    } finally {
      await cleanup();
    }
  }, 60_000);

  it("never lets two Hookline operations on one release interleave, and releases the lock afterwards", async () => {
    const release = "locked";
    const { config } = env.config(NS);
    await runInstall(config, { releaseName: release, namespace: NS, chart, render, values: {} });
    const slow = [{ name: "locked-slow", events: "pre-upgrade", duration: "1500ms", policy: "hook-succeeded" }];
    let started!: () => void;
    const hookStarted = new Promise<void>((resolve) => (started = resolve));
    const upgrade = runUpgrade(
      { ...config, sinks: [onFirst((e) => e.type === "hook.created", () => started())] },
      { releaseName: release, namespace: NS, chart, render, values: { hooks: slow } },
    );
    await hookStarted;
    const second = await runRollback(config, { releaseName: release, namespace: NS, revision: 1 }).catch((e: unknown) => e);
    expect(second).toBeInstanceOf(OperationInProgressError);
    expect((second as Error).message).toBe(`another operation is in progress for release ${NS}/${release} (upgrade)`);
    await expect(upgrade).resolves.toMatchObject({ version: 2, info: { status: "deployed" } });
    await expect(runRollback(config, { releaseName: release, namespace: NS, revision: 1 })).resolves.toMatchObject({ version: 3 });
  }, 60_000);

  it("cancellation stops the wait, runs the failure path and records the operation as cancelled", async () => {
    const { db, cleanup } = await createTestSqlite();
    try {
      const release = "cancel";
      const { config, events } = env.config(NS);
      await runInstall(config, { releaseName: release, namespace: NS, chart, render, values: {} });
      const recorder = await createOperationRecorder(db, { kind: "upgrade", namespace: NS, releaseName: release });
      const controller = new AbortController();
      const hooks = [{ name: "cancel-hang", events: "pre-upgrade", outcome: "hang", policy: "hook-failed" }];
      const began = Date.now();
      const error = await runUpgrade(
        { ...config, sinks: [...(config.sinks ?? []), recorder, onFirst((e) => e.type === "hook.created", () => controller.abort())] },
        { releaseName: release, namespace: NS, chart, render, values: { hooks }, timeoutMs: 60_000, signal: controller.signal },
      ).catch((e: unknown) => e);
      expect(Date.now() - began).toBeLessThan(15_000);
      expect(error).toBeInstanceOf(LifecycleError);
      expect((error as LifecycleError).cancelled).toBe(true);
      const records = await env.records(release, NS);
      expect(records.map((r) => [r.version, r.info.status, r.info.description])).toEqual([
        [1, "deployed", "Install complete"],
        [2, "failed", 'Upgrade "cancel" failed: pre-upgrade hooks failed: context canceled'],
      ]);
      expect(records[1]!.hooks[0]!.last_run.phase).toBe("Failed");
      // The failure path ran: hook-failed deleted the hanging Job.
      expect(await env.kube.get({ apiVersion: "batch/v1", kind: "Job", name: "cancel-hang", namespace: NS })).toBeUndefined();
      expect(events.ofType("hook.deleted").filter((e) => e.policy === "hook-failed").map((e) => e.name)).toEqual(["cancel-hang"]);
      expect(events.ofType("operation.finished").at(-1)).toMatchObject({ outcome: "cancelled" });
      await recorder.flush();
      expect((await db.operation.findUniqueOrThrow({ where: { id: recorder.operationId } })).status).toBe("cancelled");
    } finally {
      await cleanup();
    }
  }, 60_000);

  it("a cancelled rollback hook marks the revision failed instead of leaving it pending", async () => {
    const release = "cancel-rb";
    const { config } = env.config(NS);
    const hooks = [{ name: "cancel-rb-hang", events: "pre-rollback", outcome: "hang" }];
    await runInstall(config, { releaseName: release, namespace: NS, chart, render, values: { hooks } });
    await runUpgrade(config, { releaseName: release, namespace: NS, chart, render, values: { hooks, message: "two" } });
    const controller = new AbortController();
    const error = await runRollback(
      { ...config, sinks: [onFirst((e) => e.type === "hook.created", () => controller.abort())] },
      { releaseName: release, namespace: NS, revision: 1, signal: controller.signal },
    ).catch((e: unknown) => e);
    expect((error as LifecycleError).cancelled).toBe(true);
    const last = (await env.records(release, NS)).at(-1)!;
    expect([last.version, last.info.status, last.info.description]).toEqual([3, "failed", 'Release "cancel-rb" failed: context canceled']);
  }, 60_000);

  it("reports a hook that exceeds --timeout as timed out, and applies the timeout to each hook", async () => {
    const release = "slowpoke";
    const { config, events } = env.config(NS);
    const hooks = [
      { name: "slow-1", events: "pre-install", duration: "1200ms", policy: "hook-succeeded" },
      { name: "slow-2", events: "pre-install", duration: "1200ms", weight: 1, policy: "hook-succeeded" },
      { name: "slow-3", events: "post-install", outcome: "hang" },
    ];
    const began = Date.now();
    const error = await runInstall(config, { releaseName: release, namespace: NS, chart, render, values: { hooks }, timeoutMs: 2_000 }).catch((e: unknown) => e);
    // The two 1.2 s hooks each fit into the 2 s timeout although together they exceed it.
    expect(events.ofType("hook.succeeded").map((e) => e.name)).toEqual(["slow-1", "slow-2"]);
    expect(events.ofType("hook.timedOut").map((e) => e.name)).toEqual(["slow-3"]);
    expect(Date.now() - began).toBeGreaterThan(4_000);
    expect((error as Error).message).toBe(
      "failed post-install: resource Job/default/slow-3 not ready. status: InProgress, message: Job in progress\ncontext deadline exceeded",
    );
  }, 60_000);

  it("runs a hook twice when its event is listed twice, and reports each run", async () => {
    const release = "twice";
    const { config, events } = env.config(NS);
    const hooks = [{ name: "twice-hook", events: "post-install,post-install", policy: "before-hook-creation" }];
    await runInstall(config, { releaseName: release, namespace: NS, chart, render, values: { hooks } });
    expect(events.ofType("hook.succeeded").map((e) => [e.name, e.position])).toEqual([
      ["twice-hook", 0],
      ["twice-hook", 1],
    ]);
    const creates = env.writes().filter((w) => w === "apply Job/twice-hook");
    expect(creates).toHaveLength(2);
  }, 60_000);

  it("refuses an invalid release name and a name still in use, as helm does", async () => {
    const { config } = env.config(NS);
    await expect(runInstall(config, { releaseName: "Bad_Name", namespace: NS, chart, render })).rejects.toThrow(/invalid release name/);
    await runInstall(config, { releaseName: "taken", namespace: NS, chart, render });
    await expect(runInstall(config, { releaseName: "taken", namespace: NS, chart, render })).rejects.toThrow(
      "release name check failed: cannot reuse a name that is still in use",
    );
  }, 60_000);

  it("--create-namespace creates the release namespace before installing into it", async () => {
    const { config } = env.config("fresh-ns");
    await runInstall(config, { releaseName: "nsr", namespace: "fresh-ns", chart, render, createNamespace: true });
    const ns = await env.kube.get({ apiVersion: "v1", kind: "Namespace", name: "fresh-ns" });
    expect(ns?.metadata.labels?.name).toBe("fresh-ns");
    expect(await env.kube.get({ apiVersion: "v1", kind: "ConfigMap", name: "nsr-config", namespace: "fresh-ns" })).toBeDefined();
    expect((await env.records("nsr", "fresh-ns")).map((r) => r.info.status)).toEqual(["deployed"]);
  }, 60_000);

  it("emits a succeeded hook's logs when its output-log policy asks, right before its hook-succeeded deletion", async () => {
    const release = "loggy";
    const { config, events } = env.config(NS);
    const hooks = [
      { name: "loggy-a", events: "post-install", outputLog: "hook-succeeded", policy: "hook-succeeded", logs: "a says done" },
      { name: "loggy-b", events: "post-install", weight: 1, outputLog: "hook-succeeded", kind: "Pod", logs: "b says done" },
    ];
    await runInstall(config, { releaseName: release, namespace: NS, chart, render, values: { hooks } });
    const trail = events.events
      .filter((e) => e.type === "logs.captured" || (e.type === "hook.deleted" && e.policy === "hook-succeeded") || e.type === "hook.retained")
      .map((e) => `${e.type} ${e.type === "logs.captured" ? `${e.hook} ${e.emitted} ${e.text.trim()}` : "name" in e ? e.name : ""}`);
    // Reverse execution order: b first (kept: no hook-succeeded policy), then a (logs, then deleted).
    expect(trail).toEqual([
      "logs.captured loggy-b true b says done",
      "hook.retained loggy-b",
      "logs.captured loggy-a true a says done",
      "hook.deleted loggy-a",
    ]);
  }, 60_000);

  it("installs the chart's CRDs in their own phase before anything else, and reports each as created", async () => {
    const loaded = hooklineRenderer(await loadChartDirectory(path.resolve(import.meta.dirname, "charts", "crd-app")));
    const { config, events } = env.config(NS);
    await runInstall(config, { releaseName: "crd-events", namespace: NS, chart: loaded.chart, render: loaded.render, crds: loaded.crds, values: {} });
    const steps = events.events
      .filter((e) => e.type === "phase.started" || e.type === "resource.created" || e.type === "release.recorded")
      .map((e) => (e.type === "phase.started" ? e.phase : e.type === "resource.created" ? `created ${e.kind}` : `recorded ${e.status}`));
    expect(steps).toEqual([
      "install CRDs",
      "created CustomResourceDefinition",
      "recorded pending-install",
      "pre-install hooks",
      "apply resources",
      "created ConfigMap",
      "created Widget",
      "wait",
      "post-install hooks",
      "recorded deployed",
    ]);
    for (const e of events.events) expect(lifecycleEventSchema.safeParse(e).success).toBe(true);
  }, 60_000);
});
