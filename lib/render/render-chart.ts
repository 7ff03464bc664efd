/**
 * The whole `helm template` pipeline on a loaded chart, browser-safe: values and dependencies (lib/chart) →
 * Go templates (lib/template) → sorted documents and helm template's stdout (lib/chart). The CLI, the lifecycle
 * engine and the editor's preview worker all render through this one function.
 */
import { prepareRender, type PrepareOptions, type PreparedRender } from "@/lib/chart/prepare-render";
import { assembleSortedOutput, sortRenderedFiles, type SortedRender, type TemplateOutputOptions } from "@/lib/chart/template-output";
import { templateText } from "@/lib/chart/template-text";
import { chartFullPath, type Chart, type ChartFile } from "@/lib/chart/types";
import { KubeVersionError } from "@/lib/chart/capabilities";
import { renderChartTemplates, type ChartInput, type LookupFunction } from "@/lib/template";
import type { RenderLimits } from "@/lib/template";
import { helmCodecFunctions, sprigFunctions, type FunctionLimits, type FunctionTable } from "@/lib/template/funcs";
import type { FuncContext } from "@/lib/template/funcs/types";
import { GoMap } from "@/lib/template/value";

/**
 * Every render has a deadline unless the caller sets another: a chart is code, and a hostile or buggy one must end in
 * a clear error, never a hung server or CLI. Output size and include depth have the template engine's defaults.
 */
export const DEFAULT_RENDER_TIMEOUT_MS = 60_000;

export interface RenderChartOptions extends PrepareOptions {
  output?: TemplateOutputOptions;
  lookup?: LookupFunction;
  funcContext?: Partial<FuncContext>;
  /** Bounds for untrusted charts: deadline, output size, memory created, include depth, what one function call may build. */
  limits?: RenderLimits & Partial<FunctionLimits>;
}

/**
 * Where a render failed, which decides how helm reports it: errors before the release object exists (values,
 * schema, missing dependencies) are printed as they are; errors from rendering on (the chart's kubeVersion check,
 * templates, output assembly) get helm template's hint "Use --debug flag to render out invalid YAML".
 */
export class RenderFailure extends Error {
  constructor(
    readonly stage: "prepare" | "render",
    readonly cause: Error,
  ) {
    super(cause.message);
    this.name = "RenderFailure";
  }

  /** The text `helm template` prints after "Error: ". */
  helmTemplateMessage(): string {
    return this.stage === "render" ? `${this.message}\n\nUse --debug flag to render out invalid YAML` : this.message;
  }
}

function asError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}

export interface RenderedChart {
  prepared: PreparedRender;
  /** Each template file's output, by full template name. */
  files: Map<string, string>;
  sorted: SortedRender;
  /** Exactly what `helm template` prints on stdout. */
  output: string;
}

/** Chart.yaml as the engine wants it: the YAML field names, from the loader's Go-named metadata. */
function yamlMetadata(chart: Chart): Record<string, unknown> {
  const m = chart.metadata;
  return {
    apiVersion: m.APIVersion,
    name: m.Name,
    version: m.Version,
    appVersion: m.AppVersion,
    description: m.Description,
    home: m.Home,
    icon: m.Icon,
    keywords: m.Keywords,
    sources: m.Sources,
    maintainers: m.Maintainers.map((x) => ({ name: x.Name, email: x.Email, url: x.URL })),
    annotations: m.Annotations,
    kubeVersion: m.KubeVersion,
    dependencies: m.Dependencies.map((d) => ({
      name: d.Name,
      version: d.Version,
      repository: d.Repository,
      condition: d.Condition,
      tags: d.Tags,
      enabled: d.Enabled,
      "import-values": d.ImportValues,
      alias: d.Alias,
    })),
    type: m.Type,
    condition: m.Condition,
    tags: m.Tags,
    deprecated: m.Deprecated,
  };
}

/**
 * The function library for a set of function limits, built once per distinct limits: the engine keeps one template
 * set (its function map and parse-cache key) per library object, so a fresh library per render would rebuild both.
 */
