/**
 * Go text/template's builtin functions (and, or, not, len, index, slice, print, printf, println, html, js,
 * urlquery, call, eq, ne, lt, le, gt, ge) with Go's error texts. Functions from the function table take
 * precedence over these (Sprig's `slice` replaces the builtin one); `and`/`or` short-circuit in the executor.
 */
import { GoInt, GoMap, goSlice, goTypeName, isGoStruct, sliceElemType, type GoSlice, type GoValue } from "./value";
import { FuncError, type FunctionTable, type GoParamType, type TemplateFunction } from "./funcs/types";
import { formatValue, sprint, sprintf, sprintln } from "./fmt";
import { isMapLike, isSliceLike, GoComplex, mapZeroValue, truth } from "./exec/reflect";
import { isGoPrintable } from "./parse/quote";

const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder();

function builtin(params: readonly GoParamType[], variadic: GoParamType | undefined, call: (args: GoValue[]) => GoValue): TemplateFunction {
  return { params, variadic, call: (_ctx, args) => call(args) };
}

// --- comparison -------------------------------------------------------------------------------------------------

const enum Kind {
  Invalid,
  Bool,
  Complex,
  Int,
  Float,
  String,
  Uint,
}

const errBadComparisonType = "invalid type for comparison";
const errNoComparison = "missing argument for comparison";

function basicKind(v: GoValue): Kind {
  if (v === null) return Kind.Invalid;
  switch (typeof v) {
    case "boolean":
      return Kind.Bool;
    case "number":
      return Kind.Float;
    case "string":
      return Kind.String;
  }
  if (v instanceof GoInt) return v.kind.startsWith("u") ? Kind.Uint : Kind.Int;
  if (v instanceof GoComplex) return Kind.Complex;
  if (isGoStruct(v) && v.goKind === "string") return Kind.String;
  return Kind.Invalid;
}

function numberOf(v: GoValue): number {
  return v instanceof GoInt ? v.value : (v as number);
}

function stringOf(v: GoValue): string {
  return typeof v === "string" ? v : formatValue(v);
}

/** Go string comparison is bytewise over UTF-8; UTF-16 order differs only around surrogates. */
function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  const x = utf8Encoder.encode(a);
  const y = utf8Encoder.encode(b);
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) if (x[i] !== y[i]) return x[i] - y[i];
  return x.length - y.length;
}

function badComparison(a: GoValue, b: GoValue): FuncError {
  return new FuncError(`incompatible types for comparison: ${goTypeName(a)} and ${goTypeName(b)}`);
}

function isComparableType(v: GoValue): boolean {
  return !(v instanceof GoMap || Array.isArray(v) || v instanceof Uint8Array || isMapLike(v) || isSliceLike(v));
}

function eq(args: GoValue[]): boolean {
  const a = args[0];
  if (args.length < 2) throw new FuncError(errNoComparison);
  const k1 = basicKind(a);
  for (let i = 1; i < args.length; i++) {
    const b = args[i];
    const k2 = basicKind(b);
    let truth = false;
    if (k1 !== k2) {
      if (k1 === Kind.Int && k2 === Kind.Uint) truth = numberOf(a) >= 0 && numberOf(a) === numberOf(b);
      else if (k1 === Kind.Uint && k2 === Kind.Int) truth = numberOf(b) >= 0 && numberOf(a) === numberOf(b);
      else if (a !== null && b !== null) throw badComparison(a, b);
    } else {
      switch (k1) {
        case Kind.Bool:
          truth = a === b;
          break;
        case Kind.Complex:
          truth = (a as GoComplex).real === (b as GoComplex).real && (a as GoComplex).imag === (b as GoComplex).imag;
          break;
        case Kind.Float:
        case Kind.Int:
        case Kind.Uint:
          truth = numberOf(a) === numberOf(b);
          break;
        case Kind.String:
          truth = stringOf(a) === stringOf(b);
          break;
        default:
          if (a !== null && b !== null && goTypeName(a) !== goTypeName(b)) {
            throw new FuncError(`non-comparable types ${sprintf("%s", [a])}: ${goTypeName(a)}, ${goTypeName(b)}: ${formatValue(b)}`);
          }
          if (a === null || b === null) truth = a === b;
          else {
            if (!isComparableType(b)) throw new FuncError(`non-comparable type ${sprintf("%s", [b])}: ${goTypeName(b)}`);
            truth = a === b;
          }
      }
    }
    if (truth) return true;
  }
  return false;
}

