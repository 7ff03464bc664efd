/**
 * helm 4.1.4's flags side by side: each scenario runs its steps once with the real helm CLI and once with the
 * `hookline` commands (Hookline's own template engine and lifecycle engine), each on its own fresh sandbox over
 * HTTP. The ordered writes in the sandbox audit log, the objects left behind, the stored release records (values,
 * chart values, manifest, labels, hooks) and the outcome of every step must agree.
 */
import { chmod, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Command } from "commander";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { installCommand } from "@/lib/cli/commands/install";
import { rollbackCommand } from "@/lib/cli/commands/rollback";
import { testCommand } from "@/lib/cli/commands/test";
import { uninstallCommand } from "@/lib/cli/commands/uninstall";
import { upgradeCommand } from "@/lib/cli/commands/upgrade";
import type { KubeObject } from "@/lib/kube";
import type { Output } from "@/lib/lifecycle/cli/shared";
import { startLifecycleEnv, type LifecycleEnv } from "./helpers/env";

const CHARTS = path.resolve(import.meta.dirname, "charts");
const V1 = path.join(CHARTS, "crd-app");
const V2 = path.join(CHARTS, "crd-app-v2");
const NS = "default";

/** One step: the same arguments go to `helm` and to `hookline` (the chart path is filled in for install/upgrade). */
interface Step {
  args: string[];
  /** Compare the `-o json` output too (release JSON minus its timestamps). */
  json?: boolean;
  /** Compare the table output too (times reduced to their format). */
  table?: boolean;
  /** Compare the `-o yaml` output text (without modtime lines and deploy times). */
  yaml?: boolean;
  /** Not a CLI step: a write both sides make directly (e.g. another field manager's apply). */
  seed?: (env: LifecycleEnv) => Promise<void>;
}

const COMMANDS: Record<string, (output: Output) => Command> = {
  install: installCommand,
  upgrade: upgradeCommand,
  rollback: rollbackCommand,
  uninstall: uninstallCommand,
  test: testCommand,
};

let helmSide: LifecycleEnv;
let hooklineSide: LifecycleEnv;

beforeAll(async () => {
  [helmSide, hooklineSide] = await Promise.all([startLifecycleEnv(), startLifecycleEnv()]);
});
afterAll(async () => {
  await helmSide?.stop();
  await hooklineSide?.stop();
});

interface StepResult {
  ok: boolean;
  out: string;
  err: string;
}

async function runHookline(args: string[]): Promise<StepResult> {
  let out = "";
  let err = "";
  const [name, ...rest] = args;
  const command = COMMANDS[name!]!({ out: (t) => (out += t), err: (t) => (err += t) }).exitOverride();
  const saved = { ...process.env };
  Object.assign(process.env, sharedEnv);
  try {
    await command.parseAsync([...rest, "--kubeconfig", hooklineSide.kubeconfigPath], { from: "user" });
    return { ok: true, out, err };
  } catch (error) {
    return { ok: false, out, err: (error as Error).message };
  } finally {
    for (const key of Object.keys(sharedEnv)) if (saved[key] === undefined) delete process.env[key];
    Object.assign(process.env, saved);
  }
}

/** Environment both sides run with (e.g. HELM_PLUGINS for a post-renderer plugin). */
const sharedEnv: Record<string, string> = {};

async function runHelm(args: string[]): Promise<StepResult> {
  const r = await helmSide.helm(args, undefined, sharedEnv);
  return { ok: r.code === 0, out: r.stdout, err: r.stderr };
}

/** Runs of concurrent writes of one verb and kind (regular resources) compare as sets; the rest keeps its order. */
function normaliseWrites(writes: string[]): string[] {
  const out: string[] = [];
  let run: string[] = [];
  let key = "";
  for (const w of writes) {
    const [verb, ref] = w.split(" ");
    const kind = ref!.split("/")[0]!;
    const k = kind === "Secret" ? w : `${verb} ${kind}`;
    if (k !== key) {
      out.push(...run.sort());
      run = [];
      key = k;
    }
    run.push(w);
  }
  out.push(...run.sort());
  return out;
}

const KINDS = [
  ["v1", "ConfigMap"],
  ["batch/v1", "Job"],
  ["apps/v1", "Deployment"],
  ["apps/v1", "ReplicaSet"],
  ["apiextensions.k8s.io/v1", "CustomResourceDefinition"],
] as const;

