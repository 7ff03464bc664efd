/**
 * JSON text as Go's encoding/json writes it, so that records Hookline stores are the bytes helm would store.
 * Two things differ from JSON.stringify: Go escapes <, >, & and U+2028/U+2029, and Go sorts map keys byte-wise
 * (JS objects put integer-like keys first). Struct-shaped values keep the field order their caller chose.
 */

/** Marks a plain object whose keys must be written in insertion order, like a Go struct. */
export class GoStruct {
  constructor(readonly fields: ReadonlyArray<readonly [string, unknown]>) {}
}

const ESCAPES: Record<string, string> = {
  '"': '\\"',
  "\\": "\\\\",
  "\b": "\\b",
  "\f": "\\f",
  "\n": "\\n",
  "\r": "\\r",
  "\t": "\\t",
  "<": "\\u003c",
  ">": "\\u003e",
  "&": "\\u0026",
  "\u2028": "\\u2028",
  "\u2029": "\\u2029",
};

function hex4(code: number): string {
  return "\\u" + code.toString(16).padStart(4, "0");
}

/** Quotes a string the way Go does; lone surrogates cannot be UTF-8, so Go would have written U+FFFD. */
export function goQuote(text: string): string {
  let out = '"';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    const code = ch.charCodeAt(0);
    const escaped = ESCAPES[ch];
    if (escaped !== undefined) {
      out += escaped;
    } else if (code < 0x20) {
      out += hex4(code);
    } else if (code >= 0xd800 && code <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        out += ch + text[i + 1];
        i++;
      } else {
        out += "\ufffd";
      }
    } else if (code >= 0xdc00 && code <= 0xdfff) {
      out += "\ufffd";
    } else {
      out += ch;
    }
  }
  return out + '"';
}

function compareUtf8(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
}

function marshalNumber(n: number): string {
  if (!Number.isFinite(n)) throw new Error(`json: unsupported value: ${n}`);
  // JS and Go agree on shortest round-trip digits and on when to switch to exponent form (1e-6 / 1e21).
  return JSON.stringify(n);
}

/** Serialises any JSON-like value; plain objects are treated as Go maps (sorted keys), GoStruct keeps order. */
export function goMarshal(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (value instanceof GoStruct) {
    const parts = value.fields
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => goQuote(k) + ":" + goMarshal(v));
    return "{" + parts.join(",") + "}";
  }
  switch (typeof value) {
    case "string":
      return goQuote(value);
    case "number":
      return marshalNumber(value);
    case "boolean":
      return value ? "true" : "false";
    case "bigint":
      return value.toString();
    case "object": {
      if (Array.isArray(value)) return "[" + value.map((v) => goMarshal(v)).join(",") + "]";
      const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
      entries.sort(([a], [b]) => compareUtf8(a, b));
      return "{" + entries.map(([k, v]) => goQuote(k) + ":" + goMarshal(v)).join(",") + "}";
    }
    default:
      throw new Error(`json: unsupported type: ${typeof value}`);
  }
}
