/**
 * lib/hooks: Helm 4's hook semantics for a chart's rendered documents — the per-event execution plan, the hook
 * lint, and their text/JSON/Markdown forms. Pure and browser-safe (also runs in the editor's Web Worker).
 */
export { buildHookPlan } from "./plan";
export { lintHooks } from "./lint/index";
export { formatPlan } from "./format/index";
export { reviewHooks, type HookReview } from "./review";
export { splitHelmTemplateOutput, splitRenderedFile, type HookInput } from "./split";
export { HOOK_EVENTS } from "./vocabulary";
export type {
  DroppedHook,
  HookAftermath,
  HookEvent,
  HookOptions,
  HookPlan,
  LintFinding,
  PlanFormat,
  PlannedHook,
  RenderedDocument,
  Severity,
  TemplatePosition,
  WaitStrategy,
} from "./types";
