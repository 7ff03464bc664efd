/**
 * Go's unicode predicates and per-rune case mapping, for the string functions that work rune by rune.
 * JavaScript's toUpperCase can expand one character into several (ß → SS); Go maps each rune to one rune,
 * so multi-rune results keep the original rune.
 */

const UPPER = /^\p{Lu}$/u;
const LOWER = /^\p{Ll}$/u;
const TITLE = /^\p{Lt}$/u;
const LETTER = /^\p{L}$/u;
const DIGIT = /^\p{Nd}$/u;
const NUMBER = /^\p{N}$/u;
const PUNCT = /^\p{P}$/u;
const SPACE = /^\p{White_Space}$/u;

export const isUpper = (r: string): boolean => UPPER.test(r);
export const isLower = (r: string): boolean => LOWER.test(r);
export const isTitle = (r: string): boolean => TITLE.test(r);
export const isLetter = (r: string): boolean => LETTER.test(r);
export const isDigit = (r: string): boolean => DIGIT.test(r);
export const isNumber = (r: string): boolean => NUMBER.test(r);
export const isPunct = (r: string): boolean => PUNCT.test(r);
export const isSpace = (r: string): boolean => SPACE.test(r);

function singleRune(mapped: string, original: string): string {
  return [...mapped].length === 1 ? mapped : original;
}

export const toUpperRune = (r: string): string => singleRune(r.toUpperCase(), r);
// İ is the one rune whose JavaScript lower case is two code points while Go's is the plain "i".
export const toLowerRune = (r: string): string => (r === "\u0130" ? "i" : singleRune(r.toLowerCase(), r));
/** unicode.ToTitle; the digraph letters are the only runes whose title case differs from upper case. */
export function toTitleRune(r: string): string {
  const digraphs: Record<string, string> = { Ǆ: "ǅ", ǆ: "ǅ", ǅ: "ǅ", Ǉ: "ǈ", ǉ: "ǈ", ǈ: "ǈ", Ǌ: "ǋ", ǌ: "ǋ", ǋ: "ǋ", Ǳ: "ǲ", ǳ: "ǲ", ǲ: "ǲ" };
  return digraphs[r] ?? toUpperRune(r);
}

const NON_ASCII = /[^\x00-\x7f]/;

/** `f` applied to each rune of s, in chunks: no array of one string per rune, which a long string would make huge. */
function mapRunes(s: string, f: (r: string) => string): string {
  const chunks: string[] = [];
  let chunk: string[] = [];
  for (const r of s) {
    chunk.push(f(r));
    if (chunk.length === 4096) {
      chunks.push(chunk.join(""));
      chunk = [];
    }
  }
  chunks.push(chunk.join(""));
  return chunks.join("");
}

/** strings.ToUpper / strings.ToLower: rune by rune; for ASCII text JavaScript's mapping is Go's. */
export const upper = (s: string): string => (NON_ASCII.test(s) ? mapRunes(s, toUpperRune) : s.toUpperCase());
export const lower = (s: string): string => (NON_ASCII.test(s) ? mapRunes(s, toLowerRune) : s.toLowerCase());

/** strings.TrimSpace */
export function trimSpace(s: string): string {
  return s.replace(/^\p{White_Space}+|\p{White_Space}+$/gu, "");
}
