/** How the hook details word a recorded hook status: the Job in one line, each pod and container with exit codes. */
import { describe, expect, it } from "vitest";
import { recordedContainerText, recordedJobSummary, recordedPodText } from "@/components/timeline/hook-display";

describe("recorded hook status wording", () => {
  it("says whether the Job completed or failed, why, and its counts", () => {
    expect(recordedJobSummary({ active: 0, succeeded: 1, failed: 0, conditions: [{ type: "Complete", status: "True" }] })).toBe("Job complete (0 active, 1 succeeded, 0 failed pods)");
    expect(recordedJobSummary({ active: 0, succeeded: 0, failed: 1, conditions: [{ type: "Failed", status: "True", reason: "BackoffLimitExceeded", message: "Job has reached the specified backoff limit" }] })).toBe(
      "Job failed — BackoffLimitExceeded: Job has reached the specified backoff limit (0 active, 0 succeeded, 1 failed pods)",
    );
    expect(recordedJobSummary({ active: 1, succeeded: 0, failed: 0, conditions: [{ type: "Complete", status: "False" }] })).toBe("Job not finished (1 active, 0 succeeded, 0 failed pods)");
  });

  it("gives each container's state, exit code, restarts and times, and each pod's phase", () => {
    const finished = { name: "backup", init: false, state: "terminated" as const, reason: "Error", exitCode: 1, restartCount: 1, startedAt: "2026-11-24T09:00:01Z", finishedAt: "2026-11-24T09:00:09Z" };
    expect(recordedContainerText(finished)).toBe("backup: terminated (Error, exit code 1), 1 restart, 09:00:01 UTC → 09:00:09 UTC");
    expect(recordedContainerText({ name: "wait-db", init: true, state: "waiting", reason: "ImagePullBackOff", message: "no such image", restartCount: 0 })).toBe("wait-db (init): waiting (ImagePullBackOff) — no such image");
    expect(recordedContainerText({ name: "main", init: false, state: "running", restartCount: 3, startedAt: "2026-11-24T09:00:01Z" })).toBe("main: running, 3 restarts, 09:00:01 UTC → …");
    expect(recordedPodText({ name: "backup-x1", phase: "Failed", reason: "DeadlineExceeded", containers: [] })).toBe("pod backup-x1: Failed (DeadlineExceeded)");
    expect(recordedPodText({ name: "backup-x1", phase: "Succeeded", containers: [] })).toBe("pod backup-x1: Succeeded");
  });
});
