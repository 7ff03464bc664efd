/**
 * JSON text as Go's encoding/json writes it, so that records Hookline stores are the bytes helm would store.
 * Two things differ from JSON.stringify: Go escapes <, >, & and U+2028/U+2029, and Go sorts map keys byte-wise
 * (JS objects put integer-like keys first). Struct-shaped values keep the field order their caller chose.
 */

/** Marks a plain object whose keys must be written in insertion order, like a Go struct. */
export class GoStruct {
  constructor(readonly fields: ReadonlyArray<readonly [string, unknown]>) {}
}

/** What Go escapes beyond JSON.stringify (which already writes \b \f \n \r \t and lowercase \u00XX as Go does). */
const GO_EXTRA_ESCAPES: Record<string, string> = {
  "<": "\\u003c",
  ">": "\\u003e",
  "&": "\\u0026",
  "\u2028": "\\u2028",
  "\u2029": "\\u2029",
};
const GO_EXTRA = /[<>&\u2028\u2029]/;
const GO_EXTRA_ALL = /[<>&\u2028\u2029]/g;
/** In unicode mode a surrogate matches only when it is not half of a pair. */
const LONE_SURROGATE = /\p{Surrogate}/u;
const LONE_SURROGATES = /\p{Surrogate}/gu;

/**
 * Quotes a string the way Go does; lone surrogates cannot be UTF-8, so Go would have written U+FFFD. Built on
 * JSON.stringify (native, and the bulk of a release record is long strings: templates and manifests).
 */
export function goQuote(text: string): string {
  const wellFormed = LONE_SURROGATE.test(text) ? text.replace(LONE_SURROGATES, "\ufffd") : text;
  const quoted = JSON.stringify(wellFormed);
  return GO_EXTRA.test(quoted) ? quoted.replace(GO_EXTRA_ALL, (ch) => GO_EXTRA_ESCAPES[ch]!) : quoted;
}

function compareUtf8(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
}

/** UTF-16 code unit order equals UTF-8 byte order as long as no surrogates or U+E000..U+FFFF are involved. */
const OUTSIDE_FAST_ORDER = /[\ud800-\uffff]/;

function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Map keys in Go's byte-wise order. */
function sortKeys(keys: string[]): string[] {
  return keys.sort(keys.some((k) => OUTSIDE_FAST_ORDER.test(k)) ? compareUtf8 : compareCodeUnits);
}

function marshalNumber(n: number): string {
  if (!Number.isFinite(n)) throw new Error(`json: unsupported value: ${n}`);
  // JS and Go agree on shortest round-trip digits and on when to switch to exponent form (1e-6 / 1e21).
  return JSON.stringify(n);
}

/** Serialises any JSON-like value; plain objects are treated as Go maps (sorted keys), GoStruct keeps order. */
export function goMarshal(value: unknown): string {
  const out: string[] = [];
  write(value, out);
  return out.join("");
}

function write(value: unknown, out: string[]): void {
  if (value === null || value === undefined) {
    out.push("null");
    return;
  }
  if (value instanceof GoStruct) {
    out.push("{");
    let first = true;
    for (const [k, v] of value.fields) {
      if (v === undefined) continue;
      out.push(first ? goQuote(k) + ":" : "," + goQuote(k) + ":");
      first = false;
      write(v, out);
    }
    out.push("}");
    return;
  }
  switch (typeof value) {
    case "string":
      out.push(goQuote(value));
      return;
    case "number":
      out.push(marshalNumber(value));
      return;
    case "boolean":
      out.push(value ? "true" : "false");
      return;
    case "bigint":
      out.push(value.toString());
      return;
    case "object": {
      if (Array.isArray(value)) {
        out.push("[");
        for (let i = 0; i < value.length; i++) {
          if (i > 0) out.push(",");
          write(value[i], out);
        }
        out.push("]");
        return;
      }
      const map = value as Record<string, unknown>;
      const keys = sortKeys(Object.keys(map).filter((k) => map[k] !== undefined));
      out.push("{");
      for (let i = 0; i < keys.length; i++) {
        out.push(i > 0 ? "," + goQuote(keys[i]!) + ":" : goQuote(keys[i]!) + ":");
        write(map[keys[i]!], out);
      }
      out.push("}");
      return;
    }
    default:
      throw new Error(`json: unsupported type: ${typeof value}`);
  }
}
