/**
 * strconv.FormatFloat(x, 'g', -1, 32): the shortest digits that identify x as a float32. sigs.k8s.io/yaml
 * names float map keys this way (a YAML key `0.1:` becomes "0.1", `3.14159265358979:` becomes "3.1415927").
 */
/** The first `n` digits of a digit string rounded half-to-even, and 1 when rounding carried into a new digit. */
function roundHalfEven(digits: string, n: number): [string, number] {
  const head = digits.slice(0, n);
  const rest = digits.slice(n);
  const first = rest[0] ?? "0";
  const beyondHalf = first > "5" || (first === "5" && /[1-9]/.test(rest.slice(1)));
  const tie = first === "5" && !/[1-9]/.test(rest.slice(1));
  const roundUp = beyondHalf || (tie && Number(head[head.length - 1]) % 2 === 1);
  if (!roundUp) return [head, 0];
  const up = (BigInt(head) + 1n).toString();
  return up.length > head.length ? [up.slice(0, n), 1] : [up.padStart(n, "0"), 0];
}

export function formatFloat32G(x: number): string {
  if (Number.isNaN(x)) return "NaN";
  const f = Math.fround(x);
  if (f === Infinity) return "+Inf";
  if (f === -Infinity) return "-Inf";
  if (f === 0) return Object.is(f, -0) ? "-0" : "0";
  // The exact decimal value of the float32 (exactly representable as a double), then the shortest rounding
  // of it that reads back as the same float32, rounding ties to even as Go does.
  const [exactMantissa, exactExp] = Math.abs(f).toExponential(99).split("e");
  const exact = exactMantissa.replace(".", "");
  let digits = "";
  let exponent = Number(exactExp);
  for (let precision = 1; precision <= 9; precision++) {
    const [rounded, carry] = roundHalfEven(exact, precision);
    const candidate = Number(`${rounded[0]}.${rounded.slice(1)}e${exponent + carry}`);
    if (Math.fround(candidate) === Math.abs(f)) {
      digits = rounded.replace(/0+$/, "") || "0";
      exponent += carry;
      break;
    }
  }
  const sign = f < 0 ? "-" : "";
  if (exponent < -4 || exponent >= 6) {
    const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${mantissa}e${exponent < 0 ? "-" : "+"}${String(Math.abs(exponent)).padStart(2, "0")}`;
  }
  if (exponent < 0) return `${sign}0.${"0".repeat(-exponent - 1)}${digits}`;
  if (digits.length <= exponent + 1) return sign + digits + "0".repeat(exponent + 1 - digits.length);
  return `${sign}${digits.slice(0, exponent + 1)}.${digits.slice(exponent + 1)}`;
}
