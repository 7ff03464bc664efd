/**
 * Sprig's regex functions over GoRegexp. The plain variants panic on a bad pattern (regexp.MustCompile's
 * text), except regexMatch, which swallows the error and answers false; the must* variants return the
 * compile error itself.
 */
import { BoundedMemo } from "../codec/bounded-memo";
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

/**
 * Replacements in short texts, remembered by pattern, replacement and text: charts run the same replacement over
 * the same label values for every resource they render (Bitnami's common.labels.value, on each label of each
 * object), and an RE2 match costs microseconds where a lookup costs tens of nanoseconds. Only texts and
 * replacements of up to 256 characters; 1 MiB of keys and answers at most.
 */
const replacements = new BoundedMemo<string>(1 << 20);
const REMEMBERED_TEXT_MAX = 256;

function replaceAll(how: "expand" | "literal", expr: string, s: string, repl: string, must: boolean): string {
  const remember = s.length <= REMEMBERED_TEXT_MAX && repl.length <= REMEMBERED_TEXT_MAX;
  // Lengths first, so no two (pattern, replacement, text) triples share a key. A pattern is remembered only after it
  // compiled, so a remembered answer never hides a compile error.
  const key = remember ? `${how}:${expr.length}:${repl.length}:${expr}${repl}${s}` : "";
  if (remember) {
    const known = replacements.get(key);
    if (known !== undefined) return known;
  }
  const r = compile(expr, must);
  const out = how === "literal" ? r.replaceAll(s, () => repl) : r.replaceAll(s, (m) => r.expand(repl, m));
  if (remember) replacements.set(key, out, key.length + out.length);
  return out;
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
    table[name("regexReplaceAll")] = fn(["string", "string", "string"], ([re, s, repl]) =>
      replaceAll("expand", strArg(re), strArg(s), strArg(repl), must),
    );
    table[name("regexReplaceAllLiteral")] = fn(["string", "string", "string"], ([re, s, repl]) =>
      replaceAll("literal", strArg(re), strArg(s), strArg(repl), must),
    );
    table[name("regexSplit")] = fn(["string", "string", "int"], ([re, s, n]) =>
      goSlice(compile(strArg(re), must).split(strArg(s), intArg(n)), "string"),
    );
  }
  return table;
}
