/**
 * Side by side with helm 4.1.4: every scenario runs once with the real helm and once with Hookline, each on a
 * fresh sandbox over HTTP, and the results must agree — the ordered writes in the sandbox audit log (hook creates
 * and deletes and release-record writes in order; regular resources as sets where helm writes a kind group
 * concurrently), the objects left behind, and the stored release records (status, revision, description, hook
 * last_run phases and delete policies, manifest). Differences that are intended are noted where they occur.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runInstall, runRollback, runTest, runUninstall, runUpgrade, type Renderer } from "@/lib/lifecycle";
import type { KubeObject } from "@/lib/kube";
import type { ReleaseChart } from "@/lib/release";
import { startLifecycleEnv, type LifecycleEnv } from "./helpers/env";
import { SCENARIO_CHART, renderWithHelmTemplate } from "./helpers/helm-render";

type Values = Record<string, unknown> & { hooks?: Array<Record<string, unknown>> };
/** helm's flags, given to both sides (helm as CLI flags, Hookline as options). */
interface Flags {
  timeout?: number;
  wait?: boolean;
  noHooks?: boolean;
  atomic?: boolean;
  cleanupOnFail?: boolean;
  historyMax?: number;
  reuseValues?: boolean;
  install?: boolean;
  replace?: boolean;
  /** `--server-side=true|false` (absent: helm's default, true for install and auto for upgrade/rollback). */
  serverSide?: boolean;
  takeOwnership?: boolean;
  forceReplace?: boolean;
}
type Step = (
  | { op: "install"; values: Values }
  | { op: "upgrade"; values: Values }
  | { op: "rollback"; revision?: number }
  | { op: "uninstall"; keepHistory?: boolean }
  | { op: "test" }
  /** Not an operation: writes an object directly to both clusters (e.g. one that is in the way). */
  | { op: "seed"; object: KubeObject }
) & { flags?: Flags };

function helmFlags(flags: Flags = {}): string[] {
  const out = ["--timeout", `${(flags.timeout ?? 20_000) / 1000}s`];
  if (flags.wait) out.push("--wait");
  if (flags.noHooks) out.push("--no-hooks");
  if (flags.atomic) out.push("--rollback-on-failure");
  if (flags.cleanupOnFail) out.push("--cleanup-on-fail");
  if (flags.historyMax !== undefined) out.push("--history-max", String(flags.historyMax));
  if (flags.reuseValues) out.push("--reuse-values");
  if (flags.install) out.push("--install");
  if (flags.replace) out.push("--replace");
  if (flags.serverSide !== undefined) out.push(`--server-side=${flags.serverSide}`);
  if (flags.takeOwnership) out.push("--take-ownership");
  if (flags.forceReplace) out.push("--force-replace");
  return out;
}

interface StepResult {
  ok: boolean;
  message: string;
}

const RELEASE = "r";
const NS = "default";

let helmSide: LifecycleEnv;
let hooklineSide: LifecycleEnv;
let chart: ReleaseChart;
let render: Renderer;

beforeAll(async () => {
  [helmSide, hooklineSide] = await Promise.all([startLifecycleEnv(), startLifecycleEnv()]);
  ({ chart, render } = await renderWithHelmTemplate());
});
afterAll(async () => {
  await helmSide?.stop();
  await hooklineSide?.stop();
});

async function runWithHelm(step: Step): Promise<StepResult> {
  if (step.op === "seed") {
    await helmSide.kube.create(step.object);
    return { ok: true, message: "" };
  }
  const args: Record<Exclude<Step["op"], "seed">, string[]> = {
    install: ["install", RELEASE, SCENARIO_CHART],
    upgrade: ["upgrade", RELEASE, SCENARIO_CHART],
    rollback: ["rollback", RELEASE, ...("revision" in step && step.revision ? [String(step.revision)] : [])],
    uninstall: ["uninstall", RELEASE, ...("keepHistory" in step && step.keepHistory ? ["--keep-history"] : [])],
    test: ["test", RELEASE],
  };
  const r = await helmSide.helm([...args[step.op], "-n", NS, ...helmFlags(step.flags)], "values" in step ? step.values : undefined);
  return { ok: r.code === 0, message: r.stderr };
}

