/**
 * Number literals as Go's template parser reads them: one literal may be at once an int64, a uint64, a float64
 * and a complex, and the executor later picks the reading that fits where the literal is used. The rules follow
 * strconv.ParseInt/ParseUint (base 0: 0x, 0o, 0b, a leading 0 for octal, underscores between digits) and
 * strconv.ParseFloat (decimal and hexadecimal floats).
 */

import { underscoreOk } from "../funcs/strconv";

const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;
const UINT64_MAX = (1n << 64n) - 1n;

export interface NumberReading {
  isInt: boolean;
  isUint: boolean;
  isFloat: boolean;
  isComplex: boolean;
  int64: bigint;
  uint64: bigint;
  float64: number;
  imag: number;
}

/** strconv.ParseUint(s, 0, 64) without a sign; null when it fails. */
function parseUnsigned(s: string): bigint | null {
  if (s.length === 0) return null;
  let base = 10;
  let digits = s;
  if (s[0] === "0") {
    if (s.length >= 3 && (s[1] === "x" || s[1] === "X")) {
      base = 16;
      digits = s.slice(2);
    } else if (s.length >= 3 && (s[1] === "o" || s[1] === "O")) {
      base = 8;
      digits = s.slice(2);
    } else if (s.length >= 3 && (s[1] === "b" || s[1] === "B")) {
      base = 2;
      digits = s.slice(2);
    } else {
      base = 8;
      digits = s.slice(1);
      if (digits.length === 0) return 0n;
    }
  }
  if (digits.includes("_")) {
    if (!underscoreOk(s)) return null;
    digits = digits.replace(/_/g, "");
  }
  if (digits.length === 0) return null;
  let v = 0n;
  const b = BigInt(base);
  for (const c of digits) {
    const d = parseInt(c, 16);
    if (Number.isNaN(d) || d >= base) return null;
    v = v * b + BigInt(d);
    if (v > UINT64_MAX) return null;
  }
  return v;
}

function parseSigned(s: string): bigint | null {
  let neg = false;
  let body = s;
  if (s[0] === "+" || s[0] === "-") {
    neg = s[0] === "-";
    body = s.slice(1);
  }
  const u = parseUnsigned(body);
  if (u === null) return null;
  const v = neg ? -u : u;
  if (v < INT64_MIN || v > INT64_MAX) return null;
  return v;
}

/** strconv.ParseFloat(s, 64) for Go number syntax; null when the text is not a float. */
export function parseGoFloat(text: string): number | null {
  let s = text;
  if (s.includes("_")) {
    if (!underscoreOk(s)) return null;
    s = s.replace(/_/g, "");
  }
  const m = /^([+-]?)0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?[pP]([+-]?[0-9]+)$/.exec(s);
  if (m) {
    const intPart = m[2];
    const frac = m[3] ?? "";
    if (intPart.length + frac.length === 0) return null;
    let mant = 0;
    for (const c of intPart + frac) mant = mant * 16 + parseInt(c, 16);
    const v = mant * Math.pow(2, parseInt(m[4], 10) - 4 * frac.length);
    return m[1] === "-" ? -v : v;
  }
  if (!/^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/.test(s)) return null;
  const v = Number(s);
  if (!Number.isFinite(v)) return null; // out of range: ParseFloat reports an error
  return v;
}

/** Go's newNumber for number, character-constant and complex items. Throws an Error with Go's message. */
export function readNumber(text: string, isComplexItem: boolean): NumberReading {
  if (text.length < 16 && isPlainDecimal(text)) {
    // Fast path for the common small decimal literal.
    const v = BigInt(text);
    return { isInt: true, isUint: v >= 0n, isFloat: true, isComplex: false, int64: v, uint64: v >= 0n ? v : 0n, float64: Number(v), imag: 0 };
  }
  const r: NumberReading = {
    isInt: false,
    isUint: false,
    isFloat: false,
    isComplex: false,
    int64: 0n,
    uint64: 0n,
    float64: 0,
    imag: 0,
  };
  if (isComplexItem) {
    // "1+2i": real part, then the signed imaginary part.
    const m = /^(.+?)([+-][^+-]*i)$/.exec(text);
    const re = m ? parseGoFloat(m[1]) : null;
    const im = m ? parseGoFloat(m[2].slice(0, -1)) : null;
    if (re === null || im === null) throw new Error("expected integer");
    r.float64 = re;
    r.imag = im;
    r.isComplex = true;
    simplifyComplex(r);
    return r;
  }
  if (text.endsWith("i")) {
    const f = parseGoFloat(text.slice(0, -1));
    if (f !== null) {
      r.isComplex = true;
      r.imag = f;
      simplifyComplex(r);
      return r;
    }
  }
  const u = text[0] === "+" || text[0] === "-" ? null : parseUnsigned(text);
  if (u !== null) {
    r.isUint = true;
    r.uint64 = u;
  }
  const i = parseSigned(text);
  if (i !== null) {
    r.isInt = true;
    r.int64 = i;
    if (i === 0n) {
      r.isUint = true; // "-0"
      r.uint64 = 0n;
    }
  }
  if (r.isInt) {
    r.isFloat = true;
    r.float64 = Number(r.int64);
  } else if (r.isUint) {
    r.isFloat = true;
    r.float64 = Number(r.uint64);
  } else {
    const f = parseGoFloat(text);
    if (f !== null) {
      if (!/[.eEpP]/.test(text)) throw new Error(`integer overflow: ${JSON.stringify(text)}`);
      r.isFloat = true;
      r.float64 = f;
      if (Number.isInteger(f) && Math.abs(f) < 2 ** 63) {
        r.isInt = true;
        r.int64 = BigInt(f);
      }
      if (Number.isInteger(f) && f >= 0 && f < 2 ** 64) {
        r.isUint = true;
        r.uint64 = BigInt(f);
      }
    }
  }
  if (!r.isInt && !r.isUint && !r.isFloat) throw new Error(`illegal number syntax: ${JSON.stringify(text)}`);
  return r;
}

/** Digits only (with an optional minus sign) and no leading zero, which would mean octal. */
function isPlainDecimal(text: string): boolean {
  let i = text[0] === "-" ? 1 : 0;
  if (i >= text.length || (text[i] === "0" && text.length > i + 1)) return false;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** A complex constant with a zero imaginary part also reads as a float (and maybe an int). */
function simplifyComplex(r: NumberReading): void {
  if (r.imag !== 0) return;
  r.isFloat = true;
  if (Number.isInteger(r.float64) && Math.abs(r.float64) < 2 ** 63) {
    r.isInt = true;
    r.int64 = BigInt(r.float64);
  }
  if (Number.isInteger(r.float64) && r.float64 >= 0 && r.float64 < 2 ** 64) {
    r.isUint = true;
    r.uint64 = BigInt(r.float64);
  }
}
