/**
 * The few Go standard-library behaviours Helm's hook code depends on, reproduced exactly: `strconv.Atoi` for
 * weights, `strings.TrimSpace` for annotation pieces, and byte-wise string comparison for ordering by name.
 */

const INT64_MAX = 9223372036854775807n;
const INT64_MIN = -9223372036854775808n;

/**
 * Go's `strconv.Atoi` on a 64-bit build: optional sign, ASCII digits only, no whitespace, no base prefixes or
 * underscores, must fit in int64. Returns `undefined` where Go returns an error.
 */
export function goAtoiExact(text: string): bigint | undefined {
  if (!/^[+-]?[0-9]+$/.test(text)) return undefined;
  const value = BigInt(text);
  return value > INT64_MAX || value < INT64_MIN ? undefined : value;
}

/** `goAtoi` as a JS number (weights beyond 2^53 lose precision here; ordering uses the exact value). */
export function goAtoi(text: string): number | undefined {
  const value = goAtoiExact(text);
  return value === undefined ? undefined : Number(value);
}

/** Go's `unicode.IsSpace`, which `strings.TrimSpace` uses (Unicode White_Space, so not U+FEFF). */
function isGoSpace(code: number): boolean {
  return (
    (code >= 9 && code <= 13) ||
    code === 32 ||
    code === 0x85 ||
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000
  );
}

/** Bounds of `text` without leading and trailing Go white space. */
export function goTrimBounds(text: string): [start: number, end: number] {
  let start = 0;
  let end = text.length;
  while (start < end && isGoSpace(text.charCodeAt(start))) start++;
  while (end > start && isGoSpace(text.charCodeAt(end - 1))) end--;
  return [start, end];
}

export function goTrimSpace(text: string): string {
  const [start, end] = goTrimBounds(text);
  return text.slice(start, end);
}

const encoder = new TextEncoder();

/** Go's `a < b` on strings: compares UTF-8 bytes, which differs from JS `<` (UTF-16 units) outside the BMP. */
export function compareGoStrings(a: string, b: string): number {
  if (a === b) return 0;
  const left = encoder.encode(a);
  const right = encoder.encode(b);
  const shared = Math.min(left.length, right.length);
  for (let i = 0; i < shared; i++) {
    if (left[i] !== right[i]) return left[i]! - right[i]!;
  }
  return left.length - right.length;
}

/** Helm splits comma-separated annotations on every comma, then trims and lower-cases each piece. */
export function splitAnnotationList(value: string): string[] {
  return value.split(",").map((piece) => goTrimSpace(piece).toLowerCase());
}

/**
 * Go's `strconv.FormatFloat(f, 'g', -1, 32)`, which sigs.k8s.io/yaml uses when a YAML float lands in a string field:
 * the shortest digits that round-trip as float32, exponent form when the exponent is below -4 or at least 6.
 */
export function goFormatFloat32(f: number): string {
  if (Number.isNaN(f)) return "NaN";
  if (!Number.isFinite(f)) return f > 0 ? "+Inf" : "-Inf";
  const x = Math.fround(f);
  if (x === 0) return Object.is(x, -0) ? "-0" : "0";
  let shortest = x.toPrecision(9);
  for (let precision = 1; precision <= 9; precision++) {
    const candidate = x.toPrecision(precision);
    if (Math.fround(Number(candidate)) === x) {
      shortest = candidate;
      break;
    }
  }
  const [mantissa, exponentText] = Number(shortest).toExponential().split("e") as [string, string];
  const negative = mantissa.startsWith("-");
  const digits = mantissa.replace(/^-/, "").replace(".", "").replace(/0+$/, "") || "0";
  const exponent = Number(exponentText);
  const sign = negative ? "-" : "";
  if (exponent < -4 || exponent >= 6) {
    const fraction = digits.length > 1 ? `.${digits.slice(1)}` : "";
    return `${sign}${digits[0]}${fraction}e${exponent < 0 ? "-" : "+"}${String(Math.abs(exponent)).padStart(2, "0")}`;
  }
  if (exponent < 0) return `${sign}0.${"0".repeat(-exponent - 1)}${digits}`;
  const whole = digits.slice(0, exponent + 1).padEnd(exponent + 1, "0");
  const fraction = digits.slice(exponent + 1);
  return `${sign}${whole}${fraction ? `.${fraction}` : ""}`;
}
