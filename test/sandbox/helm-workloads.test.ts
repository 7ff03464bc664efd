/**
 * helm 4.1.4 installing a chart with a `crds/` directory, a custom resource, a StatefulSet with claims, a DaemonSet,
 * a PVC and RBAC into a namespace it creates, waiting with the kstatus watcher and with the legacy waiter.
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type SandboxFixture, api, helm, startFixture } from "./support/sandbox-fixture";
import { history } from "./support/helm-release";

const CHART = path.resolve(import.meta.dirname, "charts", "workloads");

let fx: SandboxFixture;
beforeAll(async () => {
  fx = await startFixture();
});
afterAll(async () => {
  await fx.stop();
});

describe("helm with stateful workloads and CRDs", () => {
  it("installs into a new namespace with --wait, after which every workload is ready", async () => {
    const result = await helm(fx, ["upgrade", "--install", "wl", CHART, "--namespace", "team", "--create-namespace", "--wait", "--timeout", "60s"]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const sts = (await api(fx, "GET", "/apis/apps/v1/namespaces/team/statefulsets/wl-db")).body;
    expect(sts.status).toMatchObject({ readyReplicas: 2, updatedReplicas: 2, observedGeneration: sts.metadata.generation });
    const ds = (await api(fx, "GET", "/apis/apps/v1/namespaces/team/daemonsets/wl-agent")).body;
    expect(ds.status.numberReady).toBe(1);
    expect((await api(fx, "GET", "/api/v1/namespaces/team/persistentvolumeclaims/wl-cache")).body.status.phase).toBe("Bound");
    expect((await api(fx, "GET", "/api/v1/namespaces/team/persistentvolumeclaims/data-wl-db-1")).body.status.phase).toBe("Bound");
    const backup = await api(fx, "GET", "/apis/hookline.dev/v1/namespaces/team/backups/wl-nightly");
    expect(backup.status).toBe(200);
    expect(backup.body.spec).toEqual({ schedule: "0 3 * * *" });
  });

  it("scales the StatefulSet on upgrade with the legacy waiter", async () => {
    const result = await helm(fx, ["upgrade", "wl", CHART, "--namespace", "team", "--set", "replicas=3", "--wait=legacy", "--timeout", "60s"]);
    expect(result.code).toBe(0);
    const pods = (await api(fx, "GET", "/api/v1/namespaces/team/pods?labelSelector=app%3Dwl-db")).body.items as Array<{ metadata: { name: string } }>;
    expect(pods.map((p) => p.metadata.name).sort()).toEqual(["wl-db-0", "wl-db-1", "wl-db-2"]);
    expect((await history(fx, "wl", "team")).map((r) => r.status)).toEqual(["superseded", "deployed"]);
  });

  it("uninstalls, leaving the CRD in place as helm does", async () => {
    const result = await helm(fx, ["uninstall", "wl", "--namespace", "team", "--wait", "--timeout", "60s"]);
    expect(result.code).toBe(0);
    expect((await api(fx, "GET", "/apis/apps/v1/namespaces/team/statefulsets/wl-db")).status).toBe(404);
    expect((await api(fx, "GET", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/backups.hookline.dev")).status).toBe(200);
  });
});
