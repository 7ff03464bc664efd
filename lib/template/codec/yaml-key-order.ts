/**
 * go-yaml's "natural" map key order: letters compare as runes, a non-letter sorts before a letter, and
 * runs of digits compare by numeric value. go-yaml v3 differs in one point: right after an equal digit,
 * a letter sorts before a non-letter (v3 puts "0x1F" before "017", v2 the other way round). It is not a total order
 * for every key set (Go's output then depends on map iteration order); for consistent key sets any sort
 * that honours the comparison gives go-yaml's result.
 */

const LETTER = /^\p{L}$/u;
const DIGIT = /^\p{Nd}$/u;

function isLetter(r: string): boolean {
  return r.charCodeAt(0) < 0x80 ? (r >= "a" && r <= "z") || (r >= "A" && r <= "Z") : LETTER.test(r);
}

function isDigit(r: string): boolean {
  return r.charCodeAt(0) < 0x80 ? r >= "0" && r <= "9" : DIGIT.test(r);
}

/** Go's `int64(rune - '0')` for any Unicode decimal digit, which go-yaml uses as the digit's value. */
function digitValue(r: string): bigint {
  return BigInt(r.codePointAt(0)! - 48);
}

/** Whether key a sorts before key b (go-yaml's keyList.Less for two strings; `v3` selects v3's variant). */
export function naturalLess(a: string, b: string, v3 = false): boolean {
  const ar = Array.from(a);
  const br = Array.from(b);
  let afterDigit = false;
  for (let i = 0; i < ar.length && i < br.length; i++) {
    if (ar[i] === br[i]) {
      afterDigit = isDigit(ar[i]);
      continue;
    }
    const al = isLetter(ar[i]);
    const bl = isLetter(br[i]);
    if (al && bl) return ar[i].codePointAt(0)! < br[i].codePointAt(0)!;
    if (al || bl) return v3 && afterDigit ? al : bl;
    let an = 0n;
    let bn = 0n;
    if (ar[i] === "0" || br[i] === "0") {
      for (let j = i - 1; j >= 0 && isDigit(ar[j]); j--) {
        if (ar[j] !== "0") {
          an = 1n;
          bn = 1n;
          break;
        }
      }
    }
    let ai = i;
    for (; ai < ar.length && isDigit(ar[ai]); ai++) an = BigInt.asIntN(64, an * 10n + digitValue(ar[ai]));
    let bi = i;
    for (; bi < br.length && isDigit(br[bi]); bi++) bn = BigInt.asIntN(64, bn * 10n + digitValue(br[bi]));
    if (an !== bn) return an < bn;
    if (ai !== bi) return ai < bi;
    return ar[i].codePointAt(0)! < br[i].codePointAt(0)!;
  }
  return ar.length < br.length;
}

export function sortKeysNaturally(keys: string[], v3 = false): string[] {
  return keys.sort((a, b) => (naturalLess(a, b, v3) ? -1 : naturalLess(b, a, v3) ? 1 : 0));
}