function lt(a: GoValue, b: GoValue): boolean {
  const k1 = basicKind(a);
  if (k1 === Kind.Invalid) throw new FuncError(errBadComparisonType);
  const k2 = basicKind(b);
  if (k2 === Kind.Invalid) throw new FuncError(errBadComparisonType);
  if (k1 !== k2) {
    if (k1 === Kind.Int && k2 === Kind.Uint) return numberOf(a) < 0 || numberOf(a) < numberOf(b);
    if (k1 === Kind.Uint && k2 === Kind.Int) return numberOf(b) >= 0 && numberOf(a) < numberOf(b);
    throw badComparison(a, b);
  }
  switch (k1) {
    case Kind.Bool:
    case Kind.Complex:
      throw new FuncError(errBadComparisonType);
    case Kind.String:
      return compareStrings(stringOf(a), stringOf(b)) < 0;
    default:
      return numberOf(a) < numberOf(b);
  }
}

// --- len, index, slice ------------------------------------------------------------------------------------------

function length(v: GoValue): GoValue {
  if (v === null) throw new FuncError("len of nil pointer");
  if (typeof v === "string") return new GoInt(utf8Encoder.encode(v).length);
  if (Array.isArray(v) || v instanceof Uint8Array) return new GoInt(v.length);
  if (v instanceof GoMap) return new GoInt(v.size);
  if (isMapLike(v)) return new GoInt(v.mapEntries().length);
  if (isSliceLike(v)) return new GoInt(v.sliceItems().length);
  throw new FuncError(`len of type ${goTypeName(v)}`);
}

function indexArg(index: GoValue, cap: number): number {
  if (index === null) throw new FuncError("cannot index slice/array with nil");
  if (!(index instanceof GoInt)) throw new FuncError(`cannot index slice/array with type ${goTypeName(index)}`);
  const x = index.value;
  if (x < 0 || x > cap) throw new FuncError(`index out of range: ${x}`);
  return x;
}

function index(args: GoValue[]): GoValue {
  let item = args[0];
  if (item === null) throw new FuncError("index of untyped nil");
  for (let i = 1; i < args.length; i++) {
    const key = args[i];
    if (item === null) throw new FuncError("index of nil pointer");
    if (typeof item === "string") {
      const bytes = utf8Encoder.encode(item);
      const x = indexArg(key, bytes.length);
      if (x === bytes.length) throw new FuncError("reflect: string index out of range");
      item = new GoInt(bytes[x], "uint8");
    } else if (item instanceof Uint8Array) {
      const x = indexArg(key, item.length);
      if (x === item.length) throw new FuncError("reflect: slice index out of range");
      item = new GoInt(item[x], "uint8");
    } else if (Array.isArray(item) || isSliceLike(item)) {
      const items: GoValue[] = Array.isArray(item) ? item : item.sliceItems();
      const x = indexArg(key, items.length);
      if (x === items.length) throw new FuncError("reflect: slice index out of range");
      item = items[x];
    } else if (item instanceof GoMap) {
      if (key === null) throw new FuncError("value is nil; should be of type string");
      if (typeof key !== "string") throw new FuncError(`value has type ${goTypeName(key)}; should be string`);
      const v = item.get(key);
      item = v === undefined ? mapZeroValue(item) : v;
    } else if (isMapLike(item)) {
      if (typeof key !== "string") throw new FuncError(`value has type ${goTypeName(key)}; should be string`);
      const entries: Array<[string, GoValue]> = item.mapEntries();
      const found = entries.find((e) => e[0] === key);
      item = found ? found[1] : new Uint8Array(0);
    } else {
      throw new FuncError(`can't index item of type ${goTypeName(item)}`);
    }
  }
  return item;
}

function slice(args: GoValue[]): GoValue {
  const item = args[0];
  const indexes = args.slice(1);
  if (item === null) throw new FuncError("slice of untyped nil");
  if (indexes.length > 3) throw new FuncError(`too many slice indexes: ${indexes.length}`);
  let len: number;
  if (typeof item === "string") {
    if (indexes.length === 3) throw new FuncError("cannot 3-index slice a string");
    len = utf8Encoder.encode(item).length;
  } else if (Array.isArray(item) || item instanceof Uint8Array) {
    len = item.length;
  } else {
    throw new FuncError(`can't slice item of type ${goTypeName(item)}`);
  }
  const idx = [0, len, len];
  indexes.forEach((x, i) => (idx[i] = indexArg(x, len)));
  if (idx[0] > idx[1]) throw new FuncError(`invalid slice index: ${idx[0]} > ${idx[1]}`);
  if (indexes.length === 3 && idx[1] > idx[2]) throw new FuncError(`invalid slice index: ${idx[1]} > ${idx[2]}`);
  if (typeof item === "string") return utf8Decoder.decode(utf8Encoder.encode(item).subarray(idx[0], idx[1]));
  if (item instanceof Uint8Array) return item.slice(idx[0], idx[1]);
  return goSlice((item as GoSlice).slice(idx[0], idx[1]), sliceElemType(item as GoSlice));
}