async function leftBehind(env: LifecycleEnv): Promise<string[]> {
  const out: string[] = [];
  const kinds: Array<readonly [string, string]> = [...KINDS];
  if ((await env.kube.list("apiextensions.k8s.io/v1", "CustomResourceDefinition")).items.length > 0) kinds.push(["lifecycle.hookline.dev/v1", "Widget"]);
  for (const [apiVersion, kind] of kinds) {
    for (const item of (await env.kube.list(apiVersion, kind, { namespace: NS })).items) {
      if (item.metadata.deletionTimestamp || item.metadata.name === "kube-root-ca.crt") continue;
      out.push(`${kind}/${item.metadata.name}`);
    }
  }
  // Pods have generated names: count them by what owns them.
  const pods = (await env.kube.list("v1", "Pod", { namespace: NS })).items.filter((p) => !p.metadata.deletionTimestamp);
  for (const pod of pods) {
    const owner = (pod.metadata.ownerReferences as Array<{ kind: string }> | undefined)?.[0]?.kind ?? pod.metadata.name;
    out.push(`Pod of ${owner}`);
  }
  return out.sort();
}

async function records(env: LifecycleEnv, name: string) {
  return (await env.records(name, NS)).map((r) => ({
    version: r.version,
    status: r.info.status,
    description: r.info.description,
    applyMethod: r.apply_method,
    config: r.config,
    chartValues: r.chart?.values ?? null,
    chartVersion: r.chart?.metadata?.version,
    manifest: r.manifest,
    labels: Object.fromEntries(Object.entries(r.labels).map(([k, v]) => [k, k === "createdAt" || k === "modifiedAt" ? "<time>" : v])),
    hooks: r.hooks.map((h) => ({ name: h.name, phase: h.last_run.phase })),
  }));
}

/**
 * The release JSON a command printed, without the times that differ between two runs. Intended difference: helm
 * records the chart files' modification times (`modtime`) from the disk; Hookline's chart records carry none.
 */
function releaseJson(text: string) {
  const release = JSON.parse(text, (key, value: unknown) => (key === "modtime" ? undefined : value)) as { info: Record<string, unknown> };
  for (const key of ["first_deployed", "last_deployed", "deleted"]) if (key in release.info) release.info[key] = "<time>";
  return release;
}

/** Table output with its times (LAST DEPLOYED, Last Started, Last Completed) reduced to their shape. */
function withoutTimes(text: string): string {
  return text.replace(/^(LAST DEPLOYED|Last Started|Last Completed):(\s+)\w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d \d{4}$/gm, "$1:$2<time>");
}

function yamlWithoutTimes(text: string): string {
  return text
    .split("\n")
    .filter((line) => !/^\s*(- )?modtime: /.test(line))
    .map((line) => line.replace(/^(\s*(?:first|last)_deployed): ".*"$/, "$1: <time>"))
    .join("\n");
}

function withChart(args: string[], chart: string): string[] {
  const [op, name, ...rest] = args;
  return op === "install" || op === "upgrade" ? [op!, name!, chart, ...rest] : args;
}

async function compare(steps: Array<Step & { chart?: string }>, releases: string[]) {
  await Promise.all([helmSide.sandbox.reset(), hooklineSide.sandbox.reset()]);
  const results: StepResult[] = [];
  for (const [index, step] of steps.entries()) {
    if (step.seed) {
      await Promise.all([step.seed(helmSide), step.seed(hooklineSide)]);
      continue;
    }
    const args = [...withChart(step.args, step.chart ?? V1), "-n", NS, ...(step.json ? ["-o", "json"] : step.yaml ? ["-o", "yaml"] : [])];
    const [byHelm, byHookline] = await Promise.all([runHelm(args), runHookline(args)]);
    expect({ step: index, args, ok: byHookline.ok, err: byHookline.ok ? "" : byHookline.err }).toMatchObject({ step: index, args, ok: byHelm.ok });
    if (!byHelm.ok) expect(byHelm.err).toContain(byHookline.err.replace(/^[A-Z ]+FAILED: /, ""));
    if (step.json && byHelm.ok) expect(releaseJson(byHookline.out)).toEqual(releaseJson(byHelm.out));
    if (step.table) expect(withoutTimes(byHookline.out)).toBe(withoutTimes(byHelm.out));
    if (step.yaml) expect(yamlWithoutTimes(byHookline.out)).toBe(yamlWithoutTimes(byHelm.out));
    expect(normaliseWrites(hooklineSide.writes())).toEqual(normaliseWrites(helmSide.writes()));
    results.push(byHookline);
  }
  expect(await leftBehind(hooklineSide)).toEqual(await leftBehind(helmSide));
  for (const name of releases) expect(await records(hooklineSide, name)).toEqual(await records(helmSide, name));
  return { results, left: await leftBehind(hooklineSide), records: await Promise.all(releases.map((n) => records(hooklineSide, n))) };
}

