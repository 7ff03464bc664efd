/**
 * The real helm 4.1.4 against the sandbox with its default server-side apply: install, upgrade with pre- and
 * post-upgrade Job hooks, history, rollback, test, failing hooks (by annotation and by scenario) and uninstall.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Json, type SandboxFixture, api, helm, startFixture } from "./support/sandbox-fixture";
import { HOOKED_CHART, history } from "./support/helm-release";


let fx: SandboxFixture;
beforeAll(async () => {
  fx = await startFixture();
});
afterAll(async () => {
  await fx.stop();
});

const exists = async (path: string): Promise<boolean> => (await api(fx, "GET", path)).status === 200;

/** The client writes since `since`, as `verb Kind/name code`, leaving out helm's release Secrets. */
function writesSince(since: number): string[] {
  return fx.sandbox.audit
    .entries({ since, clientsOnly: true })
    .filter((e) => e.kind !== "Secret")
    .map((e) => `${e.verb} ${e.kind}/${e.name} ${e.code}`);
}

describe("helm with server-side apply", () => {
  it("installs, running the pre-install hook before the manifests and deleting it once it succeeded", async () => {
    const since = fx.sandbox.audit.lastSeq;
    const result = await helm(fx, ["install", "app", HOOKED_CHART, "--timeout", "60s"]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(writesSince(since)).toEqual([
      "delete Job/app-pre-install 404",
      "apply Job/app-pre-install 201",
      "delete Job/app-pre-install 200",
      "apply ConfigMap/app-config 201",
      "apply Service/app-svc 201",
      "apply Deployment/app-web 201",
    ]);
    expect(await history(fx, "app")).toEqual([{ revision: 1, status: "deployed", description: "Install complete" }]);
    const secret = await api(fx, "GET", "/api/v1/namespaces/default/secrets/sh.helm.release.v1.app.v1");
    expect(secret.body.metadata.labels).toMatchObject({ name: "app", owner: "helm", status: "deployed", version: "1" });
  });

  it("upgrades with pre- and post-upgrade hooks, removing a resource the chart dropped", async () => {
    const since = fx.sandbox.audit.lastSeq;
    const result = await helm(fx, ["upgrade", "app", HOOKED_CHART, "--set", "message=two", "--set", "service=false", "--timeout", "60s"]);
    expect(result.code).toBe(0);
    expect(writesSince(since)).toEqual([
      "delete Job/app-pre-upgrade 404",
      "apply Job/app-pre-upgrade 201",
      "delete Job/app-pre-upgrade 200",
      "apply ConfigMap/app-config 200",
      "apply Deployment/app-web 200",
      "delete Service/app-svc 200",
      "delete Job/app-post-upgrade 404",
      "apply Job/app-post-upgrade 201",
    ]);
    expect((await api(fx, "GET", "/api/v1/namespaces/default/configmaps/app-config")).body.data).toEqual({ message: "two" });
    expect(await exists("/apis/batch/v1/namespaces/default/jobs/app-post-upgrade")).toBe(true);
    expect(await exists("/apis/batch/v1/namespaces/default/jobs/app-pre-upgrade")).toBe(false);
    expect(await history(fx, "app")).toEqual([
      { revision: 1, status: "superseded", description: "Install complete" },
      { revision: 2, status: "deployed", description: "Upgrade complete" },
    ]);
  });

  it("rolls back with --wait, re-creating the removed Service and waiting for the Deployment", async () => {
    const result = await helm(fx, ["rollback", "app", "1", "--wait", "--timeout", "60s"]);
    expect(result.code).toBe(0);
    expect(await exists("/api/v1/namespaces/default/services/app-svc")).toBe(true);
    const deployment = (await api(fx, "GET", "/apis/apps/v1/namespaces/default/deployments/app-web")).body;
    expect(deployment.status.availableReplicas).toBe(2);
    expect(deployment.status.observedGeneration).toBe(deployment.metadata.generation);
    expect((await history(fx, "app")).at(-1)).toEqual({ revision: 3, status: "deployed", description: "Rollback to 1" });
  });

  it("runs the test hook and prints its Pod's logs", async () => {
    const result = await helm(fx, ["test", "app", "--logs", "--timeout", "60s"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/TEST SUITE:\s+app-smoke-test/);
    expect(result.stdout).toMatch(/Phase:\s+Succeeded/);
    expect(result.stdout).toContain("POD LOGS: app-smoke-test\nsmoke test passed");
  });

  it("fails the upgrade when a hook is annotated to fail, marks the revision failed and keeps the failed Job", async () => {
    const result = await helm(fx, ["upgrade", "app", HOOKED_CHART, "--set", "failPreUpgrade=true", "--timeout", "60s"]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("UPGRADE FAILED: pre-upgrade hooks failed: resource Job/default/app-pre-upgrade not ready. status: Failed");
    const last = (await history(fx, "app")).at(-1)!;
    expect(last.revision).toBe(4);
    expect(last.status).toBe("failed");
    const job = (await api(fx, "GET", "/apis/batch/v1/namespaces/default/jobs/app-pre-upgrade")).body;
    expect(job.status.conditions.find((c: Json) => c.type === "Failed")).toMatchObject({ status: "True", reason: "BackoffLimitExceeded" });
  });

  it("fails a named hook through the scenario API without touching the chart", async () => {
    const scenario = await api(fx, "POST", "/sandbox/v1/scenarios", { kind: "Job", name: "app-post-upgrade", namespace: "default", action: "fail" });
    expect(scenario.status).toBe(201);
    const result = await helm(fx, ["upgrade", "app", HOOKED_CHART, "--timeout", "60s"]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("post-upgrade hooks failed: resource Job/default/app-post-upgrade not ready. status: Failed");
    expect((await history(fx, "app")).at(-1)!.status).toBe("failed");

    const retried = await helm(fx, ["upgrade", "app", HOOKED_CHART, "--timeout", "60s"]);
    expect(retried.code).toBe(0);
    expect((await history(fx, "app")).at(-1)!.status).toBe("deployed");
  });

  it("fails an upgrade when the API server errors on the release's ConfigMap, through fault injection", async () => {
    fx.sandbox.faults.set({ errorRate: { patch: 1 }, errorCode: 500, resource: "configmaps" });
    try {
      const result = await helm(fx, ["upgrade", "app", HOOKED_CHART, "--set", "message=faulty", "--timeout", "60s"]);
      expect(result.code).not.toBe(0);
      expect(result.stderr).toContain("Internal error occurred: injected fault");
      expect((await history(fx, "app")).at(-1)!.status).toBe("failed");
    } finally {
      fx.sandbox.faults.clear();
    }
    expect((await api(fx, "GET", "/api/v1/namespaces/default/configmaps/app-config")).body.data.message).not.toBe("faulty");
  });

  it("uninstalls, deleting the release's objects and its release Secrets", async () => {
    const result = await helm(fx, ["uninstall", "app", "--wait", "--timeout", "60s"]);
    expect(result.code).toBe(0);
    expect(await exists("/apis/apps/v1/namespaces/default/deployments/app-web")).toBe(false);
    expect(await exists("/api/v1/namespaces/default/configmaps/app-config")).toBe(false);
    const secrets = await api(fx, "GET", "/api/v1/namespaces/default/secrets?labelSelector=owner%3Dhelm,name%3Dapp");
    expect(secrets.body.items).toEqual([]);
  });

  it("stores releases in ConfigMaps with HELM_DRIVER=configmap, whose protobuf bodies the sandbox decodes too", async () => {
    const driver = { HELM_DRIVER: "configmap" };
    const installed = await helm(fx, ["install", "cmrel", HOOKED_CHART, "--set", "service=false", "--timeout", "60s"], driver);
    expect(installed.code).toBe(0);
    const stored = await api(fx, "GET", "/api/v1/namespaces/default/configmaps?labelSelector=owner%3Dhelm,name%3Dcmrel");
    expect(stored.body.items.map((i: Json) => i.metadata.name)).toEqual(["sh.helm.release.v1.cmrel.v1"]);
    expect(stored.body.items[0].data.release.length).toBeGreaterThan(100);
    const listed = await helm(fx, ["list", "-o", "json"], driver);
    expect(JSON.parse(listed.stdout).map((r: Json) => [r.name, r.status])).toEqual([["cmrel", "deployed"]]);
    expect((await helm(fx, ["uninstall", "cmrel"], driver)).code).toBe(0);
  });
});
