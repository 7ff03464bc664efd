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

export function quoteJsonString(s: string, escapeHtml: boolean): string {
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

export function marshalJson(v: GoValue, opts: JsonOptions = {}): string {
  const escapeHtml = opts.escapeHtml ?? true;
  const indent = opts.indent ?? "";
  const parts: string[] = [];

  const newline = (depth: number) => {
    if (indent) parts.push("\n" + indent.repeat(depth));
  };

  const encode = (value: GoValue, depth: number): void => {
    if (value === null) {
      parts.push("null");
      return;
    }
    switch (typeof value) {
      case "boolean":
        parts.push(value ? "true" : "false");
        return;
      case "string":
        parts.push(quoteJsonString(value, escapeHtml));
        return;
      case "number":
        if (!Number.isFinite(value)) throw unsupportedValue(value);
        parts.push(formatFloatJson(value));
        return;
    }
    if (value instanceof GoInt) {
      parts.push(String(value.value));
      return;
    }
    if (value instanceof Uint8Array) {
      parts.push(`"${base64Encode(value)}"`);
      return;
    }
    if (value instanceof GoMap) {
      if (value.size === 0) {
        parts.push("{}");
        return;
      }
      const keys = [...value.keys()].sort(compareUtf8);
      parts.push("{");
      keys.forEach((key, i) => {
        if (i > 0) parts.push(",");
        newline(depth + 1);
        parts.push(quoteJsonString(key, escapeHtml), indent ? ": " : ":");
        encode(value.get(key) ?? null, depth + 1);
      });
      newline(depth);
      parts.push("}");
      return;
    }
    if (Array.isArray(value)) {
      if (value.length === 0) {
        parts.push("[]");
        return;
      }
      parts.push("[");
      value.forEach((item, i) => {
        if (i > 0) parts.push(",");
        newline(depth + 1);
        encode(item, depth + 1);
      });
      newline(depth);
      parts.push("]");
      return;
    }
    encode(value.toJSONValue(), depth);
  };

  encode(v, 0);
  return parts.join("");
}
