/**
 * lib/chart: loading Helm charts, computing values exactly as helm v4.1.4 does, building the template engine's
 * inputs, and assembling `helm template` output. Usable without Next.js; everything but loadChartDirectory
 * (Node fs) also runs in the browser.
 */
export { ChartError, type ChartErrorLocation } from "./errors";
export type { Chart, ChartDependency, ChartFile, ChartLock, ChartMaintainer, ChartMetadata } from "./types";
export { chartFullPath, chartName, isRootChart } from "./types";
export { DEFAULT_LOAD_LIMITS, type LoadLimits } from "./limits";
export { loadChartArchive, loadChartFromFileMap, loadChartEntries, fileText, type LoadOptions, type RawEntry } from "./load-chart";
export { IgnoreRules } from "./helmignore";
export { satisfiesConstraint } from "./metadata";
export { parseSetInto, parseSetStringInto, parseSetJsonInto, parseSetFileInto, parseSetLiteralInto, typedValue } from "./strvals";
export { mergeUserValues, type UserValueOptions, type ValuesFile } from "./user-values";
export { parseValuesFile } from "./values-file";
export { coalesceValues, mergeValues, coalesceTables, type Warn } from "./coalesce";
export { processDependencies, missingDependencies, cloneChartTree } from "./dependencies";
export { validateValuesAgainstSchemas, schemaViolations } from "./schema";
export { toJsonValue, type JsonValue } from "./values-json";
export {
  buildCapabilities,
  checkKubeVersion,
  parseKubeVersion,
  DEFAULT_API_VERSIONS,
  DEFAULT_HELM_VERSION,
  type CapabilitiesData,
  type CapabilityOptions,
  type KubeVersionInfo,
  type HelmVersionInfo,
} from "./capabilities";
export {
  buildReleaseData,
  buildRenderInputs,
  type ReleaseData,
  type ReleaseOptions,
  type ChartDot,
  type ChartObject,
  type RenderTemplate,
  type RenderInputs,
} from "./render-inputs";
export { prepareRender, type PrepareOptions, type PreparedRender } from "./prepare-render";
export { splitManifests, parseRenderedFile, classifyHook, decodeHead, HOOK_EVENTS, type ManifestDocument, type DocumentHead, type HookInfo } from "./manifest-documents";
export { INSTALL_ORDER, UNINSTALL_ORDER, sortByKind } from "./kind-order";
export {
  assembleTemplateOutput,
  sortRenderedFiles,
  buildReleaseManifest,
  crdFiles,
  type TemplateOutputOptions,
  type SortedRender,
} from "./template-output";
