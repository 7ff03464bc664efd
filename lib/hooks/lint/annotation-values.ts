/**
 * Lint of the values of Helm's hook annotations, judged by how Helm 4 actually parses them: unknown events (which
 * drop the object), repeated events, weights that `strconv.Atoi` rejects, unknown or empty policies (which Helm keeps
 * verbatim and which silently switch off the default), resource policies other than `keep`, and YAML scalars that
 * are not strings.
 */
import { isMap, isScalar, type Node } from "yaml";
import type { ParsedDocument } from "../document";
import { helmStringOf, pairAt } from "../document";
import { goAtoi, goTrimSpace, splitAnnotationList } from "../go-semantics";
import {
  ACCEPTED_EVENT_SPELLINGS,
  DELETE_POLICIES,
  DELETE_POLICY_ANNOTATION,
  eventForSpelling,
  HOOK_ANNOTATION,
  KEEP_POLICY,
  OUTPUT_LOG_POLICIES,
  OUTPUT_LOG_POLICY_ANNOTATION,
  RESOURCE_POLICY_ANNOTATION,
  WEIGHT_ANNOTATION,
} from "../vocabulary";
import type { LintContext, LintRule } from "./context";
import { suggestion } from "./suggest";

/** Helm 2 hook names that charts still carry, with what to do instead. */
const HELM2_EVENTS: Record<string, string> = {
  "crd-install": "Helm 2's crd-install hook no longer exists; put CRDs in the chart's crds/ folder.",
  "test-failure": "Helm 2's test-failure hook no longer exists; a `test` hook that fails is the failure case.",
};

/** The annotation's value node, or its key when the value is empty. */
function valueNode(document: ParsedDocument, key: string): Node | undefined {
  const pair = pairAt(document.tree, ["metadata", "annotations", key]);
  return pair?.value ?? pair?.key;
}

function lintEvents(context: LintContext, document: ParsedDocument): void {
  const raw = document.annotations.get(HOOK_ANNOTATION);
  if (raw === undefined) return;
  const at = valueNode(document, HOOK_ANNOTATION);
  const pieces = splitAnnotationList(raw);
  const seen = new Set<string>();
  for (const piece of pieces) {
    const event = eventForSpelling(piece);
    if (!event) {
      const detail =
        piece === ""
          ? raw.trim() === ""
            ? "the value is empty"
            : "it contains an empty event (a stray comma?)"
          : `"${piece}" is not a hook event.${HELM2_EVENTS[piece] ? ` ${HELM2_EVENTS[piece]}` : suggestion(piece, ACCEPTED_EVENT_SPELLINGS)}`;
      context.report(
        document,
        at,
        "error",
        "unknown-hook-event",
        `Helm drops this object from the release entirely (neither a hook nor a resource, only an INFO log line): ${detail}`,
      );
      continue;
    }
    if (seen.has(event)) {
      context.report(document, at, "warning", "duplicate-hook-event", `The event "${event}" is listed twice, so Helm runs this hook twice in that phase.`);
    }
    seen.add(event);
    if (piece === "test-success") {
      context.report(document, at, "info", "legacy-test-event", `"test-success" is Helm 2's name; Helm 4 still accepts it and stores it as "test".`);
    }
  }
}

function lintWeight(context: LintContext, document: ParsedDocument): void {
  const raw = document.annotations.get(WEIGHT_ANNOTATION);
  if (raw === undefined || goAtoi(raw) !== undefined) return;
  const trimmed = goAtoi(goTrimSpace(raw));
  const why =
    trimmed !== undefined
      ? `it has surrounding whitespace (Helm does not trim weights; "${goTrimSpace(raw)}" would be ${trimmed})`
      : /^[+-]?[0-9]+$/.test(raw)
        ? "it does not fit in a 64-bit integer"
        : raw === ""
          ? "it is empty"
          : "it is not an integer (Go's strconv.Atoi: optional sign and digits only)";
  context.report(
    document,
    valueNode(document, WEIGHT_ANNOTATION),
    "warning",
    "invalid-hook-weight",
    `The hook weight "${raw}" is not a valid integer because ${why}; Helm silently uses weight 0.`,
  );
}

function lintPolicies(
  context: LintContext,
  document: ParsedDocument,
  key: string,
  valid: readonly string[],
  rule: string,
  consequence: string,
): void {
  const raw = document.annotations.get(key);
  if (raw === undefined) return;
  const at = valueNode(document, key);
  for (const piece of splitAnnotationList(raw)) {
    if (valid.includes(piece)) continue;
    const what = piece === "" ? (raw.trim() === "" ? "is empty" : "contains an empty entry (a stray comma?)") : `contains "${piece}", which Helm does not know.${suggestion(piece, valid)}`;
    context.report(document, at, "warning", rule, `${key} ${what} ${consequence}`);
  }
}

