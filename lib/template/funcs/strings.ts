/**
 * Sprig's string functions. Go strings are bytes, so the functions that count or cut (trunc, substr, abbrev,
 * wrap, initials) work on UTF-8 bytes; the others work rune by rune like Go's strings package.
 */
import { compareBytewise, formatValue } from "../fmt";
import { GoMap, goSlice, type GoValue } from "../value";
import { strslice, strval, isList } from "./convert";
import { fn, fromUtf8, goInt, intArg, strArg, utf8, variadicFn } from "./define";
import { quote as goQuote } from "./strconv";
import { FuncError, type FunctionTable } from "./types";
import { isDigit, isLetter, isLower, isNumber, isPunct, isSpace, isTitle, isUpper, lower, toLowerRune, toTitleRune, toUpperRune, trimSpace, upper } from "./unicode";

/** Go's s[lo:hi] on a byte string, with the runtime panic texts. */
export function sliceBytes(b: Uint8Array, lo: number, hi?: number): Uint8Array {
  if (hi === undefined) {
    if (lo < 0 || lo > b.length) throw new FuncError(`runtime error: slice bounds out of range [${lo}:${b.length}]`);
    return b.subarray(lo);
  }
  if (hi < 0) throw new FuncError(`runtime error: slice bounds out of range [:${hi}]`);
  if (hi > b.length) throw new FuncError(`runtime error: slice bounds out of range [:${hi}] with length ${b.length}`);
  if (lo < 0 || lo > hi) throw new FuncError(`runtime error: slice bounds out of range [${lo}:${hi}]`);
  return b.subarray(lo, hi);
}

function substr(start: number, end: number, s: string): string {
  const b = utf8(s);
  if (start < 0) return fromUtf8(sliceBytes(b, 0, end));
  if (end < 0 || end > b.length) return fromUtf8(sliceBytes(b, start));
  return fromUtf8(sliceBytes(b, start, end));
}

function trunc(c: number, s: string): string {
  // Go slices bytes; for ASCII text characters and bytes are one.
  if (isAscii(s)) {
    if (c < 0 && s.length + c > 0) return s.slice(s.length + c);
    if (c >= 0 && s.length > c) return s.slice(0, c);
    return s;
  }
  const b = utf8(s);
  if (c < 0 && b.length + c > 0) return fromUtf8(b.subarray(b.length + c));
  if (c >= 0 && b.length > c) return fromUtf8(b.subarray(0, c));
  return s;
}

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return false;
  return true;
}

/** goutils AbbreviateFull, on bytes; null where goutils returns an error. */
function abbreviateFull(s: string, offset: number, maxWidth: number): string | null {
  if (s === "") return "";
  if (maxWidth < 4) return null;
  const b = utf8(s);
  if (b.length <= maxWidth) return s;
  if (offset > b.length) offset = b.length;
  if (b.length - offset < maxWidth - 3) offset = b.length - (maxWidth - 3);
  if (offset <= 4) return fromUtf8(b.subarray(0, maxWidth - 3)) + "...";
  if (maxWidth < 7) return null;
  if (offset + (maxWidth - 3) < b.length) {
    return "..." + (abbreviateFull(fromUtf8(b.subarray(offset)), 0, maxWidth - 3) ?? "");
  }
  return "..." + fromUtf8(b.subarray(b.length - (maxWidth - 3)));
}

/** Go's strings.Repeat, whose negative count panics. */
export function repeat(s: string, count: number, maxBytes = Infinity): string {
  if (count < 0) throw new FuncError("strings: negative Repeat count");
  if (s.length * count > maxBytes) throw new FuncError(`repeat: result longer than ${maxBytes} bytes`);
  return s.repeat(count);
}

