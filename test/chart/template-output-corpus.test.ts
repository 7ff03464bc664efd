/**
 * Output assembly checked against every successful corpus golden: the golden is cut back into per-file
 * rendered text (what the engine would return), fed to assembleTemplateOutput, and must come back byte for byte.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { assembleTemplateOutput, loadChartDirectory, prepareRender } from "@/lib/chart/node";
import { CORPUS_DIR, corpusCharts, corpusPresent, corpusTitle, parseCaseArgs } from "./helpers";

/** Splits a golden into (source path, document) pairs in printed order. */
function goldenDocuments(golden: string): Array<{ source: string; content: string }> {
  const docs: Array<{ source: string; content: string }> = [];
  for (const block of golden.split(/^---\n# Source: /m).slice(1)) {
    const newline = block.indexOf("\n");
    docs.push({ source: block.slice(0, newline), content: block.slice(newline + 1).replace(/\n$/, "") });
  }
  return docs;
}

/**
 * Rebuilds what the engine rendered: every template's documents, each opened by a separator (so a document that
 * itself starts with `---` survives helm's splitter), CRD files left out.
 */
function renderedFilesFrom(golden: string): Map<string, string> {
  const files = new Map<string, string[]>();
  for (const doc of goldenDocuments(golden)) {
    if (!doc.source.includes("/templates/")) continue;
    const list = files.get(doc.source) ?? [];
    list.push(doc.content);
    files.set(doc.source, list);
  }
  return new Map([...files].map(([k, v]) => [k, v.map((doc) => `---\n${doc}`).join("\n")]));
}

const loadedCharts = new Map<string, ReturnType<typeof loadChartDirectory>>();
function loadedChart(chartDir: string): ReturnType<typeof loadChartDirectory> {
  let chart = loadedCharts.get(chartDir);
  if (!chart) {
    chart = loadChartDirectory(path.join(CORPUS_DIR, chartDir));
    loadedCharts.set(chartDir, chart);
  }
  return chart;
}

describe.skipIf(!corpusPresent)(corpusTitle("helm template output assembly on the corpus goldens"), async () => {
  const charts = corpusPresent ? await corpusCharts() : [];
  const cases = charts.flatMap((chart) => chart.cases.filter((c) => c.exitCode === 0).map((c) => ({ chart, c })));

  it("covers every successful corpus case", () => {
    expect(cases.length).toBeGreaterThan(80);
  });

  it.each(cases.map(({ chart, c }) => [`${chart.id} ${c.case}`, chart, c] as const))("%s", async (_name, chart, c) => {
    const golden = await readFile(path.join(CORPUS_DIR, c.goldenFile), "utf8");
    const args = parseCaseArgs(c.argv);
    const loaded = await loadedChart(chart.chartDir);
    const valueFiles = await Promise.all(args.valuesFiles.map(async (f) => ({ name: f, content: await readFile(path.join(CORPUS_DIR, f), "utf8") })));
    // CRDs come from the enabled subcharts only, so for --include-crds the chart is processed with the case's values.
    const chartForOutput = args.includeCrds
      ? prepareRender(loaded, {
          release: { name: chart.releaseName, namespace: chart.namespace, isUpgrade: args.isUpgrade },
          values: { valueFiles, set: args.set },
          capabilities: { kubeVersion: args.kubeVersion, apiVersions: args.apiVersions },
        }).chart
      : loaded;
    const output = assembleTemplateOutput(renderedFilesFrom(golden), chartForOutput, { includeCrds: args.includeCrds });
    expect(output).toBe(golden);
  });
});
