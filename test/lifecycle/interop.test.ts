/**
 * Interop with helm 4.1.4 on one sandbox cluster: a release helm installed is upgraded by Hookline, and a release
 * Hookline installed is read (`helm history`, `helm get manifest`, `helm status`) and rolled back by helm, after
 * which Hookline carries on from helm's revision.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runInstall, runRollback, runUninstall, runUpgrade, type Renderer } from "@/lib/lifecycle";
import type { ReleaseChart } from "@/lib/release";
import { startLifecycleEnv, type LifecycleEnv } from "./helpers/env";
import { SCENARIO_CHART, renderWithHelmTemplate } from "./helpers/helm-render";

let env: LifecycleEnv;
let chart: ReleaseChart;
let render: Renderer;
const NS = "default";

beforeAll(async () => {
  env = await startLifecycleEnv();
  ({ chart, render } = await renderWithHelmTemplate());
});
afterAll(async () => {
  await env?.stop();
});

async function helmJson(args: string[]): Promise<unknown> {
  const r = await env.helm([...args, "-n", NS, "-o", "json"]);
  expect(r.stderr).toBe("");
  return JSON.parse(r.stdout);
}

describe("interop with helm 4.1.4 (sandbox over HTTP)", () => {
  it("helm installs, Hookline upgrades (with hooks), helm reads the result and uninstalls it", async () => {
    const hooks = [{ name: "io-pre", events: "pre-install,pre-upgrade", policy: "before-hook-creation,hook-succeeded" }];
    expect((await env.helm(["install", "h2k", SCENARIO_CHART, "-n", NS], { hooks })).code).toBe(0);
    const { config, events } = env.config(NS);
    const upgraded = await runUpgrade(config, { releaseName: "h2k", namespace: NS, chart, render, values: { hooks, message: "from hookline" } });
    expect(upgraded.apply_method).toBe("ssa");
    expect(events.ofType("hook.succeeded").map((e) => e.name)).toEqual(["io-pre"]);
    expect(events.ofType("resource.updated").map((e) => e.name)).toEqual(["h2k-config"]);

    const history = (await helmJson(["history", "h2k"])) as Array<Record<string, unknown>>;
    expect(history.map((h) => [h.revision, h.status, h.description])).toEqual([
      [1, "superseded", "Install complete"],
      [2, "deployed", "Upgrade complete"],
    ]);
    const manifest = await env.helm(["get", "manifest", "h2k", "-n", NS]);
    expect(manifest.stdout.trim()).toBe(upgraded.manifest.trim());
    const live = await env.kube.get({ apiVersion: "v1", kind: "ConfigMap", name: "h2k-config", namespace: NS });
    expect(live?.data).toEqual({ message: "from hookline" });
    expect(live?.metadata.annotations?.["meta.helm.sh/release-name"]).toBe("h2k");
    expect((await env.helm(["uninstall", "h2k", "-n", NS])).code).toBe(0);
    expect(await env.kube.get({ apiVersion: "v1", kind: "ConfigMap", name: "h2k-config", namespace: NS })).toBeUndefined();
  }, 60_000);

  it("Hookline installs and upgrades, helm shows history and manifest and rolls back, Hookline continues", async () => {
    const { config } = env.config(NS);
    const hooks = [{ name: "k2h-post", events: "post-install,post-upgrade,post-rollback", kind: "ConfigMap" }];
    const v1 = await runInstall(config, { releaseName: "k2h", namespace: NS, chart, render, values: { hooks, extra: true } });
    await runUpgrade(config, { releaseName: "k2h", namespace: NS, chart, render, values: { hooks, message: "two" } });
    expect(await env.kube.get({ apiVersion: "v1", kind: "ConfigMap", name: "k2h-extra", namespace: NS })).toBeUndefined();

    const manifest = await env.helm(["get", "manifest", "k2h", "-n", NS, "--revision", "1"]);
    expect(manifest.stdout.trim()).toBe(v1.manifest.trim());
    const status = (await helmJson(["status", "k2h"])) as { version: number; info: { status: string } };
    expect([status.version, status.info.status]).toEqual([2, "deployed"]);

    const rollback = await env.helm(["rollback", "k2h", "1", "-n", NS]);
    expect(rollback.code).toBe(0);
    expect(await env.kube.get({ apiVersion: "v1", kind: "ConfigMap", name: "k2h-extra", namespace: NS })).toBeDefined();
    const history = (await helmJson(["history", "k2h"])) as Array<Record<string, unknown>>;
    expect(history.map((h) => [h.revision, h.status, h.description])).toEqual([
      [1, "superseded", "Install complete"],
      [2, "superseded", "Upgrade complete"],
      [3, "deployed", "Rollback to 1"],
    ]);

    // Hookline reads helm's revision 3 and goes on from there.
    const v4 = await runRollback(config, { releaseName: "k2h", namespace: NS, revision: 2 });
    expect([v4.version, v4.info.status, v4.info.description]).toEqual([4, "deployed", "Rollback to 2"]);
    expect(await env.kube.get({ apiVersion: "v1", kind: "ConfigMap", name: "k2h-extra", namespace: NS })).toBeUndefined();
    await runUninstall(config, { releaseName: "k2h", namespace: NS });
    expect((await env.helm(["history", "k2h", "-n", NS])).stderr).toContain("release: not found");
  }, 60_000);
});
