/**
 * The `hookline install|upgrade|rollback|uninstall|test|history|status|list` commands against the sandbox over
 * HTTP, rendering with Hookline's own template engine; helm 4.1.4 reads what they wrote.
 */
import { writeFile } from "node:fs/promises";
import path from "node:path";
import type { Command } from "commander";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildProgram } from "@/lib/cli/main";
import { historyCommand } from "@/lib/cli/commands/history";
import { installCommand } from "@/lib/cli/commands/install";
import { listCommand } from "@/lib/cli/commands/list";
import { rollbackCommand } from "@/lib/cli/commands/rollback";
import { statusCommand } from "@/lib/cli/commands/status";
import { testCommand } from "@/lib/cli/commands/test";
import { uninstallCommand } from "@/lib/cli/commands/uninstall";
import { upgradeCommand } from "@/lib/cli/commands/upgrade";
import type { Output } from "@/lib/lifecycle/cli/shared";
import { startLifecycleEnv, type LifecycleEnv } from "./helpers/env";
import { SCENARIO_CHART } from "./helpers/helm-render";

let env: LifecycleEnv;
beforeAll(async () => {
  env = await startLifecycleEnv();
});
afterAll(async () => {
  await env?.stop();
});

async function cli(factory: (output: Output) => Command, args: string[]): Promise<{ out: string; err: string }> {
  let out = "";
  let err = "";
  const command = factory({ out: (t) => (out += t), err: (t) => (err += t) }).exitOverride();
  await command.parseAsync([...args, "--kubeconfig", env.kubeconfigPath], { from: "user" });
  return { out, err };
}

describe("hookline lifecycle commands (sandbox over HTTP)", () => {
  it("are registered on the hookline program", async () => {
    const names = (await buildProgram()).commands.map((c) => c.name());
    expect(names).toEqual(expect.arrayContaining(["install", "upgrade", "rollback", "uninstall", "test", "history", "status", "list"]));
  });

  it("install, upgrade, history, status, list, test, rollback and uninstall a release", async () => {
    const valuesFile = path.join(path.dirname(env.kubeconfigPath), "values.yaml");
    await writeFile(
      valuesFile,
      [
        "hooks:",
        "  - {name: cli-pre, events: 'pre-install,pre-upgrade', policy: hook-succeeded}",
        "  - {name: cli-test, events: test, kind: Pod, logs: 'cli test says hi'}",
      ].join("\n"),
    );
    const installed = await cli(installCommand, ["cli", SCENARIO_CHART, "-n", "default", "-f", valuesFile, "--set", "message=from-cli", "--timeout", "30s"]);
    expect(installed.out).toContain("STATUS: deployed");
    expect(installed.out).toContain("REVISION: 1");
    expect(installed.err).toContain("==> pre-install hooks");
    expect(installed.err).toContain("hook Job/cli-pre succeeded");
    expect((await env.kube.get({ apiVersion: "v1", kind: "ConfigMap", name: "cli-config", namespace: "default" }))?.data).toEqual({ message: "from-cli" });

    const upgraded = await cli(upgradeCommand, ["cli", SCENARIO_CHART, "-n", "default", "-f", valuesFile, "--set", "extra=true", "-o", "json"]);
    expect(JSON.parse(upgraded.out)).toMatchObject({ version: 2, info: { status: "deployed", description: "Upgrade complete" }, config: { extra: true } });

    const history = JSON.parse((await cli(historyCommand, ["cli", "-n", "default", "-o", "json"])).out);
    expect(history.map((h: { revision: number; status: string; chart: string }) => [h.revision, h.status, h.chart])).toEqual([
      [1, "superseded", "scenario-0.1.0"],
      [2, "deployed", "scenario-0.1.0"],
    ]);
    // helm reads the records the commands wrote.
    const helmHistory = JSON.parse((await env.helm(["history", "cli", "-n", "default", "-o", "json"])).stdout);
    expect(helmHistory.map((h: { revision: number; status: string }) => [h.revision, h.status])).toEqual([
      [1, "superseded"],
      [2, "deployed"],
    ]);

    const status = await cli(statusCommand, ["cli", "-n", "default"]);
    expect(status.out).toContain("STATUS: deployed");
    expect(status.out).toContain("HOOK Job/cli-pre [pre-install,pre-upgrade] weight 0: Succeeded");
    const listed = JSON.parse((await cli(listCommand, ["-n", "default", "-o", "json"])).out);
    expect(listed).toEqual([expect.objectContaining({ name: "cli", revision: "2", status: "deployed", chart: "scenario-0.1.0" })]);

    const tested = await cli(testCommand, ["cli", "-n", "default", "--logs"]);
    expect(tested.out).toContain("TEST SUITE:     cli-test");
    expect(tested.out).toContain("Phase:          Succeeded");
    expect(tested.err).toContain("cli test says hi");

    const rolled = await cli(rollbackCommand, ["cli", "1", "-n", "default"]);
    expect(rolled.out).toBe("Rollback was a success! Happy Helming!\n");
    expect(await env.kube.get({ apiVersion: "v1", kind: "ConfigMap", name: "cli-extra", namespace: "default" })).toBeUndefined();

    const removed = await cli(uninstallCommand, ["cli", "-n", "default"]);
    expect(removed.out).toBe('release "cli" uninstalled\n');
    expect(await env.records("cli")).toEqual([]);
  }, 60_000);

  it("reports a failed install the way helm does", async () => {
    const failing = cli(installCommand, ["bad", SCENARIO_CHART, "-n", "default", "--set-json", 'hooks=[{"name":"bad-pre","events":"pre-install","outcome":"fail"}]']);
    await expect(failing).rejects.toThrow(
      "INSTALLATION FAILED: failed pre-install: resource Job/default/bad-pre not ready. status: Failed, message: Job Failed. failed: 1/1",
    );
  }, 60_000);

  it("Ctrl-C cancels: the hook wait stops and the release is marked failed", async () => {
    // Only our own listener may see the emitted signal (vitest's fork workers install none).
    expect(process.listenerCount("SIGINT")).toBe(0);
    let err = "";
    const command = installCommand({ out: () => undefined, err: (t) => (err += t) }).exitOverride();
    const began = Date.now();
    const running = command.parseAsync(
      ["ctrlc", SCENARIO_CHART, "-n", "default", "--kubeconfig", env.kubeconfigPath, "--set-json", 'hooks=[{"name":"ctrlc-hang","events":"pre-install","outcome":"hang"}]'],
      { from: "user" },
    );
    while (!err.includes("hook Job/ctrlc-hang (weight 0) running")) await new Promise((r) => setTimeout(r, 20));
    process.emit("SIGINT");
    await expect(running).rejects.toThrow("INSTALLATION FAILED: failed pre-install: context canceled");
    expect(Date.now() - began).toBeLessThan(10_000);
    expect(process.listenerCount("SIGINT")).toBe(0);
    const [record] = await env.records("ctrlc");
    expect([record?.info.status, record?.info.description]).toEqual(["failed", 'Release "ctrlc" failed: failed pre-install: context canceled']);
  }, 60_000);
});