const T = ["--timeout", "20s"];

describe("helm 4.1.4's flags, side by side with Hookline (sandbox over HTTP)", () => {
  it("installs crds/ before anything else, never upgrades or deletes them, and honours --skip-crds and --server-side=false", async () => {
    const { left, results } = await compare(
      [
        // Without its CRD the custom resource has no kind to map to.
        { args: ["install", "s", "--skip-crds", ...T] },
        { args: ["install", "a", "--wait", ...T] },
        { args: ["upgrade", "a", "--set", "color=green", ...T], chart: V2 },
        // Server-side apply re-applies an existing CRD; a client-side create of it is skipped as AlreadyExists.
        { args: ["install", "b", "--set", "widget=false", ...T] },
        { args: ["install", "c", "--set", "widget=false", "--server-side=false", ...T] },
        { args: ["upgrade", "d", "--install", "--skip-crds", ...T] },
        { args: ["upgrade", "e", "--install", "--set", "widget=false", ...T], table: true },
        { args: ["upgrade", "e", "--install", "--set", "widget=false", ...T], table: true },
        { args: ["uninstall", "a", ...T] },
      ],
      ["s", "a", "b", "c", "d", "e"],
    );
    expect(results[0]).toMatchObject({ ok: false, err: expect.stringContaining('no matches for kind "Widget"') });
    expect(left).toContain("CustomResourceDefinition/widgets.lifecycle.hookline.dev");
    expect(left).toContain("Widget/d-widget");
    expect(left).not.toContain("Widget/a-widget");
    expect(hooklineSide.writes().filter((w) => w.includes("CustomResourceDefinition"))).toEqual([
      "apply CustomResourceDefinition/widgets.lifecycle.hookline.dev",
      "apply CustomResourceDefinition/widgets.lifecycle.hookline.dev",
      "apply CustomResourceDefinition/widgets.lifecycle.hookline.dev",
    ]);
  }, 120_000);

  it("--reuse-values renders a new chart over the old release's values; --reset-then-reuse-values and --reset-values", async () => {
    const { records: [history] } = await compare(
      [
        { args: ["install", "v", "--set", "message=custom", "--set", "widget=false", ...T] },
        { args: ["upgrade", "v", "--reuse-values", "--set", "color=green", ...T], chart: V2 },
        { args: ["upgrade", "v", "--reset-then-reuse-values", "--set", "color=black", ...T], chart: V2 },
        { args: ["upgrade", "v", "--reuse-values", "--set", "message=null", ...T], chart: V2 },
        { args: ["upgrade", "v", ...T], chart: V2 },
        { args: ["upgrade", "v", "--reset-values", "--set", "widget=false", ...T], chart: V2 },
      ],
      ["v"],
    );
    // Revision 2: chart 0.2.0's templates over 0.1.0's defaults coalesced with the old config (no "size").
    expect(history![1]!.config).toEqual({ message: "custom", widget: false, color: "green" });
    expect(history![1]!.chartValues).toMatchObject({ message: "custom", color: "red", widget: false });
    expect(history![1]!.manifest).not.toContain("size:");
    expect(history![2]!.manifest).toContain('size: "large"');
  }, 120_000);

  it("--dry-run=client and =server print the would-be release and write nothing", async () => {
    await compare(
      [
        { args: ["install", "dr", "--dry-run=client", "--set", "widget=false", ...T], json: true },
        { args: ["install", "dr", "--dry-run=client", "--set", "widget=false", "--set-json", 'tests=["dr-test"]', ...T], table: true },
        { args: ["install", "dr", "--set", "widget=false", ...T] },
        { args: ["upgrade", "dr", "--dry-run=server", "--set", "message=next", "--set", "widget=false", ...T], json: true },
        { args: ["upgrade", "dr", "--dry-run=client", "--reuse-values", "--set", "color=pink", ...T], json: true },
        { args: ["upgrade", "dr", "--dry-run=server", "--reuse-values", "--set", "color=pink", ...T], table: true },
        { args: ["install", "dr2", "--dry-run=server", "--set", "widget=false", ...T], json: true },
        { args: ["install", "dr2", "--dry-run=server", "--set", "widget=false", "--labels", "a=b", ...T], yaml: true },
        { args: ["install", "dr3", "--dry-run=bogus", ...T] },
        { args: ["rollback", "dr", "1", "--dry-run", ...T] },
        { args: ["uninstall", "dr", "--dry-run", ...T] },
      ],
      ["dr", "dr2"],
    );
  }, 120_000);

  it("--labels go on the release record, upgrades merge them (null removes), and reserved names are refused", async () => {
    const { records: [history] } = await compare(
      [
        { args: ["install", "lb", "--labels", "team=a,tier=b", "--set", "widget=false", ...T] },
        { args: ["upgrade", "lb", "--labels", "team=null,x=y", "--set", "widget=false", ...T] },
        { args: ["upgrade", "lb", "-l", "status=mine", "--set", "widget=false", ...T] },
        { args: ["install", "lb2", "--labels", "owner=me", "--set", "widget=false", ...T] },
        { args: ["install", "lb3", "--labels", "team", "--set", "widget=false", ...T] },
      ],
      ["lb", "lb2"],
    );
    expect(history![1]!.labels).toMatchObject({ tier: "b", x: "y" });
    expect(history![1]!.labels).not.toHaveProperty("team");
  }, 120_000);

  it("--force-conflicts takes fields another field manager owns; with client-side apply it is refused", async () => {
    const takeOver = async (env: LifecycleEnv) => {
      const object: KubeObject = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "fc-config", namespace: NS }, data: { message: "theirs" } };
      await env.kube.apply(object, { fieldManager: "someone-else", force: true });
    };
    await compare(
      [
        { args: ["install", "fc", "--set", "widget=false", ...T] },
        { args: [], seed: takeOver },
        { args: ["upgrade", "fc", "--set", "widget=false", "--set", "message=ours", ...T] },
        { args: ["upgrade", "fc", "--set", "widget=false", "--set", "message=ours", "--force-conflicts", ...T] },
        { args: ["upgrade", "fc", "--set", "widget=false", "--server-side=false", "--force-conflicts", ...T] },
        // An install creates its CRDs with the same options, and refuses the combination there first.
        { args: ["install", "fc2", "--set", "widget=false", "--server-side=false", "--force-conflicts", ...T] },
      ],
      ["fc"],
    );
  }, 120_000);

  it("--wait-for-jobs: with --wait a failing Job fails the install only when Jobs are waited for", async () => {
    const { records: [ok], results } = await compare(
      [
        // The Job runs for 2 s before it fails, so a plain --wait sees it started (ready) and never its failure.
        { args: ["install", "wj", "--set", "widget=false", "--set", "job.outcome=fail", "--set", "job.duration=2s", "--wait", ...T] },
        { args: ["install", "wj2", "--set", "widget=false", "--set", "job.outcome=fail", "--set", "job.duration=2s", "--wait", "--wait-for-jobs", "--timeout", "10s"] },
        { args: ["install", "wj3", "--set", "widget=false", "--set", "job.outcome=succeed", "--set", "job.duration=1s", "--wait", "--wait-for-jobs", ...T] },
      ],
      ["wj", "wj2", "wj3"],
    );
    expect(ok![0]!.status).toBe("deployed");
    expect(results[1]!.ok).toBe(false);
  }, 120_000);

  it("uninstall --cascade: background, foreground and orphan (the orphaned ReplicaSet and Pods stay)", async () => {
    const { left } = await compare(
      [
        { args: ["install", "cb", "--set", "widget=false", "--set", "deployment=true", "--wait", ...T] },
        { args: ["install", "cf", "--set", "widget=false", "--set", "deployment=true", "--wait", ...T] },
        { args: ["install", "co", "--set", "widget=false", "--set", "deployment=true", "--wait", ...T] },
        { args: ["uninstall", "cb", "--cascade", "background", "--wait", ...T] },
        { args: ["uninstall", "cf", "--cascade", "foreground", "--wait", ...T] },
        { args: ["uninstall", "co", "--cascade", "orphan", ...T] },
      ],
      ["cb", "cf", "co"],
    );
    expect(left.filter((o) => o.startsWith("ReplicaSet/"))).toEqual([expect.stringMatching(/^ReplicaSet\/co-web-/)]);
    // What the cluster's garbage collector deleted in turn: the dependents of the background and foreground
    // Deployments (each ReplicaSet and its two Pods), none of the orphaned one's.
    const collected = (env: LifecycleEnv) =>
      env.sandbox.audit
        .entries({})
        .filter((e) => e.verb === "delete" && e.actor === "sandbox-controller" && e.code < 400 && (e.kind === "ReplicaSet" || e.kind === "Pod"))
        .map((e) => `${e.kind}/${e.name.split("-")[0]}`)
        .sort();
    expect(collected(hooklineSide)).toEqual(collected(helmSide));
    expect(collected(hooklineSide)).toEqual(["Pod/cb", "Pod/cb", "Pod/cf", "Pod/cf", "ReplicaSet/cb", "ReplicaSet/cf"]);
    expect(left.filter((o) => o === "Pod of ReplicaSet")).toHaveLength(2);
  }, 120_000);

  it("test --filter name=… runs only those test hooks, !name=… skips them", async () => {
    const tests = ["--set", "widget=false", "--set", "tests={t-a,t-b,t-c}"];
    await compare(
      [
        { args: ["install", "tf", ...tests, ...T] },
        { args: ["test", "tf", "--filter", "name=t-a,name=t-c", ...T], table: true },
        { args: ["test", "tf", "--filter", "!name=t-a", ...T], table: true },
        { args: ["install", "tf2", ...tests, ...T], table: true },
      ],
      ["tf"],
    );
  }, 120_000);

  it("--post-renderer runs a helm 4 postrenderer/v1 plugin over every rendered file, hooks included, and regroups its output", async () => {
    const plugins = await mkdtemp(path.join(os.tmpdir(), "hookline-plugins-"));
    try {
      const dir = path.join(plugins, "tagger");
      await mkdir(dir);
      // Rewrites the test Pod's command with its argument, and adds a document of its own.
      await writeFile(
        path.join(dir, "run.sh"),
        ['#!/bin/sh', 'sed "s/echo /echo $1-/"', 'printf -- "---\\napiVersion: v1\\nkind: ConfigMap\\nmetadata:\\n  name: added-by-post-renderer\\ndata:\\n  from: plugin\\n"', ""].join("\n"),
      );
      await chmod(path.join(dir, "run.sh"), 0o755);
      await writeFile(
        path.join(dir, "plugin.yaml"),
        ["apiVersion: v1", "name: tagger", "version: 0.1.0", "type: postrenderer/v1", "runtime: subprocess", "runtimeConfig:", "  platformCommand:", '    - command: "${HELM_PLUGIN_DIR}/run.sh"', ""].join("\n"),
      );
      sharedEnv.HELM_PLUGINS = plugins;
      const hooks = ["--set", "widget=false", "--set", "deployment=true", "--set-json", 'tests=["pr-test"]'];
      const { left, records: [history] } = await compare(
        [
          { args: ["install", "pr", ...hooks, "--post-renderer", "tagger", "--post-renderer-args", "pr", ...T] },
          { args: ["install", "pr2", ...hooks, "--post-renderer", "missing", ...T] },
        ],
        ["pr"],
      );
      expect(left).toContain("ConfigMap/added-by-post-renderer");
      // The made-up document is named after its position in the plugin's output (fourth: after the Pod, the ConfigMap and the Deployment).
      expect(history![0]!.manifest).toContain("# Source: generated-by-postrender-3.yaml");
      expect(history![0]!.hooks).toEqual([{ name: "pr-test", phase: "" }]);
    } finally {
      delete sharedEnv.HELM_PLUGINS;
      await rm(plugins, { recursive: true, force: true });
    }
  }, 120_000);
});
