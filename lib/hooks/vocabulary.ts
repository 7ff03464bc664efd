/**
 * Helm's hook vocabulary: annotation keys, accepted event names, and the policy values that have an effect.
 * Facts from Helm 4.1 (pkg/release/v1/hook.go, util/manifest_sorter.go); kept in one place so the parser, the plan
 * and the lint agree.
 */
import type { HookEvent } from "./types";

export const HOOK_ANNOTATION = "helm.sh/hook";
export const WEIGHT_ANNOTATION = "helm.sh/hook-weight";
export const DELETE_POLICY_ANNOTATION = "helm.sh/hook-delete-policy";
export const OUTPUT_LOG_POLICY_ANNOTATION = "helm.sh/hook-output-log-policy";
export const RESOURCE_POLICY_ANNOTATION = "helm.sh/resource-policy";

/** Every `helm.sh/…` annotation key Helm reads on chart objects; used to recognise misspelt keys. */
export const HELM_ANNOTATION_KEYS = [
  HOOK_ANNOTATION,
  WEIGHT_ANNOTATION,
  DELETE_POLICY_ANNOTATION,
  OUTPUT_LOG_POLICY_ANNOTATION,
  RESOURCE_POLICY_ANNOTATION,
] as const;

/** Events in lifecycle order: the order in which a plan lists them. */
export const HOOK_EVENTS: readonly HookEvent[] = [
  "pre-install",
  "post-install",
  "pre-upgrade",
  "post-upgrade",
  "pre-rollback",
  "post-rollback",
  "pre-delete",
  "post-delete",
  "test",
];

/** Accepted spellings (after trim + lower-case) and the event Helm stores for each. */
const EVENT_BY_SPELLING: ReadonlyMap<string, HookEvent> = new Map<string, HookEvent>([
  ...HOOK_EVENTS.map((event): [string, HookEvent] => [event, event]),
  // Helm 2 tests used this name; Helm 4 still maps it to `test`.
  ["test-success", "test"],
]);

export const ACCEPTED_EVENT_SPELLINGS: readonly string[] = [...EVENT_BY_SPELLING.keys()];

export function eventForSpelling(normalised: string): HookEvent | undefined {
  return EVENT_BY_SPELLING.get(normalised);
}

export const DELETE_POLICIES = ["before-hook-creation", "hook-succeeded", "hook-failed"] as const;
export const OUTPUT_LOG_POLICIES = ["hook-succeeded", "hook-failed"] as const;
export const DEFAULT_DELETE_POLICY = "before-hook-creation";
export const KEEP_POLICY = "keep";
/** Helm's release namespace when none is given. */
export const DEFAULT_NAMESPACE = "default";
