/**
 * Hookline's own rendering plugged into the engine: a chart loaded by lib/chart becomes the chart record helm
 * stores in a release, and a Renderer that runs lib/render's helm-template pipeline for a revision.
 */
import { missingDependencies, processDependencies } from "@/lib/chart/dependencies";
import { mergeUserValues } from "@/lib/chart/user-values";
import type { Chart } from "@/lib/chart/types";
import { withChartValues } from "@/lib/chart/values-file";
import { toJsonValue } from "@/lib/chart/values-json";
import type { ReleaseChart } from "@/lib/release";
import { templateClusterReader, type TemplateCluster } from "@/lib/kube/template-cluster";
import { liveClusterRender } from "@/lib/render/live-cluster";
import { DEFAULT_RENDER_TIMEOUT_MS, renderChart, type RenderChartOptions, type RenderedChart } from "@/lib/render/render-chart";
import { nodeFuncContext } from "@/lib/render/node-func-context";
import { renderChartOffThread } from "@/lib/render/off-thread";
import { postRenderFiles, type PostRenderer } from "./post-render";
import { renderedFromFiles, type CrdFile, type CrdSource, type Renderer } from "./render";

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

const MANIFEST_FILE = /\.(ya?ml|json)$/i;
const utf8 = new TextDecoder();

/** helm's CRDObjects: crds/ files of the chart, then of each (enabled) subchart, named as in the chart. */
function crdFilesOf(chart: Chart): CrdFile[] {
  const own = chart.files
    .filter((f) => f.name.startsWith("crds/") && MANIFEST_FILE.test(f.name))
    .map((f) => ({ name: f.name, content: utf8.decode(f.data) }));
  return [...own, ...chart.dependencies.flatMap(crdFilesOf)];
}

/** A render in this process; with a cluster, its capabilities and a lookup bounded by the render's deadline. */
function renderInProcess(chart: Chart, options: RenderChartOptions, cluster: TemplateCluster | undefined): RenderedChart {
  if (!cluster) return renderChart(chart, options);
  const live = liveClusterRender(cluster, options.limits?.timeoutMs ?? DEFAULT_RENDER_TIMEOUT_MS);
  try {
    return renderChart(chart, { ...options, capabilities: live.capabilities, lookup: live.lookup });
  } finally {
    live.close();
  }
}

function userValueFile(values: Record<string, unknown>) {
  return { valueFiles: [{ name: "values", content: JSON.stringify(values) }] };
}

/**
 * A Renderer over a loaded chart; the values it is given are the user values, as a `-f` file would hold them.
 * `crds` lists the crds/ files an install creates first: those of the chart and of the subcharts the values enable.
 * With a post-renderer, every rendered file (hooks too) goes through it before documents are sorted, as in helm 4.
 * Servers pass `offThread` so the chart renders in the render pool (lib/render/off-thread); the CLI renders in its
 * own process.
 */
export function hooklineRenderer(
  chart: Chart,
  options: { postRenderer?: PostRenderer; offThread?: boolean } = {},
): { chart: ReleaseChart; render: Renderer; crds: CrdSource } {
  const render: Renderer = async (_record, values, release, overrides) => {
    // The live cluster's capabilities and lookup, read once for this render (one per operation).
    const readCluster = overrides?.cluster && templateClusterReader(overrides.cluster);
    const cluster = readCluster ? await readCluster() : undefined;
    const renderOptions = {
      release: { name: release.name, namespace: release.namespace, revision: release.revision, isUpgrade: release.isUpgrade },
      values: userValueFile(values),
    };
    const rendered = options.offThread
      ? await renderChartOffThread(chart, { ...renderOptions, chartValues: overrides?.chartValues, cluster })
      : renderInProcess(withChartValues(chart, overrides?.chartValues), {
          ...renderOptions,
          funcContext: nodeFuncContext,
        }, cluster);
    const files = options.postRenderer ? await postRenderFiles(rendered.files, options.postRenderer) : rendered.files;
    return renderedFromFiles(files, chart.metadata.Name);
  };
  // helm installs CRDs after processing dependencies but before it coalesces, validates and renders the values, so
  // a schema or kubeVersion failure comes after the CRDs; a chart that cannot be processed installs none (the
  // render then reports why).
  const crds: CrdSource = (values) => {
    const type = chart.metadata.Type;
    if ((type !== "" && type !== "application") || missingDependencies(chart).length > 0) return [];
    return crdFilesOf(processDependencies(chart, mergeUserValues(userValueFile(values))));
  };
  return { chart: chartRecord(chart), render, crds };
}
