/**
 * go-yaml's "natural" map key order: letters compare as runes, a non-letter sorts before a letter, and
 * runs of digits compare by numeric value. go-yaml v3 differs in one point: right after an equal digit,
 * a letter sorts before a non-letter (v3 puts "0x1F" before "017", v2 the other way round). It is not a total order
 * for every key set (Go's output then depends on map iteration order); for consistent key sets any sort
 * that honours the comparison gives go-yaml's result.
 */

const LETTER = /^\p{L}$/u;
const DIGIT = /^\p{Nd}$/u;

function isLetter(c: number): boolean {
  if (c < 0x80) return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a);
  return LETTER.test(String.fromCodePoint(c));
}

function isDigit(c: number): boolean {
  if (c < 0x80) return c >= 0x30 && c <= 0x39;
  return DIGIT.test(String.fromCodePoint(c));
}

/** A key as its runes (Go's []rune(s)); plain char codes suffice for the common BMP-only keys. */
function runes(s: string): ArrayLike<number> {
  if (!/[\ud800-\udfff]/.test(s)) {
    const out = new Array<number>(s.length);
    for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
    return out;
  }
  return Array.from(s, (ch) => ch.codePointAt(0)!);
}

/** Whether key a sorts before key b (go-yaml's keyList.Less for two strings; `v3` selects v3's variant). */
export function naturalLess(a: string, b: string, v3 = false): boolean {
  return runesLess(runes(a), runes(b), v3);
}

function runesLess(ar: ArrayLike<number>, br: ArrayLike<number>, v3: boolean): boolean {
  let afterDigit = false;
  for (let i = 0; i < ar.length && i < br.length; i++) {
    if (ar[i] === br[i]) {
      afterDigit = isDigit(ar[i]);
      continue;
    }
    const al = isLetter(ar[i]);
    const bl = isLetter(br[i]);
    if (al && bl) return ar[i] < br[i];
    if (al || bl) return v3 && afterDigit ? al : bl;
    let an = 0n;
    let bn = 0n;
    if (ar[i] === 0x30 || br[i] === 0x30) {
      for (let j = i - 1; j >= 0 && isDigit(ar[j]); j--) {
        if (ar[j] !== 0x30) {
          an = 1n;
          bn = 1n;
          break;
        }
      }
    }
    // Go computes int64(rune - '0') for any Unicode digit and lets the int64 wrap.
    let ai = i;
    for (; ai < ar.length && isDigit(ar[ai]); ai++) an = BigInt.asIntN(64, an * 10n + BigInt(ar[ai] - 0x30));
    let bi = i;
    for (; bi < br.length && isDigit(br[bi]); bi++) bn = BigInt.asIntN(64, bn * 10n + BigInt(br[bi] - 0x30));
    if (an !== bn) return an < bn;
    if (ai !== bi) return ai < bi;
    return ar[i] < br[i];
  }
  return ar.length < br.length;
}

export function sortKeysNaturally(keys: string[], v3 = false): string[] {
  if (keys.length < 2) return keys;
  const decoded = keys.map((key) => ({ key, runes: runes(key) }));
  decoded.sort((a, b) => (runesLess(a.runes, b.runes, v3) ? -1 : runesLess(b.runes, a.runes, v3) ? 1 : 0));
  for (let i = 0; i < keys.length; i++) keys[i] = decoded[i].key;
  return keys;
}
