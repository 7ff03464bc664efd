/**
 * Finds Helm's hook annotations where Helm does not look for them. Helm reads them only from the object's own
 * `metadata.annotations`; written anywhere else — `metadata.annotation` (singular), the pod template of a Job, the
 * labels — they make the object an ordinary release resource, which is rarely what the author meant. Also flags
 * misspelt `helm.sh/…` keys in the right place.
 */
import { isMap, isPair, isScalar, isSeq, type Node, type Pair } from "yaml";
import type { ParsedDocument } from "../document";
import { HELM_ANNOTATION_KEYS, HOOK_ANNOTATION, RESOURCE_POLICY_ANNOTATION } from "../vocabulary";
import type { LintContext, LintRule } from "./context";
import { closestMatch, editDistance } from "./suggest";

interface FoundKey {
  path: string[];
  pair: Pair<Node, Node | null>;
  key: string;
}

function collectKeys(node: unknown, path: string[], found: FoundKey[]): void {
  if (isMap(node)) {
    for (const item of node.items) {
      if (!isPair(item) || !isScalar(item.key)) continue;
      const key = String(item.key.value);
      found.push({ path, pair: item as Pair<Node, Node | null>, key });
      collectKeys(item.value, [...path, key], found);
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, index) => collectKeys(item, [...path, String(index)], found));
  }
}

const HELM_KEYS: readonly string[] = HELM_ANNOTATION_KEYS;

function isHelmKey(key: string): boolean {
  return HELM_KEYS.includes(key);
}

/** A key that is almost, but not exactly, one of Helm's annotation keys. */
function misspeltHelmKey(key: string): string | undefined {
  if (isHelmKey(key)) return undefined;
  const lower = key.toLowerCase();
  if (!lower.includes("helm") && !lower.includes("hook")) return undefined;
  return closestMatch(lower, HELM_KEYS) ?? (lower.startsWith("helm.sh/hook") ? HOOK_ANNOTATION : undefined);
}

function placementMessage(document: ParsedDocument, path: string[], key: string): string {
  const where = path.join(".");
  const kind = document.kind || "object";
  const last = path[path.length - 1] ?? "";
  const effect =
    key === RESOURCE_POLICY_ANNOTATION
      ? `so uninstall deletes this ${kind} after all`
      : `so this ${kind} is an ordinary resource of the release, not a hook`;
  if (path.length === 2 && path[0] === "metadata" && last !== "annotations" && editDistance(last, "annotations") <= 2) {
    return `${key} is under metadata.${last}, a misspelling of metadata.annotations: Helm never sees it, ${effect}.`;
  }
  if (last === "annotations" && path.includes("template")) {
    return `${key} is on the pod template (${where}), not on the ${kind} itself: Helm only reads the ${kind}'s own metadata.annotations, ${effect}; only its pods carry the annotation.`;
  }
  if (last === "labels") {
    return `${key} is a label (${where}), not an annotation: Helm only reads metadata.annotations.`;
  }
  return `${key} is at ${where || "the top level"}, where Helm does not look: only metadata.annotations counts.`;
}

export const annotationPlacementRules: LintRule = (context: LintContext) => {
  for (const entry of context.classified) {
    if (entry.type === "invalid") continue;
    const { document } = entry;
    const keys: FoundKey[] = [];
    collectKeys(document.tree.contents, [], keys);
    for (const { path, pair, key } of keys) {
      const inAnnotations = path.length === 2 && path[0] === "metadata" && path[1] === "annotations";
      if (inAnnotations) {
        const meant = misspeltHelmKey(key);
        if (meant) {
          context.report(document, pair.key, "warning", "misspelt-helm-annotation", `Helm does not know the annotation "${key}" and ignores it. Did you mean "${meant}"?`);
        }
        continue;
      }
      if (!isHelmKey(key)) continue;
      // On a hook the misplaced copy is dead weight; a misplaced keep policy loses data later but breaks nothing now.
      const severity = entry.type === "resource" && key !== RESOURCE_POLICY_ANNOTATION ? "error" : "warning";
      context.report(document, pair.key, severity, "misplaced-helm-annotation", placementMessage(document, path, key));
    }
  }
};
