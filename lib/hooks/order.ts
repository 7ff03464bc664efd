/**
 * The order in which Helm runs the hooks of one event. Helm first stores hooks sorted by template path, document
 * position and then (stably) by kind; at run time it stably re-sorts an event's hooks by weight and then name. So
 * kind only breaks ties of equal weight and equal name — not what Helm's documentation says (helm/helm#12414).
 */
import { sortByKind } from "@/lib/chart/kind-order";
import type { HookRecord } from "./classify";
import { compareGoStrings } from "./go-semantics";
import { compareKindsForInstall } from "./kind-order";
import type { HookEvent } from "./types";

function byTemplatePosition(a: HookRecord, b: HookRecord): number {
  return compareGoStrings(a.document.input.source, b.document.input.source) || a.document.index - b.document.index;
}

/** Hooks in the order Helm stores them in the release (`release.hooks`). */
export function storedHookOrder(hooks: readonly HookRecord[]): HookRecord[] {
  return sortByKind([...hooks].sort(byTemplatePosition), (hook) => hook.document.kind);
}

function byWeight(a: HookRecord, b: HookRecord): number {
  return a.weight < b.weight ? -1 : a.weight > b.weight ? 1 : 0;
}

/** One entry per run: a hook that lists the event twice appears twice, as in Helm. */
function selectForEvent(stored: readonly HookRecord[], event: HookEvent): HookRecord[] {
  return stored.flatMap((hook) => hook.events.filter((e) => e === event).map(() => hook));
}

/** Execution order of `event`: stable sort of the stored order by weight, then name (Go byte order). */
export function executionOrder(stored: readonly HookRecord[], event: HookEvent): HookRecord[] {
  return selectForEvent(stored, event).sort(
    (a, b) => byWeight(a, b) || compareGoStrings(a.document.name, b.document.name),
  );
}

/** The order Helm's documentation describes: weight, then kind (install order), then name. */
export function documentedOrder(stored: readonly HookRecord[], event: HookEvent): HookRecord[] {
  return selectForEvent(stored, event).sort(
    (a, b) =>
      byWeight(a, b) ||
      compareKindsForInstall(a.document.kind, b.document.kind) ||
      compareGoStrings(a.document.name, b.document.name),
  );
}
