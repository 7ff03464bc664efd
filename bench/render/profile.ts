/**
 * The warm render of one corpus chart, timed and optionally profiled: renders its first case that renders
 * `--warmup` times, then `--renders` more with the V8 sampling profiler on when `--profile FILE` is given (a
 * .cpuprofile for Chrome DevTools or any flame-graph viewer; only the timed renders are in it). Prints the
 * median and fastest render. Two checkouts side by side (one process each, in turn) compare before and after.
 *
 *   npx tsx bench/render/profile.ts --chart bitnami__airflow [--renders 30] [--warmup 5] [--profile out.cpuprofile]
 */
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { corpusAvailable, corpusCases, renderCase } from "@/test/conformance/corpus/corpus-cases";

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const chart = option("--chart", "bitnami__airflow");
const renders = Number(option("--renders", "30"));
const warmup = Number(option("--warmup", "5"));
const profileFile = option("--profile", "");

if (!corpusAvailable()) {
  console.log("skipped: corpus not found");
  process.exit(0);
}
const c = corpusCases().find((k) => k.chart === chart && k.exitCode === 0);
if (!c) throw new Error(`no case of ${chart} renders`);
for (let i = 0; i < warmup; i++) await renderCase(c);

const session = new Session();
if (profileFile) {
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.setSamplingInterval", { interval: 200 });
  await session.post("Profiler.start");
}
const times: number[] = [];
for (let i = 0; i < renders; i++) {
  const t = performance.now();
  await renderCase(c);
  times.push(performance.now() - t);
}
if (profileFile) writeFileSync(profileFile, JSON.stringify((await session.post("Profiler.stop")).profile));
times.sort((a, b) => a - b);
const median = times.length % 2 ? times[(times.length - 1) / 2] : (times[times.length / 2 - 1] + times[times.length / 2]) / 2;
console.log(`${chart}: ${renders} warm renders, median ${median.toFixed(1)} ms, fastest ${times[0].toFixed(1)} ms`);
