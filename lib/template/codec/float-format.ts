/**
 * Go's float64 text forms, which decide byte-identical output: strconv.FormatFloat 'g' (yaml.v2 and %v),
 * encoding/json's float form, and strconv 'f' (TOML). All use the shortest digits that round-trip,
 * which JavaScript's own number printing also finds, so we only re-lay those digits out Go's way.
 */

interface ShortestDigits {
  negative: boolean;
  /** significant decimal digits, no leading/trailing zeros (except the single "0" for zero) */
  digits: string;
  /** power of ten of the first digit: value = 0.d1d2… × 10^(exponent+1) */
  exponent: number;
}

/** Number::toString is specified to pick the closest shortest digits (ties to even), as Go's shortest formatting does. */
function shortestDigits(x: number): ShortestDigits {
  const negative = x < 0 || Object.is(x, -0);
  const text = String(Math.abs(x));
  const [mantissa, exp = "0"] = text.split("e");
  const point = mantissa.indexOf(".");
  const intPart = point < 0 ? mantissa : mantissa.slice(0, point);
  const all = intPart + (point < 0 ? "" : mantissa.slice(point + 1));
  const leading = all.length - all.replace(/^0+/, "").length;
  const digits = all.slice(leading).replace(/0+$/, "") || "0";
  // Position of the first significant digit relative to the decimal point.
  const exponent = digits === "0" ? 0 : intPart.length - leading - 1 + Number(exp);
  return { negative, digits, exponent };
}

function nonFinite(x: number): string | undefined {
  if (Number.isNaN(x)) return "NaN";
  if (x === Infinity) return "+Inf";
  if (x === -Infinity) return "-Inf";
  return undefined;
}

function exponentForm(d: ShortestDigits, minExpDigits: number): string {
  const mantissa = d.digits.length > 1 ? `${d.digits[0]}.${d.digits.slice(1)}` : d.digits;
  const sign = d.exponent < 0 ? "-" : "+";
  const expDigits = String(Math.abs(d.exponent)).padStart(minExpDigits, "0");
  return `${d.negative ? "-" : ""}${mantissa}e${sign}${expDigits}`;
}

function plainForm(d: ShortestDigits): string {
  const { digits, exponent } = d;
  let text: string;
  if (exponent < 0) text = `0.${"0".repeat(-exponent - 1)}${digits}`;
  else if (digits.length <= exponent + 1) text = digits + "0".repeat(exponent + 1 - digits.length);
  else text = `${digits.slice(0, exponent + 1)}.${digits.slice(exponent + 1)}`;
  return (d.negative ? "-" : "") + text;
}

/**
 * strconv.FormatFloat(x, 'g', -1, 64): exponent form when the decimal exponent is below -4 or at least 6
 * (shortest 'g' decides with precision 6), so 1e6 prints as 1e+06 and 123456 stays positional.
 */
export function formatFloatG(x: number): string {
  const special = nonFinite(x);
  if (special) return special;
  const d = shortestDigits(x);
  return d.exponent < -4 || d.exponent >= 6 ? exponentForm(d, 2) : plainForm(d);
}

/** strconv.FormatFloat(x, 'f', -1, 64): always positional notation. */
export function formatFloatF(x: number): string {
  const special = nonFinite(x);
  if (special) return special;
  return plainForm(shortestDigits(x));
}

/** strconv.FormatFloat(x, 'e', -1, 64). */
export function formatFloatE(x: number): string {
  const special = nonFinite(x);
  if (special) return special;
  return exponentForm(shortestDigits(x), 2);
}

/**
 * encoding/json's float64 form: positional for 1e-6 ≤ |x| < 1e21, otherwise exponent form with a
 * negative exponent's leading zero removed (1e-7, but 1e+21). Callers must reject NaN and ±Inf first.
 */
export function formatFloatJson(x: number): string {
  const abs = Math.abs(x);
  if (abs !== 0 && (abs < 1e-6 || abs >= 1e21)) {
    return exponentForm(shortestDigits(x), 2).replace(/e-0(\d)$/, "e-$1");
  }
  return plainForm(shortestDigits(x));
}
