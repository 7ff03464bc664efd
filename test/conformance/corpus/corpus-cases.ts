/**
 * The `helm template` corpus in ../shared/corpus (real public charts with golden outputs from helm v4.1.4), and
 * how to render one of its cases with Hookline: the case's argv is parsed with the same flags `hookline template`
 * accepts, and files are read relative to the corpus folder, exactly where helm ran.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { loadChartDirectory } from "@/lib/chart/load-directory";
import type { Chart } from "@/lib/chart/types";
import { renderChart, RenderFailure } from "@/lib/render/render-chart";
import { renderOptionsFromFlags, type TemplateFlags } from "@/lib/render/template-flags";
import { nodeFuncContext } from "@/lib/render/node-func-context";
import { templateCommand } from "@/lib/cli/commands/template";

export const CORPUS_DIR = path.resolve(process.cwd(), "../shared/corpus");

export interface CorpusCase {
  chart: string;
  case: string;
  argv: string[];
  exitCode: number;
  stderr: string;
  goldenFile: string;
  deterministic: boolean;
  nondeterministicSample?: string[];
  nondeterministicLines?: number;
}

interface Manifest {
  charts: Array<{ id: string; cases: Array<Omit<CorpusCase, "chart">> }>;
}

export function corpusAvailable(): boolean {
  return existsSync(path.join(CORPUS_DIR, "manifest.json"));
}

export function corpusCases(): CorpusCase[] {
  const manifest = JSON.parse(readFileSync(path.join(CORPUS_DIR, "manifest.json"), "utf8")) as Manifest;
  return manifest.charts.flatMap((c) => c.cases.map((k) => ({ ...k, chart: c.id })));
}

/** `helm template NAME CHART flags…` parsed by hookline template's own option definitions. */
function parseArgv(argv: string[]): { name: string; chart: string; flags: TemplateFlags } {
  const command = templateCommand().exitOverride();
  let parsed: { name: string; chart: string; flags: TemplateFlags } | undefined;
  command.action((name: string, chart: string, opts: TemplateFlags & { hooks?: boolean }) => {
    parsed = { name, chart, flags: { ...opts, noHooks: opts.hooks === false } };
  });
  command.parse(argv.slice(2), { from: "user" });
  if (!parsed) throw new Error(`cannot parse ${argv.join(" ")}`);
  return parsed;
}

const charts = new Map<string, Promise<Chart>>();

export async function renderCase(c: CorpusCase): Promise<{ stdout: string; stderr: string; exitCode: number }> {
  const { name, chart: chartPath, flags } = parseArgv(c.argv);
  const dir = path.join(CORPUS_DIR, chartPath);
  try {
    let chart = charts.get(dir);
    if (!chart) charts.set(dir, (chart = loadChartDirectory(dir)));
    const read = (file: string) => readFileSync(path.join(CORPUS_DIR, file), "utf8");
    const rendered = renderChart(await chart, { ...renderOptionsFromFlags(name, flags, read), funcContext: nodeFuncContext });
    return { stdout: rendered.output, stderr: "", exitCode: 0 };
  } catch (err) {
    const message = err instanceof RenderFailure ? err.helmTemplateMessage() : err instanceof Error ? err.message : String(err);
    return { stdout: "", stderr: `Error: ${message}\n`, exitCode: 1 };
  }
}

/**
 * Compares an output with the golden. Lines the manifest marks non-deterministic (random passwords, generated
 * certificates) may differ in their value only: same line count, and each differing golden line is one of the
 * sampled non-deterministic lines or has the same key as one of them.
 */
export function compareWithGolden(c: CorpusCase, actual: string): { identical: boolean; firstDifference?: string } {
  const golden = readFileSync(path.join(CORPUS_DIR, c.goldenFile), "utf8");
  if (actual === golden) return { identical: true };
  if (c.deterministic) return { identical: false, firstDifference: firstDiff(golden, actual) };
  const g = golden.split("\n");
  const a = actual.split("\n");
  if (g.length !== a.length) return { identical: false, firstDifference: `${a.length} lines instead of ${g.length}; ${firstDiff(golden, actual)}` };
  // The manifest samples up to 8 differing lines, taken from other runs than the golden: they name which keys
  // carry random values (a password, a certificate, a checksum of either), not the values themselves.
  const keyOf = (line: string) => line.trim().split(":")[0];
  const sample = c.nondeterministicSample ?? [];
  const sampleKeys = new Set(sample.map(keyOf));
  const sampleComplete = sample.length >= (c.nondeterministicLines ?? 0);
  let differing = 0;
  for (let i = 0; i < g.length; i++) {
    if (g[i] === a[i]) continue;
    differing++;
    const sameKey = keyOf(g[i]) === keyOf(a[i]) && g[i].search(/\S/) === a[i].search(/\S/);
    const allowed = sameKey && differing <= (c.nondeterministicLines ?? 0) && (!sampleComplete || sampleKeys.has(keyOf(g[i])));
    if (!allowed) return { identical: false, firstDifference: `line ${i + 1}:\n  helm:     ${g[i].slice(0, 300)}\n  hookline: ${a[i].slice(0, 300)}` };
  }
  return { identical: true };
}

function firstDiff(golden: string, actual: string): string {
  const g = golden.split("\n");
  const a = actual.split("\n");
  for (let i = 0; i < Math.max(g.length, a.length); i++) {
    if (g[i] !== a[i]) return `line ${i + 1}:\n  helm:     ${(g[i] ?? "<end>").slice(0, 300)}\n  hookline: ${(a[i] ?? "<end>").slice(0, 300)}`;
  }
  return "outputs differ";
}
