/**
 * One entry point for rendering a hook plan (and, optionally, its lint findings) as text, JSON or Markdown.
 */
import type { HookPlan, LintFinding, PlanFormat } from "../types";
import { formatJson } from "./json";
import { formatMarkdown } from "./markdown";
import { formatText } from "./text";

const FORMATTERS: Record<PlanFormat, (plan: HookPlan, lint: readonly LintFinding[]) => string> = {
  text: formatText,
  json: formatJson,
  markdown: formatMarkdown,
};

export function formatPlan(plan: HookPlan, format: PlanFormat, lint: readonly LintFinding[] = []): string {
  return FORMATTERS[format](plan, lint);
}
