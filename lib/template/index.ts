/**
 * Hookline's Go text/template engine with Helm v4.1.4's semantics. Runs in Node and in the browser: the clock,
 * randomness, time zone and `lookup` are injected.
 *
 * Rendering a chart (what `helm template` does before it splits manifests):
 *   renderChartTemplates(chart: ChartInput, options?: RenderOptions): Map<templateName, output>
 *   renderTemplates(templates: TemplateInput[], options?: RenderOptions): Map<templateName, output>
 *     - the second takes lib/chart's buildRenderInputs(...).templates (templates carrying their dot data);
 *     - output keys are full template names ("mychart/templates/x.yaml"), partials (`_*`) excluded, NOTES.txt
 *       included, in Helm's execution order; `<no value>` already stripped;
 *     - throws RenderError: `message` is exactly what Helm prints after "Error: ", `kind` is "parse" | "exec" |
 *       "limit" | "internal", `diagnostic` is {file, line, column, message} (column = 0-based byte offset, as Go)
 *       for editor markers.
 *   RenderOptions: functions (default helmFunctionLibrary(): Sprig + Helm codecs), release {name, namespace,
 *     revision, isUpgrade, isInstall, service}, capabilities {kubeVersion, apiVersions, helmVersion}, lookup,
 *     funcContext {now, randomBytes, timeZone}, limits {timeoutMs, maxOutputChars, maxAllocBytes (512 MiB of values
 *     created), maxIncludeDepth (1000, as Helm), maxTemplateDepth}, clock (for the deadline), strict (missingkey=error).
 *     A limit reached in a template is placed there: helm's execution-error text and an editor diagnostic.
 *
 * Lower level:
 *   parseTemplate(name, text, { hasFunction }): TreeSet      one text → its tree and one per define/block
 *   new TemplateSet(rootName, functions, BUILTINS)            a set of named templates; .parse(name, text)
 *   executeTree(env: ExecEnv, tree, data): string             one execution (env: set, funcContext, budget, …)
 *   builtinFunctions() / BUILTINS                             Go's builtins (and, or, not, len, index, eq, …)
 *   helmExecErrorText / helmParseErrorText                    Helm's renderings of Go's template errors
 */
export { parseTemplate, type Tree, type TreeSet, type ParseOptions } from "./parse/parser";
export {
  renderChartTemplates,
  renderTemplates,
  helmFunctionLibrary,
  type TemplateInput,
  type DotInput,
  type ChartInput,
  type ReleaseInput,
  type RenderOptions,
  type LookupFunction,
} from "./engine";
export { TemplateSet } from "./exec/template-set";
export { executeTree, type ExecEnv } from "./exec/executor";
export { Budget, type RenderLimits } from "./exec/budget";
export { builtinFunctions, BUILTINS } from "./builtins";
export {
  ParseError,
  ExecError,
  LimitError,
  RenderError,
  WrappedError,
  helmExecErrorText,
  helmParseErrorText,
  type TemplateDiagnostic,
} from "./errors";
export { DEFAULT_API_VERSIONS, type CapabilitiesInput } from "./exec/helm/capabilities";
