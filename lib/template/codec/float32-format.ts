/**
 * strconv.FormatFloat(x, 'g', -1, 32): the shortest digits that identify x as a float32. sigs.k8s.io/yaml
 * names float map keys this way (a YAML key `0.1:` becomes "0.1", `3.14159265358979:` becomes "3.1415927").
 */
export function formatFloat32G(x: number): string {
  if (Number.isNaN(x)) return "NaN";
  const f = Math.fround(x);
  if (f === Infinity) return "+Inf";
  if (f === -Infinity) return "-Inf";
  if (f === 0) return Object.is(f, -0) ? "-0" : "0";
  let digits = "";
  let exponent = 0;
  for (let precision = 1; precision <= 9; precision++) {
    const text = Math.abs(f).toExponential(precision - 1);
    if (Math.fround(Number(text)) === Math.abs(f)) {
      const [mantissa, exp] = text.split("e");
      digits = mantissa.replace(".", "").replace(/0+$/, "") || "0";
      exponent = Number(exp);
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
