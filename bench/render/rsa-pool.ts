/**
 * The RSA key stock (lib/render/rsa-key-pool.ts) against synchronous generation, side by side in one run: for each
 * chart, every round runs helm template (wall time, and the idle time a long-lived process has between renders),
 * then the warm in-process render with synchronous OpenSSL keys and with keys from the stock, in alternating
 * order. Medians per chart. Asserts nothing.
 *
 *   npx tsx bench/render/rsa-pool.ts [--runs N] [--charts id,id,…]
 */
import { execFile } from "node:child_process";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { generateRsaKeyNative, nodeFuncContext, rsaKeyPool } from "@/lib/render/node-func-context";
import { corpusAvailable, corpusCases, renderCase, CORPUS_DIR } from "@/test/conformance/corpus/corpus-cases";
import { helmBinary } from "@/test/helpers/binaries";

const run = promisify(execFile);
const args = process.argv.slice(2);
const option = (name: string, fallback: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const runs = Number(option("--runs", "7"));
const charts = option("--charts", "bitnami__harbor,bitnami__etcd,bitnami__nginx,elastic__elasticsearch").split(",");

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

if (!corpusAvailable()) {
  console.log("skipped: corpus not found");
  process.exit(0);
}
const helm = await helmBinary();
const home = mkdtempSync(path.join(os.tmpdir(), "hookline-bench-"));
const helmEnv = { NODE_ENV: "production" as const, PATH: process.env.PATH, HOME: home, HELM_CACHE_HOME: home, HELM_CONFIG_HOME: home, HELM_DATA_HOME: home, KUBECONFIG: path.join(home, "none") };

const pooled = nodeFuncContext.generateRsaKey;
const variants = {
  sync: generateRsaKeyNative,
  pool: pooled,
};

console.log(`${runs} rounds per chart; medians (ms); a round: helm, then both variants in alternating order`);
console.log(`${"chart".padEnd(28)} ${"helm".padStart(7)} ${"sync".padStart(7)} ${"pool".padStart(7)} ${"sync/h".padStart(7)} ${"pool/h".padStart(7)}  keys from stock / generated now`);
for (const id of charts) {
  const c = corpusCases().find((k) => k.chart === id && k.exitCode === 0);
  if (!c) continue;
  const times = { helm: [] as number[], sync: [] as number[], pool: [] as number[] };
  const warm = async (v: keyof typeof variants) => {
    nodeFuncContext.generateRsaKey = variants[v];
    const t = performance.now();
    await renderCase(c);
    return performance.now() - t;
  };
  await warm("sync");
  await warm("pool");
  const before = rsaKeyPool.stats();
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await run(helm, c.argv.slice(1), { cwd: CORPUS_DIR, env: helmEnv, maxBuffer: 256 << 20 }).catch(() => undefined);
    times.helm.push(performance.now() - t);
    const order: Array<keyof typeof variants> = i % 2 ? ["pool", "sync"] : ["sync", "pool"];
    for (const v of order) times[v].push(await warm(v));
  }
  const after = rsaKeyPool.stats();
  const [h, s, p] = [median(times.helm), median(times.sync), median(times.pool)];
  console.log(
    `${id.padEnd(28)} ${h.toFixed(0).padStart(7)} ${s.toFixed(0).padStart(7)} ${p.toFixed(0).padStart(7)} ${`${(s / h).toFixed(2)}×`.padStart(7)} ${`${(p / h).toFixed(2)}×`.padStart(7)}  ${after.fromStock - before.fromStock} / ${after.generatedSync - before.generatedSync}`,
  );
}
nodeFuncContext.generateRsaKey = pooled;
