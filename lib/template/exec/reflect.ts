/**
 * The small part of Go's reflection the executor needs: which parameter types accept which values, zero values
 * of map elements, and iteration over the collection-like structs Helm passes (engine.files, VersionSet).
 */
import { GoInt, GoMap, isGoStruct, isTruthy, sliceElemType, type GoSlice, type GoStruct, type GoValue } from "../value";
import type { GoParamType } from "../funcs/types";
import { formatValue } from "../fmt";

/** A struct-like value that ranges like a Go map (engine.files): sorted keys and their values. */
export interface MapLikeStruct extends GoStruct {
  mapEntries(): Array<[string, GoValue]>;
}

/** A struct-like value that ranges like a Go slice (common.VersionSet). */
export interface SliceLikeStruct extends GoStruct {
  sliceItems(): GoValue[];
}

export function isMapLike(v: GoValue): v is MapLikeStruct {
  return isGoStruct(v) && typeof (v as Partial<MapLikeStruct>).mapEntries === "function";
}

export function isSliceLike(v: GoValue): v is SliceLikeStruct {
  return isGoStruct(v) && typeof (v as Partial<SliceLikeStruct>).sliceItems === "function";
}

/** A method with a declared Go signature, so the executor can check and convert its arguments. */
export interface TypedMethod {
  (...args: GoValue[]): GoValue;
  params?: readonly GoParamType[];
  variadic?: GoParamType;
}

/** Attaches a Go signature to a method implementation. */
export function typedMethod(params: readonly GoParamType[], impl: (...args: GoValue[]) => GoValue): TypedMethod {
  const m = impl as TypedMethod;
  m.params = params;
  return m;
}

/** Whether Go can pass nil for a parameter of this type (interfaces, slices, maps). */
export function canBeNil(t: GoParamType): boolean {
  switch (t) {
    case "interface {}":
    case "reflect.Value":
    case "[]interface {}":
    case "[]string":
    case "[]byte":
    case "map[string]interface {}":
      return true;
  }
  return false;
}

/** Go's AssignableTo for the parameter types Helm's functions declare. */
export function assignable(v: GoValue, t: GoParamType): boolean {
  switch (t) {
    case "interface {}":
    case "reflect.Value":
      return true;
    case "string":
      return typeof v === "string";
    case "bool":
      return typeof v === "boolean";
    case "float64":
      return typeof v === "number";
    case "int":
    case "int64":
    case "uint32":
      return v instanceof GoInt && v.kind === t;
    case "[]interface {}":
      return Array.isArray(v) && sliceElemType(v as GoSlice) === "interface {}";
    case "[]string":
      return Array.isArray(v) && sliceElemType(v as GoSlice) === "string";
    case "[]byte":
      return v instanceof Uint8Array;
    case "map[string]interface {}":
      // common.Values is a named map[string]interface{}; a named and an unnamed type with one underlying type
      // are assignable to each other.
      return v instanceof GoMap && (v.typeName === "map[string]interface {}" || v.typeName === "common.Values");
    case "time.Time":
      return isGoStruct(v) && v.goType === "time.Time";
  }
  return false;
}

/** Element type name of a map type such as `map[string]string`. */
function mapElemType(m: GoMap): string {
  if (m.typeName === "common.Values") return "interface {}";
  const close = m.typeName.indexOf("]");
  return close >= 0 && m.typeName.startsWith("map[") ? m.typeName.slice(close + 1) : "interface {}";
}

/** Whether the map's elements are interface{} values (then a looked-up nil is a typed nil interface). */
export function mapHoldsInterfaces(m: GoMap): boolean {
  return mapElemType(m) === "interface {}";
}

/** The zero value a missing key yields with missingkey=zero. */
export function mapZeroValue(m: GoMap): GoValue {
  switch (mapElemType(m)) {
    case "string":
      return "";
    case "bool":
      return false;
    case "float64":
      return 0;
    case "int":
    case "int64":
      return new GoInt(0, mapElemType(m) as "int" | "int64");
    case "[]uint8":
      return new Uint8Array(0);
  }
  return null;
}

/** Go's %v of a value, as range and comparison errors print it. */
export function printV(v: GoValue): string {
  return formatValue(v);
}

/** Value of a Go complex128 constant, e.g. `1i` in a template. */
export class GoComplex implements GoStruct {
  readonly goType = "complex128";
  readonly goKind = "struct" as const;
  constructor(
    readonly real: number,
    readonly imag: number,
  ) {}
  field(): undefined {
    return undefined;
  }
  method(): undefined {
    return undefined;
  }
  format(): string {
    const im = formatValue(this.imag);
    const sign = im.startsWith("-") || im.startsWith("+") ? "" : "+";
    return `(${formatValue(this.real)}${sign}${im}i)`;
  }
  toJSONValue(): GoValue {
    return null;
  }
}

/** Go's truth test (if, with, and, or, not): false, zero numbers, "", nil and empty collections are false. */
export function truth(v: GoValue): boolean {
  if (v !== null && typeof v === "object" && isGoStruct(v)) {
    if (isMapLike(v)) return v.mapEntries().length > 0;
    if (isSliceLike(v)) return v.sliceItems().length > 0;
  }
  return isTruthy(v);
}
