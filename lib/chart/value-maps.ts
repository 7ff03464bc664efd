/**
 * Small operations on values tables shared by the values pipeline: deep copies (helm copies before every
 * coalesce so chart defaults are never mutated), the "is a table" test, and helm's recursive MergeMaps used for
 * multi-document values files, `-f` files and `--set-json` objects.
 */
import { GoMap, type GoValue } from "@/lib/template/value";

export function isTable(v: GoValue | undefined): v is GoMap {
  return v instanceof GoMap;
}

export function deepCopy(v: GoValue): GoValue {
  if (v instanceof GoMap) return deepCopyMap(v);
  if (Array.isArray(v)) return v.map(deepCopy);
  return v;
}

export function deepCopyMap(m: GoMap): GoMap {
  const out = new GoMap(null, m.typeName);
  for (const [k, v] of m) out.set(k, deepCopy(v));
  return out;
}

/** b's entries win over a's; tables present on both sides merge recursively. Returns a new top-level map. */
export function mergeMaps(a: GoMap, b: GoMap): GoMap {
  const out = new GoMap(a);
  for (const [k, v] of b) {
    const existing = out.get(k);
    if (v instanceof GoMap && existing instanceof GoMap) {
      out.set(k, mergeMaps(existing, v));
    } else {
      out.set(k, v);
    }
  }
  return out;
}