function lintResourcePolicy(context: LintContext, document: ParsedDocument, isHook: boolean): void {
  const raw = document.annotations.get(RESOURCE_POLICY_ANNOTATION);
  if (raw === undefined) return;
  const at = valueNode(document, RESOURCE_POLICY_ANNOTATION);
  if (isHook) {
    context.report(document, at, "info", "resource-policy-on-hook", `${RESOURCE_POLICY_ANNOTATION} has no effect on hooks: they are not part of the release manifest, and only their delete policy removes them.`);
    return;
  }
  const normalised = raw.trim().toLowerCase();
  if (normalised !== KEEP_POLICY) {
    context.report(
      document,
      at,
      "warning",
      "unknown-resource-policy",
      `${RESOURCE_POLICY_ANNOTATION} "${raw}" means nothing to Helm (only "keep" does): uninstall then neither deletes nor reports this resource, while an upgrade that drops it does delete it.${suggestion(normalised, [KEEP_POLICY])}`,
    );
  } else if (raw !== KEEP_POLICY) {
    context.report(
      document,
      at,
      "warning",
      "resource-policy-not-exact",
      `Write ${RESOURCE_POLICY_ANNOTATION} as exactly "keep": uninstall trims and lower-cases "${raw}", but an upgrade that removes this resource compares the live value exactly and deletes it.`,
    );
  }
}

/**
 * Annotation values must be strings. Helm reads a plain `5` as "5", but the Kubernetes API rejects a non-string
 * annotation when the object is created, and YAML 1.1 turns `0x10`, `010` or `yes` into something else entirely.
 */
function lintScalarTypes(context: LintContext, document: ParsedDocument): void {
  const annotations = pairAt(document.tree, ["metadata", "annotations"])?.value;
  if (!isMap(annotations)) return;
  for (const item of annotations.items) {
    const value = item.value;
    if (!isScalar(value) || typeof value.value === "string" || value.value === null || value.value === undefined) continue;
    const key = isScalar(item.key) ? String(item.key.value) : "?";
    const source = value.source ?? String(value.value);
    const read = helmStringOf(value);
    context.report(
      document,
      value,
      "error",
      "annotation-not-string",
      `The annotation ${key}: ${source} is a YAML ${typeof value.value === "bigint" ? "number" : typeof value.value}, not a string${typeof read === "string" && read !== source ? ` (Helm reads it as "${read}")` : ""}; the Kubernetes API rejects non-string annotations. Quote it: "${source}".`,
    );
  }
}

/** Hook-only annotations on an object without `helm.sh/hook`: the author meant a hook and got a resource. */
function lintOrphanHookAnnotations(context: LintContext, document: ParsedDocument): void {
  const orphans = [WEIGHT_ANNOTATION, DELETE_POLICY_ANNOTATION, OUTPUT_LOG_POLICY_ANNOTATION].filter((key) => document.annotations.has(key));
  if (orphans.length === 0) return;
  context.report(
    document,
    pairAt(document.tree, ["metadata", "annotations", orphans[0]!])?.key,
    "warning",
    "hook-annotations-without-hook",
    `${orphans.join(", ")} ${orphans.length > 1 ? "have" : "has"} no effect without ${HOOK_ANNOTATION}: this object is an ordinary resource of the release.`,
  );
}

export const annotationValueRules: LintRule = (context) => {
  for (const entry of context.classified) {
    if (entry.type === "invalid") continue;
    const { document } = entry;
    lintScalarTypes(context, document);
    lintResourcePolicy(context, document, entry.type === "hook");
    if (entry.type === "resource") {
      lintOrphanHookAnnotations(context, document);
      continue;
    }
    lintEvents(context, document);
    lintWeight(context, document);
    lintPolicies(
      context,
      document,
      DELETE_POLICY_ANNOTATION,
      DELETE_POLICIES,
      "unknown-delete-policy",
      "Helm keeps such values verbatim; they never match, and because the list is not empty the default before-hook-creation no longer applies.",
    );
    lintPolicies(context, document, OUTPUT_LOG_POLICY_ANNOTATION, OUTPUT_LOG_POLICIES, "unknown-output-log-policy", "It never matches, so no logs are copied for it.");
  }
};