const libraries = new Map<string, FunctionTable>();

function functionLibrary(limits: Partial<FunctionLimits> | undefined): FunctionTable {
  const key = `${limits?.maxListLength ?? ""}/${limits?.maxStringBytes ?? ""}`;
  let library = libraries.get(key);
  if (library === undefined) {
    const own: Partial<FunctionLimits> = {};
    if (limits?.maxListLength !== undefined) own.maxListLength = limits.maxListLength;
    if (limits?.maxStringBytes !== undefined) own.maxStringBytes = limits.maxStringBytes;
    library = { ...sprigFunctions({ limits: own }), ...helmCodecFunctions() };
    if (libraries.size >= 16) libraries.clear();
    libraries.set(key, library);
  }
  return library;
}

type EngineTemplates = ChartInput["templates"];

/**
 * The engine's template list for a chart's template files, built once per list: the processed chart tree of every
 * render shares its loaded chart's lists (a chart edited in the editor is loaded anew, with new lists). Frozen, as
 * every render shares it.
 */
const templateLists = new WeakMap<readonly ChartFile[], EngineTemplates>();

function engineTemplates(templates: readonly ChartFile[]): EngineTemplates {
  let list = templateLists.get(templates);
  if (list === undefined) {
    list = Object.freeze(templates.map((t) => Object.freeze({ name: t.name, data: templateText(t) })));
    templateLists.set(templates, list);
  }
  return list;
}

/** The processed chart tree as the engine's input; a subchart's values are its table in its parent's values. */
function chartInput(chart: Chart, values: GoMap): ChartInput {
  return {
    name: chart.metadata.Name,
    metadata: yamlMetadata(chart),
    templates: engineTemplates(chart.templates),
    files: chart.files,
    values,
    dependencies: chart.dependencies.map((sub) => {
      const own = values.get(sub.metadata.Name);
      return chartInput(sub, own instanceof GoMap ? own : new GoMap(null, "common.Values"));
    }),
  };
}

export function renderChart(chart: Chart, options: RenderChartOptions): RenderedChart {
  let prepared: PreparedRender;
  try {
    prepared = prepareRender(chart, options);
  } catch (err) {
    // prepareRender ends with the kubeVersion check, which helm makes while rendering.
    const e = asError(err);
    throw new RenderFailure(e instanceof KubeVersionError ? "render" : "prepare", e);
  }
  try {
    return renderPrepared(prepared, options);
  } catch (err) {
    throw new RenderFailure("render", asError(err));
  }
}

function renderPrepared(prepared: PreparedRender, options: RenderChartOptions): RenderedChart {
  const { release, capabilities } = prepared;
  const files = renderChartTemplates(chartInput(prepared.chart, prepared.values), {
    functions: functionLibrary(options.limits),
    release: { name: release.Name, namespace: release.Namespace, revision: release.Revision, isUpgrade: release.IsUpgrade, isInstall: release.IsInstall, service: release.Service },
    capabilities: {
      kubeVersion: capabilities.KubeVersion.Version,
      kubeMajor: capabilities.KubeVersion.Major,
      kubeMinor: capabilities.KubeVersion.Minor,
      apiVersions: capabilities.APIVersions,
      helmVersion: {
        version: capabilities.HelmVersion.Version,
        gitCommit: capabilities.HelmVersion.GitCommit,
        gitTreeState: capabilities.HelmVersion.GitTreeState,
        goVersion: capabilities.HelmVersion.GoVersion,
        kubeClientVersion: capabilities.HelmVersion.KubeClientVersion,
      },
    },
    lookup: options.lookup,
    funcContext: options.funcContext,
    limits: { timeoutMs: DEFAULT_RENDER_TIMEOUT_MS, ...options.limits },
  });
  const sorted = sortRenderedFiles(files, chartFullPath(prepared.chart));
  const output = assembleSortedOutput(sorted, prepared.chart, options.output);
  return { prepared, files, sorted, output };
}
