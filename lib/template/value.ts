/**
 * The value model shared by every part of the template engine: the executor, the function library,
 * the YAML/JSON/TOML codecs and the chart values loader.
 *
 * Go's types are observable in Helm templates (`typeOf`, comparison errors, typed parameters, printing),
 * so every value carries its Go type. The common cases stay plain JavaScript values for speed:
 *
 *   Go type                          JavaScript representation
 *   nil (interface{} holding nil)    null
 *   bool                             boolean
 *   string                           string (UTF-16 in memory; byte-oriented functions encode to UTF-8)
 *   float64                          number
 *   int, int64, uint8, …             GoInt (a tagged integer; `kind` says which Go type)
 *   []byte                           Uint8Array
 *   []interface{}, []string, …       GoValue[]; the element type, when not interface{}, is in `sliceElem`
 *   map[string]interface{}, named    GoMap (string keys, Go reference semantics: functions may mutate it)
 *   structs and method holders       GoStruct (fields and methods looked up by name)
 *
 * No Node-only API may be used in this folder: it runs in the browser too.
 */

export type IntKind = "int" | "int8" | "int16" | "int32" | "int64" | "uint" | "uint8" | "uint16" | "uint32" | "uint64";

/** A Go integer. `value` holds the integer exactly while it fits in ±2^53; int64 arithmetic beyond that is not modelled. */
export class GoInt {
  constructor(
    readonly value: number,
    readonly kind: IntKind = "int",
  ) {}
  toString(): string {
    return String(this.value);
  }
}

export const SLICE_ELEM: unique symbol = Symbol("goSliceElem");

/** A Go slice. Plain arrays are `[]interface {}`; others name their element type, e.g. "string". */
export type GoSlice = GoValue[] & { [SLICE_ELEM]?: string };

/** Where a collection records which render's memory budget counted it (exec/value-sizes.ts). */
export const COUNTED_BY: unique symbol = Symbol("countedBy");

/**
 * A Go map with string keys. `typeName` is what `typeOf` prints: `map[string]interface {}` for maps built by
 * functions and decoders, `common.Values` for `.Values` and friends (Helm's named type, which `dig` rejects).
 * Iteration order of the underlying Map is insertion order and means nothing: every consumer that
 * must follow Go's order (range, %v, toJson, toYaml) sorts keys itself.
 */
export class GoMap extends Map<string, GoValue> {
  /**
   * Declared, so that every map has the slot from its construction: marking a map then writes a field instead of
   * adding a property, which would give the map a new hidden class and allocate a property store for it.
   */
  [COUNTED_BY]: object | undefined = undefined;

  constructor(
    entries?: Iterable<readonly [string, GoValue]> | null,
    public typeName: string = "map[string]interface {}",
  ) {
    super(entries ?? undefined);
  }
}

/** A function callable from a template, as a method of a GoStruct. */
export type GoMethod = (...args: GoValue[]) => GoValue;

/**
 * A Go struct or a named type with methods (Capabilities, KubeVersion, Files, semver.Version, time.Time, …).
 * `field` returns undefined when the struct has no such field, so the executor can try `method` next and
 * report Go's error text otherwise. `format` is its fmt %v rendering (Go's String() method when it has one).
 * `toJSONValue` gives what encoding/json would marshal (struct JSON tags), used by toJson/toYaml.
 */
export interface GoStruct {
  readonly goType: string;
  readonly goKind: "struct" | "ptr" | "map" | "slice" | "string" | "int64" | "func";
  field(name: string): GoValue | undefined;
  method(name: string): GoMethod | undefined;
  format(): string;
  toJSONValue(): GoValue;
}

export type GoValue = null | boolean | string | number | GoInt | Uint8Array | GoSlice | GoMap | GoStruct;

export function isGoMap(v: GoValue): v is GoMap {
  return v instanceof GoMap;
}

export function isGoInt(v: GoValue): v is GoInt {
  return v instanceof GoInt;
}

export function isGoSlice(v: GoValue): v is GoSlice {
  return Array.isArray(v);
}

export function isGoStruct(v: GoValue): v is GoStruct {
  return typeof v === "object" && v !== null && !(v instanceof GoMap) && !(v instanceof GoInt) && !(v instanceof Uint8Array) && !Array.isArray(v);
}

export function goSlice(items: GoValue[], elem?: string): GoSlice {
  const s = items as GoSlice;
  if (elem && elem !== "interface {}") s[SLICE_ELEM] = elem;
  return s;
}

export function sliceElemType(s: GoSlice): string {
  return s[SLICE_ELEM] ?? "interface {}";
}

/** The Go type name of a value, as `typeOf` and `%T` print it. */
export function goTypeName(v: GoValue): string {
  if (v === null) return "<nil>";
  switch (typeof v) {
    case "boolean":
      return "bool";
    case "string":
      return "string";
    case "number":
      return "float64";
  }
  if (v instanceof GoInt) return v.kind;
  if (v instanceof Uint8Array) return "[]uint8";
  if (v instanceof GoMap) return v.typeName;
  if (Array.isArray(v)) return `[]${sliceElemType(v)}`;
  return (v as GoStruct).goType;
}

/** The Go reflect.Kind name of a value, as `kindOf` prints it. */
export function goKindName(v: GoValue): string {
  if (v === null) return "invalid";
  switch (typeof v) {
    case "boolean":
      return "bool";
    case "string":
      return "string";
    case "number":
      return "float64";
  }
  if (v instanceof GoInt) return v.kind;
  if (v instanceof Uint8Array || Array.isArray(v)) return "slice";
  if (v instanceof GoMap) return "map";
  return (v as GoStruct).goKind;
}

/** Go template truthiness (text/template's isTrue): false, 0, "", nil and empty collections are false; structs are true. */
export function isTruthy(v: GoValue): boolean {
  if (v === null) return false;
  switch (typeof v) {
    case "boolean":
      return v;
    case "string":
      return v.length > 0;
    case "number":
      return v !== 0;
  }
  if (v instanceof GoInt) return v.value !== 0;
  if (v instanceof Uint8Array) return v.length > 0;
  if (v instanceof GoMap) return v.size > 0;
  if (Array.isArray(v)) return v.length > 0;
  return true;
}