/** Sprig's indent: every line, including an empty one after a trailing newline, gets the padding. */
function indent(spaces: number, s: string, maxBytes: number): string {
  if (spaces > 0) {
    let lines = 1;
    for (let i = s.indexOf("\n"); i !== -1; i = s.indexOf("\n", i + 1)) lines++;
    if (spaces * lines + s.length > maxBytes) throw new FuncError(`indent: result longer than ${maxBytes} bytes`);
  }
  const pad = repeat(" ", spaces);
  return pad + s.replaceAll("\n", "\n" + pad);
}

/** strings.Title (deprecated in Go, still what Sprig calls). */
function title(s: string): string {
  let prev = " ";
  let out = "";
  for (const r of s) {
    out += isSeparator(prev) ? toTitleRune(r) : r;
    prev = r;
  }
  return out;
}

function isSeparator(r: string): boolean {
  const c = r.codePointAt(0)!;
  if (c <= 0x7f) return !(/[0-9A-Za-z_]/.test(r));
  if (isLetter(r) || isDigit(r)) return false;
  return isSpace(r);
}

/** goutils Uncapitalize: lower-cases the first rune of every whitespace-separated word. */
function untitle(s: string): string {
  let next = true;
  let out = "";
  for (const r of s) {
    if (isSpace(r)) {
      next = true;
      out += r;
    } else if (next) {
      out += toLowerRune(r);
      next = false;
    } else out += r;
  }
  return out;
}

/** goutils SwapCase: word-initial lower-case letters become title case, other letters swap case. */
function swapcase(s: string): string {
  let whitespace = true;
  let out = "";
  for (const r of s) {
    if (isUpper(r) || isTitle(r)) {
      out += toLowerRune(r);
      whitespace = false;
    } else if (isLower(r)) {
      out += whitespace ? toTitleRune(r) : toUpperRune(r);
      whitespace = false;
    } else {
      whitespace = isSpace(r);
      out += r;
    }
  }
  return out;
}

/** goutils Initials: goes byte by byte, so only ASCII initials come out intact. */
function initials(s: string): string {
  let gap = true;
  let out = "";
  for (const byte of utf8(s)) {
    const ch = String.fromCharCode(byte);
    if (isSpace(ch)) gap = true;
    else if (gap) {
      out += ch;
      gap = false;
    }
  }
  return out;
}

/** goutils WrapCustom over bytes. */
function wrapCustom(s: string, width: number, newline: string, wrapLongWords: boolean): string {
  if (s === "") return "";
  if (newline === "") newline = "\n";
  if (width < 1) width = 1;
  const b = utf8(s);
  const nl = utf8(newline);
  const out: number[] = [];
  const write = (bytes: Uint8Array) => out.push(...bytes);
  let offset = 0;
  const space = 0x20;
  while (b.length - offset > width) {
    if (b[offset] === space) {
      offset++;
      continue;
    }
    const window = b.subarray(offset, Math.min(width + offset + 1, b.length));
    const lastSpace = window.lastIndexOf(space);
    if (lastSpace >= 0) {
      write(b.subarray(offset, offset + lastSpace));
      write(nl);
      offset += lastSpace + 1;
    } else if (wrapLongWords) {
      write(b.subarray(offset, offset + width));
      write(nl);
      offset += width;
    } else {
      const end = width + offset;
      const index = b.subarray(end).indexOf(space);
      if (index === -1) {
        write(b.subarray(offset));
        offset = b.length;
      } else {
        write(b.subarray(offset, index + end));
        write(nl);
        offset = index + end + 1;
      }
    }
  }
  write(b.subarray(offset));
  return fromUtf8(Uint8Array.from(out));
}

/**
 * goutils DeleteWhiteSpace walks bytes, not runes: it drops bytes that are spaces when read as Latin-1 and,
 * if it dropped any, re-encodes every remaining byte as a rune of its own (mangling multi-byte characters).
 */
function deleteWhiteSpace(s: string): string {
  const bytes = utf8(s);
  const isLatin1Space = (b: number) => (b >= 9 && b <= 13) || b === 0x20 || b === 0x85 || b === 0xa0;
  if (!bytes.some(isLatin1Space)) return s;
  return Array.from(bytes.filter((b) => !isLatin1Space(b)), (b) => String.fromCharCode(b)).join("");
}

