/**
 * Go's fmt %v rendering of values, only as far as helm's coalescing warnings need it
 * (`map[a:1 b:[x y]]`, `<nil>`, floats in %v form).
 */
import { formatFloatG } from "@/lib/template/codec";
import { GoInt, GoMap, type GoValue } from "@/lib/template/value";

export function goSprintV(v: GoValue): string {
  if (v === null) return "<nil>";
  if (typeof v === "string") return v;
  if (typeof v === "boolean") return String(v);
  // %v of a float64 is %g with the shortest precision: 1e+06, 0.5, 1.5e-05.
  if (typeof v === "number") return formatFloatG(v);
  if (v instanceof GoInt) return String(v.value);
  if (v instanceof Uint8Array) return `[${Array.from(v).join(" ")}]`;
  if (Array.isArray(v)) return `[${v.map(goSprintV).join(" ")}]`;
  if (v instanceof GoMap) {
    const keys = [...v.keys()].sort();
    return `map[${keys.map((k) => `${k}:${goSprintV(v.get(k) as GoValue)}`).join(" ")}]`;
  }
  return v.format();
}

const GO_ESCAPES: Record<string, string> = { "\x07": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\v": "\\v", '"': '\\"', "\\": "\\\\" };

/** Go's %q for a string (strconv.Quote): printable Unicode kept, control characters escaped Go's way. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const code = ch.codePointAt(0) as number;
    if (GO_ESCAPES[ch]) out += GO_ESCAPES[ch];
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, "0")}`;
    else if (/[\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Zl}\p{Zp}]/u.test(ch) || (/\p{Zs}/u.test(ch) && ch !== " ")) {
      out += code > 0xffff ? `\\U${code.toString(16).padStart(8, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
    } else out += ch;
  }
  return `${out}"`;
}
