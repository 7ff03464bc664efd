/**
 * encoding/json.Marshal / MarshalIndent for template values (toJson, toPrettyJson, toRawJson, and the
 * first half of toYaml). Map keys are sorted bytewise, floats use Go's JSON float form, []byte is
 * base64, and strings are escaped exactly as Go does (HTML-safe by default, U+2028/2029 always).
 */
import { GoInt, GoMap, type GoValue } from "@/lib/template/value";
import { CodecError } from "./errors";
import { formatFloatJson } from "./float-format";
import { base64Encode, compareUtf8, toWellFormed } from "./text-units";

export interface JsonOptions {
  /** one level of indentation (MarshalIndent with an empty prefix); compact when absent or empty */
  indent?: string;
  /** escape <, > and & as \u003c, \u003e, \u0026 (Go's default); toRawJson turns this off */
  escapeHtml?: boolean;
}

const HEX = "0123456789abcdef";

/** Whether a string needs any escaping (or surrogate repair); most strings need none and are quoted as they are. */
const NEEDS_ESCAPE_HTML = /["\\<>&\x00-\x1f\u2028\u2029\ud800-\udfff]/;
const NEEDS_ESCAPE_RAW = /["\\\x00-\x1f\u2028\u2029\ud800-\udfff]/;

export function quoteJsonString(s: string, escapeHtml: boolean): string {
  if (!(escapeHtml ? NEEDS_ESCAPE_HTML : NEEDS_ESCAPE_RAW).test(s)) return '"' + s + '"';
  const text = toWellFormed(s);
  let out = '"';
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    let escaped: string | undefined;
    if (c < 0x20) {
      if (c === 0x0a) escaped = "\\n";
      else if (c === 0x0d) escaped = "\\r";
      else if (c === 0x09) escaped = "\\t";
      else if (c === 0x08) escaped = "\\b";
      else if (c === 0x0c) escaped = "\\f";
      else escaped = `\\u00${HEX[c >> 4]}${HEX[c & 15]}`;
    } else if (c === 0x22) escaped = '\\"';
    else if (c === 0x5c) escaped = "\\\\";
    else if (escapeHtml && (c === 0x3c || c === 0x3e || c === 0x26)) escaped = `\\u00${HEX[c >> 4]}${HEX[c & 15]}`;
    else if (c === 0x2028 || c === 0x2029) escaped = `\\u${c.toString(16)}`;
    if (escaped !== undefined) {
      out += text.slice(start, i) + escaped;
      start = i + 1;
    }
  }
  return out + text.slice(start) + '"';
}

function unsupportedValue(x: number): CodecError {
  const text = Number.isNaN(x) ? "NaN" : x > 0 ? "+Inf" : "-Inf";
  return new CodecError(`json: unsupported value: ${text}`);
}

/** A float64 in encoding/json's form; integral values (not -0) print as their digits. */
function jsonNumber(x: number): string {
  if (Number.isSafeInteger(x) && !Object.is(x, -0)) return String(x);
  if (!Number.isFinite(x)) throw unsupportedValue(x);
  return formatFloatJson(x);
}

/** Keys in Go's order: bytewise, i.e. by code point. */
function sortedKeys(map: GoMap): string[] {
  const keys = Array.from(map.keys());
  return keys.length > 1 ? keys.sort(compareUtf8) : keys;
}

/** json.Marshal: no indentation, every call a plain recursion (no per-call closures, nothing but the result string). */
function compact(value: GoValue, escapeHtml: boolean): string {
  if (value === null) return "null";
  switch (typeof value) {
    case "boolean":
      return value ? "true" : "false";
    case "string":
      return quoteJsonString(value, escapeHtml);
    case "number":
      return jsonNumber(value);
  }
  if (value instanceof GoInt) return String(value.value);
  if (value instanceof Uint8Array) return `"${base64Encode(value)}"`;
  if (value instanceof GoMap) {
    if (value.size === 0) return "{}";
    const keys = sortedKeys(value);
    let out = "{";
    for (let i = 0; i < keys.length; i++) {
      if (i > 0) out += ",";
      out += quoteJsonString(keys[i], escapeHtml) + ":" + compact(value.get(keys[i]) ?? null, escapeHtml);
    }
    return out + "}";
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    let out = "[";
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ",";
      out += compact(value[i], escapeHtml);
    }
    return out + "]";
  }
  return compact(value.toJSONValue(), escapeHtml);
}

/** json.MarshalIndent with an empty prefix and `indent` per level; `depth` is the value's nesting level. */
function indented(value: GoValue, escapeHtml: boolean, indent: string, depth: number): string {
  if (value instanceof GoMap) {
    if (value.size === 0) return "{}";
    const keys = sortedKeys(value);
    const inner = "\n" + indent.repeat(depth + 1);
    let out = "{";
    for (let i = 0; i < keys.length; i++) {
      if (i > 0) out += ",";
      out += inner + quoteJsonString(keys[i], escapeHtml) + ": " + indented(value.get(keys[i]) ?? null, escapeHtml, indent, depth + 1);
    }
    return out + "\n" + indent.repeat(depth) + "}";
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    const inner = "\n" + indent.repeat(depth + 1);
    let out = "[";
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ",";
      out += inner + indented(value[i], escapeHtml, indent, depth + 1);
    }
    return out + "\n" + indent.repeat(depth) + "]";
  }
  if (value === null || typeof value !== "object" || value instanceof GoInt || value instanceof Uint8Array) return compact(value, escapeHtml);
  return indented(value.toJSONValue(), escapeHtml, indent, depth);
}

export function marshalJson(v: GoValue, opts?: JsonOptions): string {
  const escapeHtml = opts?.escapeHtml ?? true;
  const indent = opts?.indent ?? "";
  return indent ? indented(v, escapeHtml, indent, 0) : compact(v, escapeHtml);
}
