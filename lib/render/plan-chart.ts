/**
 * The hook plan and hook lint of a chart as it would be installed or upgraded: render it (lib/render), split each
 * rendered template file into documents, and hand them to lib/hooks. Browser-safe; the CLI's `hookline plan` and
 * the editor's preview both use it.
 */
import type { Chart } from "@/lib/chart/types";
import { buildHookPlan, lintHooks, splitRenderedFile, type HookOptions, type HookPlan, type LintFinding, type RenderedDocument } from "@/lib/hooks";
import { renderChart, type RenderChartOptions, type RenderedChart } from "./render-chart";

export interface ChartPlan {
  rendered: RenderedChart;
  documents: RenderedDocument[];
  plan: HookPlan;
  lint: LintFinding[];
}

/** The rendered manifests of every template file, as documents with their source (partials and NOTES excluded). */
export function renderedDocuments(files: ReadonlyMap<string, string>): RenderedDocument[] {
  const documents: RenderedDocument[] = [];
  for (const [name, text] of [...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const base = name.slice(name.lastIndexOf("/") + 1);
    if (base.startsWith("_") || base === "NOTES.txt" || !text.trim()) continue;
    documents.push(...splitRenderedFile(name, text));
  }
  return documents;
}

export function planChart(chart: Chart, options: RenderChartOptions, hookOptions: HookOptions = {}): ChartPlan {
  const rendered = renderChart(chart, options);
  const documents = renderedDocuments(rendered.files);
  const opts = { namespace: rendered.prepared.release.Namespace, ...hookOptions };
  return { rendered, documents, plan: buildHookPlan(documents, opts), lint: lintHooks(documents, opts) };
}