// ---- xstrings case conversion ------------------------------------------------------------------------------

const isConnector = (r: string): boolean => r === "-" || r === "_" || isSpace(r);
/** xstrings' isAlphabet: a letter that is not a CJK ideograph. */
function isAlphabet(r: string): boolean {
  if (!isLetter(r)) return false;
  const c = r.codePointAt(0)!;
  if (c < 0x3400) return true;
  return !((c >= 0x4e00 && c <= 0x9fcc) || (c >= 0x3400 && c <= 0x4d85) || (c >= 0x20000 && c <= 0x2b81d));
}

/** xstrings ToPascalCase (Sprig's camelcase). */
function toPascalCase(s: string): string {
  const runes = [...s];
  if (runes.length === 0) return "";
  let out = "";
  let i = 0;
  let r0 = "";
  let firstUpper = false;
  while (i < runes.length) {
    r0 = runes[i++];
    if (!isConnector(r0)) {
      firstUpper = isUpper(r0);
      r0 = toUpperRune(r0);
      break;
    }
    out += r0;
  }
  if (i >= runes.length) return out + r0;
  while (i < runes.length) {
    const r1 = r0;
    r0 = runes[i++];
    if (isConnector(r0) && isConnector(r1)) {
      out += r1;
      continue;
    }
    if (isConnector(r1)) {
      firstUpper = isUpper(r0);
      r0 = toUpperRune(r0);
    } else {
      if (firstUpper) {
        if (isUpper(r0)) r0 = toLowerRune(r0);
        else firstUpper = false;
      }
      out += r1;
    }
  }
  return out + r0;
}

type WordType = "number" | "upper" | "alphabet" | "connector" | "punct" | "other";

interface Word {
  type: WordType;
  text: string;
}

/** xstrings' word splitter: runs of connectors, punctuation, numbers, lower-case words, capitalised words and acronyms. */
function splitWords(s: string): Word[] {
  const runes = [...s];
  const words: Word[] = [];
  let i = 0;
  const takeWhile = (pred: (r: string) => boolean) => {
    while (i < runes.length && pred(runes[i])) i++;
  };
  while (i < runes.length) {
    const start = i;
    const r = runes[i++];
    let type: WordType;
    if (isConnector(r)) {
      type = "connector";
      takeWhile(isConnector);
    } else if (isPunct(r)) {
      type = "punct";
      takeWhile(isPunct);
    } else if (isUpper(r)) {
      type = "upper";
      if (i < runes.length && isUpper(runes[i])) {
        takeWhile(isUpper);
        // "HTTPStatus": the last capital starts the next word.
        if (i < runes.length && isAlphabet(runes[i])) i--;
      } else if (i < runes.length && isAlphabet(runes[i])) {
        takeWhile((c) => isAlphabet(c) && !isUpper(c));
      }
    } else if (isAlphabet(r)) {
      type = "alphabet";
      takeWhile((c) => isAlphabet(c) && !isUpper(c));
    } else if (isNumber(r)) {
      type = "number";
      takeWhile(isNumber);
    } else {
      type = "other";
      takeWhile((c) => !(isConnector(c) || isAlphabet(c) || isNumber(c) || isPunct(c)));
    }
    words.push({ type, text: runes.slice(start, i).join("") });
  }
  return words;
}

