/**
 * Where a cold `hookline template` spends its time, step by step, beside `helm template` on the same chart: a bare
 * `node` process, the CLI bundle's entry alone (`--version`), the entry plus every module the template command
 * evaluates (`template --help`), and the whole command (load the chart, render, print). Each variant runs once per
 * round, in turn, so load from other processes hits all alike; medians of wall time and of CPU time (user + system,
 * which other processes disturb less). Needs the bundle (`node scripts/build-cli.mjs`). Asserts nothing.
 *
 *   npx tsx bench/render/cold.ts [--runs N] [--chart corpus-chart-id]
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { CORPUS_DIR, corpusAvailable } from "@/test/conformance/corpus/corpus-cases";
import { helmBinary } from "@/test/helpers/binaries";

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const runs = Number(option("--runs", "15"));
const chart = `charts/${option("--chart", "ingress-nginx__ingress-nginx")}`;

interface Sample {
  wall: number;
  cpu: number;
}

/** CPU time (ms) of all reaped children of this process so far: cutime + cstime from /proc/self/stat. */
function childCpu(): number {
  const stat = readFileSync("/proc/self/stat", "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const ticks = Number(fields[13]) + Number(fields[14]); // cutime and cstime, fields 16 and 17 of the line
  return (ticks * 1000) / 100; // USER_HZ is 100 on Linux
}

/** Runs a command to its end: its wall time, and its CPU time from the kernel's accounting once it is reaped. */
function measure(command: string, argv: string[], env: NodeJS.ProcessEnv): Promise<Sample> {
  return new Promise((resolve, reject) => {
    const cpu = childCpu();
    const start = performance.now();
    const child = spawn(command, argv, { cwd: CORPUS_DIR, env, stdio: ["ignore", "ignore", "ignore"] });
    child.on("error", reject);
    child.on("close", () => resolve({ wall: performance.now() - start, cpu: childCpu() - cpu }));
  });
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

if (!corpusAvailable() || !existsSync(path.resolve("dist/cli.mjs"))) {
  console.log("skipped: needs ../shared/corpus and the CLI bundle (node scripts/build-cli.mjs)");
  process.exit(0);
}

const helm = await helmBinary();
const home = mkdtempSync(path.join(os.tmpdir(), "hookline-cold-"));
const env = { ...process.env, HOME: home, HELM_CACHE_HOME: home, HELM_CONFIG_HOME: home, HELM_DATA_HOME: home, KUBECONFIG: path.join(home, "none") };
const bundle = path.resolve("bench/render/bundle-main.mjs");
const bin = path.resolve("bin/hookline");

const variants: Array<[string, string, string[]]> = [
  ["node -e '' (Node's own start)", process.execPath, ["-e", ""]],
  ["bundle --version (entry + commander)", process.execPath, [bundle, "--version"]],
  ["bundle template --help (+ every module)", process.execPath, [bundle, "template", "--help"]],
  ["bundle template (+ load, render, print)", process.execPath, [bundle, "template", "rel", chart]],
  ["bin/hookline template (+ freshness check)", bin, ["template", "rel", chart]],
  ["helm template", helm, ["template", "rel", chart]],
];

const samples = new Map<string, Sample[]>(variants.map(([name]) => [name, []]));
for (let i = 0; i < runs; i++) {
  for (const [name, command, argv] of variants) {
    samples.get(name)?.push(await measure(command, argv, env));
  }
}

console.log(`cold start on ${chart}, ${runs} rounds, medians (CPU = user + system of the process tree)`);
console.log(`${"step".padEnd(46)} ${"wall ms".padStart(8)} ${"CPU ms".padStart(8)}`);
for (const [name] of variants) {
  const xs = samples.get(name) ?? [];
  console.log(`${name.padEnd(46)} ${median(xs.map((s) => s.wall)).toFixed(0).padStart(8)} ${median(xs.map((s) => s.cpu)).toFixed(0).padStart(8)}`);
}
