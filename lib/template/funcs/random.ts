/**
 * Randomness for the template functions, always drawn from the injected FuncContext so tests and the browser
 * decide where it comes from: uniform integers, Sprig's random strings, shuffle and randBytes.
 */
import { fn, intArg, strArg } from "./define";
import { base64Encode } from "./encoding";
import { FuncError, type FuncContext, type FunctionTable } from "./types";

/** A uniform integer in [0, n), n ≤ 2^53, by rejection sampling over 53 random bits. */
export function randomInt(ctx: FuncContext, n: number): number {
  if (n <= 0) throw new FuncError("invalid argument to Intn");
  for (;;) {
    const x = uniformAt(ctx.randomBytes(7), 0, n);
    if (x >= 0) return x;
  }
}

/** The integer in [0, n) that the 7 bytes at `offset` give (their top 53 bits), or -1 when they must be rejected. */
function uniformAt(bytes: Uint8Array, offset: number, n: number): number {
  let x = 0;
  for (let i = offset; i < offset + 7; i++) x = x * 256 + bytes[i];
  x = Math.floor(x / 8); // 56 bits → 53 bits
  return x < Math.floor(2 ** 53 / n) * n ? x % n : -1;
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
  // One draw for all characters (a call for random bytes costs microseconds); a rejected one is drawn again alone.
  const bytes = ctx.randomBytes(7 * count);
  let out = "";
  for (let i = 0; i < count; i++) {
    const x = uniformAt(bytes, 7 * i, alphabet.length);
    out += alphabet[x >= 0 ? x : randomInt(ctx, alphabet.length)];
  }
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

/** RFC 4122 version 4 UUID text from 16 random bytes (google/uuid's NewRandom). */
export function uuidv4(ctx: FuncContext): string {
  const b = ctx.randomBytes(16).slice(0, 16);
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function randomFunctions(maxLength: number): FunctionTable {
  const randString = (alphabet: string) => fn(["int"], ([n], ctx) => randomString(ctx, intArg(n), alphabet, maxLength));
  return {
    randAlphaNum: randString(ALPHABETS.alphaNum),
    randAlpha: randString(ALPHABETS.alpha),
    randNumeric: randString(ALPHABETS.numeric),
    randAscii: randString(ALPHABETS.ascii),
    shuffle: fn(["string"], ([s], ctx) => shuffleRunes(ctx, strArg(s))),
    uuidv4: fn([], (_args, ctx) => uuidv4(ctx)),
    randBytes: fn(["int"], ([n], ctx) => {
      const count = intArg(n);
      if (count < 0) throw new FuncError("runtime error: makeslice: len out of range");
      if (count > maxLength) throw new FuncError(`randBytes: ${count} bytes exceeds the limit of ${maxLength}`);
      return base64Encode(ctx.randomBytes(count).slice(0, count));
    }),
  };
}
