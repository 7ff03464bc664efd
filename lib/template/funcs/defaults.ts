/**
 * Sprig's defaults and flow helpers (default, empty, coalesce, all, any, ternary) and its reflection helpers
 * (typeOf, typeIs, typeIsLike, kindOf, kindIs, deepEqual). "Empty" is Sprig's: nil, zero numbers, false,
 * and zero-length strings or collections; structs are never empty.
 */
import { goKindName, goTypeName, type GoValue } from "../value";
import { deepEqual, isEmpty } from "./convert";
import { fn, strArg, variadicFn } from "./define";
import { FuncError, type FunctionTable } from "./types";

export function defaultFunctions(): FunctionTable {
  return {
    default: variadicFn(["interface {}"], "interface {}", ([d, ...given]) =>
      given.length === 0 || isEmpty(given[0]) ? d : given[0],
    ),
    empty: fn(["interface {}"], ([v]) => isEmpty(v)),
    coalesce: variadicFn([], "interface {}", (args) => args.find((a) => !isEmpty(a)) ?? null),
    all: variadicFn([], "interface {}", (args) => args.every((a) => !isEmpty(a))),
    any: variadicFn([], "interface {}", (args) => args.some((a) => !isEmpty(a))),
    ternary: fn(["interface {}", "interface {}", "bool"], ([t, f, cond]) => (cond === true ? t : f)),
    // Sprig's own fail; Helm registers its own over it (located "execution error at" messages).
    fail: fn(["string"], ([msg]) => {
      throw new FuncError(strArg(msg));
    }),
  };
}

export function reflectionFunctions(): FunctionTable {
  return {
    typeOf: fn(["interface {}"], ([v]) => goTypeName(v)),
    typeIs: fn(["string", "interface {}"], ([t, v]) => strArg(t) === goTypeName(v)),
    typeIsLike: fn(["string", "interface {}"], ([t, v]) => {
      const name = goTypeName(v);
      return strArg(t) === name || "*" + strArg(t) === name;
    }),
    kindOf: fn(["interface {}"], ([v]) => goKindName(v)),
    kindIs: fn(["string", "interface {}"], ([k, v]) => strArg(k) === goKindName(v)),
    deepEqual: fn(["interface {}", "interface {}"], ([a, b]: GoValue[]) => deepEqual(a, b)),
  };
}
