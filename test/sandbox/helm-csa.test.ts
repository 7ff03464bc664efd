/**
 * The real helm 4.1.4 with `--server-side=false` (client-side three-way strategic merge patches) and with the
 * kstatus watcher (`--wait`) and legacy (`--wait=legacy`) waiters, plus `--wait-for-jobs`.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Json, type SandboxFixture, api, eventually, helm, startFixture } from "./support/sandbox-fixture";
import { HOOKED_CHART, history } from "./support/helm-release";


let fx: SandboxFixture;
beforeAll(async () => {
  fx = await startFixture();
});
afterAll(async () => {
  await fx.stop();
});

const deployment = async (): Promise<Json> => (await api(fx, "GET", "/apis/apps/v1/namespaces/default/deployments/csa-web")).body;

function clientWrites(since: number, kind: string): string[] {
  return fx.sandbox.audit
    .entries({ since, clientsOnly: true, kind })
    .map((e) => `${e.verb} ${e.name} ${e.code} by ${e.actor}`);
}

describe("helm with client-side apply and waits", () => {
  it("installs with --wait, creating objects with POST, and returns only once the Deployment is available", async () => {
    const since = fx.sandbox.audit.lastSeq;
    const result = await helm(fx, ["install", "csa", HOOKED_CHART, "--server-side=false", "--wait", "--timeout", "60s"]);
    expect(result.code).toBe(0);
    expect(clientWrites(since, "Deployment")).toEqual(["create csa-web 201 by helm"]);
    const live = await deployment();
    expect(live.status).toMatchObject({ replicas: 2, readyReplicas: 2, availableReplicas: 2, updatedReplicas: 2 });
  });

  it("upgrades with strategic merge patches: only changed objects are patched, and a rollout is awaited", async () => {
    const before = await deployment();
    const since = fx.sandbox.audit.lastSeq;
    const result = await helm(fx, ["upgrade", "csa", HOOKED_CHART, "--server-side=false", "--set", "message=changed", "--wait", "--wait-for-jobs", "--timeout", "60s"]);
    expect(result.code).toBe(0);
    expect(clientWrites(since, "ConfigMap")).toEqual(["patch csa-config 200 by helm"]);
    expect(clientWrites(since, "Deployment")).toEqual(["patch csa-web 200 by helm"]);
    expect(clientWrites(since, "Service")).toEqual([]);
    const after = await deployment();
    expect(after.metadata.generation).toBe(before.metadata.generation + 1);
    expect(after.spec.template.metadata.annotations["checksum/config"]).not.toBe(before.spec.template.metadata.annotations["checksum/config"]);
    expect(after.status.observedGeneration).toBe(after.metadata.generation);
    expect(after.status.updatedReplicas).toBe(2);
    const postHook = (await api(fx, "GET", "/apis/batch/v1/namespaces/default/jobs/csa-post-upgrade")).body;
    expect(postHook.status.succeeded).toBe(1);
  });

  it("rolls back with the legacy waiter, which needs the old ReplicaSet scaled back up", async () => {
    const result = await helm(fx, ["rollback", "csa", "1", "--server-side=false", "--wait=legacy", "--timeout", "60s"]);
    expect(result.code).toBe(0);
    expect((await api(fx, "GET", "/api/v1/namespaces/default/configmaps/csa-config")).body.data.message).toBe("hello");
    const replicas = await eventually(async () => {
      const sets = (await api(fx, "GET", "/apis/apps/v1/namespaces/default/replicasets?labelSelector=app%3Dcsa-web")).body.items as Json[];
      const counts = sets.map((s) => s.spec.replicas).sort();
      return counts.join() === "0,2" ? counts : undefined;
    }, 5000, "the old ReplicaSet to scale down");
    expect(replicas).toEqual([0, 2]);
    expect((await history(fx, "csa")).map((r) => r.status)).toEqual(["superseded", "superseded", "deployed"]);
  });

  it("fails an upgrade whose hook fails and keeps the failed hook Job", async () => {
    const result = await helm(fx, ["upgrade", "csa", HOOKED_CHART, "--server-side=false", "--set", "failPreUpgrade=true", "--wait", "--timeout", "60s"]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("pre-upgrade hooks failed");
    expect((await history(fx, "csa")).at(-1)!.status).toBe("failed");
    const job = (await api(fx, "GET", "/apis/batch/v1/namespaces/default/jobs/csa-pre-upgrade")).body;
    expect(job.status.failed).toBe(1);
  });

  it("times out --wait when the Deployment's Pods crash, and records the revision as failed", async () => {
    fx.sandbox.scenarios.add({ kind: "Deployment", name: "csa-web", action: "fail", times: 0 });
    await api(fx, "DELETE", "/apis/apps/v1/namespaces/default/deployments/csa-web", { propagationPolicy: "Background" });
    const result = await helm(fx, ["upgrade", "csa", HOOKED_CHART, "--server-side=false", "--wait", "--timeout", "3s"]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/context deadline exceeded|timed out|not ready/);
    expect((await history(fx, "csa")).at(-1)!.status).toBe("failed");
  });

  it("uninstalls with --wait", async () => {
    fx.sandbox.scenarios.clear();
    const result = await helm(fx, ["uninstall", "csa", "--wait", "--timeout", "60s"]);
    expect(result.code).toBe(0);
    expect((await api(fx, "GET", "/apis/apps/v1/namespaces/default/deployments/csa-web")).status).toBe(404);
  });

  it("hands a client-side release over to server-side apply on `upgrade --server-side=true`", async () => {
    expect((await helm(fx, ["install", "mix", HOOKED_CHART, "--server-side=false", "--set", "service=false"])).code).toBe(0);
    const managers = async (): Promise<string[]> =>
      ((await api(fx, "GET", "/apis/apps/v1/namespaces/default/deployments/mix-web")).body.metadata.managedFields as Json[])
        .filter((m) => !String(m.manager).startsWith("sandbox-"))
        .map((m) => `${m.manager}/${m.operation}`);
    expect(await managers()).toEqual(["helm/Update"]);
    const upgraded = await helm(fx, ["upgrade", "mix", HOOKED_CHART, "--server-side=true", "--set", "service=false", "--set", "message=ssa"]);
    expect(upgraded.code).toBe(0);
    expect(await managers()).toEqual(["helm/Apply"]);
  });
});
