/**
 * The terminal form of a plan: one block per event that has hooks, one line per hook in execution order with what
 * happens around it, order notes under the hook they concern, then dropped objects and lint findings.
 */
import type { HookPlan, LintFinding, PlannedHook } from "../types";
import { HOOK_EVENTS } from "../vocabulary";

function hookLine(hook: PlannedHook): string[] {
  const policies = `${hook.deletePolicies.join(", ")}${hook.defaultDeletePolicy ? " (default)" : ""}`;
  const lines = [
    `  ${hook.position}. ${hook.kind}/${hook.name || "(no name)"}  weight ${hook.weight}${hook.runs > 1 ? `  runs ${hook.runs}×` : ""}`,
    `     ${hook.waited ? "waited to completion" : "not waited"} · success: ${hook.onSuccess} · failure: ${hook.onFailure} · delete policies: ${policies}`,
    `     ${hook.source}:${hook.line}:${hook.column}${hook.namespace ? `  (namespace ${hook.namespace})` : ""}`,
  ];
  if (hook.logsCopied.length > 0) lines.push(`     logs copied on: ${hook.logsCopied.join(", ")}`);
  if (hook.resourcePolicyKeep) lines.push("     resource-policy keep has no effect on hooks");
  if (hook.orderNote) lines.push(`     note: ${hook.orderNote}`);
  return lines;
}

export function formatText(plan: HookPlan, lint: readonly LintFinding[]): string {
  const out: string[] = [];
  const used = HOOK_EVENTS.filter((event) => plan.events[event].length > 0);
  if (used.length === 0) out.push("No hooks.");
  for (const event of used) {
    const hooks = plan.events[event];
    out.push(`${event} (${hooks.length} ${hooks.length === 1 ? "hook" : "hooks"})`);
    for (const hook of hooks) out.push(...hookLine(hook));
    out.push("");
  }
  if (plan.dropped.length > 0) {
    out.push("Dropped by Helm (unknown hook event, neither hook nor resource):");
    for (const d of plan.dropped) out.push(`  ${d.kind}/${d.name} ${d.source}:${d.line}:${d.column}  helm.sh/hook: "${d.hook}"`);
    out.push("");
  }
  for (const invalid of plan.invalid) out.push(`Unparsable document ${invalid.source}:${invalid.line}:${invalid.column}: ${invalid.message}`);
  if (lint.length > 0) {
    out.push("Lint:");
    for (const f of lint) out.push(`  ${f.file}:${f.line}:${f.column} ${f.severity} [${f.rule}] ${f.message}`);
  }
  return `${out.join("\n").trimEnd()}\n`;
}
