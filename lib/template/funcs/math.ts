/**
 * Sprig's math and number conversions. Integer functions convert every operand with cast→int64 first and
 * compute in int64 (so `add 1.9 2.9` is 3); the *f functions go through exact decimals; until/seq build
 * integer ranges under a caller-configured size limit.
 */
import { goSlice, type GoValue } from "../value";
import { strval, toFloat64, toInt64 } from "./convert";
import { decimalAdd, decimalDiv, decimalFromFloat, decimalMul, decimalSub, decimalToFloat, type Decimal } from "./decimal";
import { fn, goInt, goInt64, intArg, variadicFn } from "./define";
import { randomInt } from "./random";
import { parseInt64 } from "./strconv";
import { FuncError, type FunctionTable } from "./types";

/** int64 arithmetic with Go's wrap-around, done in BigInt so large products stay exact. */
function wrapInt64(v: bigint): number {
  return Number(BigInt.asIntN(64, v));
}

function int64Op(a: number, b: number, op: (x: bigint, y: bigint) => bigint): number {
  return wrapInt64(op(BigInt(a), BigInt(b)));
}

function divide(a: number, b: number, op: "div" | "mod"): number {
  if (b === 0) throw new FuncError("runtime error: integer divide by zero");
  return int64Op(a, b, (x, y) => (op === "div" ? x / y : x % y));
}

function decimalOp(first: GoValue, rest: GoValue[], op: (a: Decimal, b: Decimal) => Decimal): number {
  let acc = decimalFromFloat(toFloat64(first));
  for (const v of rest) acc = op(acc, decimalFromFloat(toFloat64(v)));
  return decimalToFloat(acc);
}

/** Go's math.Max/math.Min: NaN wins, and the sign of zero matters. */
function goMax(a: number, b: number): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return NaN;
  if (a === 0 && b === 0) return Object.is(a, -0) ? b : a;
  return a > b ? a : b;
}

function goMin(a: number, b: number): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return NaN;
  if (a === 0 && b === 0) return Object.is(a, -0) ? a : b;
  return a < b ? a : b;
}

/** Sprig's round: fractional part of x·10^places decides ceil or floor (so negatives floor). */
function round(x: number, places: number, roundOn: number): number {
  const pow = 10 ** places;
  const digit = pow * x;
  const frac = digit - Math.trunc(digit);
  return (frac >= roundOn ? Math.ceil(digit) : Math.floor(digit)) / pow;
}

export interface RangeLimits {
  /** The longest list until/untilStep/seq may build. */
  maxListLength: number;
}

/** Sprig's untilStep: counts from start towards stop (exclusive) by step; a step pointing away gives []. */
export function untilStep(start: number, stop: number, step: number, limits: RangeLimits): number[] {
  let count = 0;
  if (stop < start) {
    if (step >= 0) return [];
    count = Math.ceil((start - stop) / -step);
  } else {
    if (step <= 0) return [];
    count = Math.ceil((stop - start) / step);
  }
  if (count > limits.maxListLength) {
    throw new FuncError(`range of ${count} elements exceeds the limit of ${limits.maxListLength}`);
  }
  return Array.from({ length: count }, (_, i) => start + i * step);
}

function seq(params: number[], limits: RangeLimits): string {
  let list: number[];
  if (params.length === 1) {
    const end = params[0];
    const inc = end < 1 ? -1 : 1;
    list = untilStep(1, end + inc, inc, limits);
  } else if (params.length === 2) {
    const [start, end] = params;
    const step = end < start ? -1 : 1;
    list = untilStep(start, end + step, step, limits);
  } else if (params.length === 3) {
    const [start, step, end] = params;
    let inc = 1;
    if (end < start) {
      inc = -1;
      if (step > 0) return "";
    } else if (step < 0) return "";
    list = untilStep(start, end + inc, step, limits);
  } else return "";
  return list.join(" ");
}

const intList = (items: number[]): GoValue => goSlice(items.map((n) => goInt(n)), "int");

