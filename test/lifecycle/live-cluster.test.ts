/**
 * Templates that read the live cluster, side by side with helm 4.1.4 on two fresh sandboxes seeded alike (a CRD
 * installed beforehand, so discovery serves its group; labelled ConfigMaps; one custom object): `.Capabilities`
 * from discovery and /version, and `lookup` (get, list, cluster-scoped get, not found, the password kept across
 * upgrades). Install and upgrade run with helm on one sandbox and with Hookline on the other — in process as the CLI
 * renders, and through the web app's operation runner with the render pool — and the stored manifests must match;
 * client-side and server-side dry runs must print the same manifests as helm's.
 *
 * The CLI runs as its own process (bin/hookline): its lookups block its thread while a helper thread does the HTTP,
 * so the API server must not be served by that same thread (here the sandbox lives in the test process).
 */
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadChartDirectory } from "@/lib/chart/load-directory";
import type { Chart } from "@/lib/chart/types";
import type { Db } from "@/lib/db/client";
import type { KubeObject } from "@/lib/kube";
import { hooklineRenderer, runInstall } from "@/lib/lifecycle";
import { launchOperation } from "@/lib/operations/runner";
import { renderPool } from "@/lib/render/pool/render-pool";
import { createTestSqlite } from "@/test/helpers/database";
import { startLifecycleEnv, type LifecycleEnv } from "./helpers/env";

const CHART_DIR = path.resolve(import.meta.dirname, "charts", "live-cluster");
const NS = "default";
const GROUP = "widgets.live.hookline.dev";

const SEED: KubeObject[] = [
  {
    apiVersion: "apiextensions.k8s.io/v1",
    kind: "CustomResourceDefinition",
    metadata: { name: `widgets.${GROUP}` },
    spec: {
      group: GROUP,
      names: { kind: "Widget", listKind: "WidgetList", plural: "widgets", singular: "widget" },
      scope: "Namespaced",
      versions: [{ name: "v1", served: true, storage: true, schema: { openAPIV3Schema: { type: "object", "x-kubernetes-preserve-unknown-fields": true } } }],
    },
  } as KubeObject,
  { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "colour-red", namespace: NS, labels: { "live.hookline.dev/pick": "yes" } }, data: { color: "red" } } as KubeObject,
  { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "colour-blue", namespace: NS, labels: { "live.hookline.dev/pick": "yes" } }, data: { color: "blue" } } as KubeObject,
  { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "colour-none", namespace: NS }, data: { color: "grey" } } as KubeObject,
];
const WIDGET = { apiVersion: `${GROUP}/v1`, kind: "Widget", metadata: { name: "seeded", namespace: NS }, spec: { size: 3, ratio: 1.5, tags: ["a", "b"] } } as KubeObject;

let helmSide: LifecycleEnv;
let hooklineSide: LifecycleEnv;
let chart: Chart;
let db: Db;
let cleanupDb: () => Promise<void>;
let valuesDir: string;

