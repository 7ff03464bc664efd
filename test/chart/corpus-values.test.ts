/**
 * Values coalescing on every corpus chart's `default` case, checked against helm: the chart is copied without
 * its templates plus one template printing `{{ toJson .Values }}`, and helm's JSON must equal our coalesced
 * values. Templates are left out so charts whose defaults fail on purpose (`required`, `fail`) still show their
 * values; schema validation is checked separately, so it is skipped here.
 */
import { cp, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, it } from "vitest";
import { ChartError, loadChartDirectory, prepareRender, toJsonValue } from "@/lib/chart/node";
import { CORPUS_DIR, corpusCharts, corpusPresent, helmErrorMessage, removeTree, runHelm, thrownMessage } from "./helpers";

async function valuesOverlay(chartDir: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "hookline-values-"));
  await cp(chartDir, dir, {
    recursive: true,
    filter: (source) => !path.relative(chartDir, source).split(path.sep).slice(0, -1).includes("templates"),
  });
  await writeFile(path.join(dir, "templates", "zz-values.yaml"), "{{ toJson .Values }}\n").catch(async () => {
    const { mkdir } = await import("node:fs/promises");
    await mkdir(path.join(dir, "templates"), { recursive: true });
    await writeFile(path.join(dir, "templates", "zz-values.yaml"), "{{ toJson .Values }}\n");
  });
  return dir;
}

describe.skipIf(!corpusPresent)("coalesced values of every corpus chart's default case match helm", async () => {
  const charts = corpusPresent ? await corpusCharts() : [];
  const overlays: string[] = [];
  afterAll(async () => {
    for (const d of overlays) await removeTree(d);
  });

  // Each case waits on a helm process, so they run concurrently.
  it.concurrent.for(charts.map((c) => [c.id, c] as const))("%s", async ([, chart], { expect }) => {
    const source = path.join(CORPUS_DIR, chart.chartDir);
    const overlay = await valuesOverlay(source);
    overlays.push(overlay);
    const helm = await runHelm(["template", chart.releaseName, overlay, "--namespace", chart.namespace, "--skip-schema-validation"]);
    const loaded = await loadChartDirectory(source);
    const prepare = () =>
      prepareRender(loaded, { release: { name: chart.releaseName, namespace: chart.namespace }, skipSchemaValidation: true });
    if (helm.code !== 0) {
      // e.g. a chart whose vendored dependencies are not in this copy of the corpus: we must fail the same way.
      expect(prepare).toThrow(ChartError);
      expect(thrownMessage(prepare)).toBe(helmErrorMessage(helm.stderr));
      return;
    }
    const helmValues = JSON.parse(helm.stdout.slice(helm.stdout.indexOf("\n", helm.stdout.indexOf("# Source:")) + 1));
    expect(toJsonValue(prepare().values)).toEqual(helmValues);
  });
});
