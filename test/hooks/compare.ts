/**
 * Assertions that hold a hook plan against what the real helm stored: per event, the same runs in the order helm
 * executes them, each with the fields helm parsed (weight, events, delete and output-log policies).
 */
import { expect } from "vitest";
import type { HookPlan, PlannedHook } from "@/lib/hooks";
import { helmExecutionRuns, type StoredHook } from "./helm-oracle";

const identity = (kind: string, name: string, source: string) => `${kind}/${name}@${source}`;

/** Per event, the plan's hooks as "Kind/name@path", one entry per run. */
export function planOrder(plan: HookPlan): Record<string, string[]> {
  return Object.fromEntries(
    Object.entries(plan.events)
      .filter(([, hooks]) => hooks.length > 0)
      .map(([event, hooks]) => [event, hooks.map((h) => identity(h.kind, h.name, h.source))]),
  );
}

function plannedRun(hook: PlannedHook) {
  return {
    hook: identity(hook.kind, hook.name, hook.source),
    weight: hook.weight,
    events: hook.events,
    // Helm stores delete policies as written; it fills in the default only when the hook runs.
    deletePolicies: hook.defaultDeletePolicy ? [] : hook.deletePolicies,
    outputLogPolicies: hook.outputLogPolicies,
  };
}

function storedRun(hook: StoredHook) {
  return {
    hook: identity(hook.kind ?? "", hook.name ?? "", hook.path ?? ""),
    weight: hook.weight ?? 0,
    events: hook.events ?? [],
    deletePolicies: hook.delete_policies ?? [],
    outputLogPolicies: hook.output_log_policies ?? [],
  };
}

/** The plan agrees with helm on every event: the same hooks, parsed the same, in helm's execution order. */
export function expectPlanMatchesHelm(plan: HookPlan, stored: readonly StoredHook[]): void {
  const planned = Object.fromEntries(
    Object.entries(plan.events)
      .filter(([, hooks]) => hooks.length > 0)
      .map(([event, hooks]) => [event, hooks.map(plannedRun)]),
  );
  const expected = Object.fromEntries(Object.entries(helmExecutionRuns(stored)).map(([event, hooks]) => [event, hooks.map(storedRun)]));
  expect(planned).toEqual(expected);
}
