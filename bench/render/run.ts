/**
 * Rendering speed against the real helm, measured side by side in one run: for every chart of ../shared/corpus
 * (its base case), helm template's wall time, Hookline's warm in-process render time, and Hookline's cold CLI
 * time (`bin/hookline template`, a fresh process). Prints a table with the ratios and their medians; asserts nothing.
 *
 *   npx tsx bench/render/run.ts [--runs N] [--filter text]
 */
import { execFile } from "node:child_process";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { corpusAvailable, corpusCases, renderCase, CORPUS_DIR } from "@/test/conformance/corpus/corpus-cases";
import { helmBinary } from "@/test/helpers/binaries";

const run = promisify(execFile);
const args = process.argv.slice(2);
const runs = Number(args[args.indexOf("--runs") + 1]) || 3;
const filter = args.includes("--filter") ? args[args.indexOf("--filter") + 1] : "";

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

async function wall(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

if (!corpusAvailable()) {
  console.log("skipped: corpus not found");
  process.exit(0);
}

const helm = await helmBinary();
const home = mkdtempSync(path.join(os.tmpdir(), "hookline-bench-"));
const helmEnv = { NODE_ENV: "production" as const, PATH: process.env.PATH, HOME: home, HELM_CACHE_HOME: home, HELM_CONFIG_HOME: home, HELM_DATA_HOME: home, KUBECONFIG: path.join(home, "none") };
const hookline = path.resolve("bin/hookline");

const baseCases = new Map<string, ReturnType<typeof corpusCases>[number]>();
for (const c of corpusCases()) {
  if (c.exitCode === 0 && !baseCases.has(c.chart) && c.chart.includes(filter)) baseCases.set(c.chart, c);
}

const rows: Array<{ chart: string; helm: number; warm: number; cold: number }> = [];
for (const c of baseCases.values()) {
  const argv = c.argv.slice(1);
  const tolerate = (p: Promise<unknown>) => p.catch(() => undefined);
  const helmTimes: number[] = [];
  const coldTimes: number[] = [];
  for (let i = 0; i < runs; i++) {
    helmTimes.push(await wall(() => tolerate(run(helm, argv, { cwd: CORPUS_DIR, env: helmEnv, maxBuffer: 256 << 20 }))));
    coldTimes.push(await wall(() => tolerate(run(hookline, argv, { cwd: CORPUS_DIR, maxBuffer: 256 << 20 }))));
  }
  await renderCase(c); // warm: chart loaded and parsed once, JIT warmed
  const warmTimes: number[] = [];
  for (let i = 0; i < runs; i++) warmTimes.push(await wall(() => renderCase(c)));
  const row = { chart: c.chart, helm: median(helmTimes), warm: median(warmTimes), cold: median(coldTimes) };
  rows.push(row);
  console.log(`${row.chart.padEnd(50)} helm ${row.helm.toFixed(0).padStart(6)} ms   warm ${row.warm.toFixed(0).padStart(6)} ms (${(row.warm / row.helm).toFixed(2)}×)   cold CLI ${row.cold.toFixed(0).padStart(6)} ms (${(row.cold / row.helm).toFixed(2)}×)`);
}

const bySize = [...rows].sort((a, b) => b.helm - a.helm).slice(0, 5);
console.log("");
console.log(`charts: ${rows.length}, runs each: ${runs}`);
console.log(`median warm/helm ratio: ${median(rows.map((r) => r.warm / r.helm)).toFixed(2)}×`);
console.log(`median cold CLI/helm ratio: ${median(rows.map((r) => r.cold / r.helm)).toFixed(2)}×`);
console.log(`largest 5 charts (by helm time), median warm/helm: ${median(bySize.map((r) => r.warm / r.helm)).toFixed(2)}×`);
