/** The `hook.status` event's payload built from Job and Pod objects: what is kept, what is left out, and its schema. */
import { describe, expect, it } from "vitest";
import { jobStatusRecord, lifecycleEventSchema, podStatusRecord } from "@/lib/lifecycle/events";

const pod = {
  metadata: { name: "backup-x7k2p" },
  spec: { containers: [{ name: "main", env: [{ name: "PGPASSWORD", value: "hunter2" }] }] },
  status: {
    phase: "Failed",
    startTime: "2026-11-24T09:00:00Z",
    initContainerStatuses: [{ name: "wait-db", restartCount: 0, state: { terminated: { exitCode: 0, reason: "Completed", startedAt: "2026-11-24T09:00:01Z", finishedAt: "2026-11-24T09:00:02Z" } } }],
    containerStatuses: [
      { name: "main", restartCount: 2, state: { terminated: { exitCode: 1, reason: "Error", message: "x".repeat(5000), finishedAt: "2026-11-24T09:00:09Z" } } },
      { name: "sidecar", restartCount: 0, state: { waiting: { reason: "ImagePullBackOff" } } },
      { name: "proxy", state: { running: { startedAt: "2026-11-24T09:00:03Z" } } },
      { name: "odd" },
    ],
  },
};

describe("hook.status payload", () => {
  it("keeps each container's state, exit code, reason and times, init containers first, and nothing from the spec", () => {
    const record = podStatusRecord(pod);
    expect(record).toMatchObject({ name: "backup-x7k2p", phase: "Failed", startedAt: "2026-11-24T09:00:00Z" });
    expect(record.containers.map((c) => [c.name, c.init, c.state, c.exitCode, c.reason, c.restartCount])).toEqual([
      ["wait-db", true, "terminated", 0, "Completed", 0],
      ["main", false, "terminated", 1, "Error", 2],
      ["sidecar", false, "waiting", undefined, "ImagePullBackOff", 0],
      ["proxy", false, "running", undefined, undefined, 0],
      ["odd", false, "unknown", undefined, undefined, 0],
    ]);
    expect(record.containers[0]).toMatchObject({ startedAt: "2026-11-24T09:00:01Z", finishedAt: "2026-11-24T09:00:02Z" });
    expect(record.containers[1]!.message).toHaveLength(2001);
    expect(JSON.stringify(record)).not.toContain("hunter2");
  });

  it("reads a Pod without status as Unknown and a Job's counts and conditions", () => {
    expect(podStatusRecord({ metadata: { name: "p" } })).toEqual({ name: "p", phase: "Unknown", containers: [] });
    const job = jobStatusRecord({
      metadata: { name: "backup" },
      status: { succeeded: 1, startTime: "2026-11-24T09:00:00Z", completionTime: "2026-11-24T09:00:10Z", conditions: [{ type: "Complete", status: "True" }] },
    });
    expect(job).toEqual({ active: 0, succeeded: 1, failed: 0, startedAt: "2026-11-24T09:00:00Z", completedAt: "2026-11-24T09:00:10Z", conditions: [{ type: "Complete", status: "True" }] });
  });

  it("round-trips through the event schema, and the schema rejects a pod without containers", () => {
    const event = { type: "hook.status", at: "2026-11-24T09:00:10Z", hook: "backup", kind: "Job", event: "pre-upgrade", position: 0, job: jobStatusRecord({ metadata: { name: "backup" } }), pods: [podStatusRecord(pod)] };
    expect(lifecycleEventSchema.parse(JSON.parse(JSON.stringify(event)))).toEqual(event);
    expect(lifecycleEventSchema.safeParse({ ...event, pods: [{ name: "p", phase: "Running" }] }).success).toBe(false);
  });
});
