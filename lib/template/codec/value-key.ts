/**
 * A text that stands for a template value's content, so that an encoder's output can be remembered for values met
 * again (Bitnami's common library marshals the same small label and probe maps hundreds of times per render).
 * Two values get the same key only when they have the same content: every string is length-prefixed (so no text can
 * imitate structure) and every kind has its own tag. Map entries are taken in insertion order, so equal maps built
 * in different orders merely get different keys. Values an encoder treats specially ([]byte, structs) get no key.
 */
import { GoInt, GoMap, type GoValue } from "@/lib/template/value";

/** The key of `v`, or undefined when it holds a value that has none or the key would pass `longest` characters. */
export function valueKey(v: GoValue, longest: number): string | undefined {
  const key = keyOf(v, longest);
  return key !== undefined && key.length <= longest ? key : undefined;
}

/** The key, or undefined; a collection stops early once its key passes `longest`. */
function keyOf(v: GoValue, longest: number): string | undefined {
  if (v === null) return "~";
  switch (typeof v) {
    case "boolean":
      return v ? "T" : "F";
    case "string":
      return "s" + v.length + ":" + v;
    case "number":
      return "n" + (Object.is(v, -0) ? "-0" : String(v)) + ";";
  }
  if (v instanceof GoInt) return "i" + String(v.value) + ";";
  if (v instanceof GoMap) {
    let key = "{" + v.size + ":";
    for (const [k, x] of v) {
      const inner = keyOf(x, longest);
      if (inner === undefined) return undefined;
      key += k.length + ":" + k + inner;
      if (key.length > longest) return undefined;
    }
    return key;
  }
  if (Array.isArray(v)) {
    let key = "[" + v.length + ":";
    for (let i = 0; i < v.length; i++) {
      const inner = keyOf(v[i], longest);
      if (inner === undefined) return undefined;
      key += inner;
      if (key.length > longest) return undefined;
    }
    return key;
  }
  return undefined;
}
