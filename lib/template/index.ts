/**
 * Hookline's Go text/template engine with Helm's semantics. Runs in Node and in the browser.
 *
 *   parseTemplate(name, text, { hasFunction })   one text → trees (the text's own and one per define); ParseError
 *   renderChartTemplates(chart, options)         Helm's engine over a chart tree → Map<template name, output>;
 *                                                throws RenderError whose message is Helm's text after "Error: "
 *   renderTemplates(templates, options)          the same for templates that carry their dot data (the shape of
 *                                                lib/chart's buildRenderInputs(...).templates)
 *   TemplateSet / executeTree                    lower-level: a named template set and one execution
 *   builtinFunctions()                           Go's builtins (and, or, not, len, index, eq, printf, …)
 *
 * Options of renderChartTemplates: functions (default helmFunctionLibrary(): Sprig + Helm codecs), release,
 * capabilities, lookup, funcContext (clock, random bytes, time zone), limits (timeoutMs, maxOutputChars,
 * maxIncludeDepth, maxTemplateDepth) and strict (missingkey=error). Errors carry a structured `diagnostic`
 * ({file, line, column, message}) for editor markers.
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
