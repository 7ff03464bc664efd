/**
 * The chart workspace's live preview, as one pure function the preview Web Worker runs on every edit: load the
 * in-memory file map (lib/chart), render it with limits and plan its hooks (lib/render + lib/hooks), mask secrets
 * in what it shows, and turn every problem into an editor marker on the chart file it belongs to. Browser-safe and
 * free of DOM or worker APIs, so the unit tests call it directly.
 */
import { ChartError, loadChartFromFileMap } from "@/lib/chart";
import { formatPlan, HOOK_EVENTS, type HookEvent, type HookPlan, type LintFinding, type PlannedHook } from "@/lib/hooks";
import { maskManifest } from "@/lib/mask/secrets";
import { planChart } from "@/lib/render/plan-chart";
import { RenderFailure } from "@/lib/render/render-chart";
import { LimitError, RenderError } from "@/lib/template";
import { templateLineMap } from "./line-map";
import { schemaMarkers } from "./schema-markers";
import type { EditorMarker, PreviewFile, PreviewLimits, PreviewRequest, PreviewResult } from "./types";

/** Limits for an untrusted chart typed into the browser: the worker must stay responsive while the user types. */
export const DEFAULT_PREVIEW_LIMITS: PreviewLimits = { timeoutMs: 2_000, maxOutputChars: 2_000_000 };

/** Template names carry the chart name (`mychart/templates/x.yaml`); the workspace's files do not. */
function chartRelative(file: string, chartName: string): string {
  const prefix = `${chartName}/`;
  return file.startsWith(prefix) ? file.slice(prefix.length) : file;
}

function errorMarker(file: string, line: number | undefined, column: number | undefined, message: string, source: EditorMarker["source"]): EditorMarker {
  return { file, line: Math.max(1, line ?? 1), column: Math.max(1, column ?? 1), severity: "error", message, source };
}

/** The marker for a render failure: template errors carry a diagnostic; values and schema errors name their file. */
function failureMarker(err: unknown, chartName: string): EditorMarker | null {
  const cause = err instanceof RenderFailure ? err.cause : err;
  if (cause instanceof RenderError && cause.diagnostic) {
    const d = cause.diagnostic;
    // Go reports template columns 0-based; Monaco's are 1-based.
    return errorMarker(chartRelative(d.file, chartName), d.line, d.column + 1, d.message, "render");
  }
  if (cause instanceof ChartError && cause.file) {
    return errorMarker(chartRelative(cause.file, chartName), cause.line, cause.column, cause.message, "render");
  }
  return null;
}

function lintMarker(finding: LintFinding, chartName: string): EditorMarker {
  return {
    file: chartRelative(finding.file, chartName),
    line: Math.max(1, finding.line),
    column: Math.max(1, finding.column),
    severity: finding.severity,
    message: `${finding.message} (${finding.rule})`,
    source: "hook lint",
  };
}

function chartNameOf(files: PreviewRequest["files"]): string {
  const chartYaml = files["Chart.yaml"];
  const text = typeof chartYaml === "string" ? chartYaml : chartYaml ? new TextDecoder().decode(chartYaml) : "";
  return /^name:\s*["']?([^"'\s#]+)/m.exec(text)?.[1] ?? "";
}

/** The rendered manifests per source template, secrets masked, in template-name order. */
function previewFiles(rendered: ReadonlyMap<string, string>, chartName: string): PreviewFile[] {
  const out: PreviewFile[] = [];
  for (const [name, text] of [...rendered].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const base = name.slice(name.lastIndexOf("/") + 1);
    if (base.startsWith("_") || !text.trim()) continue;
    out.push({ source: chartRelative(name, chartName), text: base === "NOTES.txt" ? text : maskManifest(text) });
  }
  return out;
}

/** The plan with every hook's `source` chart-relative and its line in the template, so the UI can open it there. */
function relativePlan(plan: HookPlan, chartName: string, lineOf: (file: string, line: number) => number): HookPlan {
  const events = {} as Record<HookEvent, PlannedHook[]>;
  const place = <T extends { source: string; line: number }>(x: T): T => ({ ...x, source: chartRelative(x.source, chartName), line: lineOf(x.source, x.line) });
  for (const event of HOOK_EVENTS) events[event] = (plan.events[event] ?? []).map(place);
  return { events, dropped: plan.dropped.map(place), invalid: plan.invalid.map(place) };
}

/**
 * lib/hooks reports lines of the rendered text; the user edits the template. Builds, per template file, the map
 * from rendered lines to template lines (lib/workspace/line-map) and returns a function relocating a position.
 */
function templatePositions(request: PreviewRequest, rendered: ReadonlyMap<string, string>, chartName: string) {
  const maps = new Map<string, (line: number) => number>();
  return (file: string, line: number): number => {
    const relative = chartRelative(file, chartName);
    if (!maps.has(relative)) {
      const template = request.files[relative];
      const output = rendered.get(`${chartName}/${relative}`);
      maps.set(relative, typeof template === "string" && output !== undefined ? templateLineMap(template, output) : (l) => l);
    }
    return maps.get(relative)!(line);
  };
}

export async function renderPreview(request: PreviewRequest): Promise<PreviewResult> {
  const started = Date.now();
  const limits = { ...DEFAULT_PREVIEW_LIMITS, ...request.limits };
  const markers: EditorMarker[] = [];
  const chartName = chartNameOf(request.files);
  markers.push(...schemaMarkers(request.files));

  let chart;
  try {
    chart = await loadChartFromFileMap(request.files, { origin: "editor" });
  } catch (err) {
    const marker = failureMarker(err, chartName);
    if (marker) markers.push(marker);
    return { ok: false, error: (err as Error).message, markers, manifests: [], plan: null, planText: "", lint: [], elapsedMs: Date.now() - started };
  }

  try {
    const result = planChart(
      chart,
      {
        release: { name: request.releaseName ?? "preview", namespace: request.namespace ?? "default" },
        // Schema problems are already markers; rendering should still show what the values produce.
        skipSchemaValidation: true,
        limits,
      },
      { wait: "hookOnly" },
    );
    const name = chart.metadata.Name;
    const lineOf = templatePositions(request, result.rendered.files, name);
    const located = result.lint.map((f) => ({ ...f, line: lineOf(f.file, f.line) }));
    const lint = located.map((f) => ({ ...f, file: chartRelative(f.file, name) }));
    markers.push(...located.map((f) => lintMarker(f, name)));
    for (const bad of result.plan.invalid) markers.push(errorMarker(chartRelative(bad.source, name), lineOf(bad.source, bad.line), bad.column, bad.message, "render"));
    return {
      ok: true,
      markers,
      manifests: previewFiles(result.rendered.files, name),
      plan: relativePlan(result.plan, name, lineOf),
      // The text form keeps helm's rendered-output positions, as `hookline plan` prints them.
      planText: formatPlan(result.plan, "text", result.lint),
      lint,
      elapsedMs: Date.now() - started,
    };
  } catch (err) {
    const marker = failureMarker(err, chart.metadata.Name);
    if (marker) markers.push(marker);
    const cause = err instanceof RenderFailure ? err.cause : err;
    const limited = cause instanceof LimitError || (cause instanceof RenderError && cause.kind === "limit");
    const message = err instanceof RenderFailure ? err.helmTemplateMessage() : (err as Error).message;
    return { ok: false, error: message, limitExceeded: limited, markers, manifests: [], plan: null, planText: "", lint: [], elapsedMs: Date.now() - started };
  }
}
