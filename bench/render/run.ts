/**
 * Rendering speed against the real helm, measured side by side in one run: for every chart of ../shared/corpus
 * (its first case that renders, skipping known failures), helm template's wall time, Hookline's warm in-process
 * render time (the same chart rendered again and again, as the editor's preview does while someone types: each chart
 * is first rendered `--warmup` times, or for 3 seconds, so that V8 has compiled the paths this chart takes; the
 * first few renders of a chart run in V8's interpreter and take 2–4 times as long) and Hookline's cold CLI time
 * (`bench/render/bundle-main.mjs template`: a fresh process running the CLI bundle as bin/hookline does, rebuilt at
 * the start, so that a source edit by someone else mid-run cannot switch bin/hookline to its TypeScript fallback).
 * Each round runs helm, the cold CLI and `--warm-renders` warm renders one after the other, so load from other
 * processes hits all three alike; each figure is the median of its rounds' samples (helm and the cold CLI: one per
 * round; the warm render: all the renders of all rounds, since one render is short enough for a single sample to
 * swing by a third with what else the machine is doing). A round, and each warm render, starts once this process's
 * stock of RSA keys has been refilled (lib/render/rsa-key-pool.ts; charts that make certificates,
 * such as harbor, take keys from it), so that no background key generation of ours slows helm or the cold CLI down:
 * the warm render of such a chart is that of an editor preview rendered again after a pause of a second or so
 * (rendered back to back, harbor waits for its eight 2048-bit keys: ≈65 ms each).
 * Prints one row per chart, the medians of the ratios, and a table of the largest charts (by rendered output size),
 * where the goals are set: warm ≤ 0.1× helm, cold ≤ 1× helm. Asserts nothing.
 *
 *   npx tsx bench/render/run.ts [--runs N] [--warmup N] [--warm-renders N] [--filter text] [--largest N] [--no-cold]
 *
 * `--no-cold` leaves the cold CLI out (its column shows 0), for a quicker look at the warm render alone.
 */
import { execFile, spawn } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { corpusAvailable, corpusCases, renderCase, CORPUS_DIR, type CorpusCase } from "@/test/conformance/corpus/corpus-cases";
import { rsaKeyPool } from "@/lib/render/node-func-context";
import { helmBinary } from "@/test/helpers/binaries";

const run = promisify(execFile);
const args = process.argv.slice(2);
const option = (name: string, fallback: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const runs = Number(option("--runs", "5"));
const filter = option("--filter", "");
const largestCount = Number(option("--largest", "5"));
const warmup = Number(option("--warmup", "12"));
const warmRenders = Number(option("--warm-renders", "5"));
const WARMUP_MS = 3000;
const withCold = !args.includes("--no-cold");

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
if (withCold) await run(process.execPath, [path.resolve("scripts/build-cli.mjs")]);
const bundle = path.resolve("bench/render/bundle-main.mjs");
const knownFailures = new Set(Object.keys(JSON.parse(readFileSync(path.resolve("test/conformance/corpus/known-failures.json"), "utf8")) as object));

const baseCases = new Map<string, CorpusCase>();
const skipped = new Set<string>();
for (const c of corpusCases()) {
  if (!c.chart.includes(filter)) continue;
  if (c.exitCode !== 0 || knownFailures.has(`${c.chart}/${c.case}`)) {
    skipped.add(c.chart);
    continue;
  }
  if (!baseCases.has(c.chart)) baseCases.set(c.chart, c);
}
for (const chart of baseCases.keys()) skipped.delete(chart);

interface Row {
  chart: string;
  bytes: number;
  helm: number;
  warm: number;
  cold: number;
}

/**
 * Runs a command to its exit with its output thrown away: collecting helm's and the CLI's output in this process
 * would fill its heap between warm renders, and the collection that follows would land in the next timed render.
 * (Their output is checked by the conformance tests, not here.)
 */
function runQuietly(command: string, argv: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<void> {
  return new Promise((resolve) => {
    const child = spawn(command, argv, { ...options, stdio: "ignore" });
    child.on("error", () => resolve());
    child.on("close", () => resolve());
  });
}
const ms = (x: number) => x.toFixed(x < 10 ? 1 : 0).padStart(7);
const ratio = (x: number) => `${x.toFixed(2)}×`.padStart(7);
const header = `${"chart".padEnd(52)} ${"output".padStart(8)} ${"helm ms".padStart(7)} ${"warm ms".padStart(7)} ${"warm/h".padStart(7)} ${"cold ms".padStart(7)} ${"cold/h".padStart(7)}`;
const line = (r: Row) =>
  `${r.chart.padEnd(52)} ${`${(r.bytes / 1024).toFixed(0)} KB`.padStart(8)} ${ms(r.helm)} ${ms(r.warm)} ${ratio(r.warm / r.helm)} ${ms(r.cold)} ${ratio(r.cold / r.helm)}`;

console.log(`${runs} rounds per chart (helm, cold CLI, ${warmRenders} warm renders in turn) after ${warmup} warm-up renders (at most ${WARMUP_MS / 1000} s); medians`);
console.log(header);
const rows: Row[] = [];
for (const c of baseCases.values()) {
  const argv = c.argv.slice(1);
  const first = await renderCase(c); // loads and caches the chart
  if (first.exitCode !== 0) {
    skipped.add(c.chart);
    continue;
  }
  const warmStart = performance.now();
  for (let i = 1; i < warmup && performance.now() - warmStart < WARMUP_MS; i++) await renderCase(c);
  const helmTimes: number[] = [];
  const coldTimes: number[] = [];
  const warmTimes: number[] = [];
  for (let i = 0; i < runs; i++) {
    await rsaKeyPool.idle(); // no key generation of ours competes with helm's or the CLI's run
    helmTimes.push(await wall(() => runQuietly(helm, argv, { cwd: CORPUS_DIR, env: helmEnv })));
    if (withCold) coldTimes.push(await wall(() => runQuietly(process.execPath, [bundle, ...argv], { cwd: CORPUS_DIR })));
    for (let j = 0; j < warmRenders; j++) {
      await rsaKeyPool.idle(); // as above: a chart's keys come from a refilled stock, not generated in the render
      warmTimes.push(await wall(() => renderCase(c)));
    }
  }
  const row = { chart: c.chart, bytes: Buffer.byteLength(first.stdout), helm: median(helmTimes), warm: median(warmTimes), cold: withCold ? median(coldTimes) : 0 };
  rows.push(row);
  console.log(line(row));
}

const largest = [...rows].sort((a, b) => b.bytes - a.bytes).slice(0, largestCount);
console.log("");
console.log(`charts: ${rows.length}${skipped.size ? ` (skipped, no case renders: ${[...skipped].join(", ")})` : ""}`);
console.log(`all charts, median warm/helm: ${median(rows.map((r) => r.warm / r.helm)).toFixed(2)}×   median cold CLI/helm: ${median(rows.map((r) => r.cold / r.helm)).toFixed(2)}×`);
console.log("");
console.log(`largest ${largest.length} charts by rendered output (goals: warm ≤ 0.10×, cold ≤ 1×)`);
console.log(header);
for (const r of largest) console.log(line(r));
console.log(
  `${"median".padEnd(52)} ${"".padStart(8)} ${ms(median(largest.map((r) => r.helm)))} ${ms(median(largest.map((r) => r.warm)))} ${ratio(median(largest.map((r) => r.warm / r.helm)))} ${ms(median(largest.map((r) => r.cold)))} ${ratio(median(largest.map((r) => r.cold / r.helm)))}`,
);
