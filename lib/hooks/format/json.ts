/**
 * The machine-readable plan: `{events, dropped, invalid, lint}` with every event present (empty when unused) and
 * each event's hooks in execution order. Stable key order, so the output diffs cleanly between revisions.
 */
import type { HookPlan, LintFinding, PlannedHook } from "../types";
import { HOOK_EVENTS } from "../vocabulary";

function hookJson(hook: PlannedHook): Record<string, unknown> {
  return {
    kind: hook.kind,
    name: hook.name,
    namespace: hook.namespace,
    weight: hook.weight,
    events: hook.events,
    deletePolicies: hook.deletePolicies,
    defaultDeletePolicy: hook.defaultDeletePolicy,
    outputLogPolicies: hook.outputLogPolicies,
    waited: hook.waited,
    onSuccess: hook.onSuccess,
    onFailure: hook.onFailure,
    onLaterHookFailure: hook.onLaterHookFailure,
    beforeNextRun: hook.beforeNextRun,
    resourcePolicyKeep: hook.resourcePolicyKeep,
    source: hook.source,
    line: hook.line,
    column: hook.column,
    position: hook.position,
    documentedPosition: hook.documentedPosition,
    ...(hook.orderNote ? { orderNote: hook.orderNote } : {}),
    ...(hook.runs > 1 ? { runs: hook.runs } : {}),
  };
}

export function formatJson(plan: HookPlan, lint: readonly LintFinding[]): string {
  const events = Object.fromEntries(HOOK_EVENTS.map((event) => [event, plan.events[event].map(hookJson)]));
  const findings = lint.map(({ file, line, column, severity, message, rule }) => ({ file, line, column, severity, message, rule }));
  return `${JSON.stringify({ events, dropped: plan.dropped, invalid: plan.invalid, lint: findings }, null, 2)}\n`;
}
