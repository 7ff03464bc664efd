/** What the timeline shows of a hook: masked manifests, why it was deleted or kept, its Job and Pod state. */
import { describe, expect, it } from "vitest";
import { jobSummary, podState } from "@/app/operations/_server/hook-state";
import { aftermathExplanation, aftermathText, maskedEvent } from "@/components/timeline/hook-display";
import type { LifecycleEvent } from "@/lib/lifecycle/events";
import type { HookBar } from "@/lib/timeline/model";

const manifest = [
  "apiVersion: batch/v1",
  "kind: Job",
  "metadata:",
  "  name: migrate",
  "spec:",
  "  template:",
  "    spec:",
  "      containers:",
  "        - name: migrate",
  "          env:",
  "            - name: PGPASSWORD",
  "              value: hunter2-literal",
  "",
].join("\n");

const bar = (over: Partial<HookBar>): HookBar => ({
  key: "pre-upgrade#0",
  event: "pre-upgrade",
  kind: "Job",
  name: "migrate",
  namespace: "default",
  weight: 0,
  position: 0,
  deletePolicies: [],
  path: "x/templates/migrate.yaml",
  start: "2026-11-24T05:00:00Z",
  status: "succeeded",
  logs: [],
  ...over,
});

describe("the timeline's hook display", () => {
  it("masks secret environment values in a hook's manifest before a browser sees it, once", () => {
    const event: LifecycleEvent = { type: "hook.running", at: "2026-11-24T05:00:00Z", event: "pre-upgrade", kind: "Job", name: "migrate", namespace: "default", weight: 0, path: "x", deletePolicies: [], position: 0, manifest };
    const masked = maskedEvent(event);
    expect(masked.type === "hook.running" && masked.manifest).toMatch(/value: •••• masked \(sha256:[0-9a-f]{8}\)/);
    expect(JSON.stringify(masked)).not.toContain("hunter2-literal");
    expect(event.manifest).toContain("hunter2-literal");
    const finished: LifecycleEvent = { type: "operation.finished", at: "2026-11-24T05:00:01Z", operation: "upgrade", outcome: "succeeded" };
    expect(maskedEvent(finished)).toBe(finished);
  });

  it("says which policy deleted a hook, or why it was kept", () => {
    expect(aftermathText(bar({ aftermath: { deleted: true, policy: "hook-succeeded", at: "2026-11-24T05:00:03Z" } }))).toBe("deleted by hook-succeeded");
    expect(aftermathExplanation(bar({ aftermath: { deleted: true, policy: "hook-succeeded", at: "2026-11-24T05:00:03Z" } }))).toBe("Deleted at 05:00:03 UTC by its hook-succeeded delete policy.");
    expect(aftermathExplanation(bar({ status: "failed", aftermath: { deleted: false, reason: "no hook-failed delete policy", at: "2026-11-24T05:00:04Z" } }))).toBe("Kept at 05:00:04 UTC: no hook-failed delete policy.");
    expect(aftermathText(bar({ status: "running" }))).toBe("");
    expect(aftermathText(bar({}))).toBe("still present");
  });

  it("summarises a Job's conditions and its pods' container states", () => {
    const job = { apiVersion: "batch/v1", kind: "Job", metadata: { name: "migrate" }, status: { failed: 1, conditions: [{ type: "Failed", status: "True", reason: "BackoffLimitExceeded", message: "Job has reached the specified backoff limit" }] } };
    expect(jobSummary(job)).toBe("Job failed — BackoffLimitExceeded: Job has reached the specified backoff limit (0 active, 0 succeeded, 1 failed pods)");
    expect(jobSummary({ ...job, status: { active: 1 } })).toBe("Job running (1 active, 0 succeeded, 0 failed pods)");
    const pod = {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "migrate-x1" },
      status: { phase: "Failed", containerStatuses: [{ name: "migrate", state: { terminated: { reason: "Error", exitCode: 2 } } }, { name: "sidecar", state: { waiting: { reason: "ImagePullBackOff" } } }] },
    };
    expect(podState(pod)).toEqual({ name: "migrate-x1", phase: "Failed", containers: ["migrate: terminated (Error, exit code 2)", "sidecar: waiting (ImagePullBackOff)"] });
  });
});
