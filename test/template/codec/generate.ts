/**
 * Seeded generators of awkward data for the oracle tests: strings that stress YAML quoting, folding and
 * escaping, keys of every kind, and nested maps/lists. Seeded so a failure can be replayed.
 */
import { naturalLess } from "@/lib/template/codec/yaml-key-order";

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];

export const TRICKY_FRAGMENTS = [
  "yes", "No", "on", "OFF", "y", "n", "true", "False", "null", "Null", "~", "nULL", "<<", "=",
  "1", "-1", "+1", "017", "0x1F", "0o17", "0b101", "1_000", "1.0", "1e3", ".5", "5.", "08", ".inf", "-.Inf", ".NaN",
  "1:20", "12:30:00", "2024-01-02", "2024-01-02T03:04:05Z", "2024-1-2", "0755",
  "-", "?", ":", "#", "&a", "*a", "!tag", "|", ">", "'", "\"", "%", "@", "`", "{", "}", "[", "]", ",",
  "- x", "? x", "a: b", "a:b", "a #b", "a# b", "x:", "--- doc", "...", "key: value",
  "é", "日本語", "\u00a0", "ß", "Ω", "😀", "👍🏽", "\u2028", "\u0085", "\ufeff", "\t", "\r", "\u0001", "\u001b", "\\", "\\n",
  "word", "another", "lorem ipsum dolor", "sit amet", "consectetur adipiscing elit", "a", "B", "zz",
] as const;

const SEPARATORS = [" ", " ", " ", "", "\n", "\n\n", "  ", ": ", " #", "\t", " \n", "\n ", "-"];

/** A string built from awkward fragments; sometimes long (to fold), sometimes multi-line. */
export function trickyString(r: () => number): string {
  const kind = r();
  if (kind < 0.15) return pick(r, TRICKY_FRAGMENTS);
  if (kind < 0.25) {
    // long text of words: exercises folding at column 80, at every depth
    const words = Array.from({ length: 10 + Math.floor(r() * 30) }, () => pick(r, ["ab", "word", "x", "longerword", "é", "a-b", "yes", "1", "😀"]));
    return words.join(r() < 0.8 ? " " : "  ");
  }
  if (kind < 0.3) return "x".repeat(70 + Math.floor(r() * 40)) + " " + "y".repeat(Math.floor(r() * 20));
  const n = 1 + Math.floor(r() * 5);
  let s = "";
  for (let i = 0; i < n; i++) {
    if (i > 0) s += pick(r, SEPARATORS);
    s += pick(r, TRICKY_FRAGMENTS);
  }
  if (r() < 0.1) s = " " + s;
  if (r() < 0.1) s += pick(r, [" ", "\n", "\n\n", " \n"]);
  return s;
}

export const KEY_POOL = [
  "a", "b", "B", "Z", "_x", "-k", "", "key with spaces", "yes", "no", "on", "y", "true", "null", "~", "1.5", "9", "10", "007",
  "a9", "a10", "b1c3", "b1c20", "a:b", "é", "日本", "😀", "x\ny", "#c", "- x", "k: v", "kebab-case", "snake_case", "camelCase",
  "0x1F", "2024-01-02", "<<", "=", "\"q\"", "'s'", "tab\tkey", "k".repeat(130), "long key that goes on and on past the eighty column limit for folding",
];

/** Whether go-yaml's key order is a consistent total order on this key set (otherwise Go's own output is random). */
export function consistentKeyOrder(keys: string[]): boolean {
  for (const v3 of [false, true]) {
    for (const a of keys) for (const b of keys) for (const c of keys) {
      if (naturalLess(a, b, v3) && naturalLess(b, c, v3) && !naturalLess(a, c, v3)) return false;
    }
  }
  return true;
}

export function randomKeys(r: () => number, n: number): string[] {
  const keys = new Set<string>();
  while (keys.size < n) keys.add(r() < 0.6 ? pick(r, KEY_POOL) : Array.from(trickyString(r)).slice(0, 40).join(""));
  const list = [...keys];
  while (list.length > 1 && !consistentKeyOrder(list)) list.pop();
  return list;
}

export function randomNumber(r: () => number): number {
  return pick(r, [
    () => Math.floor(r() * 1000),
    () => Math.floor((r() - 0.5) * 1e7),
    () => (r() - 0.5) * 10,
    () => r() * 10 ** Math.floor(r() * 40 - 10),
    () => 10 ** Math.floor(r() * 30 - 8),
    () => Math.round(r() * 1e6) / 100,
    () => pick(r, [0, 1e6, 1e21, 1e20, 1e-6, 1e-7, 123456789, 12345678901234567890, 0.1, 2.5, 5e-324, 1.7976931348623157e308, 9007199254740993]),
  ])();
}

export function randomValue(r: () => number, depth = 0): Json {
  const x = r();
  if (depth >= 4 || x < 0.45) {
    const y = r();
    if (y < 0.6) return trickyString(r);
    if (y < 0.85) return randomNumber(r);
    if (y < 0.95) return r() < 0.5;
    return null;
  }
  if (x < 0.7) return Array.from({ length: Math.floor(r() * 4) }, () => randomValue(r, depth + 1));
  const out: { [k: string]: Json } = {};
  for (const k of randomKeys(r, Math.floor(r() * 5))) out[k] = randomValue(r, depth + 1);
  return out;
}