/** xstrings camelCaseToLowerCase (snakecase, kebabcase). */
function camelCaseToLowerCase(s: string, connector: string): string {
  const words = splitWords(s);
  if (words.length === 0) return "";
  let out = "";
  const lowerWord = (w: Word) => {
    if (w.type !== "upper" && w.type !== "connector") {
      out += w.text;
      return;
    }
    for (const r of w.text) out += isConnector(r) ? connector : isUpper(r) ? toLowerRune(r) : r;
  };
  let k = 0;
  let cur: Word | undefined = words[k++];
  const next = (): Word | undefined => words[k++];
  const joinable = (w: Word | undefined) => w !== undefined && w.type !== "punct" && w.type !== "connector";
  while (cur && k < words.length) {
    if (cur.type !== "connector") lowerWord(cur);
    const prev: Word = cur;
    cur = next();
    if (prev.type === "number") {
      while (cur && (cur.type === "alphabet" || cur.type === "number")) {
        lowerWord(cur);
        cur = next();
      }
      if (joinable(cur)) out += connector;
    } else if (prev.type === "connector") {
      lowerWord(prev);
    } else if (prev.type !== "punct") {
      if (cur!.type !== "number") {
        if (joinable(cur)) out += connector;
        continue;
      }
      if (k >= words.length) continue;
      const numberWord: Word = cur!;
      cur = next();
      if (cur!.type !== "alphabet") {
        lowerWord(numberWord);
        if (joinable(cur)) out += connector;
        continue;
      }
      out += connector;
      lowerWord(numberWord);
      while (cur && (cur.type === "alphabet" || cur.type === "number")) {
        lowerWord(cur);
        cur = next();
      }
      if (joinable(cur)) out += connector;
    }
  }
  if (cur) lowerWord(cur);
  return out;
}

// ---- splitting and joining ---------------------------------------------------------------------------------

/** strings.SplitN (n < 0: all). An empty separator splits into runes. */
export function splitN(s: string, sep: string, n: number): string[] {
  if (n === 0) return [];
  if (sep === "") {
    const runes = [...s];
    if (n < 0 || n >= runes.length) return runes;
    return [...runes.slice(0, n - 1), runes.slice(n - 1).join("")];
  }
  const parts = s.split(sep);
  if (n < 0 || parts.length <= n) return parts;
  return [...parts.slice(0, n - 1), parts.slice(n - 1).join(sep)];
}

function indexedMap(parts: string[]): GoMap {
  return new GoMap(
    parts.map((p, i) => [`_${i}`, p] as const),
    "map[string]string",
  );
}

/** strings.Replace(s, old, new, -1): an empty old inserts new around every rune. */
function replaceAll(s: string, old: string, replacement: string): string {
  if (old === "") return replacement + [...s].join(replacement) + (s === "" ? "" : replacement);
  return s.split(old).join(replacement);
}

/** strings.Trim with a cutset of runes. */
function trimCutset(s: string, cutset: string): string {
  const set = new Set(cutset);
  const runes = [...s];
  let a = 0;
  let b = runes.length;
  while (a < b && set.has(runes[a])) a++;
  while (b > a && set.has(runes[b - 1])) b--;
  return runes.slice(a, b).join("");
}

function sortAlpha(v: GoValue): GoValue {
  if (!isList(v)) return goSlice([strval(v)], "string");
  const items = strslice(v);
  items.sort(compareBytewise);
  return goSlice(items === v ? (v as GoValue[]) : items, "string");
}

export interface StringOptions {
  maxStringBytes: number;
}

