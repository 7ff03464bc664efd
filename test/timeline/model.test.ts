import { describe, expect, it } from "vitest";
import { lifecycleEventSchema, type LifecycleEvent } from "@/lib/lifecycle/events";
import { buildTimeline, durationMs, formatDuration } from "@/lib/timeline/model";

const hook = (name: string, position: number, weight = 0, deletePolicies = ["hook-succeeded"]) => ({
  event: "pre-upgrade",
  kind: "Job",
  name,
  namespace: "default",
  weight,
  path: `demo/templates/${name}.yaml`,
  deletePolicies,
  position,
});

/** Events of an upgrade whose second pre-upgrade hook fails, validated against the engine's own schema. */
const failedUpgrade: LifecycleEvent[] = [
  { type: "operation.started", at: "2026-11-24T10:00:00.000Z", operation: "upgrade", release: "demo", namespace: "default" },
  { type: "release.recorded", at: "2026-11-24T10:00:00.100Z", revision: 2, status: "pending-upgrade", description: "Preparing upgrade", write: "create" },
  { type: "phase.started", at: "2026-11-24T10:00:00.200Z", phase: "pre-upgrade hooks" },
  { type: "hook.deleted", at: "2026-11-24T10:00:00.250Z", ...hook("announce", 0), policy: "before-hook-creation", existed: false },
  { type: "hook.running", at: "2026-11-24T10:00:00.300Z", ...hook("announce", 0), manifest: "kind: Job" },
  { type: "hook.created", at: "2026-11-24T10:00:00.350Z", ...hook("announce", 0) },
  { type: "hook.succeeded", at: "2026-11-24T10:00:01.300Z", ...hook("announce", 0) },
  { type: "hook.running", at: "2026-11-24T10:00:01.400Z", ...hook("db-backup", 1, 5, []), manifest: "kind: Job\nmetadata: {name: db-backup}" },
  { type: "hook.created", at: "2026-11-24T10:00:01.450Z", ...hook("db-backup", 1, 5, []) },
  { type: "logs.captured", at: "2026-11-24T10:00:04.000Z", hook: "db-backup", event: "pre-upgrade", position: 1, pod: "db-backup-x1", container: "backup", text: "pg_dump: connection refused\n", emitted: false },
  { type: "hook.failed", at: "2026-11-24T10:00:04.400Z", ...hook("db-backup", 1, 5, []), error: "job db-backup failed: BackoffLimitExceeded" },
  { type: "hook.retained", at: "2026-11-24T10:00:04.410Z", ...hook("db-backup", 1, 5, []), reason: "no hook-failed policy" },
  { type: "hook.deleted", at: "2026-11-24T10:00:04.500Z", ...hook("announce", 0), policy: "hook-succeeded", existed: true },
  { type: "phase.finished", at: "2026-11-24T10:00:04.600Z", phase: "pre-upgrade hooks", outcome: "failed", error: "job db-backup failed: BackoffLimitExceeded" },
  { type: "release.recorded", at: "2026-11-24T10:00:04.700Z", revision: 2, status: "failed", description: "Upgrade \"demo\" failed: pre-upgrade hooks failed: job db-backup failed: BackoffLimitExceeded", write: "update" },
  {
    type: "operation.finished",
    at: "2026-11-24T10:00:04.800Z",
    operation: "upgrade",
    outcome: "failed",
    revision: 2,
    status: "failed",
    error: "pre-upgrade hooks failed: job db-backup failed: BackoffLimitExceeded",
  },
];