async function runWithHookline(step: Step): Promise<StepResult> {
  const { config } = hooklineSide.config(NS);
  const f = step.flags ?? {};
  const common = {
    releaseName: RELEASE,
    namespace: NS,
    timeoutMs: f.timeout ?? 20_000,
    wait: f.wait ? ("watcher" as const) : undefined,
    noHooks: f.noHooks,
  };
  try {
    switch (step.op) {
      case "seed":
        await hooklineSide.kube.create(step.object);
        break;
      case "install":
        await runInstall(config, {
          ...common,
          chart,
          render,
          values: step.values,
          rollbackOnFailure: f.atomic,
          replace: f.replace,
          serverSide: f.serverSide ?? true,
          takeOwnership: f.takeOwnership,
        });
        break;
      case "upgrade":
        await runUpgrade(config, {
          ...common,
          chart,
          render,
          values: step.values,
          rollbackOnFailure: f.atomic,
          cleanupOnFail: f.cleanupOnFail,
          historyMax: f.historyMax,
          reuseValues: f.reuseValues,
          install: f.install,
          serverSide: f.serverSide ?? "auto",
          forceReplace: f.forceReplace,
        });
        break;
      case "rollback":
        await runRollback(config, {
          ...common,
          revision: step.revision,
          cleanupOnFail: f.cleanupOnFail,
          historyMax: f.historyMax,
          forceReplace: f.forceReplace,
          serverSide: f.serverSide ?? "auto",
        });
        break;
      case "uninstall":
        await runUninstall(config, { ...common, keepHistory: step.keepHistory, wait: f.wait ? "watcher" : undefined });
        break;
      case "test":
        await runTest(config, common);
        break;
    }
    return { ok: true, message: "" };
  } catch (error) {
    return { ok: false, message: (error as Error).message };
  }
}

function hookNames(steps: Step[]): Set<string> {
  const names = new Set<string>();
  for (const s of steps) if ("values" in s) for (const h of s.values.hooks ?? []) names.add(String(h.name));
  return names;
}

/**
 * helm writes the regular resources of one kind concurrently, so runs of consecutive same-verb, same-kind writes of
 * non-hook objects are compared as sets (sorted); hook writes and release-record writes keep their exact order.
 */
function normaliseWrites(writes: string[], hooks: Set<string>): string[] {
  const out: string[] = [];
  let run: string[] = [];
  let runKey = "";
  const flush = () => {
    out.push(...run.sort());
    run = [];
    runKey = "";
  };
  for (const w of writes) {
    const [verb, ref] = w.split(" ");
    const [kind, name] = ref!.split("/");
    const concurrent = kind !== "Secret" && !hooks.has(name!);
    const key = `${verb} ${kind}`;
    if (!concurrent) {
      flush();
      out.push(w);
      continue;
    }
    if (key !== runKey) flush();
    runKey = key;
    run.push(w);
  }
  flush();
  return out;
}

async function leftBehind(env: LifecycleEnv): Promise<string[]> {
  const out: string[] = [];
  for (const [apiVersion, kind] of [["v1", "ConfigMap"], ["batch/v1", "Job"], ["v1", "Pod"], ["apps/v1", "Deployment"], ["v1", "Service"]] as const) {
    const list = await env.kube.list(apiVersion, kind, { namespace: NS });
    for (const item of list.items) {
      // Job pods have generated names; they follow their Job.
      if (kind === "Pod" && (item.metadata.ownerReferences as unknown[] | undefined)?.length) continue;
      if (item.metadata.deletionTimestamp) continue;
      // The root CA bundle the cluster itself publishes in every namespace, as real clusters do.
      if (kind === "ConfigMap" && item.metadata.name === "kube-root-ca.crt") continue;
      out.push(`${kind}/${item.metadata.name}`);
    }
  }
  return out.sort();
}