/** Sprig's toDecimal: the %v text parsed as octal, 0 on error. */
function toDecimal(v: GoValue): number {
  return parseInt64(strval(v), 8) ?? 0;
}

export function mathFunctions(limits: RangeLimits): FunctionTable {
  const i64 = (v: GoValue) => toInt64(v);
  return {
    add1: fn(["interface {}"], ([a]) => goInt64(int64Op(i64(a), 1, (x, y) => x + y))),
    add: variadicFn([], "interface {}", (args) => goInt64(args.reduce<number>((acc, v) => int64Op(acc, i64(v), (x, y) => x + y), 0))),
    sub: fn(["interface {}", "interface {}"], ([a, b]) => goInt64(int64Op(i64(a), i64(b), (x, y) => x - y))),
    div: fn(["interface {}", "interface {}"], ([a, b]) => goInt64(divide(i64(a), i64(b), "div"))),
    mod: fn(["interface {}", "interface {}"], ([a, b]) => goInt64(divide(i64(a), i64(b), "mod"))),
    mul: variadicFn(["interface {}"], "interface {}", ([a, ...rest]) =>
      goInt64(rest.reduce<number>((acc, v) => int64Op(acc, i64(v), (x, y) => x * y), i64(a))),
    ),
    randInt: fn(["int", "int"], ([lo, hi], ctx) => goInt(randomInt(ctx, intArg(hi) - intArg(lo)) + intArg(lo))),
    add1f: fn(["interface {}"], ([a]) => decimalOp(a, [goInt(1)], decimalAdd)),
    addf: variadicFn([], "interface {}", (args) => decimalOp(0, args, decimalAdd)),
    subf: variadicFn(["interface {}"], "interface {}", ([a, ...rest]) => decimalOp(a, rest, decimalSub)),
    divf: variadicFn(["interface {}"], "interface {}", ([a, ...rest]) => decimalOp(a, rest, decimalDiv)),
    mulf: variadicFn(["interface {}"], "interface {}", ([a, ...rest]) => decimalOp(a, rest, decimalMul)),
    biggest: variadicFn(["interface {}"], "interface {}", ([a, ...rest]) => goInt64(rest.reduce<number>((m, v) => Math.max(m, i64(v)), i64(a)))),
    max: variadicFn(["interface {}"], "interface {}", ([a, ...rest]) => goInt64(rest.reduce<number>((m, v) => Math.max(m, i64(v)), i64(a)))),
    min: variadicFn(["interface {}"], "interface {}", ([a, ...rest]) => goInt64(rest.reduce<number>((m, v) => Math.min(m, i64(v)), i64(a)))),
    maxf: variadicFn(["interface {}"], "interface {}", ([a, ...rest]) => rest.reduce<number>((m, v) => goMax(m, toFloat64(v)), toFloat64(a))),
    minf: variadicFn(["interface {}"], "interface {}", ([a, ...rest]) => rest.reduce<number>((m, v) => goMin(m, toFloat64(v)), toFloat64(a))),
    ceil: fn(["interface {}"], ([a]) => Math.ceil(toFloat64(a))),
    floor: fn(["interface {}"], ([a]) => Math.floor(toFloat64(a))),
    round: variadicFn(["interface {}", "int"], "float64", ([a, p, on]) =>
      round(toFloat64(a), intArg(p), typeof on === "number" ? on : 0.5),
    ),
    seq: variadicFn([], "int", (args) => seq(args.map(intArg), limits)),
    until: fn(["int"], ([n]) => {
      const count = intArg(n);
      return intList(untilStep(0, count, count < 0 ? -1 : 1, limits));
    }),
    untilStep: fn(["int", "int", "int"], ([a, b, c]) => intList(untilStep(intArg(a), intArg(b), intArg(c), limits))),
    int64: fn(["interface {}"], ([v]) => goInt64(toInt64(v))),
    int: fn(["interface {}"], ([v]) => goInt(toInt64(v))),
    float64: fn(["interface {}"], ([v]) => toFloat64(v)),
    toDecimal: fn(["interface {}"], ([v]) => goInt64(toDecimal(v))),
  };
}

