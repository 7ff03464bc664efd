/**
 * Hookline's own rendering plugged into the engine: a chart loaded by lib/chart becomes the chart record helm
 * stores in a release, and a Renderer that runs lib/render's helm-template pipeline for a revision.
 */
import type { Chart } from "@/lib/chart/types";
import { toJsonValue } from "@/lib/chart/values-json";
import type { ReleaseChart } from "@/lib/release";
import { renderChart } from "@/lib/render/render-chart";
import { nodeFuncContext } from "@/lib/render/node-func-context";
import { renderChartOffThread } from "@/lib/render/off-thread";
import { renderedFromFiles, type Renderer } from "./render";

const base64 = (data: Uint8Array) => Buffer.from(data).toString("base64");

function omitEmpty(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(record).filter(([, v]) => v !== undefined && v !== "" && v !== false && v !== null && !(Array.isArray(v) && v.length === 0)),
  );
}

/** The chart as helm 4 serialises it inside a release (subcharts are not stored, as in helm). */
export function chartRecord(chart: Chart): ReleaseChart {
  const m = chart.metadata;
  const metadata = omitEmpty({
    name: m.Name,
    home: m.Home,
    sources: m.Sources,
    version: m.Version,
    description: m.Description,
    keywords: m.Keywords,
    maintainers: m.Maintainers.map((x) => omitEmpty({ name: x.Name, email: x.Email, url: x.URL })),
    icon: m.Icon,
    apiVersion: m.APIVersion,
    condition: m.Condition,
    tags: m.Tags,
    appVersion: m.AppVersion,
    deprecated: m.Deprecated,
    annotations: m.Annotations,
    kubeVersion: m.KubeVersion,
    dependencies: m.Dependencies.map((d) =>
      omitEmpty({ name: d.Name, version: d.Version, repository: d.Repository, condition: d.Condition, tags: d.Tags, alias: d.Alias }),
    ),
    type: m.Type,
  });
  const values = toJsonValue(chart.values) as Record<string, unknown>;
  return {
    metadata: metadata as ReleaseChart["metadata"],
    lock: null,
    templates: chart.templates.map((t) => ({ name: t.name, data: base64(t.data), modtime: undefined })),
    values: Object.keys(values).length > 0 ? values : null,
    schema: chart.schema ? base64(chart.schema) : null,
    schemamodtime: undefined,
    files: chart.files.length > 0 ? chart.files.map((f) => ({ name: f.name, data: base64(f.data), modtime: undefined })) : null,
    modtime: undefined,
  };
}

/**
 * A Renderer over a loaded chart; the values it is given are the user values, as a `-f` file would hold them. Servers
 * pass `offThread` so the chart renders in the render pool (lib/render/off-thread); the CLI renders in its own process.
 */
export function hooklineRenderer(chart: Chart, { offThread = false }: { offThread?: boolean } = {}): { chart: ReleaseChart; render: Renderer } {
  const render: Renderer = async (_record, values, release) => {
    const options = {
      release: { name: release.name, namespace: release.namespace, revision: release.revision, isUpgrade: release.isUpgrade },
      values: { valueFiles: [{ name: "values", content: JSON.stringify(values) }] },
    };
    const rendered = offThread ? await renderChartOffThread(chart, options) : renderChart(chart, { ...options, funcContext: nodeFuncContext });
    return renderedFromFiles(rendered.files, chart.metadata.Name);
  };
  return { chart: chartRecord(chart), render };
}
