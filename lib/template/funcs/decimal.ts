/**
 * The slice of shopspring/decimal that Sprig's float functions (addf, subf, mulf, divf, add1f) rely on:
 * a float64 becomes the exact decimal of its shortest text, arithmetic is exact, division rounds to 16
 * places (half away from zero), and the result is parsed back to the nearest float64.
 */
import { FuncError } from "./types";

export interface Decimal {
  /** value = coef × 10^exp */
  coef: bigint;
  exp: number;
}

const DIVISION_PRECISION = 16;

export function decimalFromFloat(x: number): Decimal {
  if (!Number.isFinite(x)) throw new FuncError(`Cannot create a Decimal from ${Number.isNaN(x) ? "NaN" : x > 0 ? "+Inf" : "-Inf"}`);
  if (x === 0) return { coef: 0n, exp: 0 };
  const [mantissa, exponent] = x.toExponential().split("e");
  const [intPart, frac = ""] = mantissa.split(".");
  return { coef: BigInt(intPart + frac), exp: Number(exponent) - frac.length };
}

function align(a: Decimal, b: Decimal): [bigint, bigint, number] {
  const exp = Math.min(a.exp, b.exp);
  return [a.coef * 10n ** BigInt(a.exp - exp), b.coef * 10n ** BigInt(b.exp - exp), exp];
}

export function decimalAdd(a: Decimal, b: Decimal): Decimal {
  const [x, y, exp] = align(a, b);
  return { coef: x + y, exp };
}

export function decimalSub(a: Decimal, b: Decimal): Decimal {
  const [x, y, exp] = align(a, b);
  return { coef: x - y, exp };
}

export function decimalMul(a: Decimal, b: Decimal): Decimal {
  return { coef: a.coef * b.coef, exp: a.exp + b.exp };
}

export function decimalDiv(a: Decimal, b: Decimal): Decimal {
  if (b.coef === 0n) throw new FuncError("decimal division by 0");
  // a/b scaled to 10^-16: coef = round(a.coef × 10^(a.exp − b.exp + 16) / b.coef)
  const shift = a.exp - b.exp + DIVISION_PRECISION;
  let num = a.coef;
  let den = b.coef;
  if (shift >= 0) num *= 10n ** BigInt(shift);
  else den *= 10n ** BigInt(-shift);
  if (den < 0n) {
    num = -num;
    den = -den;
  }
  const negative = num < 0n;
  const abs = negative ? -num : num;
  let q = abs / den;
  if ((abs % den) * 2n >= den) q += 1n;
  return { coef: negative ? -q : q, exp: -DIVISION_PRECISION };
}

export function decimalToFloat(d: Decimal): number {
  return Number(`${d.coef}e${d.exp}`);
}
