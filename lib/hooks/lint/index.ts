/**
 * The hook lint: runs every rule over the classified documents and returns the findings in file and line order.
 * Adding a check means adding a rule to RULES.
 */
import { classifyDocuments, type Classified } from "../classify";
import { storedHookOrder } from "../order";
import { toDocuments, type HookInput } from "../split";
import type { HookOptions, LintFinding } from "../types";
import { annotationPlacementRules } from "./annotation-placement";
import { annotationValueRules } from "./annotation-values";
import { createLintContext, type LintRule } from "./context";
import { dependencyRules } from "./dependencies";
import { hookRuntimeRules } from "./hook-runtime";
import { identityRules } from "./identity";
import { readinessRules } from "./readiness";

const unparsableDocuments: LintRule = (context) => {
  for (const entry of context.classified) {
    if (entry.type !== "invalid" || !entry.document.error) continue;
    context.report(entry.document, entry.document.error.at, "error", "yaml-parse-error", `Helm cannot parse this document and aborts the whole render: ${entry.document.error.message}`);
  }
};

const RULES: readonly LintRule[] = [
  unparsableDocuments,
  annotationPlacementRules,
  annotationValueRules,
  hookRuntimeRules,
  identityRules,
  readinessRules,
  dependencyRules,
];

const SEVERITY_RANK = { error: 0, warning: 1, info: 2 } as const;

export function lintClassified(classified: readonly Classified[], options: HookOptions = {}): LintFinding[] {
  const findings: LintFinding[] = [];
  const hooks = storedHookOrder(classified.flatMap((entry) => (entry.type === "hook" ? [entry.hook] : [])));
  const context = createLintContext(classified, hooks, options, findings);
  for (const rule of RULES) rule(context);
  return findings.sort(
    (a, b) =>
      (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
      a.line - b.line ||
      a.column - b.column ||
      SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
      (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0),
  );
}

/** Lint a chart's rendered documents (or a whole `helm template` output) for hook mistakes. Pure. */
export function lintHooks(input: HookInput, options: HookOptions = {}): LintFinding[] {
  return lintClassified(classifyDocuments(toDocuments(input)), options);
}
