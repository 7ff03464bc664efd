/**
 * What the render pool and its workers say to each other. Everything here survives the structured clone of
 * `postMessage`: a chart travels as its loaded files (bytes), options as plain data, results as plain data and Maps,
 * and errors as their name, message and location, rebuilt on the caller's side.
 */
import type { ChartFile } from "@/lib/chart/types";
import type { SortedRender, TemplateOutputOptions } from "@/lib/chart/template-output";
import type { HookOptions, HookPlan, LintFinding, RenderedDocument } from "@/lib/hooks";
import type { TemplateCluster } from "@/lib/kube/template-cluster";
import type { RenderChartOptions } from "../render-chart";
import { RenderFailure } from "../render-chart";

/** The options of `renderChart` that are data (callbacks such as `lookup`, `warn` or `readFile` cannot cross threads). */
export interface PoolRenderOptions {
  release: RenderChartOptions["release"];
  values?: Omit<NonNullable<RenderChartOptions["values"]>, "readFile">;
  capabilities?: RenderChartOptions["capabilities"];
  skipSchemaValidation?: boolean;
  output?: TemplateOutputOptions;
  limits?: RenderChartOptions["limits"];
  /** Replaces the root chart's values.yaml (an upgrade with --reuse-values renders over the old release's values). */
  chartValues?: Record<string, unknown>;
  /**
   * The live cluster the templates see (install and upgrade): `.Capabilities` from its discovery and a `lookup` that
   * queries it over this connection (credentials included: it goes to our own worker process, never further).
   */
  cluster?: TemplateCluster;
}

export interface RenderJob {
  /** The root chart's loaded files (`Chart.raw`): the worker rebuilds the chart from them exactly as it was loaded. */
  files: ChartFile[];
  options: PoolRenderOptions;
  /** Also plan the hooks and lint them (`planChart`), with these options. */
  plan?: HookOptions;
}

/** `renderChart`'s result without the prepared chart tree (which holds class instances and parent links). */
export interface PooledRender {
  /** Each template file's output, by full template name. */
  files: Map<string, string>;
  sorted: SortedRender;
  /** Exactly what `helm template` prints on stdout. */
  output: string;
  /** The release namespace the render used. */
  namespace: string;
}

export interface PooledPlan {
  rendered: PooledRender;
  documents: RenderedDocument[];
  plan: HookPlan;
  lint: LintFinding[];
}

export interface SerializedError {
  name: string;
  message: string;
  /** RenderFailure's stage, when the engine failed. */
  stage?: RenderFailure["stage"];
  /** The failure's own fields (file, line, column, kind, diagnostic, …), when they are plain data. */
  details?: Record<string, unknown>;
}

export type WorkerRequest = { id: number; job: RenderJob };

export type WorkerReply =
  | { type: "ready" }
  | { type: "done"; id: number; render: PooledRender; plan?: Omit<PooledPlan, "rendered"> }
  | { type: "failed"; id: number; error: SerializedError };

const LOCATION_FIELDS = ["file", "line", "column", "kind", "diagnostic", "templateName", "detail"] as const;

function plainFields(err: Error): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of LOCATION_FIELDS) {
    const value = (err as unknown as Record<string, unknown>)[key];
    if (value === undefined || typeof value === "function") continue;
    try {
      out[key] = structuredClone(value);
    } catch {
      // not data: leave it out
    }
  }
  return out;
}

export function serializeError(err: unknown): SerializedError {
  if (err instanceof RenderFailure) {
    return { name: err.cause.name, message: err.message, stage: err.stage, details: plainFields(err.cause) };
  }
  if (err instanceof Error) return { name: err.name, message: err.message, details: plainFields(err) };
  return { name: "Error", message: String(err) };
}

/** The caller's side: a RenderFailure again when the engine failed (its message is helm's text), else an Error. */
export function deserializeError(data: SerializedError): Error {
  const cause = Object.assign(new Error(data.message), data.details ?? {});
  cause.name = data.name;
  return data.stage ? new RenderFailure(data.stage, cause) : cause;
}
