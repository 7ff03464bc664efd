/**
 * Randomness for the template functions, always drawn from the injected FuncContext so tests and the browser
 * decide where it comes from: uniform integers, Sprig's random strings, shuffle and randBytes.
 */
import { FuncError, type FuncContext } from "./types";

/** A uniform integer in [0, n), n ≤ 2^53, by rejection sampling over 53 random bits. */
export function randomInt(ctx: FuncContext, n: number): number {
  if (n <= 0) throw new FuncError("invalid argument to Intn");
  const limit = Math.floor(2 ** 53 / n) * n;
  for (;;) {
    const b = ctx.randomBytes(7);
    let x = 0;
    for (const byte of b) x = x * 256 + byte;
    x = Math.floor(x / 8); // 56 bits → 53 bits
    if (x < limit) return x % n;
  }
}

const LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const DIGITS = "0123456789";

export const ALPHABETS = {
  alpha: LETTERS,
  alphaNum: LETTERS + DIGITS,
  numeric: DIGITS,
  ascii: Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).join(""),
} as const;

/** count characters drawn uniformly from alphabet; Sprig turns goutils' error for a negative count into "". */
export function randomString(ctx: FuncContext, count: number, alphabet: string, maxLength: number): string {
  if (count <= 0) return "";
  if (count > maxLength) throw new FuncError(`random string longer than ${maxLength} characters`);
  let out = "";
  for (let i = 0; i < count; i++) out += alphabet[randomInt(ctx, alphabet.length)];
  return out;
}

/** xstrings Shuffle: a Fisher–Yates permutation of the runes. */
export function shuffleRunes(ctx: FuncContext, s: string): string {
  const runes = [...s];
  for (let i = runes.length - 1; i > 0; i--) {
    const j = randomInt(ctx, i + 1);
    [runes[i], runes[j]] = [runes[j], runes[i]];
  }
  return runes.join("");
}
