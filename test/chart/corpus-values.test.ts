/**
 * Values coalescing on the corpus charts, checked against helm: the chart is copied without its templates plus
 * one template printing `{{ toJson .Values }}`, and helm's JSON must equal our coalesced values. Templates are left
 * out so charts whose defaults fail on purpose (`required`, `fail`) still show their values; schema validation
 * is checked separately, so it is skipped here.
 * Every chart's `default` case always runs; the other 62 cases (-f values files, --is-upgrade, --kube-version)
 * run with HOOKLINE_FULL_CORPUS=1, as they double the suite's time.
 */
import { cp, mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, it } from "vitest";
import { loadChartDirectory, prepareRender, toJsonValue, type Chart } from "@/lib/chart/node";
import { CORPUS_DIR, corpusCharts, corpusPresent, corpusTitle, helmErrorMessage, parseCaseArgs, removeTree, runHelm, thrownMessage, type CorpusCase, type CorpusChart } from "./helpers";

const overlays: string[] = [];
afterAll(async () => {
  for (const d of overlays) await removeTree(d);
});

async function valuesOverlay(chartDir: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "hookline-values-"));
  overlays.push(dir);
  await cp(chartDir, dir, {
    recursive: true,
    filter: (source) => !path.relative(chartDir, source).split(path.sep).slice(0, -1).includes("templates"),
  });
  await mkdir(path.join(dir, "templates"), { recursive: true });
  await writeFile(path.join(dir, "templates", "zz-values.yaml"), "{{ toJson .Values }}\n");
  return dir;
}

const loaded = new Map<string, Promise<Chart>>();
function loadOnce(chartDir: string): Promise<Chart> {
  if (!loaded.has(chartDir)) loaded.set(chartDir, loadChartDirectory(chartDir));
  return loaded.get(chartDir) as Promise<Chart>;
}

async function compareCase(chart: CorpusChart, c: CorpusCase, expect: import("vitest").ExpectStatic): Promise<void> {
  const source = path.join(CORPUS_DIR, chart.chartDir);
  const args = parseCaseArgs(c.argv);
  const flags: string[] = [];
  for (const f of args.valuesFiles) flags.push("-f", path.join(CORPUS_DIR, f));
  for (const s of args.set) flags.push("--set", s);
  if (args.kubeVersion) flags.push("--kube-version", args.kubeVersion);
  const helm = await runHelm(["template", chart.releaseName, await valuesOverlay(source), "--namespace", chart.namespace, "--skip-schema-validation", ...flags]);
  const valueFiles = await Promise.all(
    args.valuesFiles.map(async (f) => ({ name: path.join(CORPUS_DIR, f), content: await readFile(path.join(CORPUS_DIR, f), "utf8") })),
  );
  const chartModel = await loadOnce(source);
  const prepare = () =>
    prepareRender(chartModel, {
      release: { name: chart.releaseName, namespace: chart.namespace, isUpgrade: args.isUpgrade },
      values: { valueFiles, set: args.set },
      capabilities: { kubeVersion: args.kubeVersion, apiVersions: args.apiVersions },
      skipSchemaValidation: true,
    });
  if (helm.code !== 0) {
    // e.g. a chart whose vendored dependencies are not in this copy of the corpus: we must fail the same way.
    expect(thrownMessage(prepare)).toBe(helmErrorMessage(helm.stderr));
    return;
  }
  const helmValues = JSON.parse(helm.stdout.slice(helm.stdout.indexOf("\n", helm.stdout.indexOf("# Source:")) + 1));
  expect(toJsonValue(prepare().values)).toEqual(helmValues);
}

const charts = corpusPresent ? await corpusCharts() : [];
const cases = charts.flatMap((chart) => chart.cases.map((c) => [`${chart.id} ${c.case}`, chart, c] as const));

describe.skipIf(!corpusPresent)(corpusTitle("coalesced values of every corpus chart's default case match helm"), () => {
  // Each case waits on a helm process, so they run concurrently.
  it.concurrent.for(cases.filter(([, , c]) => c.case === "default"))("%s", async ([, chart, c], { expect }) => compareCase(chart, c, expect));
});

describe.skipIf(!corpusPresent || !process.env.HOOKLINE_FULL_CORPUS)(corpusTitle("coalesced values of the other corpus cases match helm"), () => {
  it.concurrent.for(cases.filter(([, , c]) => c.case !== "default"))("%s", async ([, chart, c], { expect }) => compareCase(chart, c, expect));
});
