/**
 * Small helpers for declaring template functions with their Go signatures, and for reading the already
 * type-checked arguments the executor hands to them.
 */
import { GoInt, type GoValue, type IntKind } from "../value";
import type { FuncContext, GoParamType, TemplateFunction } from "./types";

type Call = (args: GoValue[], ctx: FuncContext) => GoValue;

/** A function with fixed parameters. */
export function fn(params: readonly GoParamType[], call: Call): TemplateFunction {
  return { params, call: (ctx, args) => call(args, ctx) };
}

/** A function whose last parameter is `...variadic`; `call` receives fixed and variadic arguments in one list. */
export function variadicFn(params: readonly GoParamType[], variadic: GoParamType, call: Call): TemplateFunction {
  return { params, variadic, call: (ctx, args) => call(args, ctx) };
}

/** The number inside an argument declared `int`/`int64` (the executor has converted it already). */
export function intArg(v: GoValue): number {
  if (v instanceof GoInt) return v.value;
  if (typeof v === "number") return Math.trunc(v);
  return 0;
}

export function strArg(v: GoValue): string {
  return typeof v === "string" ? v : "";
}

export function goInt(n: number, kind: IntKind = "int"): GoInt {
  return new GoInt(n, kind);
}

export function goInt64(n: number): GoInt {
  return new GoInt(n, "int64");
}

/** UTF-8 bytes of a Go string. */
export function utf8(s: string): Uint8Array {
  return new TextEncoder().encode(s);
}

/** A Go string from bytes; invalid sequences become U+FFFD as they would when printed. */
export function fromUtf8(b: Uint8Array): string {
  return new TextDecoder().decode(b);
}
