/**
 * The parts of Go's strconv that templates can observe: float formatting (shortest and fixed precision, with
 * rounding done on the exact binary value), Go string/rune quoting, and Go's integer and float parsing.
 * fmt.ts and the conversion functions (int, float64, atoi, toDecimal) build on these.
 */

/** A non-negative decimal 0.d × 10^dp with no trailing zeros in d (Go's strconv `decimal`). */
interface Decimal {
  d: string;
  dp: number;
}

const float64View = new DataView(new ArrayBuffer(8));

function float64Bits(x: number): bigint {
  float64View.setFloat64(0, x);
  return float64View.getBigUint64(0);
}

/** Mantissa and binary exponent with value = mant × 2^exp (Go's FormatFloat decomposition, exp unbiased). */
function decompose(x: number): { neg: boolean; mant: bigint; exp: number } {
  const bits = float64Bits(x);
  const neg = bits >> 63n !== 0n;
  let exp = Number((bits >> 52n) & 0x7ffn);
  let mant = bits & ((1n << 52n) - 1n);
  if (exp === 0) exp = 1;
  else mant |= 1n << 52n;
  return { neg, mant, exp: exp - 1023 };
}

function trimZeros(dec: Decimal): Decimal {
  let end = dec.d.length;
  while (end > 0 && dec.d[end - 1] === "0") end--;
  if (end === 0) return { d: "", dp: 0 };
  return { d: dec.d.slice(0, end), dp: dec.dp };
}

/** Every digit of |x|: binary floats are finite decimals, so this is exact. */
function exactDecimal(x: number): Decimal {
  const { mant, exp } = decompose(x);
  if (mant === 0n) return { d: "", dp: 0 };
  const shift = exp - 52;
  if (shift >= 0) {
    const s = (mant << BigInt(shift)).toString();
    return trimZeros({ d: s, dp: s.length });
  }
  const s = (mant * 5n ** BigInt(-shift)).toString();
  return trimZeros({ d: s, dp: s.length + shift });
}

/** Shortest digits that round-trip; JS and Go agree on these. */
function shortestDecimal(x: number): Decimal {
  if (x === 0) return { d: "", dp: 0 };
  const [mantissa, exponent] = Math.abs(x).toExponential().split("e");
  const d = mantissa.replace(".", "");
  return trimZeros({ d, dp: Number(exponent) + 1 });
}

/** Rounds to nd digits, ties to even (the exact value decides, as in Go). */
function roundDecimal(dec: Decimal, nd: number): Decimal {
  if (nd < 0 || nd >= dec.d.length) return dec;
  const digit = dec.d.charCodeAt(nd) - 48;
  let up: boolean;
  if (digit === 5 && nd + 1 === dec.d.length) up = nd > 0 && (dec.d.charCodeAt(nd - 1) - 48) % 2 === 1;
  else up = digit >= 5;
  if (!up) return trimZeros({ d: dec.d.slice(0, nd), dp: dec.dp });
  let i = nd - 1;
  while (i >= 0 && dec.d[i] === "9") i--;
  if (i < 0) return { d: "1", dp: dec.dp + 1 };
  return trimZeros({ d: dec.d.slice(0, i) + String.fromCharCode(dec.d.charCodeAt(i) + 1), dp: dec.dp });
}

function formatExponent(exp: number, minDigits: number): string {
  const sign = exp < 0 ? "-" : "+";
  return sign + String(Math.abs(exp)).padStart(minDigits, "0");
}

function fmtE(neg: boolean, dec: Decimal, prec: number, letter: string): string {
  let out = neg ? "-" : "";
  out += dec.d.length ? dec.d[0] : "0";
  if (prec > 0) {
    out += ".";
    const frac = dec.d.slice(1, Math.min(dec.d.length, prec + 1));
    out += frac.padEnd(prec, "0");
  }
  const exp = dec.d.length === 0 ? 0 : dec.dp - 1;
  return out + letter + formatExponent(exp, 2);
}