// --- printing and escaping --------------------------------------------------------------------------------------

/** text/template's evalArgs: one string argument as is, otherwise fmt.Sprint with nil shown as <no value>. */
function evalArgs(args: GoValue[]): string {
  if (args.length === 1 && typeof args[0] === "string") return args[0];
  return sprint(args.map((a) => (a === null ? "<no value>" : a)));
}

function htmlEscape(s: string): string {
  return s.replace(/[\0"'&<>]/g, (c) => HTML_ESCAPES[c]);
}

const HTML_ESCAPES: Record<string, string> = { "\0": "\uFFFD", '"': "&#34;", "'": "&#39;", "&": "&amp;", "<": "&lt;", ">": "&gt;" };

const JS_ESCAPES: Record<string, string> = { "\\": "\\\\", "'": "\\'", '"': '\\"', "<": "\\u003C", ">": "\\u003E", "&": "\\u0026", "=": "\\u003D" };

function jsEscape(s: string): string {
  let out = "";
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    const simple = JS_ESCAPES[ch];
    if (simple !== undefined) out += simple;
    else if (cp < 0x20) out += "\\u00" + cp.toString(16).toUpperCase().padStart(2, "0");
    else if (cp < 0x80 || isGoPrintable(cp)) out += ch;
    else out += "\\u" + cp.toString(16).toUpperCase().padStart(4, "0");
  }
  return out;
}

/** url.QueryEscape. */
function queryEscape(s: string): string {
  let out = "";
  for (const b of utf8Encoder.encode(s)) {
    const c = String.fromCharCode(b);
    if (/[A-Za-z0-9\-_.~]/.test(c)) out += c;
    else if (c === " ") out += "+";
    else out += "%" + b.toString(16).toUpperCase().padStart(2, "0");
  }
  return out;
}

/** The `call` builtin: Hookline templates have no function values, so every call reports Go's error. */
export function callBuiltin(calleeName: string, fn: GoValue): never {
  if (fn === null) throw new FuncError("call of nil");
  throw new FuncError(`non-function ${calleeName} of type ${goTypeName(fn)}`);
}

const RV: GoParamType = "reflect.Value";
const ANY: GoParamType = "interface {}";

/** Go's builtin function table; one shared instance, so the executor can recognise and/or/call by identity. */
export const BUILTINS: Readonly<FunctionTable> = Object.freeze(makeBuiltins());

/** Go's builtin function table. */
export function builtinFunctions(): FunctionTable {
  return { ...BUILTINS };
}

function makeBuiltins(): FunctionTable {
  return {
    and: builtin([RV], RV, (a) => a[a.length - 1]),
    or: builtin([RV], RV, (a) => a[a.length - 1]),
    not: builtin([RV], undefined, (a) => !truth(a[0])),
    len: builtin([RV], undefined, (a) => length(a[0])),
    index: builtin([RV], RV, index),
    slice: builtin([RV], RV, slice),
    print: builtin([], ANY, (a) => sprint(a)),
    println: builtin([], ANY, (a) => sprintln(a)),
    printf: builtin(["string"], ANY, (a) => sprintf(a[0] as string, a.slice(1))),
    html: builtin([], ANY, (a) => htmlEscape(evalArgs(a))),
    js: builtin([], ANY, (a) => jsEscape(evalArgs(a))),
    urlquery: builtin([], ANY, (a) => queryEscape(evalArgs(a))),
    call: builtin([RV], RV, (a) => callBuiltin("", a[0])),
    eq: builtin([RV], RV, eq),
    ne: builtin([RV, RV], undefined, (a) => !eq(a)),
    lt: builtin([RV, RV], undefined, (a) => lt(a[0], a[1])),
    le: builtin([RV, RV], undefined, (a) => lt(a[0], a[1]) || eq(a)),
    gt: builtin([RV, RV], undefined, (a) => !(lt(a[0], a[1]) || eq(a))),
    ge: builtin([RV, RV], undefined, (a) => !lt(a[0], a[1])),
  };
}
