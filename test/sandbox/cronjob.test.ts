/**
 * The CronJob controller on real time: a `* * * * *` CronJob starts a Job at the next minute boundary (so this file
 * waits up to a minute, in parallel with the others), and a suspended one starts nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Json, type SandboxFixture, api, eventually, startFixture } from "./support/sandbox-fixture";

let fx: SandboxFixture;
beforeAll(async () => {
  fx = await startFixture();
});
afterAll(async () => {
  await fx.stop();
});

const cronJob = (name: string, suspend: boolean) => ({
  metadata: { name },
  spec: {
    schedule: "* * * * *",
    suspend,
    jobTemplate: { metadata: { labels: { from: name } }, spec: { template: { spec: { restartPolicy: "Never", containers: [{ name: "tick", image: "busybox", command: ["echo", "tick"] }] } } } },
  },
});

describe("CronJob controller", () => {
  it("creates a Job at the next scheduled minute and records it in the CronJob's status", { timeout: 90_000 }, async () => {
    await api(fx, "POST", "/apis/batch/v1/namespaces/default/cronjobs", cronJob("ticker", false));
    await api(fx, "POST", "/apis/batch/v1/namespaces/default/cronjobs", cronJob("paused", true));
    const job = await eventually(async () => (await api(fx, "GET", "/apis/batch/v1/namespaces/default/jobs?labelSelector=from%3Dticker")).body.items[0] as Json | undefined, 75_000, "a scheduled Job");
    const minute = Math.floor(Date.parse(job.metadata.annotations["batch.kubernetes.io/cronjob-scheduled-timestamp"]) / 60_000);
    expect(job.metadata.name).toBe(`ticker-${minute}`);
    expect(job.metadata.ownerReferences[0]).toMatchObject({ kind: "CronJob", name: "ticker", controller: true });
    const status = await eventually(async () => {
      const { body } = await api(fx, "GET", "/apis/batch/v1/namespaces/default/cronjobs/ticker");
      return body.status?.lastSuccessfulTime ? body.status : undefined;
    }, 10_000, "lastSuccessfulTime");
    expect(Date.parse(status.lastScheduleTime) / 60_000).toBe(minute);
    expect(status.active).toBeUndefined();
    expect((await api(fx, "GET", "/apis/batch/v1/namespaces/default/jobs?labelSelector=from%3Dpaused")).body.items).toEqual([]);
  });
});