function fmtF(neg: boolean, dec: Decimal, prec: number): string {
  let out = neg ? "-" : "";
  if (dec.dp > 0) out += dec.d.slice(0, Math.min(dec.d.length, dec.dp)).padEnd(dec.dp, "0");
  else out += "0";
  if (prec > 0) {
    out += ".";
    for (let i = 1; i <= prec; i++) {
      const j = dec.dp + i - 1;
      out += j >= 0 && j < dec.d.length ? dec.d[j] : "0";
    }
  }
  return out;
}

const LOWER_HEX = "0123456789abcdef";
const UPPER_HEX = "0123456789ABCDEF";

/** %x of a float: -0x1.yyyp±dd, mantissa rounded to prec hex digits (ties to even) when prec ≥ 0. */
function fmtX(x: number, prec: number, letter: "x" | "X"): string {
  const parts = decompose(x);
  let { mant, exp } = parts;
  if (mant === 0n) exp = 0;
  const bit60 = 1n << 60n;
  mant <<= 8n;
  while (mant !== 0n && (mant & bit60) === 0n) {
    mant <<= 1n;
    exp--;
  }
  if (prec >= 0 && prec < 15) {
    const shift = BigInt(prec * 4);
    const extra = (mant << shift) & (bit60 - 1n);
    mant >>= 60n - shift;
    if ((extra | (mant & 1n)) > 1n << 59n) mant++;
    mant <<= 60n - shift;
    if ((mant & (1n << 61n)) !== 0n) {
      mant >>= 1n;
      exp++;
    }
  }
  const hex = letter === "X" ? UPPER_HEX : LOWER_HEX;
  let out = (parts.neg ? "-" : "") + "0" + letter + String(Number((mant >> 60n) & 1n));
  mant = (mant << 4n) & ((1n << 64n) - 1n);
  const nextDigit = (): string => {
    const ch = hex[Number((mant >> 60n) & 15n)];
    mant = (mant << 4n) & ((1n << 64n) - 1n);
    return ch;
  };
  if (prec < 0 && mant !== 0n) {
    out += ".";
    while (mant !== 0n) out += nextDigit();
  } else if (prec > 0) {
    out += ".";
    for (let i = 0; i < prec; i++) out += nextDigit();
  }
  return out + (letter === "X" ? "P" : "p") + formatExponent(exp, 2);
}

export type FloatFormat = "e" | "E" | "f" | "g" | "G" | "b" | "x" | "X";

/** Go's strconv.FormatFloat(x, fmt, prec, 64); prec < 0 means the shortest representation that round-trips. */
export function formatFloat(x: number, format: FloatFormat, prec: number): string {
  if (Number.isNaN(x)) return "NaN";
  if (x === Infinity) return "+Inf";
  if (x === -Infinity) return "-Inf";
  if (format === "b") {
    const { neg, mant, exp } = decompose(x);
    const e = exp - 52;
    return `${neg ? "-" : ""}${mant}p${e >= 0 ? "+" : ""}${e}`;
  }
  if (format === "x" || format === "X") return fmtX(x, prec, format);
  const neg = float64Bits(x) >> 63n !== 0n;
  const shortest = prec < 0;
  let dec: Decimal;
  if (shortest) {
    dec = shortestDecimal(x);
    if (format === "e" || format === "E") prec = Math.max(dec.d.length - 1, 0);
    else if (format === "f") prec = Math.max(dec.d.length - dec.dp, 0);
    else prec = dec.d.length;
  } else {
    const exact = exactDecimal(x);
    if (format === "e" || format === "E") dec = roundDecimal(exact, prec + 1);
    else if (format === "f") dec = roundDecimal(exact, exact.dp + prec);
    else {
      if (prec === 0) prec = 1;
      dec = roundDecimal(exact, prec);
    }
  }
  if (format === "e" || format === "E") return fmtE(neg, dec, prec, format);
  if (format === "f") return fmtF(neg, dec, prec);
  let eprec = prec;
  if (eprec > dec.d.length && dec.d.length >= dec.dp) eprec = dec.d.length;
  if (shortest) eprec = 6;
  const exp = dec.dp - 1;
  if (exp < -4 || exp >= eprec) {
    if (prec > dec.d.length) prec = dec.d.length;
    return fmtE(neg, dec, prec - 1, format === "G" ? "E" : "e");
  }
  if (prec > dec.dp) prec = dec.d.length;
  return fmtF(neg, dec, Math.max(prec - dec.dp, 0));
}

