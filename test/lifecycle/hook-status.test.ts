/**
 * The `hook.status` event against the sandbox over HTTP: when a Job or Pod hook ends, its final status (the Job's
 * counts and conditions, each Pod's phase and container exit codes) is recorded before any delete policy removes
 * the object, with one Pod list per Job hook at most and none under --no-hooks.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { KubeClient } from "@/lib/kube";
import { LifecycleError, createOperationRecorder, lifecycleEventSchema, runInstall, runUpgrade, type Configuration, type LifecycleEvent, type Renderer } from "@/lib/lifecycle";
import type { ReleaseChart } from "@/lib/release";
import { buildTimeline } from "@/lib/timeline/model";
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

/** The configuration with a client that counts the Pod lists made by label selector (the wait lists by field). */
function counted(config: Configuration): { config: Configuration; podLists: () => string[] } {
  const selectors: string[] = [];
  const kube = new Proxy(config.kube, {
    get(target, key, receiver) {
      if (key !== "list") return Reflect.get(target, key, receiver) as unknown;
      const list: KubeClient["list"] = (apiVersion, kind, options = {}, bounds) => {
        if (kind === "Pod" && options.labelSelector) selectors.push(options.labelSelector);
        return target.list(apiVersion, kind, options, bounds);
      };
      return list;
    },
  });
  return { config: { ...config, kube }, podLists: () => selectors };
}

function indexOf(events: LifecycleEvent[], match: (e: LifecycleEvent) => boolean): number {
  const at = events.findIndex(match);
  expect(at).toBeGreaterThan(-1);
  return at;
}

describe("hook.status (sandbox over HTTP)", () => {
  it("records a hook-succeeded Job's and Pod's final status before their deletion, with one Pod list for the Job", async () => {
    const release = "status-ok";
    const { config: base, events } = env.config(NS);
    await runInstall(base, { releaseName: release, namespace: NS, chart, render, values: {} });
    const { config, podLists } = counted(base);
    const hooks = [
      { name: "status-ok-job", events: "pre-upgrade", weight: 0, policy: "hook-succeeded" },
      { name: "status-ok-pod", events: "pre-upgrade", weight: 1, kind: "Pod", policy: "hook-succeeded" },
    ];
    await runUpgrade(config, { releaseName: release, namespace: NS, chart, render, values: { hooks }, timeoutMs: 20_000 });

    const all = events.events;
    const statuses = events.ofType("hook.status");
    expect(statuses.map((s) => [s.hook, s.kind, s.event, s.position])).toEqual([
      ["status-ok-job", "Job", "pre-upgrade", 0],
      ["status-ok-pod", "Pod", "pre-upgrade", 1],
    ]);
    const [job, pod] = statuses;
    expect(job!.error).toBeUndefined();
    expect(job!.job).toMatchObject({ active: 0, succeeded: 1, failed: 0 });
    expect(job!.job!.conditions).toContainEqual(expect.objectContaining({ type: "Complete", status: "True" }));
    expect(job!.pods).toHaveLength(1);
    expect(job!.pods[0]!.name).toMatch(/^status-ok-job-/);
    expect(job!.pods[0]).toMatchObject({ phase: "Succeeded", containers: [{ name: "main", init: false, state: "terminated", exitCode: 0 }] });
    expect(pod!.job).toBeUndefined();
    expect(pod!.pods).toEqual([expect.objectContaining({ name: "status-ok-pod", phase: "Succeeded", containers: [expect.objectContaining({ state: "terminated", exitCode: 0 })] })]);
    // Recorded before the hook-succeeded policy removed them.
    for (const name of ["status-ok-job", "status-ok-pod"]) {
      const recorded = indexOf(all, (e) => e.type === "hook.status" && e.hook === name);
      const deleted = indexOf(all, (e) => e.type === "hook.deleted" && e.name === name && e.policy === "hook-succeeded");
      expect(recorded).toBeLessThan(deleted);
    }
    // One list for the Job, by the selector the API server gave it; the Pod hook's status came from its wait.
    expect(podLists()).toHaveLength(1);
    expect(podLists()[0]).toMatch(/controller-uid=[0-9a-f-]{36}/);
  }, 60_000);

  it("records a failing Job's Pod as Failed with exit code 1 before its hook-failed deletion, stored for the timeline", async () => {
    const release = "status-fail";
    const { config, events } = env.config(NS);
    await runInstall(config, { releaseName: release, namespace: NS, chart, render, values: {} });
    const { db, cleanup } = await createTestSqlite();
    const recorder = await createOperationRecorder(db, { kind: "upgrade", namespace: NS, releaseName: release });
    const hooks = [{ name: "status-boom", events: "pre-upgrade", outcome: "fail", policy: "hook-failed" }];
    try {
      const error = await runUpgrade({ ...config, sinks: [...(config.sinks ?? []), recorder] }, { releaseName: release, namespace: NS, chart, render, values: { hooks }, timeoutMs: 20_000 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(LifecycleError);
      await recorder.flush();
      expect(recorder.errors).toEqual([]);
      // The stored events replay into a timeline whose (deleted) hook bar still has the recorded pod status.
      const stored = await db.operationEvent.findMany({ where: { operationId: recorder.operationId }, orderBy: { seq: "asc" } });
      const [bar] = buildTimeline(stored.map((row) => lifecycleEventSchema.parse(JSON.parse(row.payload)))).hooks;
      expect(bar).toMatchObject({ name: "status-boom", status: "failed", aftermath: { deleted: true, policy: "hook-failed" } });
      expect(bar!.recorded?.pods[0]).toMatchObject({ phase: "Failed", containers: [{ exitCode: 1 }] });
    } finally {
      await cleanup();
    }

    const [status, ...others] = events.ofType("hook.status");
    expect(others).toEqual([]);
    expect(status).toMatchObject({ hook: "status-boom", kind: "Job", job: { succeeded: 0, failed: 1 } });
    expect(status!.job!.conditions).toContainEqual(expect.objectContaining({ type: "Failed", status: "True" }));
    expect(status!.pods).toHaveLength(1);
    expect(status!.pods[0]).toMatchObject({ phase: "Failed", containers: [{ name: "main", state: "terminated", exitCode: 1 }] });
    const recorded = indexOf(events.events, (e) => e.type === "hook.status");
    const deleted = indexOf(events.events, (e) => e.type === "hook.deleted" && e.name === "status-boom" && e.policy === "hook-failed");
    expect(recorded).toBeLessThan(deleted);
  }, 60_000);

  it("reads nothing under --no-hooks", async () => {
    const release = "status-none";
    const { config: base, events } = env.config(NS);
    await runInstall(base, { releaseName: release, namespace: NS, chart, render, values: {} });
    const { config, podLists } = counted(base);
    const hooks = [{ name: "status-none-job", events: "pre-upgrade", policy: "hook-succeeded" }];
    await runUpgrade(config, { releaseName: release, namespace: NS, chart, render, values: { hooks }, noHooks: true });
    expect(events.ofType("hook.status")).toEqual([]);
    expect(podLists()).toEqual([]);
  }, 60_000);
});
