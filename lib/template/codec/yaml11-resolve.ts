/**
 * How go-yaml v2 (YAML 1.1) resolves a plain scalar: the tag it would get and its value. The loader uses
 * it for unquoted scalars; the emitters use it to decide whether a string must be quoted to stay a string.
 */

export type Resolved =
  | { tag: "str"; value: string }
  | { tag: "bool"; value: boolean }
  | { tag: "null"; value: null }
  | { tag: "int"; value: number; big?: bigint }
  | { tag: "float"; value: number }
  | { tag: "merge"; value: "<<" }
  | { tag: "timestamp"; value: string };

const WORDS = new Map<string, Resolved>();
const add = (words: string, r: Resolved) => words.split(" ").forEach((w) => WORDS.set(w, r));
add("y Y yes Yes YES true True TRUE on On ON", { tag: "bool", value: true });
add("n N no No NO false False FALSE off Off OFF", { tag: "bool", value: false });
add("~ null Null NULL", { tag: "null", value: null });
add(".nan .NaN .NAN", { tag: "float", value: NaN });
add(".inf .Inf .INF +.inf +.Inf +.INF", { tag: "float", value: Infinity });
add("-.inf -.Inf -.INF", { tag: "float", value: -Infinity });
WORDS.set("", { tag: "null", value: null });
WORDS.set("<<", { tag: "merge", value: "<<" });

const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

/** strconv.ParseInt/ParseUint with base 0 (prefixes 0x, 0o, 0b, leading-0 octal), no underscores. */
function parseGoInteger(text: string): bigint | undefined {
  let s = text;
  let negative = false;
  if (s[0] === "+" || s[0] === "-") {
    negative = s[0] === "-";
    s = s.slice(1);
  }
  let digits: RegExp;
  let body = s;
  let prefix = "";
  if (/^0[xX]/.test(s)) {
    digits = /^[0-9a-fA-F]+$/;
    body = s.slice(2);
    prefix = "0x";
  } else if (/^0[oO]/.test(s)) {
    digits = /^[0-7]+$/;
    body = s.slice(2);
    prefix = "0o";
  } else if (/^0[bB]/.test(s)) {
    digits = /^[01]+$/;
    body = s.slice(2);
    prefix = "0b";
  } else if (s.length > 1 && s[0] === "0") {
    digits = /^[0-7]+$/;
    body = s.slice(1);
    prefix = "0o";
  } else digits = /^[0-9]+$/;
  if (!digits.test(body)) return undefined;
  const magnitude = BigInt(prefix + body);
  return negative ? -magnitude : magnitude;
}

/** The go-yaml v2 value of an integer literal: int when it fits int64, else uint64, else undefined. */
function resolveInteger(plain: string): Resolved | undefined {
  const n = parseGoInteger(plain);
  if (n === undefined) return undefined;
  if (n >= INT64_MIN && n <= INT64_MAX) return { tag: "int", value: Number(n), big: n };
  // ParseUint rejects signs; ParseInt already failed on range, so only unsigned literals get here.
  if (n > 0n && n <= UINT64_MAX && plain[0] !== "-" && plain[0] !== "+") return { tag: "int", value: Number(n), big: n };
  return undefined;
}

/** Binary literals with a sign, which Go's base-0 parser would otherwise miss on the "-0b" branch. */
function resolveSignedBinary(plain: string): Resolved | undefined {
  const m = /^(-?)0b([01]+)$/.exec(plain);
  if (!m) return undefined;
  const n = BigInt("0b" + m[2]) * (m[1] ? -1n : 1n);
  if (n < INT64_MIN || n > INT64_MAX) return undefined;
  return { tag: "int", value: Number(n), big: n };
}

/** Go's strconv.ParseFloat as used after a leading '.': accepts decimal floats, rejects underscores. */
function parseGoFloat(text: string): number | undefined {
  if (/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) return Number.isFinite(Number(text)) ? Number(text) : undefined;
  if (/^[-+]?(inf|infinity)$/i.test(text)) return text[0] === "-" ? -Infinity : Infinity;
  if (/^nan$/i.test(text)) return NaN;
  return undefined;
}

export function resolvePlain(text: string): Resolved {
  const known = WORDS.get(text);
  if (known) return known;
  const first = text[0];
  if (first === ".") {
    const f = parseGoFloat(text);
    if (f !== undefined) return { tag: "float", value: f };
    return { tag: "str", value: text };
  }
  const isDigit = first >= "0" && first <= "9";
  if (!isDigit && first !== "+" && first !== "-") return { tag: "str", value: text };
  if (isTimestamp(text)) return { tag: "timestamp", value: text };
  const plain = text.replaceAll("_", "");
  const int = resolveInteger(plain);
  if (int) return int;
  // strconv.ParseFloat fails on overflow (1e400), and go-yaml then keeps the text as a string.
  if (YAML_STYLE_FLOAT.test(plain) && Number.isFinite(Number(plain))) return { tag: "float", value: Number(plain) };
  const binary = resolveSignedBinary(plain);
  if (binary) return binary;
  return { tag: "str", value: text };
}

/** Sexagesimal numbers (`1:20`, `-12:30:00.5`) are YAML 1.1 floats: the v2 encoder quotes them. */
export function isBase60Float(s: string): boolean {
  if (!s.includes(":")) return false;
  return /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/.test(s);
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * Whether time.Parse accepts the text with one of go-yaml's timestamp layouts: "2006-1-2",
 * "2006-1-2 15:4:5.999999999", "2006-1-2T15:4:5.999999999Z07:00" (also with a lower-case t).
 */
export function isTimestamp(s: string): boolean {
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})(.*)$/s.exec(s);
  if (!m) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  if (day > (month === 2 && !leap ? 28 : DAYS_IN_MONTH[month - 1])) return false;
  const rest = m[4];
  if (rest === "") return true;
  const time = /^([ Tt])(\d{1,2}):(\d{1,2}):(\d{1,2})(\.\d+)?(.*)$/s.exec(rest);
  if (!time) return false;
  if (Number(time[2]) > 23 || Number(time[3]) > 59 || Number(time[4]) > 59) return false;
  const zone = time[6];
  if (time[1] === " ") return zone === "";
  return zone === "Z" || /^[+-]\d{2}:\d{2}$/.test(zone);
}