describe("operation timeline", () => {
  it("the test's events are valid engine events", () => {
    for (const e of failedUpgrade) expect(lifecycleEventSchema.safeParse(e).success, e.type).toBe(true);
  });

  it("shows lanes, hook bars in execution order, what became of each hook, the logs and the failure reason", () => {
    const t = buildTimeline(failedUpgrade);
    expect(t).toMatchObject({ kind: "upgrade", release: "demo", outcome: "failed", revision: 2, status: "failed" });
    expect(t.error).toContain("job db-backup failed");
    expect(t.lanes).toEqual([
      { phase: "pre-upgrade hooks", start: "2026-11-24T10:00:00.200Z", end: "2026-11-24T10:00:04.600Z", outcome: "failed", error: "job db-backup failed: BackoffLimitExceeded" },
    ]);
    expect(t.hooks.map((h) => [h.name, h.status, h.aftermath])).toEqual([
      ["announce", "succeeded", { deleted: true, policy: "hook-succeeded", at: "2026-11-24T10:00:04.500Z" }],
      ["db-backup", "failed", { deleted: false, reason: "no hook-failed policy", at: "2026-11-24T10:00:04.410Z" }],
    ]);
    const backup = t.hooks[1];
    expect(backup.logs).toEqual([{ pod: "db-backup-x1", container: "backup", text: "pg_dump: connection refused\n" }]);
    expect(backup.manifest).toContain("db-backup");
    expect(durationMs(backup.start, backup.end, 0)).toBe(3000);
  });

  it("shows a hook still running with a live duration, and marks running hooks cancelled when the operation is", () => {
    const running = buildTimeline(failedUpgrade.slice(0, 9));
    expect(running.outcome).toBeUndefined();
    expect(running.hooks[1].status).toBe("running");
    expect(durationMs(running.hooks[1].start, running.hooks[1].end, Date.parse("2026-11-24T10:00:02.400Z"))).toBe(1000);
    const cancelled = buildTimeline([
      ...failedUpgrade.slice(0, 9),
      { type: "operation.finished", at: "2026-11-24T10:00:03.000Z", operation: "upgrade", outcome: "cancelled", error: "context canceled" },
    ]);
    expect(cancelled.hooks[1]).toMatchObject({ status: "cancelled", end: "2026-11-24T10:00:03.000Z" });
  });

  it("carries each hook's recorded end status on its bar, the one a delete policy removed included", () => {
    const succeededPod = {
      name: "announce-a1",
      phase: "Succeeded",
      containers: [{ name: "main", init: false, state: "terminated" as const, exitCode: 0, reason: "Completed", restartCount: 0 }],
    };
    const failedPod = { name: "db-backup-x1", phase: "Failed", containers: [{ name: "backup", init: false, state: "terminated" as const, exitCode: 1, reason: "Error", restartCount: 0 }] };
    const status = (name: string, position: number, at: string, pods: (typeof succeededPod)[], failed: number): LifecycleEvent => ({
      type: "hook.status",
      at,
      hook: name,
      kind: "Job",
      event: "pre-upgrade",
      position,
      job: { active: 0, succeeded: 1 - failed, failed, conditions: [{ type: failed ? "Failed" : "Complete", status: "True" }] },
      pods,
    });
    const events = [...failedUpgrade];
    events.splice(7, 0, status("announce", 0, "2026-11-24T10:00:01.310Z", [succeededPod], 0));
    events.splice(events.findIndex((e) => e.type === "hook.failed") + 1, 0, status("db-backup", 1, "2026-11-24T10:00:04.405Z", [failedPod], 1));
    for (const e of events) expect(lifecycleEventSchema.safeParse(e).success, e.type).toBe(true);
    const [announce, backup] = buildTimeline(events).hooks;
    expect(announce.aftermath).toMatchObject({ deleted: true, policy: "hook-succeeded" });
    expect(announce.recorded).toEqual({ at: "2026-11-24T10:00:01.310Z", job: expect.objectContaining({ succeeded: 1 }), pods: [succeededPod], error: undefined });
    expect(backup.recorded?.pods[0]).toMatchObject({ phase: "Failed", containers: [{ exitCode: 1 }] });
    expect(backup.recorded?.job?.conditions).toEqual([{ type: "Failed", status: "True" }]);
    // Without the event (a ConfigMap hook, or an operation recorded before it existed) there is nothing recorded.
    expect(buildTimeline(failedUpgrade).hooks.map((h) => h.recorded)).toEqual([undefined, undefined]);
  });

  it("formats durations for people", () => {
    expect(formatDuration(450)).toBe("450 ms");
    expect(formatDuration(3000)).toBe("3.0 s");
    expect(formatDuration(125_000)).toBe("2 min 5 s");
  });
});