export function stringFunctions(opts: StringOptions): FunctionTable {
  const s1 = (f: (s: string) => string) => fn(["string"], ([s]) => f(strArg(s)));
  const swapped = (f: (a: string, b: string) => GoValue) => fn(["string", "string"], ([a, b]) => f(strArg(a), strArg(b)));
  const nonNil = (args: GoValue[]) => args.filter((a) => a !== null);
  return {
    hello: fn([], () => "Hello!"),
    trim: s1(trimSpace),
    upper: s1(upper),
    lower: s1(lower),
    title: s1(title),
    untitle: s1(untitle),
    substr: fn(["int", "int", "string"], ([a, b, s]) => substr(intArg(a), intArg(b), strArg(s))),
    trunc: fn(["int", "string"], ([c, s]) => trunc(intArg(c), strArg(s))),
    abbrev: fn(["int", "string"], ([w, s]) => (intArg(w) < 4 ? strArg(s) : (abbreviateFull(strArg(s), 0, intArg(w)) ?? ""))),
    abbrevboth: fn(["int", "int", "string"], ([l, r, s]) => {
      const left = intArg(l);
      const right = intArg(r);
      if (right < 4 || (left > 0 && right < 7)) return strArg(s);
      return abbreviateFull(strArg(s), left, right) ?? "";
    }),
    initials: s1(initials),
    repeat: fn(["int", "string"], ([c, s]) => repeat(strArg(s), intArg(c), opts.maxStringBytes)),
    trimAll: swapped((cut, s) => trimCutset(s, cut)),
    trimall: swapped((cut, s) => trimCutset(s, cut)),
    trimPrefix: swapped((p, s) => (s.startsWith(p) ? s.slice(p.length) : s)),
    trimSuffix: swapped((p, s) => (p !== "" && s.endsWith(p) ? s.slice(0, s.length - p.length) : s)),
    nospace: s1(deleteWhiteSpace),
    contains: swapped((sub, s) => s.includes(sub)),
    hasPrefix: swapped((p, s) => s.startsWith(p)),
    hasSuffix: swapped((p, s) => s.endsWith(p)),
    replace: fn(["string", "string", "string"], ([o, n, s]) => replaceAll(strArg(s), strArg(o), strArg(n))),
    plural: fn(["string", "string", "int"], ([one, many, n]) => (intArg(n) === 1 ? one : many)),
    quote: variadicFn([], "interface {}", (args) => nonNil(args).map((a) => goQuote(strval(a))).join(" ")),
    squote: variadicFn([], "interface {}", (args) => nonNil(args).map((a) => `'${formatValue(a)}'`).join(" ")),
    cat: variadicFn([], "interface {}", (args) => nonNil(args).map(formatValue).join(" ")),
    indent: fn(["int", "string"], ([n, s]) => indent(intArg(n), strArg(s), opts.maxStringBytes)),
    nindent: fn(["int", "string"], ([n, s]) => "\n" + indent(intArg(n), strArg(s), opts.maxStringBytes)),
    wrap: fn(["int", "string"], ([w, s]) => wrapCustom(strArg(s), intArg(w), "", false)),
    wrapWith: fn(["int", "string", "string"], ([w, sep, s]) => wrapCustom(strArg(s), intArg(w), strArg(sep), true)),
    snakecase: s1((s) => camelCaseToLowerCase(s, "_")),
    kebabcase: s1((s) => camelCaseToLowerCase(s, "-")),
    camelcase: s1(toPascalCase),
    swapcase: s1(swapcase),
    toString: fn(["interface {}"], ([v]) => strval(v)),
    toStrings: fn(["interface {}"], ([v]) => goSlice(strslice(v), "string")),
    split: swapped((sep, s) => indexedMap(splitN(s, sep, -1))),
    splitn: fn(["string", "int", "string"], ([sep, n, s]) => indexedMap(splitN(strArg(s), strArg(sep), intArg(n)))),
    splitList: swapped((sep, s) => goSlice(splitN(s, sep, -1), "string")),
    join: fn(["string", "interface {}"], ([sep, v]) => strslice(v).join(strArg(sep))),
    sortAlpha: fn(["interface {}"], ([v]) => sortAlpha(v)),
    atoi: fn(["string"], ([s]) => goInt(atoi(strArg(s)))),
  };
}

/** strconv.Atoi with the error ignored (Sprig's atoi): syntax errors give 0, out-of-range values are clamped. */
function atoi(s: string): number {
  if (!/^[+-]?\d+$/.test(s)) return 0;
  const n = BigInt(s);
  if (n > 9223372036854775807n) return 9223372036854775807;
  if (n < -9223372036854775808n) return -9223372036854775808;
  return Number(n);
}