async function recordSummary(env: LifecycleEnv) {
  return (await env.records(RELEASE, NS)).map((r) => ({
    version: r.version,
    status: r.info.status,
    description: r.info.description,
    applyMethod: r.apply_method,
    manifest: r.manifest,
    config: r.config,
    // Label values hold times; which labels exist (helm drops createdAt on the first update) must match.
    labels: Object.keys(r.labels).sort(),
    hooks: r.hooks.map((h) => ({
      name: h.name,
      kind: h.kind,
      phase: h.last_run.phase,
      deletePolicies: h.delete_policies,
      started: Boolean(h.last_run.started_at),
      completed: Boolean(h.last_run.completed_at),
    })),
  }));
}

async function compareScenario(steps: Step[]) {
  await Promise.all([helmSide.sandbox.reset(), hooklineSide.sandbox.reset()]);
  const hooks = hookNames(steps);
  for (const [index, step] of steps.entries()) {
    const [byHelm, byHookline] = await Promise.all([runWithHelm(step), runWithHookline(step)]);
    expect({ step: index, op: step.op, ok: byHookline.ok }).toEqual({ step: index, op: step.op, ok: byHelm.ok });
    if (!byHelm.ok) expect(byHelm.message).toContain(byHookline.message);
    expect(normaliseWrites(hooklineSide.writes(), hooks)).toEqual(normaliseWrites(helmSide.writes(), hooks));
  }
  expect(await leftBehind(hooklineSide)).toEqual(await leftBehind(helmSide));
  const records = await recordSummary(hooklineSide);
  expect(records).toEqual(await recordSummary(helmSide));
  return { records, writes: hooklineSide.writes() };
}

