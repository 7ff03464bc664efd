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

/** strings.ToUpper / strings.ToLower: rune by rune. */
export const upper = (s: string): string => Array.from(s, toUpperRune).join("");
export const lower = (s: string): string => Array.from(s, toLowerRune).join("");

/** strings.TrimSpace */
export function trimSpace(s: string): string {
  return s.replace(/^\p{White_Space}+|\p{White_Space}+$/gu, "");
}
