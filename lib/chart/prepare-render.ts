/**
 * Everything helm does between "chart loaded" and "engine renders" for `helm template`/install, in helm's order:
 * merge user values, refuse library charts, check declared dependencies exist, process dependencies
 * (conditions, tags, aliases, import-values), build capabilities, coalesce values, validate schemas, check the
 * chart's kubeVersion, and assemble the engine's inputs.
 */
import type { GoMap } from "@/lib/template/value";
import { buildCapabilities, checkKubeVersion, type CapabilitiesData, type CapabilityOptions } from "./capabilities";
import { coalesceValues, type Warn } from "./coalesce";
import { missingDependencies, processDependencies } from "./dependencies";
import { ChartError } from "./errors";
import { buildReleaseData, buildRenderInputs, type ReleaseData, type ReleaseOptions, type RenderInputs } from "./render-inputs";
import { validateValuesAgainstSchemas } from "./schema";
import type { Chart } from "./types";
import { mergeUserValues, type UserValueOptions } from "./user-values";

export interface PrepareOptions {
  release: ReleaseOptions;
  values?: UserValueOptions;
  capabilities?: CapabilityOptions;
  skipSchemaValidation?: boolean;
  /** Receives helm's warnings (coalescing clashes, non-bool conditions, missing import tables). */
  warn?: Warn;
}

export interface PreparedRender {
  /** The processed chart tree: disabled subcharts removed, aliases applied, imports merged into defaults. */
  chart: Chart;
  /** Only what the user supplied (helm stores this as the release config). */
  userValues: GoMap;
  /** The coalesced top-level `.Values`. */
  values: GoMap;
  release: ReleaseData;
  capabilities: CapabilitiesData;
  /** The engine's per-template inputs, built on first use (renderChart hands the engine the chart tree instead). */
  readonly inputs: RenderInputs;
}

export function prepareRender(chart: Chart, options: PrepareOptions): PreparedRender {
  const warn = options.warn ?? (() => undefined);
  const userValues = mergeUserValues(options.values ?? {});
  const type = chart.metadata.Type;
  if (type !== "" && type !== "application") throw new ChartError(`${type} charts are not installable`, { file: "Chart.yaml" });
  if (chart.metadata.Deprecated) warn("This chart is deprecated");
  const missing = missingDependencies(chart);
  if (missing.length > 0) {
    throw new ChartError(
      "an error occurred while checking for chart dependencies. You may need to run `helm dependency build` to fetch missing dependencies: " +
        `found in Chart.yaml, but missing in charts/ directory: ${missing.join(", ")}`,
      { file: "Chart.yaml" },
    );
  }
  const processed = processDependencies(chart, userValues, warn);
  const capabilities = buildCapabilities(options.capabilities);
  const values = coalesceValues(processed, userValues, warn);
  values.typeName = "common.Values";
  if (!options.skipSchemaValidation) validateValuesAgainstSchemas(processed, values);
  checkKubeVersion(processed, capabilities);
  const release = buildReleaseData(options.release);
  let inputs: RenderInputs | undefined;
  return {
    chart: processed,
    userValues,
    values,
    release,
    capabilities,
    get inputs() {
      return (inputs ??= buildRenderInputs(processed, values, release, capabilities));
    },
  };
}
