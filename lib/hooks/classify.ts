/**
 * Helm's decision for each rendered document: an ordinary resource, a hook (with its parsed events, weight and
 * policies), or dropped from the release because `helm.sh/hook` names an unknown event. Mirrors Helm 4.1's
 * manifest sorter, including its quirks (duplicate events kept, unvalidated policies, weight 0 on bad input).
 */
import { parseRenderedDocument, type ParsedDocument } from "./document";
import { goAtoiExact, splitAnnotationList } from "./go-semantics";
import type { HookEvent, RenderedDocument } from "./types";
import {
  DELETE_POLICY_ANNOTATION,
  eventForSpelling,
  HOOK_ANNOTATION,
  OUTPUT_LOG_POLICY_ANNOTATION,
  WEIGHT_ANNOTATION,
} from "./vocabulary";

export interface HookRecord {
  document: ParsedDocument;
  /** Stored events in written order; duplicates kept (the hook then runs twice). */
  events: HookEvent[];
  /** The exact 64-bit weight: a JS number cannot tell apart weights beyond 2^53. */
  weight: bigint;
  /** As written, trimmed and lower-cased; empty when the annotation is absent (Helm then defaults at run time). */
  deletePolicies: string[];
  outputLogPolicies: string[];
}

export type Classified =
  | { type: "invalid"; document: ParsedDocument }
  | { type: "resource"; document: ParsedDocument }
  | { type: "hook"; document: ParsedDocument; hook: HookRecord }
  | { type: "dropped"; document: ParsedDocument; hookValue: string; unknownEvents: string[] };

/** Helm's weight: `strconv.Atoi` of the annotation, and 0 whenever that fails (including when absent). */
function hookWeight(annotations: ReadonlyMap<string, string>): bigint {
  return goAtoiExact(annotations.get(WEIGHT_ANNOTATION) ?? "") ?? 0n;
}

function policyList(annotations: ReadonlyMap<string, string>, key: string): string[] {
  const value = annotations.get(key);
  // Only presence matters: an empty value still yields one (empty) policy, which disables the default.
  return value === undefined ? [] : splitAnnotationList(value);
}

function classifyDocument(document: ParsedDocument): Classified {
  if (document.error) return { type: "invalid", document };
  const hookValue = document.annotations.get(HOOK_ANNOTATION);
  if (hookValue === undefined) return { type: "resource", document };

  const events: HookEvent[] = [];
  const unknownEvents: string[] = [];
  for (const spelling of splitAnnotationList(hookValue)) {
    const event = eventForSpelling(spelling);
    if (event) events.push(event);
    else unknownEvents.push(spelling);
  }
  if (unknownEvents.length > 0) return { type: "dropped", document, hookValue, unknownEvents };

  const hook: HookRecord = {
    document,
    events,
    weight: hookWeight(document.annotations),
    deletePolicies: policyList(document.annotations, DELETE_POLICY_ANNOTATION),
    outputLogPolicies: policyList(document.annotations, OUTPUT_LOG_POLICY_ANNOTATION),
  };
  return { type: "hook", document, hook };
}

/** Parse and classify every document; the result keeps input order. */
export function classifyDocuments(documents: readonly RenderedDocument[]): Classified[] {
  return documents.map((input, index) => classifyDocument(parseRenderedDocument(input, index)));
}
