/**
 * Sprig's dict functions. Maps have Go reference semantics: set, unset, merge and mergeOverwrite change the
 * map they are given. merge/mergeOverwrite follow dario.cat/mergo v1.0.1 on map[string]interface{} values.
 */
import { GoMap, goSlice, goTypeName, isGoStruct, sliceElemType, type GoValue } from "../value";
import { isEmpty, strval } from "./convert";
import { fn, strArg, variadicFn } from "./define";
import { FuncError, type FunctionTable } from "./types";

function asMap(v: GoValue): GoMap {
  return v instanceof GoMap ? v : new GoMap();
}

/** mergo's deep merge of src into dst; overwrite is mergo.WithOverride. */
export function mergeInto(dst: GoMap, src: GoMap, overwrite: boolean): void {
  const setEntry = (key: string, value: GoValue) => {
    // mergo sets interface-typed values by reflection, which a typed map such as split's map[string]string refuses.
    const elem = /^map\[string\](.+)$/.exec(dst.typeName)?.[1];
    if (elem && elem !== "interface {}") {
      throw new FuncError(`reflect.Value.SetMapIndex: value of type interface {} is not assignable to type ${elem}`);
    }
    dst.set(key, value);
  };
  for (const [key, sv] of src) {
    const has = dst.has(key);
    const dv = has ? dst.get(key)! : null;
    if (sv === null) {
      // A nil interface in src only replaces with WithOverride.
      if (overwrite) setEntry(key, null);
      continue;
    }
    if (sv instanceof GoMap && dv instanceof GoMap) {
      mergeInto(dv, sv, overwrite);
      if (dv.size > 0) continue;
    } else if (Array.isArray(sv) && has && !isEmpty(dv) && !overwrite) {
      continue;
    }
    if (overwrite || !has || isEmpty(dv)) setEntry(key, sv);
  }
}

/** mitchellh/copystructure's deep copy: maps and slices are copied, keeping their Go types. */
export function deepCopy(v: GoValue): GoValue {
  if (v instanceof GoMap) return new GoMap([...v].map(([k, x]) => [k, deepCopy(x)] as const), v.typeName);
  if (v instanceof Uint8Array) return v.slice();
  if (Array.isArray(v)) {
    return goSlice(v.map(deepCopy), sliceElemType(v));
  }
  return v;
}

/** Go's failed type assertion text. */
function assertionError(v: GoValue, want: string): FuncError {
  const got = v === null ? "nil" : v instanceof GoMap ? v.typeName : isGoStruct(v) ? v.goType : goTypeName(v);
  return new FuncError(`interface conversion: interface {} is ${got}, not ${want}`);
}

function dig(args: GoValue[]): GoValue {
  if (args.length < 3) throw new FuncError("dig needs at least three arguments");
  const last = args[args.length - 1];
  if (!(last instanceof GoMap) || last.typeName !== "map[string]interface {}") throw assertionError(last, "map[string]interface {}");
  const fallback = args[args.length - 2];
  const keys = args.slice(0, -2).map((k) => {
    if (typeof k !== "string") throw assertionError(k, "string");
    return k;
  });
  let current: GoMap = last;
  for (let i = 0; i < keys.length; i++) {
    if (!current.has(keys[i])) return fallback;
    const step = current.get(keys[i])!;
    if (i === keys.length - 1) return step;
    if (!(step instanceof GoMap) || step.typeName !== "map[string]interface {}") throw assertionError(step, "map[string]interface {}");
    current = step;
  }
  return fallback;
}

export function dictFunctions(): FunctionTable {
  const merge = (overwrite: boolean) =>
    variadicFn(["map[string]interface {}"], "map[string]interface {}", ([dst, ...srcs]) => {
      const target = asMap(dst);
      for (const src of srcs) mergeInto(target, asMap(src), overwrite);
      return target;
    });
  return {
    dict: variadicFn([], "interface {}", (args) => {
      const d = new GoMap();
      for (let i = 0; i < args.length; i += 2) d.set(strval(args[i]), i + 1 < args.length ? args[i + 1] : "");
      return d;
    }),
    get: fn(["map[string]interface {}", "string"], ([d, k]) => {
      const m = asMap(d);
      return m.has(strArg(k)) ? m.get(strArg(k))! : "";
    }),
    set: fn(["map[string]interface {}", "string", "interface {}"], ([d, k, v]) => {
      const m = asMap(d);
      m.set(strArg(k), v);
      return m;
    }),
    unset: fn(["map[string]interface {}", "string"], ([d, k]) => {
      const m = asMap(d);
      m.delete(strArg(k));
      return m;
    }),
    hasKey: fn(["map[string]interface {}", "string"], ([d, k]) => asMap(d).has(strArg(k))),
    pluck: variadicFn(["string"], "map[string]interface {}", ([k, ...ds]) =>
      goSlice(ds.map(asMap).filter((m) => m.has(strArg(k))).map((m) => m.get(strArg(k))!)),
    ),
    keys: variadicFn([], "map[string]interface {}", (ds) => goSlice(ds.flatMap((d) => [...asMap(d).keys()]), "string")),
    values: fn(["map[string]interface {}"], ([d]) => goSlice([...asMap(d).values()])),
    pick: variadicFn(["map[string]interface {}"], "string", ([d, ...ks]) => {
      const m = asMap(d);
      const out = new GoMap();
      for (const k of ks) if (m.has(strArg(k))) out.set(strArg(k), m.get(strArg(k))!);
      return out;
    }),
    omit: variadicFn(["map[string]interface {}"], "string", ([d, ...ks]) => {
      const drop = new Set(ks.map(strArg));
      return new GoMap([...asMap(d)].filter(([k]) => !drop.has(k)));
    }),
    merge: merge(false),
    mustMerge: merge(false),
    mergeOverwrite: merge(true),
    mustMergeOverwrite: merge(true),
    deepCopy: fn(["interface {}"], ([v]) => deepCopy(v)),
    mustDeepCopy: fn(["interface {}"], ([v]) => deepCopy(v)),
    dig: variadicFn([], "interface {}", (args) => dig(args)),
  };
}
