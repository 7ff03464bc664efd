/** @kubernetes/client-node 1.4.0 against the sandbox: list, watch and patch, through its generated clients. */
import * as k8s from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type SandboxFixture, startFixture } from "./support/sandbox-fixture";

let fx: SandboxFixture;
let kc: k8s.KubeConfig;
beforeAll(async () => {
  fx = await startFixture();
  kc = new k8s.KubeConfig();
  kc.loadFromString(fx.sandbox.kubeconfigYaml());
});
afterAll(async () => {
  await fx.stop();
});

describe("@kubernetes/client-node", () => {
  it("creates and lists with a label selector", async () => {
    const core = kc.makeApiClient(k8s.CoreV1Api);
    await core.createNamespacedConfigMap({ namespace: "default", body: { metadata: { name: "cn-a", labels: { team: "blue" } }, data: { k: "v" } } });
    await core.createNamespacedConfigMap({ namespace: "default", body: { metadata: { name: "cn-b", labels: { team: "red" } } } });
    const list = await core.listNamespacedConfigMap({ namespace: "default", labelSelector: "team=blue" });
    expect(list.items.map((i) => i.metadata?.name)).toEqual(["cn-a"]);
    expect(list.items[0].data).toEqual({ k: "v" });
    expect(Number(list.metadata?.resourceVersion)).toBeGreaterThan(0);
    const namespaces = await core.listNamespace();
    expect(namespaces.items.map((n) => n.metadata?.name)).toEqual(expect.arrayContaining(["default", "kube-system"]));
  });

  it("surfaces Status errors with their code", async () => {
    const apps = kc.makeApiClient(k8s.AppsV1Api);
    await expect(apps.readNamespacedDeployment({ namespace: "default", name: "missing" })).rejects.toMatchObject({ code: 404 });
  });

  it("patches with merge patch and JSON patch", async () => {
    const core = kc.makeApiClient(k8s.CoreV1Api);
    const merged = await core.patchNamespacedConfigMap(
      { namespace: "default", name: "cn-a", body: { data: { k: null, added: "yes" } } },
      k8s.setHeaderOptions("Content-Type", k8s.PatchStrategy.MergePatch),
    );
    expect(merged.data).toEqual({ added: "yes" });
    const patched = await core.patchNamespacedConfigMap({ namespace: "default", name: "cn-a", body: [{ op: "add", path: "/metadata/labels/extra", value: "1" }] });
    expect(patched.metadata?.labels).toEqual({ team: "blue", extra: "1" });
  });

  it("applies server-side through KubernetesObjectApi", async () => {
    const objects = k8s.KubernetesObjectApi.makeApiClient(kc);
    const manifest: k8s.V1ConfigMap = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "cn-ssa", namespace: "default" }, data: { a: "1" } };
    const applied = await objects.patch(
      manifest,
      undefined,
      undefined,
      "client-node-test",
      true,
      k8s.PatchStrategy.ServerSideApply,
    );
    expect(applied.metadata?.uid).toBeDefined();
    expect(applied.data).toEqual({ a: "1" });
  });

  it("watches, receiving ADDED, MODIFIED and DELETED for the watched namespace", async () => {
    const core = kc.makeApiClient(k8s.CoreV1Api);
    const events: string[] = [];
    const watch = new k8s.Watch(kc);
    const sawDelete = new Promise<void>((resolve, reject) => {
      void watch
        .watch(
          "/api/v1/namespaces/default/configmaps",
          { labelSelector: "watched=yes" },
          (phase, object: k8s.V1ConfigMap) => {
            events.push(`${phase} ${object.metadata?.name}`);
            if (phase === "DELETED") resolve();
          },
          (error) => (error ? reject(error) : undefined),
        )
        .then((controller) => {
          abort = controller;
        });
    });
    let abort: AbortController | undefined;
    await new Promise((r) => setTimeout(r, 200));
    await core.createNamespacedConfigMap({ namespace: "default", body: { metadata: { name: "cn-w", labels: { watched: "yes" } } } });
    await core.patchNamespacedConfigMap({ namespace: "default", name: "cn-w", body: { data: { x: "1" } } }, k8s.setHeaderOptions("Content-Type", k8s.PatchStrategy.StrategicMergePatch));
    await core.deleteNamespacedConfigMap({ namespace: "default", name: "cn-w" });
    await sawDelete;
    abort?.abort();
    expect(events).toEqual(["ADDED cn-w", "MODIFIED cn-w", "DELETED cn-w"]);
  });
});
