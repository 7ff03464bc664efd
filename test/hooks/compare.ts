/**
 * Assertions that hold a hook plan against what the real helm stored: the same hooks with the same parsed fields,
 * and each event's hooks in the order helm executes them.
 */
import { expect } from "vitest";
import type { HookPlan, PlannedHook } from "@/lib/hooks";
import { helmExecutionOrder, type StoredHook } from "./helm-oracle";

const identity = (kind: string, name: string, source: string) => `${kind}/${name}@${source}`;

/** Per event, the plan's hooks as "Kind/name@path", one entry per run. */
export function planOrder(plan: HookPlan): Record<string, string[]> {
  return Object.fromEntries(
    Object.entries(plan.events)
      .filter(([, hooks]) => hooks.length > 0)
      .map(([event, hooks]) => [event, hooks.map((h) => identity(h.kind, h.name, h.source))]),
  );
}

export function expectSameHooks(stored: readonly StoredHook[], planned: readonly PlannedHook[]): void {
  const byKey = new Map(planned.map((h) => [identity(h.kind, h.name, h.source), h]));
  expect(new Set(byKey.keys())).toEqual(new Set(stored.map((h) => identity(h.kind ?? "", h.name ?? "", h.path ?? ""))));
  for (const h of stored) {
    const mine = byKey.get(identity(h.kind ?? "", h.name ?? "", h.path ?? ""))!;
    expect({ hook: `${mine.kind}/${mine.name}`, weight: mine.weight, events: mine.events, out: mine.outputLogPolicies }).toEqual({
      hook: `${h.kind}/${h.name}`,
      weight: h.weight ?? 0,
      events: h.events,
      out: h.output_log_policies ?? [],
    });
    // Helm stores delete policies as written; it fills in the default only when the hook runs.
    expect(mine.defaultDeletePolicy ? [] : mine.deletePolicies).toEqual(h.delete_policies ?? []);
  }
}

/** The plan agrees with helm on every hook and on every event's execution order. */
export function expectPlanMatchesHelm(plan: HookPlan, stored: readonly StoredHook[]): void {
  expectSameHooks(stored, Object.values(plan.events).flat());
  expect(planOrder(plan)).toEqual(helmExecutionOrder(stored));
}