// ---------------------------------------------------------------------------------------------------------
// Quoting

const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;

/** Go's strconv.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space. */
export function isPrint(codePoint: number): boolean {
  if (codePoint === 0x20) return true;
  if (codePoint < 0x20 || codePoint === 0x7f) return false;
  if (codePoint >= 0xd800 && codePoint <= 0xdfff) return false;
  return PRINTABLE.test(String.fromCodePoint(codePoint));
}

function escapeRune(r: number, quote: number, asciiOnly: boolean): string {
  if (r === quote || r === 0x5c) return "\\" + String.fromCodePoint(r);
  if (asciiOnly ? r < 0x80 && isPrint(r) : isPrint(r)) return String.fromCodePoint(r);
  switch (r) {
    case 7:
      return "\\a";
    case 8:
      return "\\b";
    case 12:
      return "\\f";
    case 10:
      return "\\n";
    case 13:
      return "\\r";
    case 9:
      return "\\t";
    case 11:
      return "\\v";
  }
  if (r < 0x20 || r === 0x7f) return "\\x" + r.toString(16).padStart(2, "0");
  if (r >= 0xd800 && r <= 0xdfff) r = 0xfffd;
  if (r < 0x10000) return "\\u" + r.toString(16).padStart(4, "0");
  return "\\U" + r.toString(16).padStart(8, "0");
}

function quoteWith(s: string, quote: number, asciiOnly: boolean): string {
  const q = String.fromCharCode(quote);
  let out = q;
  for (const ch of s) out += escapeRune(ch.codePointAt(0)!, quote, asciiOnly);
  return out + q;
}

/** strconv.Quote */
export function quote(s: string): string {
  return quoteWith(s, 0x22, false);
}

/** strconv.QuoteToASCII */
export function quoteToASCII(s: string): string {
  return quoteWith(s, 0x22, true);
}

/** strconv.QuoteRune / QuoteRuneToASCII (invalid runes become U+FFFD). */
export function quoteRune(r: number, asciiOnly = false): string {
  if (r > 0x10ffff || r < 0 || (r >= 0xd800 && r <= 0xdfff)) r = 0xfffd;
  return "'" + escapeRune(r, 0x27, asciiOnly) + "'";
}