describe("Hookline and helm 4.1.4 leave the same trace (sandbox over HTTP)", () => {
  it("orders hooks by weight, then name, then kind; applies each delete policy on success; runs duplicate events twice", async () => {
    const hooks = [
      { name: "w-b", events: "pre-install,pre-upgrade", weight: 0, policy: "hook-succeeded" },
      { name: "w-a", events: "pre-install,pre-upgrade", weight: 0, kind: "Job", policy: "before-hook-creation,hook-succeeded" },
      { name: "w-a", events: "pre-install,pre-upgrade", weight: 0, kind: "ConfigMap" },
      { name: "w-neg", events: "pre-install, PRE-UPGRADE", weight: -5, policy: "before-hook-creation,hook-succeeded" },
      { name: "w-failed-only", events: "post-install,post-upgrade", weight: 3, policy: "hook-failed" },
      { name: "w-dup", events: "post-install,post-install", kind: "ConfigMap", policy: "hook-succeeded" },
      { name: "w-empty", events: "post-upgrade", kind: "ConfigMap", policy: "" },
    ];
    const { records, writes } = await compareScenario([
      { op: "install", values: { hooks } },
      { op: "upgrade", values: { hooks, message: "two" } },
      { op: "upgrade", values: { hooks, message: "three" } },
    ]);
    expect(records.map((r) => [r.version, r.status, r.description])).toEqual([
      [1, "superseded", "Install complete"],
      [2, "superseded", "Upgrade complete"],
      [3, "deployed", "Upgrade complete"],
    ]);
    // Weight -5 first; the weight-0 ties by name (w-a before w-b), and the two w-a by kind (ConfigMap, then Job).
    const firstCreates = writes.filter((w) => w.startsWith("apply") && !w.includes("r-config")).slice(0, 4);
    expect(firstCreates).toEqual(["apply Job/w-neg", "apply ConfigMap/w-a", "apply Job/w-a", "apply Job/w-b"]);
  }, 120_000);

  it("a failing pre-upgrade hook: logs, hook-failed deletion, earlier hook-succeeded cleanup, later hooks never run", async () => {
    const hooks = (outcome: string) => [
      { name: "f-first", events: "pre-upgrade", weight: -1, policy: "hook-succeeded" },
      { name: "f-cm", events: "pre-upgrade", weight: 0, kind: "ConfigMap", policy: "hook-succeeded" },
      { name: "f-fail", events: "pre-upgrade", weight: 1, outcome, policy: "hook-failed", outputLog: "hook-failed" },
      { name: "f-never", events: "pre-upgrade", weight: 2 },
    ];
    const { records } = await compareScenario([
      { op: "install", values: { hooks: hooks("succeed") } },
      { op: "upgrade", values: { hooks: hooks("fail"), message: "two" } },
      { op: "upgrade", values: { hooks: hooks("succeed"), message: "three" } },
    ]);
    expect(records.map((r) => r.status)).toEqual(["superseded", "failed", "deployed"]);
    expect(records[1]!.description).toMatch(/^Upgrade "r" failed: pre-upgrade hooks failed: /);
  }, 120_000);

  it("delete policies on failure: hook-succeeded and before-hook-creation keep a failed hook until its next run", async () => {
    const failing = (policy: string) => [
      { name: "p-post", events: "post-install", outcome: "fail", policy },
      { name: "p-pre", events: "pre-upgrade", outcome: "fail", kind: "Job" },
    ];
    await compareScenario([
      { op: "install", values: { hooks: failing("hook-succeeded") } },
      { op: "upgrade", values: { hooks: failing("hook-succeeded"), message: "two" } },
      { op: "upgrade", values: { hooks: failing("hook-succeeded"), message: "three" } },
    ]);
  }, 120_000);

  it("removes resources dropped from the chart, but not those marked helm.sh/resource-policy: keep", async () => {
    await compareScenario([
      { op: "install", values: { extra: true, kept: true } },
      { op: "upgrade", values: { extra: false, kept: false, message: "two" } },
    ]);
    expect(await leftBehind(hooklineSide)).toEqual(["ConfigMap/r-config", "ConfigMap/r-kept", "Service/kubernetes"]);
  }, 120_000);

  it("rolls back to a revision and to the previous one, with pre/post-rollback hooks", async () => {
    const hooks = [
      { name: "rb-pre", events: "pre-rollback", policy: "hook-succeeded" },
      { name: "rb-post", events: "post-rollback", kind: "ConfigMap" },
    ];
    const { records } = await compareScenario([
      { op: "install", values: { hooks, extra: true } },
      { op: "upgrade", values: { hooks, extra: false, message: "two" } },
      { op: "rollback", revision: 1 },
      { op: "rollback" },
    ]);
    expect(records.map((r) => [r.version, r.status, r.description])).toEqual([
      [1, "superseded", "Install complete"],
      [2, "superseded", "Upgrade complete"],
      [3, "superseded", "Rollback to 1"],
      // "previous" means last - 1 (revision 2), not the revision rolled back from.
      [4, "deployed", "Rollback to 2"],
    ]);
  }, 120_000);

  it("a failing pre-rollback hook leaves pending-rollback, and the next upgrade is refused", async () => {
    const hooks = [{ name: "rb-fail", events: "pre-rollback", outcome: "fail" }];
    const { records } = await compareScenario([
      { op: "install", values: { hooks } },
      { op: "upgrade", values: { hooks, message: "two" } },
      { op: "rollback", revision: 1 },
      { op: "upgrade", values: { hooks, message: "three" } },
    ]);
    expect(records.map((r) => r.status)).toEqual(["superseded", "deployed", "pending-rollback"]);
  }, 120_000);

  it("uninstalls with pre/post-delete hooks in uninstall order, keeping resource-policy keep", async () => {
    const hooks = [
      { name: "d-pre", events: "pre-delete", policy: "hook-succeeded" },
      { name: "d-post", events: "post-delete", kind: "ConfigMap" },
    ];
    await compareScenario([
      { op: "install", values: { hooks, kept: true, extra: true, deployment: true } },
      { op: "uninstall" },
    ]);
  }, 120_000);

  it("uninstall --keep-history marks the last revision uninstalled and supersedes deployed ones", async () => {
    const { records } = await compareScenario([
      { op: "install", values: {} },
      { op: "upgrade", values: { message: "two" } },
      { op: "uninstall", keepHistory: true },
    ]);
    expect(records.map((r) => [r.status, r.description])).toEqual([
      ["superseded", "Install complete"],
      ["uninstalled", "Uninstallation complete"],
    ]);
  }, 120_000);

  it("runs test hooks, writes their last runs to the latest revision and applies their policies", async () => {
    const hooks = [
      { name: "t-ok", events: "test", kind: "Pod", policy: "hook-succeeded", logs: "all good" },
      { name: "t-job", events: "test", weight: 1 },
    ];
    await compareScenario([
      { op: "install", values: { hooks } },
      { op: "test" },
      { op: "install", values: { hooks } },
    ]);
  }, 120_000);

  it("a failing test hook fails the test without changing the release status", async () => {
    const hooks = [
      { name: "t-pass", events: "test", kind: "Pod", policy: "hook-succeeded" },
      { name: "t-fail", events: "test", kind: "Pod", outcome: "fail", weight: 2, policy: "hook-failed" },
    ];
    const { records } = await compareScenario([{ op: "install", values: { hooks } }, { op: "test" }]);
    expect(records[0]!.status).toBe("deployed");
  }, 120_000);

  it("a hook that never finishes times out after --timeout, per hook", async () => {
    const hooks = [{ name: "h-hang", events: "pre-upgrade", outcome: "hang", policy: "hook-failed" }];
    const { records } = await compareScenario([
      { op: "install", values: { hooks } },
      { op: "upgrade", values: { hooks, message: "two" }, flags: { timeout: 1500 } },
    ]);
    expect(records[1]!.description).toContain("context deadline exceeded");
  }, 120_000);

  it("--no-hooks skips every hook; --wait waits for the Deployment", async () => {
    const hooks = [{ name: "n-pre", events: "pre-install,pre-upgrade", policy: "hook-succeeded" }];
    await compareScenario([
      { op: "install", values: { hooks, deployment: true }, flags: { noHooks: true, wait: true } },
      { op: "upgrade", values: { hooks, deployment: true, message: "two" }, flags: { wait: true } },
    ]);
  }, 120_000);

  it("upgrade --rollback-on-failure rolls back to the last good revision", async () => {
    const hooks = (outcome: string) => [{ name: "a-post", events: "post-upgrade", outcome, policy: "before-hook-creation,hook-failed" }];
    const { records } = await compareScenario([
      { op: "install", values: { hooks: hooks("succeed"), extra: true } },
      { op: "upgrade", values: { hooks: hooks("fail"), message: "two" }, flags: { atomic: true } },
    ]);
    expect(records.map((r) => [r.version, r.status, r.description])).toEqual([
      [1, "superseded", "Install complete"],
      [2, "failed", expect.stringMatching(/^Upgrade "r" failed: post-upgrade hooks failed: /)],
      [3, "deployed", "Rollback to 1"],
    ]);
  }, 120_000);

  it("install --rollback-on-failure uninstalls (running the delete hooks) and keeps no record", async () => {
    const hooks = [
      { name: "i-fail", events: "post-install", outcome: "fail" },
      { name: "i-pre-delete", events: "pre-delete", kind: "ConfigMap" },
    ];
    const { records } = await compareScenario([{ op: "install", values: { hooks }, flags: { atomic: true } }]);
    expect(records).toEqual([]);
  }, 120_000);

  it("upgrade --cleanup-on-fail deletes what the failed upgrade created", async () => {
    const hooks = (outcome: string) => [{ name: "c-post", events: "post-upgrade", outcome }];
    await compareScenario([
      { op: "install", values: { hooks: hooks("succeed") } },
      { op: "upgrade", values: { hooks: hooks("fail"), extra: true }, flags: { cleanupOnFail: true } },
    ]);
    expect(await leftBehind(hooklineSide)).not.toContain("ConfigMap/r-extra");
  }, 120_000);

  it("--history-max prunes the oldest revisions but never the deployed one; --reuse-values keeps the old values", async () => {
    const { records } = await compareScenario([
      { op: "install", values: { message: "one" } },
      { op: "upgrade", values: { message: "two", extra: true } },
      { op: "upgrade", values: { extra: false }, flags: { reuseValues: true, historyMax: 2 } },
      { op: "upgrade", values: {}, flags: { historyMax: 2 } },
    ]);
    expect(records.map((r) => r.version)).toEqual([3, 4]);
    expect(records[0]!.config).toEqual({ message: "two", extra: false });
  }, 120_000);

  it("upgrade --install installs a missing release; install --replace re-uses an uninstalled name", async () => {
    const { records } = await compareScenario([
      { op: "upgrade", values: { message: "one" }, flags: { install: true } },
      { op: "uninstall", keepHistory: true },
      { op: "install", values: { message: "two" }, flags: { replace: true } },
    ]);
    expect(records.map((r) => [r.version, r.status])).toEqual([
      [1, "superseded"],
      [2, "deployed"],
    ]);
  }, 120_000);

  it("a generateName-only hook with the default policy fails before it is created", async () => {
    const hooks = [{ name: "gen", events: "pre-install", generateName: true }];
    await compareScenario([{ op: "install", values: { hooks } }]);
  }, 120_000);

  it("client-side apply (--server-side=false): POSTs, patches, an inherited method, and --force-replace as PUT", async () => {
    const hooks = [
      { name: "csa-pre", events: "pre-install,pre-upgrade", kind: "ConfigMap" },
      { name: "csa-job", events: "post-upgrade", policy: "hook-succeeded" },
    ];
    const { records, writes } = await compareScenario([
      { op: "install", values: { hooks, extra: true }, flags: { serverSide: false } },
      { op: "upgrade", values: { hooks, message: "two" } },
      { op: "rollback", revision: 1 },
      { op: "upgrade", values: { hooks, message: "four" }, flags: { forceReplace: true } },
      // helm 4 refuses to combine server-side apply with replacement, but only when it comes to updating the
      // resources: the revision is recorded and the pre-upgrade hooks run first.
      { op: "upgrade", values: { hooks, message: "five" }, flags: { forceReplace: true, serverSide: true } },
      { op: "rollback", revision: 2, flags: { forceReplace: true, serverSide: false } },
    ]);
    expect(records.map((r) => [r.applyMethod, r.status])).toEqual([
      ["csa", "superseded"],
      ["csa", "superseded"],
      ["csa", "superseded"],
      ["csa", "superseded"],
      ["ssa", "failed"],
      ["csa", "deployed"],
    ]);
    expect(records[4]!.description).toBe('Upgrade "r" failed: invalid operation: cannot use server-side apply and force replace together');
    expect(writes).toContain("update ConfigMap/r-config");
    expect(writes).toContain("create ConfigMap/csa-pre");
    expect(writes).toContain("patch ConfigMap/r-config");
  }, 120_000);

  it("uninstall --wait waits for the resources to be gone before the post-delete hooks", async () => {
    const hooks = [{ name: "uw-post", events: "post-delete", kind: "ConfigMap" }];
    await compareScenario([
      { op: "install", values: { hooks, deployment: true } },
      { op: "uninstall", flags: { wait: true } },
    ]);
  }, 120_000);

  it("refuses to take over an object it does not own unless --take-ownership, and adopts one that carries its ownership metadata", async () => {
    const configMap = (name: string, owned: boolean): KubeObject => ({
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: {
        name,
        namespace: NS,
        ...(owned
          ? { labels: { "app.kubernetes.io/managed-by": "Helm" }, annotations: { "meta.helm.sh/release-name": RELEASE, "meta.helm.sh/release-namespace": NS } }
          : {}),
      },
      data: { before: "yes" },
    });
    await compareScenario([
      { op: "seed", object: configMap("r-config", true) },
      { op: "install", values: {} },
      { op: "seed", object: configMap("r-extra", false) },
      { op: "upgrade", values: { extra: true } },
      { op: "uninstall" },
      { op: "seed", object: configMap("r-kept", false) },
      { op: "install", values: { kept: true } },
      { op: "install", values: { kept: true }, flags: { takeOwnership: true } },
    ]);
  }, 120_000);

  it("fails with helm's words when there is nothing to act on", async () => {
    await compareScenario([
      { op: "upgrade", values: {} },
      { op: "rollback", revision: 1 },
      { op: "uninstall" },
      { op: "test" },
      { op: "install", values: {} },
      { op: "rollback", revision: 9 },
      { op: "uninstall", keepHistory: true },
      { op: "uninstall", keepHistory: true },
      { op: "upgrade", values: {} },
      { op: "rollback", revision: 1 },
    ]);
  }, 120_000);
});
