/**
 * The per-chart inputs the template engine renders with, as plain data: for every chart of the (processed) tree
 * its dot object (`.Values`, `.Chart`, `.Files`, `.Release`, `.Capabilities`, `.Subcharts`) and its templates
 * under their full names (`root/charts/sub/templates/x.yaml`). Mirrors helm's engine recAllTpls: a subchart's
 * `.Values` is its parent's `.Values.<name>` table, library charts contribute only `_` partials.
 */
import { GoMap } from "@/lib/template/value";
import type { CapabilitiesData } from "./capabilities";
import { templateText } from "./template-text";
import { chartFullPath, isRootChart, type Chart, type ChartFile, type ChartMetadata } from "./types";

export interface ReleaseData {
  Name: string;
  Namespace: string;
  IsUpgrade: boolean;
  IsInstall: boolean;
  /** A Go int. */
  Revision: number;
  Service: "Helm";
}

export interface ReleaseOptions {
  name: string;
  namespace?: string;
  revision?: number;
  isUpgrade?: boolean;
}

export function buildReleaseData(options: ReleaseOptions): ReleaseData {
  const isUpgrade = options.isUpgrade ?? false;
  return {
    Name: options.name,
    Namespace: options.namespace ?? "default",
    IsUpgrade: isUpgrade,
    IsInstall: !isUpgrade,
    Revision: options.revision ?? 1,
    Service: "Helm",
  };
}

/** `.Chart`: Chart.yaml metadata with Go field names, plus IsRoot. */
export type ChartObject = ChartMetadata & { IsRoot: boolean };

export interface ChartDot {
  Values: GoMap;
  Chart: ChartObject;
  /** `.Files`: chart-relative name → content. */
  Files: ReadonlyMap<string, Uint8Array>;
  Release: ReleaseData;
  Capabilities: CapabilitiesData;
  Subcharts: Record<string, ChartDot>;
}

export interface RenderTemplate {
  /** Full template name, e.g. `mychart/charts/sub/templates/deploy.yaml` (also `.Template.Name`). */
  name: string;
  /** `.Template.BasePath`, e.g. `mychart/charts/sub/templates`. */
  basePath: string;
  source: string;
  /** The dot object of the chart the template belongs to. */
  dot: ChartDot;
}

export interface RenderInputs {
  root: ChartDot;
  templates: RenderTemplate[];
}

function isLibrary(chart: Chart): boolean {
  return chart.metadata.Type === "library";
}

function filesMap(files: ChartFile[]): Map<string, Uint8Array> {
  return new Map(files.map((f) => [f.name, f.data]));
}

function buildDot(chart: Chart, parentValues: GoMap, release: ReleaseData, capabilities: CapabilitiesData, templates: RenderTemplate[]): ChartDot {
  let values: GoMap;
  if (isRootChart(chart)) values = parentValues;
  else {
    const own = parentValues.get(chart.metadata.Name);
    values = own instanceof GoMap ? own : new GoMap(null, "common.Values");
  }
  const dot: ChartDot = {
    Values: values,
    Chart: { ...chart.metadata, IsRoot: isRootChart(chart) },
    Files: filesMap(chart.files),
    Release: release,
    Capabilities: capabilities,
    Subcharts: {},
  };
  for (const sub of chart.dependencies) dot.Subcharts[sub.metadata.Name] = buildDot(sub, values, release, capabilities, templates);
  const fullPath = chartFullPath(chart);
  for (const t of chart.templates) {
    const base = t.name.slice(t.name.lastIndexOf("/") + 1);
    if (isLibrary(chart) && !base.startsWith("_")) continue;
    templates.push({ name: `${fullPath}/${t.name}`, basePath: `${fullPath}/templates`, source: templateText(t), dot });
  }
  return dot;
}

/** `chart` is the processed tree (processDependencies) and `values` its coalesced top-level values. */
export function buildRenderInputs(chart: Chart, values: GoMap, release: ReleaseData, capabilities: CapabilitiesData): RenderInputs {
  const templates: RenderTemplate[] = [];
  const root = buildDot(chart, values, release, capabilities, templates);
  return { root, templates };
}
