/**
 * Renders the public-chart corpus in ../shared/corpus with Hookline's engine (charts loaded and assembled by
 * lib/chart) and compares with helm v4.1.4's golden output; prints matches and render time against helm's.
 * Run: npx tsx bench/render-micro/corpus.ts [chart-id-substring]
 */
import { readFileSync, existsSync } from "node:fs";
import path from "node:path";
import { loadChartDirectory } from "@/lib/chart/node";
import { prepareRender, assembleTemplateOutput } from "@/lib/chart";
import { renderTemplates, RenderError } from "@/lib/template";
import { sprigFunctions, helmCodecFunctions } from "@/lib/template/funcs";

interface CorpusCase {
  case: string;
  argv: string[];
  exitCode: number;
  goldenFile: string;
  stderr: string;
  medianMs: number;
  deterministic: boolean;
  nondeterministicLines?: number;
}

const corpus = path.resolve(process.cwd(), "../shared/corpus");
if (!existsSync(corpus)) {
  console.log("skipped: corpus not found");
  process.exit(0);
}
const manifest = JSON.parse(readFileSync(path.join(corpus, "manifest.json"), "utf8"));
const functions = { ...sprigFunctions(), ...helmCodecFunctions() };
const filter = process.argv[2] ?? "";

function flags(argv: string[]) {
  const out = { values: [] as string[], isUpgrade: false, kubeVersion: undefined as string | undefined, apiVersions: [] as string[], includeCrds: false, other: [] as string[] };
  for (let i = 4; i < argv.length; i++) {
    const a = argv[i];
    if (a === "-f" || a === "--values") out.values.push(argv[++i]);
    else if (a === "--namespace") i++;
    else if (a === "--is-upgrade") out.isUpgrade = true;
    else if (a === "--kube-version") out.kubeVersion = argv[++i];
    else if (a === "--api-versions") out.apiVersions.push(argv[++i]);
    else if (a === "--include-crds") out.includeCrds = true;
    else out.other.push(a);
  }
  return out;
}

let matched = 0;
let total = 0;
let oursMs = 0;
let engineMs = 0;
let helmMs = 0;
for (const chart of manifest.charts) {
  if (!chart.id.includes(filter)) continue;
  const loaded = await loadChartDirectory(path.join(corpus, chart.chartDir));
  if (process.env.CORPUS_PROGRESS) console.log(`# ${chart.id}`);
  for (const c of chart.cases as CorpusCase[]) {
    const f = flags(c.argv);
    if (f.other.length > 0) continue;
    total++;
    let output: string;
    const start = performance.now();
    try {
      const prepared = prepareRender(loaded, {
        release: { name: chart.releaseName, namespace: chart.namespace, isUpgrade: f.isUpgrade },
        values: { valueFiles: f.values.map((v) => ({ name: v, content: readFileSync(path.join(corpus, v)) })) },
        capabilities: { kubeVersion: f.kubeVersion, apiVersions: f.apiVersions },
      } as Parameters<typeof prepareRender>[1]);
      const engineStart = performance.now();
      const rendered = renderTemplates(prepared.inputs.templates, { functions });
      const caseEngineMs = performance.now() - engineStart;
      engineMs += caseEngineMs;
      if (process.env.CORPUS_PROGRESS) console.log(`  ${c.case}: engine ${caseEngineMs.toFixed(0)} ms, helm ${c.medianMs} ms`);
      output = assembleTemplateOutput(rendered, prepared.chart, { includeCrds: f.includeCrds });
    } catch (e) {
      output = e instanceof RenderError ? `Error: ${e.message}` : `Error: ${(e as Error).message}`;
    }
    const ms = performance.now() - start;
    const golden = readFileSync(path.join(corpus, c.goldenFile), "utf8");
    const expected = c.exitCode === 0 ? golden : c.stderr.split("\n").filter((l) => l.startsWith("Error:")).join("\n");
    let ok: boolean;
    if (c.exitCode !== 0) ok = output.startsWith("Error:") && expected.startsWith(output.split("\n")[0].slice(0, 60));
    else if (c.deterministic) ok = output === expected;
    else {
      const a = output.split("\n");
      const b = expected.split("\n");
      ok = a.length === b.length && a.filter((l, i) => l !== b[i]).length <= (c.nondeterministicLines ?? 0);
    }
    if (ok) matched++;
    else {
      const a = output.split("\n");
      const b = expected.split("\n");
      const i = a.findIndex((l, k) => l !== b[k]);
      console.log(`MISMATCH ${chart.id}/${c.case} at line ${i + 1}:\n  ours:  ${JSON.stringify(a[i])?.slice(0, 1200)}\n  helm:  ${JSON.stringify(b[i])?.slice(0, 200)}`);
    }
    oursMs += ms;
    helmMs += c.medianMs;
  }
}
console.log(
  `${matched}/${total} corpus cases match helm; ${oursMs.toFixed(0)} ms in all (load, values, templates, assembly; first renders cold) ` +
    `of which ${engineMs.toFixed(0)} ms in the template engine, vs helm ${helmMs.toFixed(0)} ms (process wall time)`,
);
