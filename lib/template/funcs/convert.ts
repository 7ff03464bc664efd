/**
 * Value conversions shared by the function library: spf13/cast's number conversions (as Sprig's int, int64,
 * float64 and every integer math function use them), Sprig's strval/strslice, emptiness, and
 * reflect.DeepEqual over the value model.
 */
import { formatValue } from "../fmt";
import { GoInt, GoMap, goTypeName, isGoStruct, isTruthy, sliceElemType, type GoValue } from "../value";
import { parseFloat64, parseIntBig } from "./strconv";

const INT64_MIN = -9223372036854775808;

/** Go's float64 → int64 conversion on amd64: truncation, and the "indefinite" value MinInt64 when out of range. */
export function truncFloatToInt64(x: number): number {
  if (Number.isNaN(x) || x >= 9223372036854775807 || x < INT64_MIN) return INT64_MIN;
  return Math.trunc(x) || 0;
}

/** cast's trimZeroDecimal: "3.00" → "3", while "3." and "3.5" stay as they are. */
function trimZeroDecimal(s: string): string {
  let foundZero = false;
  for (let i = s.length; i > 0; i--) {
    const c = s[i - 1];
    if (c === ".") {
      if (foundZero) return s.slice(0, i - 1);
    } else if (c === "0") foundZero = true;
    else return s;
  }
  return s;
}

/** cast.ToInt64E; null when cast reports an error (callers that ignore errors use 0). */
export function castInt64(v: GoValue): number | null {
  if (v === null) return 0;
  if (typeof v === "boolean") return v ? 1 : 0;
  if (typeof v === "number") return truncFloatToInt64(v);
  if (v instanceof GoInt) return v.value;
  if (typeof v === "string") {
    const n = parseIntBig(trimZeroDecimal(v), 0);
    if (n === null || n > 9223372036854775807n || n < -9223372036854775808n) return null;
    return Number(n);
  }
  return null;
}

/** cast.ToInt64 (errors become 0). */
export function toInt64(v: GoValue): number {
  return castInt64(v) ?? 0;
}

/** cast.ToFloat64 (errors become 0). */
export function toFloat64(v: GoValue): number {
  if (v === null) return 0;
  if (typeof v === "boolean") return v ? 1 : 0;
  if (typeof v === "number") return v;
  if (v instanceof GoInt) return v.value;
  if (typeof v === "string") {
    const f = parseFloat64(v);
    if (f === null || (!Number.isFinite(f) && !/^[+-]?inf/i.test(v) && !Number.isNaN(f))) return 0;
    return f;
  }
  return 0;
}

/** Sprig's strval (toString): strings and []byte as text, Stringers by their String(), everything else %v. */
export function strval(v: GoValue): string {
  if (typeof v === "string") return v;
  if (v instanceof Uint8Array) return new TextDecoder().decode(v);
  return formatValue(v);
}

/** Whether a value is a Go slice or array (what Sprig's reflection-based list functions accept). */
export function isList(v: GoValue): v is GoValue[] | Uint8Array {
  return Array.isArray(v) || v instanceof Uint8Array;
}

/** The elements of a slice, with []byte elements as uint8 values. */
export function listItems(v: GoValue[] | Uint8Array): GoValue[] {
  if (v instanceof Uint8Array) return Array.from(v, (b) => new GoInt(b, "uint8"));
  return v;
}

/** Sprig's strslice (toStrings): nil elements dropped, a non-list becomes a one-element list, nil an empty one. */
export function strslice(v: GoValue): string[] {
  if (Array.isArray(v) && sliceElemType(v) === "string") return v as string[];
  if (isList(v)) return listItems(v).filter((x) => x !== null).map(strval);
  if (v === null) return [];
  return [strval(v)];
}

/** Sprig's empty: nil, zero numbers, false, and zero-length strings/collections; structs are never empty. */
export function isEmpty(v: GoValue): boolean {
  return !isTruthy(v);
}

/** reflect.DeepEqual over the value model: same Go types all the way down. */
export function deepEqual(a: GoValue, b: GoValue): boolean {
  if (a === null || b === null) return a === b;
  if (goTypeName(a) !== goTypeName(b)) return false;
  if (typeof a !== "object" || typeof b !== "object") return a === b;
  if (a instanceof GoInt) return a.value === (b as GoInt).value;
  if (a instanceof Uint8Array) {
    const y = b as Uint8Array;
    return a.length === y.length && a.every((x, i) => x === y[i]);
  }
  if (a instanceof GoMap) {
    const y = b as GoMap;
    if (a.size !== y.size) return false;
    for (const [k, v] of a) if (!y.has(k) || !deepEqual(v, y.get(k)!)) return false;
    return true;
  }
  if (Array.isArray(a)) {
    const y = b as GoValue[];
    return a.length === y.length && a.every((x, i) => deepEqual(x, y[i]));
  }
  if (isGoStruct(a) && isGoStruct(b)) return a === b || (a.goKind === b.goKind && a.format() === b.format());
  return false;
}
