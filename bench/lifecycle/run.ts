/**
 * Lifecycle benchmark (printed, not asserted): one upgrade with 20 zero-duration pre-upgrade hook Jobs, done by
 * Hookline (rendering with its own engine) and by the real helm 4.1.4 on the same sandbox, one after the other.
 * The sandbox runs in a child process so that neither client shares an event loop with the API server.
 * Prints both wall-clock times (median of --rounds upgrades each, alternating) and their ratio. helm's time includes
 * starting its process, as a user would see it.
 * Run: npx tsx bench/lifecycle/run.ts [--hooks N] [--rounds N]
 */
import { execFile, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { loadChartDirectory } from "../../lib/chart/node";
import { createKubeClient } from "../../lib/kube";
import { hooklineRenderer, runInstall, runUpgrade } from "../../lib/lifecycle";
import { createReleaseStore } from "../../lib/release";
import { helmBinary } from "../../test/helpers/binaries";

const run = promisify(execFile);
function flag(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? Number(process.argv[index + 1]) : fallback;
}
const HOOKS = flag("hooks", 20);
const ROUNDS = flag("rounds", 3);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const CHART = path.resolve(import.meta.dirname, "..", "..", "test", "lifecycle", "charts", "scenario");

const hooks = Array.from({ length: HOOKS }, (_, i) => ({
  name: `bench-hook-${String(i).padStart(2, "0")}`,
  events: "pre-upgrade",
  weight: i % 5,
  duration: "0s",
  policy: "before-hook-creation,hook-succeeded",
}));

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "hookline-bench-lc-"));
  const kubeconfig = path.join(dir, "kubeconfig");
  const server = spawn(process.execPath, ["--import", "tsx", path.join(import.meta.dirname, "sandbox-process.ts"), kubeconfig], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.stdout.on("data", (chunk: Buffer) => (chunk.toString().includes("ready") ? resolve() : undefined));
      server.once("exit", (code) => reject(new Error(`sandbox process exited with ${code}`)));
    });
    const valuesFile = path.join(dir, "values.json");
    writeFileSync(valuesFile, JSON.stringify({ hooks }));
    const helm = await helmBinary();
    const helmEnv = { ...process.env, KUBECONFIG: kubeconfig, HELM_CACHE_HOME: path.join(dir, "cache"), HELM_CONFIG_HOME: path.join(dir, "config") };

    const kube = createKubeClient({ kubeconfigPath: kubeconfig });
    const config = { kube, releases: createReleaseStore({ namespace: "default", client: kube }) };
    const { chart, render } = hooklineRenderer(await loadChartDirectory(CHART));

    await run(helm, ["install", "by-helm", CHART, "-n", "default", "-f", valuesFile], { env: helmEnv });
    await runInstall(config, { releaseName: "by-hookline", namespace: "default", chart, render, values: { hooks } });

    const hooklineTimes: number[] = [];
    const helmTimes: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const message = `round-${round}`;
      let started = performance.now();
      await runUpgrade(config, { releaseName: "by-hookline", namespace: "default", chart, render, values: { hooks, message } });
      hooklineTimes.push(performance.now() - started);

      writeFileSync(valuesFile, JSON.stringify({ hooks, message }));
      started = performance.now();
      await run(helm, ["upgrade", "by-helm", CHART, "-n", "default", "-f", valuesFile], { env: helmEnv });
      helmTimes.push(performance.now() - started);
    }
    const hooklineMs = median(hooklineTimes);
    const helmMs = median(helmTimes);

    console.log(`upgrade with ${HOOKS} zero-duration hook Jobs on one sandbox (median of ${ROUNDS})`);
    console.log(`  hookline: ${hooklineMs.toFixed(0)} ms`);
    console.log(`  helm:     ${helmMs.toFixed(0)} ms`);
    console.log(`  ratio hookline/helm: ${(hooklineMs / helmMs).toFixed(2)}`);
  } finally {
    server.kill("SIGTERM");
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
