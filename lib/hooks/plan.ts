/**
 * Builds the hook plan: for each lifecycle event, the hooks in the order Helm 4 runs them, with what Helm does
 * around each one (waiting, deletion on success/failure, the next run), plus the objects Helm silently drops.
 */
import { classifyDocuments, type Classified, type HookRecord } from "./classify";
import { pairAt } from "./document";
import {
  afterFailure,
  afterSuccess,
  beforeNextRun,
  effectiveDeletePolicies,
  logsCopied,
  neverDeleted,
  waitDetail,
  waitsForCompletion,
} from "./outcome";
import { documentedOrder, executionOrder, storedHookOrder } from "./order";
import { locate, toFilePosition } from "./positions";
import { toDocuments, type HookInput } from "./split";
import type { DroppedHook, HookEvent, HookOptions, HookPlan, PlannedHook, WaitStrategy } from "./types";
import { DEFAULT_NAMESPACE, HOOK_ANNOTATION, HOOK_EVENTS, KEEP_POLICY, RESOURCE_POLICY_ANNOTATION } from "./vocabulary";

function describe(hook: HookRecord): string {
  return `${hook.document.kind}/${hook.document.name || "(no name)"}`;
}

/** Where the same run (the n-th occurrence of a hook listed twice) sits in another ordering. */
function positionIn(order: readonly HookRecord[], actual: readonly HookRecord[], position: number): number {
  const hook = actual[position]!;
  const occurrence = actual.slice(0, position).filter((h) => h === hook).length;
  let seen = 0;
  for (let i = 0; i < order.length; i++) {
    if (order[i] === hook && seen++ === occurrence) return i;
  }
  return -1;
}

/** Explain, for one hook, how the real order differs from the documented one, naming the hooks it overtakes. */
function orderNote(hook: HookRecord, actual: HookRecord[], documented: HookRecord[], position: number): string | undefined {
  const documentedPosition = positionIn(documented, actual, position);
  if (documentedPosition === position) return undefined;
  const documentedBefore = new Set(documented.slice(0, documentedPosition));
  // Hooks the docs put before this one that really run after it, and the other way round.
  const movedAfter = actual.slice(position + 1).filter((other) => documentedBefore.has(other) && other.weight === hook.weight);
  const movedBefore = actual.slice(0, position).filter((other) => !documentedBefore.has(other) && other !== hook && other.weight === hook.weight);
  const why = `equal weight ${hook.weight}, and Helm orders by name before kind (the docs say kind first)`;
  if (movedAfter.length > 0) return `runs before ${movedAfter.map(describe).join(", ")}: ${why}`;
  if (movedBefore.length > 0) return `runs after ${movedBefore.map(describe).join(", ")}: ${why}`;
  return `position ${position + 1} here, ${documentedPosition + 1} under the documented weight-kind-name order`;
}

function planEvent(stored: HookRecord[], event: HookEvent, namespace: string, wait: WaitStrategy): PlannedHook[] {
  const actual = executionOrder(stored, event);
  const documented = documentedOrder(stored, event);
  // A hook listed twice for an event is two runs; we show it once per run with the same facts.
  return actual.map((hook, position): PlannedHook => {
    const { document } = hook;
    const at = locate(document, pairAt(document.tree, ["metadata", "annotations", HOOK_ANNOTATION])?.key);
    const planned: PlannedHook = {
      kind: document.kind,
      apiVersion: document.apiVersion,
      name: document.name,
      namespace: document.namespace || namespace,
      weight: Number(hook.weight),
      events: hook.events,
      deletePolicies: effectiveDeletePolicies(hook),
      defaultDeletePolicy: hook.deletePolicies.length === 0,
      outputLogPolicies: hook.outputLogPolicies,
      waited: waitsForCompletion(document.kind, document.apiVersion),
      waitDetail: waitDetail(document.kind, document.apiVersion),
      onSuccess: afterSuccess(hook),
      onFailure: afterFailure(hook),
      onLaterHookFailure: afterSuccess(hook),
      beforeNextRun: beforeNextRun(hook, wait),
      logsCopied: logsCopied(hook),
      resourcePolicyKeep: (document.annotations.get(RESOURCE_POLICY_ANNOTATION) ?? "").trim().toLowerCase() === KEEP_POLICY,
      source: document.input.source,
      line: at.line,
      column: at.column,
      position: position + 1,
      documentedPosition: positionIn(documented, actual, position) + 1,
      runs: hook.events.filter((e) => e === event).length,
    };
    const note = orderNote(hook, actual, documented, position);
    if (note) planned.orderNote = note;
    if (neverDeleted(document.kind)) planned.waitDetail += "; CustomResourceDefinition hooks are never deleted";
    return planned;
  });
}

/** Build the plan from already classified documents (shared with the lint, which needs the same view). */
export function planFromClassified(classified: readonly Classified[], options: HookOptions = {}): HookPlan {
  const namespace = options.namespace ?? DEFAULT_NAMESPACE;
  const stored = storedHookOrder(classified.flatMap((c) => (c.type === "hook" ? [c.hook] : [])));
  const events = Object.fromEntries(HOOK_EVENTS.map((event) => [event, planEvent(stored, event, namespace, options.wait ?? "hookOnly")])) as Record<
    HookEvent,
    PlannedHook[]
  >;
  const dropped = classified.flatMap((c): DroppedHook[] => {
    if (c.type !== "dropped") return [];
    const at = locate(c.document, pairAt(c.document.tree, ["metadata", "annotations", HOOK_ANNOTATION])?.value);
    return [
      {
        kind: c.document.kind,
        name: c.document.name,
        source: c.document.input.source,
        line: at.line,
        column: at.column,
        hook: c.hookValue,
        unknownEvents: c.unknownEvents,
      },
    ];
  });
  const invalid = classified.flatMap((c) => {
    if (c.type !== "invalid" || !c.document.error) return [];
    const at = toFilePosition(c.document, c.document.error.at);
    return [{ source: at.file, line: at.line, column: at.column, message: c.document.error.message }];
  });
  return { events, dropped, invalid };
}

/** The hook plan of a chart's rendered documents (or a whole `helm template` output). Pure. */
export function buildHookPlan(input: HookInput, options: HookOptions = {}): HookPlan {
  return planFromClassified(classifyDocuments(toDocuments(input)), options);
}
