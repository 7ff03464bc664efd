/**
 * Go's strconv.FormatFloat(f, 'g', -1, 64): the shortest representation, exponent form below 1e-4 or from 1e21,
 * exponent written with a sign and at least two digits. Helm prints numbers this way when a YAML number lands in
 * a string field of Chart.yaml.
 */
export function formatGoFloat(f: number): string {
  if (Number.isNaN(f)) return "NaN";
  if (!Number.isFinite(f)) return f > 0 ? "+Inf" : "-Inf";
  if (f === 0) return Object.is(f, -0) ? "-0" : "0";
  const [mantissa, e] = f.toExponential().split("e");
  const exponent = Number(e);
  if (exponent < -4 || exponent >= 21) {
    return `${mantissa}e${exponent < 0 ? "-" : "+"}${String(Math.abs(exponent)).padStart(2, "0")}`;
  }
  return String(f);
}
