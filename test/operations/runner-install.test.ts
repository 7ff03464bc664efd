/**
 * The operation runner the web app uses (lib/operations/runner) installs a chart the way `helm install` does,
 * including the CRDs in its crds/ folder before the templates that use them.
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadChartFromFileMap } from "@/lib/chart";
import { loadChartDirectory } from "@/lib/chart/load-directory";
import type { Db } from "@/lib/db/client";
import { createKubeClient, type KubeClient } from "@/lib/kube";
import { launchOperation } from "@/lib/operations/runner";
import { createReleaseStore } from "@/lib/release";
import { createTestSqlite } from "@/test/helpers/database";
import { startTestSandbox, type RunningSandbox } from "@/test/kube/helpers/sandbox";

describe("operation runner: install", () => {
  let sandbox: RunningSandbox["sandbox"];
  let client: KubeClient;
  let db: Db;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    const started = await startTestSandbox();
    sandbox = started.sandbox;
    client = createKubeClient({ kubeconfigPath: started.kubeconfigPath });
    ({ db, cleanup } = await createTestSqlite());
  });

  afterAll(async () => {
    await cleanup?.();
    await sandbox?.stop();
  });

  it("creates the chart's CRDs before its resources, and records the operation", async () => {
    const chart = await loadChartDirectory(path.resolve("test/lifecycle/charts/crd-app"));
    const started = await launchOperation(
      { db, resolveCluster: () => ({ name: "sandbox", client }) },
      { id: null, name: "runner-test" },
      { kind: "install", namespace: "default", releaseName: "widgets" },
      chart,
    );
    if (!started.ok) throw new Error(started.error);
    expect(await started.finished).toMatchObject({ result: "succeeded", revision: 1 });

    const crd = await client.get({ apiVersion: "apiextensions.k8s.io/v1", kind: "CustomResourceDefinition", name: "widgets.lifecycle.hookline.dev" });
    expect(crd?.metadata?.name).toBe("widgets.lifecycle.hookline.dev");
    const release = await createReleaseStore({ namespace: "default", client }).last("widgets");
    expect(release?.info.status).toBe("deployed");
    expect(release?.manifest).toContain("name: widgets-config");
    const operation = await db.operation.findUniqueOrThrow({ where: { id: started.operationId } });
    expect(operation.status).toBe("succeeded");
  }, 60_000);

  it("audits a failed upgrade with the revision it wrote", async () => {
    const files = (outcome: string) => ({
      "Chart.yaml": "apiVersion: v2\nname: failing\nversion: 0.1.0\n",
      "templates/cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: failing\ndata:\n  a: b\n",
      "templates/hook.yaml": [
        "apiVersion: batch/v1",
        "kind: Job",
        "metadata:",
        "  name: failing-check",
        "  annotations:",
        '    "helm.sh/hook": pre-upgrade',
        "spec:",
        "  backoffLimit: 0",
        "  template:",
        "    metadata:",
        "      annotations:",
        `        sandbox.hookline.dev/outcome: ${outcome}`,
        "    spec:",
        "      restartPolicy: Never",
        "      containers: [{ name: c, image: busybox }]",
        "",
      ].join("\n"),
    });
    const env = { db, resolveCluster: () => ({ name: "sandbox", client }) };
    const actor = { id: null, name: "runner-test" };
    const installed = await launchOperation(env, actor, { kind: "install", namespace: "default", releaseName: "failing" }, await loadChartFromFileMap(files("fail")));
    if (!installed.ok) throw new Error(installed.error);
    expect(await installed.finished).toMatchObject({ result: "succeeded", revision: 1 });

    const upgraded = await launchOperation(env, actor, { kind: "upgrade", namespace: "default", releaseName: "failing", timeoutSeconds: 30 }, await loadChartFromFileMap(files("fail")));
    if (!upgraded.ok) throw new Error(upgraded.error);
    expect(await upgraded.finished).toMatchObject({ result: "failed", revision: 2 });
    const audit = await db.auditEntry.findMany({ where: { releaseName: "failing", action: "upgrade" }, orderBy: { at: "asc" } });
    expect(audit.map((a) => [a.result, a.revision])).toEqual([
      ["started", null],
      ["failed", 2],
    ]);
    expect((await createReleaseStore({ namespace: "default", client }).last("failing"))?.info.status).toBe("failed");
  }, 60_000);
});
