/**
 * Sprig's regex functions over GoRegexp. The plain variants panic on a bad pattern (regexp.MustCompile's
 * text), except regexMatch, which swallows the error and answers false; the must* variants return the
 * compile error itself.
 */
import { goSlice } from "../value";
import { fn, intArg, strArg } from "./define";
import { GoRegexp, quoteMeta, RegexSyntaxError } from "./regex";
import { FuncError, type FunctionTable } from "./types";

const cache = new Map<string, GoRegexp>();

function compile(expr: string, must: boolean): GoRegexp {
  const cached = cache.get(expr);
  if (cached) return cached;
  try {
    const re = GoRegexp.compile(expr);
    if (cache.size > 500) cache.clear();
    cache.set(expr, re);
    return re;
  } catch (e) {
    if (!(e instanceof RegexSyntaxError)) throw e;
    throw new FuncError(must ? e.message : GoRegexp.mustCompileMessage(expr, e));
  }
}

export function regexFunctions(): FunctionTable {
  const table: FunctionTable = {
    regexMatch: fn(["string", "string"], ([re, s]) => {
      try {
        return compile(strArg(re), true).matchString(strArg(s));
      } catch (e) {
        if (e instanceof FuncError) return false;
        throw e;
      }
    }),
    regexQuoteMeta: fn(["string"], ([s]) => quoteMeta(strArg(s))),
  };
  for (const must of [false, true]) {
    const name = (base: string) => (must ? "must" + base[0].toUpperCase() + base.slice(1) : base);
    if (must) table.mustRegexMatch = fn(["string", "string"], ([re, s]) => compile(strArg(re), true).matchString(strArg(s)));
    table[name("regexFind")] = fn(["string", "string"], ([re, s]) => compile(strArg(re), must).findString(strArg(s)));
    table[name("regexFindAll")] = fn(["string", "string", "int"], ([re, s, n]) =>
      goSlice(compile(strArg(re), must).findAllString(strArg(s), intArg(n)), "string"),
    );
    table[name("regexReplaceAll")] = fn(["string", "string", "string"], ([re, s, repl]) => {
      const r = compile(strArg(re), must);
      return r.replaceAll(strArg(s), (m) => r.expand(strArg(repl), m));
    });
    table[name("regexReplaceAllLiteral")] = fn(["string", "string", "string"], ([re, s, repl]) =>
      compile(strArg(re), must).replaceAll(strArg(s), () => strArg(repl)),
    );
    table[name("regexSplit")] = fn(["string", "string", "int"], ([re, s, n]) =>
      goSlice(compile(strArg(re), must).split(strArg(s), intArg(n)), "string"),
    );
  }
  return table;
}