async function seed(env: LifecycleEnv): Promise<void> {
  for (const object of SEED) await env.kube.create(object);
  // The custom object can be created once discovery serves the new group.
  for (let attempt = 0; ; attempt++) {
    try {
      await env.kube.create(WIDGET);
      return;
    } catch (error) {
      if (attempt > 50) throw error;
      env.kube.mapper.invalidate(`${GROUP}/v1`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

beforeAll(async () => {
  [helmSide, hooklineSide] = await Promise.all([startLifecycleEnv(), startLifecycleEnv()]);
  await Promise.all([seed(helmSide), seed(hooklineSide)]);
  chart = await loadChartDirectory(CHART_DIR);
  ({ db, cleanup: cleanupDb } = await createTestSqlite());
  valuesDir = await mkdtemp(path.join(os.tmpdir(), "hookline-live-"));
}, 60_000);

afterAll(async () => {
  await renderPool().close();
  await cleanupDb?.();
  await helmSide?.stop();
  await hooklineSide?.stop();
  if (valuesDir) await rm(valuesDir, { recursive: true, force: true });
});

async function helm(args: string[], values?: Record<string, unknown>): Promise<string> {
  const result = await helmSide.helm([...args, "-n", NS, "--timeout", "20s"], values);
  if (result.code !== 0) throw new Error(`helm ${args.join(" ")} failed: ${result.stderr}`);
  return result.stdout;
}

async function hookline(args: string[], values?: Record<string, unknown>): Promise<string> {
  const full = [...args, "-n", NS, "--timeout", "20s", "--kubeconfig", hooklineSide.kubeconfigPath];
  if (values) {
    const file = path.join(valuesDir, `values-${Math.random().toString(36).slice(2)}.json`);
    await writeFile(file, JSON.stringify(values));
    full.push("-f", file);
  }
  try {
    return (await run("bin/hookline", full, { timeout: 60_000, maxBuffer: 16 * 1024 * 1024 })).stdout;
  } catch (error) {
    const e = error as { stderr?: string; message: string };
    throw new Error(`hookline ${args.join(" ")} failed: ${e.stderr || e.message}`);
  }
}

async function manifests(env: LifecycleEnv, name: string): Promise<string[]> {
  return (await env.records(name, NS)).map((r) => r.manifest);
}

function field(manifest: string, key: string): string | undefined {
  return new RegExp(`^\\s*${key}: (.*)$`, "m").exec(manifest)?.[1];
}

const run = promisify(execFile);
const b64 = (s: string) => Buffer.from(s).toString("base64");

describe("templates see the live cluster during install and upgrade, as with helm 4.1.4", () => {
  it("capabilities and lookup: install, then an upgrade keeps the stored password (the CLI, rendering in process)", async () => {
    await helm(["install", "r", CHART_DIR]);
    await hookline(["install", "r", CHART_DIR]);
    await helm(["upgrade", "r", CHART_DIR], { initialPassword: "second-password" });
    await hookline(["upgrade", "r", CHART_DIR], { initialPassword: "second-password" });

    const [helmRevisions, ours] = await Promise.all([manifests(helmSide, "r"), manifests(hooklineSide, "r")]);
    expect(helmRevisions).toHaveLength(2);
    expect(ours).toEqual(helmRevisions);

    // What the manifests say, so that the comparison cannot pass on two empty lookups.
    const [install, upgrade] = ours;
    expect(field(install, "hasWidgetKind")).toBe('"true"');
    expect(field(install, "hasWidgetsGroup")).toBe('"true"');
    expect(field(install, "hasDeploymentKind")).toBe('"true"');
    expect(field(install, "hasAppsV1beta1")).toBe('"false"');
    expect(field(install, "hasMadeUpKind")).toBe('"false"');
    expect(install).toContain("kind: Widget\nmetadata:\n  name: r-widget");
    expect(field(install, "password")).toBe(b64("first-password"));
    expect(field(install, "reused")).toBe('"false"');
    expect(install).toContain("ConfigMap v1 colour-blue blue\n    ConfigMap v1 colour-red red");
    expect(field(install, "namespace")).toBe(`"${NS}"`);
    expect(field(install, "widgetSize")).toBe('"3"');
    expect(field(install, "widgetSizeType")).toBe('"int64"');
    expect(field(install, "widgetRatioType")).toBe('"float64"');
    expect(field(install, "missing")).toBe('"true 0"');
    expect(field(install, "ownWidget")).toBe('""');
    expect(field(upgrade, "password")).toBe(b64("first-password"));
    expect(field(upgrade, "reused")).toBe('"true"');
    expect(field(upgrade, "ownWidget")).toBe('"Widget"');
  }, 90_000);

  it("dry runs: client-side renders with the defaults and an empty lookup, server-side with the cluster", async () => {
    for (const dryRun of ["client", "server"] as const) {
      const name = `dry-${dryRun}`;
      const args = ["install", name, CHART_DIR, `--dry-run=${dryRun}`, "-o", "json"];
      const [fromHelm, ours] = (await Promise.all([helm(args), hookline(args)])).map((out) => (JSON.parse(out) as { manifest: string }).manifest);
      expect(ours, dryRun).toBe(fromHelm);
      expect(field(ours, "hasDeploymentKind")).toBe(dryRun === "client" ? '"false"' : '"true"');
      expect(field(ours, "namespace")).toBe(dryRun === "client" ? '"none"' : `"${NS}"`);
    }
  }, 60_000);

  it("an in-process client-side dry run needs no cluster at all", async () => {
    const { chart: record, render } = hooklineRenderer(chart);
    const { config } = hooklineSide.config(NS);
    const release = await runInstall(config, { releaseName: "offline", namespace: NS, chart: record, values: {}, render, dryRun: "client" });
    expect(field(release.manifest, "hasAppsV1beta1")).toBe('"true"');
    expect(field(release.manifest, "password")).toBe(b64("first-password"));
  });

  it("the web app's operation runner (render pool) renders the same manifests as helm", async () => {
    const environment = { db, resolveCluster: () => ({ name: "sandbox", client: hooklineSide.kube }), renderOffThread: true };
    const actor = { id: null, name: "live-cluster-test" };
    const steps = [
      { kind: "install" as const, values: {} as Record<string, unknown> },
      { kind: "upgrade" as const, values: { initialPassword: "third-password" } },
    ];
    for (const step of steps) {
      await helm([step.kind, "web", CHART_DIR], step.values);
      const started = await launchOperation(
        environment,
        actor,
        { kind: step.kind, namespace: NS, releaseName: "web", valuesYaml: JSON.stringify(step.values), timeoutSeconds: 20 },
        chart,
      );
      if (!started.ok) throw new Error(started.error);
      expect(await started.finished).toMatchObject({ result: "succeeded" });
    }
    const [helmRevisions, ours] = await Promise.all([manifests(helmSide, "web"), manifests(hooklineSide, "web")]);
    expect(helmRevisions).toHaveLength(2);
    expect(ours).toEqual(helmRevisions);
    expect(field(ours[1], "reused")).toBe('"true"');
    expect(field(ours[1], "hasWidgetKind")).toBe('"true"');
  }, 90_000);
});
