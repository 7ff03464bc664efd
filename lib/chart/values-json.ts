/**
 * The JSON form of values, as helm marshals them with encoding/json before schema validation: maps become
 * objects, ints and floats numbers, []byte base64 strings, structs their JSON form.
 */
import { GoInt, GoMap, type GoValue } from "@/lib/template/value";

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

function base64(bytes: Uint8Array): string {
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

export function toJsonValue(v: GoValue): JsonValue {
  if (v === null || typeof v === "boolean" || typeof v === "number" || typeof v === "string") return v;
  if (v instanceof GoInt) return v.value;
  if (v instanceof Uint8Array) return base64(v);
  if (Array.isArray(v)) return v.map(toJsonValue);
  if (v instanceof GoMap) {
    const out: { [key: string]: JsonValue } = {};
    for (const [k, x] of v) out[k] = toJsonValue(x);
    return out;
  }
  return toJsonValue(v.toJSONValue());
}