/** strconv.CanBackquote: no control characters other than tab, no backquote, no U+FEFF. */
export function canBackquote(s: string): boolean {
  for (const ch of s) {
    const r = ch.codePointAt(0)!;
    if (r === 0x60 || r === 0xfeff) return false;
    if ((r < 0x20 && r !== 9) || r === 0x7f) return false;
    if (r >= 0xd800 && r <= 0xdfff) return false;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------------------
// Parsing

/** Go's strconv.ParseInt(s, base, 64); returns null on any error (syntax or range). */
export function parseInt64(s: string, base: number): number | null {
  const v = parseIntBig(s, base);
  if (v === null) return null;
  if (v > 9223372036854775807n || v < -9223372036854775808n) return null;
  return Number(v);
}

/** The integer text of ParseInt as a bigint, with Go's base-0 prefixes and underscore rules. */
export function parseIntBig(s: string, base: number): bigint | null {
  if (s === "") return null;
  let neg = false;
  let body = s;
  if (body[0] === "+" || body[0] === "-") {
    neg = body[0] === "-";
    body = body.slice(1);
  }
  let b = base;
  let underscoresOk = false;
  if (base === 0) {
    b = 10;
    if (body[0] === "0") {
      const p = body[1]?.toLowerCase();
      if (body.length >= 3 && p === "b") {
        b = 2;
        body = body.slice(2);
      } else if (body.length >= 3 && p === "o") {
        b = 8;
        body = body.slice(2);
      } else if (body.length >= 3 && p === "x") {
        b = 16;
        body = body.slice(2);
      } else {
        b = 8;
        body = body.slice(1);
        if (body === "") return 0n;
      }
      underscoresOk = true;
    } else underscoresOk = true;
  }
  if (body === "") return null;
  if (body.includes("_")) {
    if (!underscoresOk || !underscoreOk(s)) return null;
    body = body.replace(/_/g, "");
  }
  let v = 0n;
  const big = BigInt(b);
  for (const ch of body.toLowerCase()) {
    const d = ch >= "0" && ch <= "9" ? ch.charCodeAt(0) - 48 : ch >= "a" && ch <= "z" ? ch.charCodeAt(0) - 87 : 99;
    if (d >= b) return null;
    v = v * big + BigInt(d);
  }
  return neg ? -v : v;
}

/** Go's underscoreOK: underscores only between digits or after a base prefix. */
export function underscoreOk(s: string): boolean {
  let saw = "^";
  let i = 0;
  if (s.length >= 1 && (s[0] === "-" || s[0] === "+")) s = s.slice(1);
  let hex = false;
  if (s.length >= 2 && s[0] === "0" && "bBoOxX".includes(s[1])) {
    i = 2;
    saw = "0";
    hex = s[1] === "x" || s[1] === "X";
  }
  for (; i < s.length; i++) {
    const c = s[i];
    if ((c >= "0" && c <= "9") || (hex && /[a-fA-F]/.test(c))) {
      saw = "0";
      continue;
    }
    if (c === "_") {
      if (saw !== "0") return false;
      saw = "_";
      continue;
    }
    if (saw === "_") return false;
    saw = "!";
  }
  return saw !== "_";
}

const DECIMAL_FLOAT = /^[+-]?(\d+(_\d+)*\.?(\d+(_\d+)*)?|\.\d+(_\d+)*)([eE][+-]?\d+(_\d+)*)?$/;
const HEX_FLOAT = /^[+-]?0[xX](_?[0-9a-fA-F]+)*\.?([0-9a-fA-F]+(_[0-9a-fA-F]+)*)?[pP][+-]?\d+$/;

/** Go's strconv.ParseFloat(s, 64); null on a syntax error. Out-of-range values give ±Inf (Go returns them with an error). */
export function parseFloat64(s: string): number | null {
  const lower = s.toLowerCase();
  const unsigned = lower.replace(/^[+-]/, "");
  const negative = lower.startsWith("-");
  if (unsigned === "inf" || unsigned === "infinity") return negative ? -Infinity : Infinity;
  if (unsigned === "nan") return NaN;
  if (DECIMAL_FLOAT.test(s)) {
    if (s.includes("_")) {
      if (!underscoreOk(s)) return null;
      s = s.replace(/_/g, "");
    }
    return Number(s);
  }
  if (HEX_FLOAT.test(s) && (!s.includes("_") || underscoreOk(s))) {
    const m = /^([+-]?)0[xX]([0-9a-fA-F_]*)\.?([0-9a-fA-F_]*)[pP]([+-]?\d+)$/.exec(s);
    if (!m) return null;
    const intPart = m[2].replace(/_/g, "");
    const fracPart = m[3].replace(/_/g, "");
    if (intPart === "" && fracPart === "") return null;
    const mant = BigInt("0x" + (intPart + fracPart || "0"));
    const value = Number(mant) * 2 ** (Number(m[4]) - 4 * fracPart.length);
    return m[1] === "-" ? -value : value;
  }
  return null;
}
