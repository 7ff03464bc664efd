/**
 * Test-only rendering with the real helm (until Hookline's template engine is wired in): a client-side dry-run
 * install of the chart gives exactly the manifest, hook records, notes and chart record helm would store. The
 * lifecycle engine's work starts after this step, so using helm here does not test helm against itself.
 */
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { parseRelease, type ReleaseChart } from "@/lib/release";
import type { Renderer } from "@/lib/lifecycle";
import { helmBinary } from "@/test/helpers/binaries";

const run = promisify(execFile);

export const SCENARIO_CHART = path.resolve(import.meta.dirname, "..", "charts", "scenario");

async function dryRun(chartDir: string, name: string, namespace: string, values: Record<string, unknown>) {
  const dir = await mkdtemp(path.join(os.tmpdir(), "hookline-render-"));
  try {
    const file = path.join(dir, "values.json");
    await writeFile(file, JSON.stringify(values));
    const { stdout } = await run(await helmBinary(), ["install", name, chartDir, "-n", namespace, "--dry-run=client", "-o", "json", "-f", file], {
      env: { ...process.env, HELM_CACHE_HOME: path.join(dir, "cache"), HELM_CONFIG_HOME: path.join(dir, "config") },
      maxBuffer: 32 * 1024 * 1024,
    });
    return parseRelease(JSON.parse(stdout));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The chart record helm stores for `chartDir`, and a Renderer that renders it with helm. */
export async function renderWithHelmTemplate(chartDir: string = SCENARIO_CHART): Promise<{ chart: ReleaseChart; render: Renderer }> {
  const probe = await dryRun(chartDir, "probe", "default", {});
  const render: Renderer = async (_chart, values, release) => {
    const rendered = await dryRun(chartDir, release.name, release.namespace, values);
    return { manifest: rendered.manifest, hooks: rendered.hooks, notes: rendered.info.notes };
  };
  return { chart: probe.chart!, render };
}
