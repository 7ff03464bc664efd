/**
 * Test helpers: the full function table (Sprig, then Helm's codec overrides, as Helm registers them), a
 * deterministic FuncContext, and shorthands for Go-typed arguments.
 */
import { formatValue } from "@/lib/template/fmt";
import { helmCodecFunctions, sprigFunctions, type FunctionLibraryOptions } from "@/lib/template/funcs";
import { FuncError, type FuncContext, type FunctionTable } from "@/lib/template/funcs/types";
import { GoInt, GoMap, goSlice, type GoValue } from "@/lib/template/value";

/** A repeatable byte stream (xorshift), so random functions can be tested for shape and reproducibility. */
export function seededBytes(seed = 1): (n: number) => Uint8Array {
  let x = seed >>> 0 || 1;
  return (n) => {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      x ^= x << 13;
      x >>>= 0;
      x ^= x >>> 17;
      x ^= x << 5;
      x >>>= 0;
      out[i] = x & 255;
    }
    return out;
  };
}

export function makeContext(overrides: Partial<FuncContext> = {}): FuncContext {
  return { now: () => new Date("2024-02-29T12:00:00Z"), randomBytes: seededBytes(), timeZone: "UTC", ...overrides };
}

export function makeTable(options: FunctionLibraryOptions = {}): FunctionTable {
  return { ...sprigFunctions(options), ...helmCodecFunctions() };
}

const defaultTable = makeTable();

export function call(name: string, ...args: GoValue[]): GoValue {
  const f = defaultTable[name];
  if (!f) throw new Error(`no function ${name}`);
  return f.call(makeContext(), args);
}

export function callWith(ctx: FuncContext, name: string, ...args: GoValue[]): GoValue {
  return defaultTable[name].call(ctx, args);
}

/** The %v text of a call's result, as {{ f args }} would print it. */
export function show(name: string, ...args: GoValue[]): string {
  return formatValue(call(name, ...args));
}

/** The FuncError message of a call that must fail. */
export function failure(name: string, ...args: GoValue[]): string {
  try {
    call(name, ...args);
  } catch (e) {
    if (e instanceof FuncError) return e.message;
    throw e;
  }
  throw new Error(`${name} did not fail`);
}

export const int = (n: number) => new GoInt(n, "int");
export const int64 = (n: number) => new GoInt(n, "int64");
export const list = (...items: GoValue[]) => goSlice(items);
export const dict = (...kv: GoValue[]) => {
  const m = new GoMap();
  for (let i = 0; i < kv.length; i += 2) m.set(String(kv[i]), kv[i + 1]);
  return m;
};
