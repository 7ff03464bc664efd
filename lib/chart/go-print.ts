/**
 * Go's fmt %v rendering of values, only as far as helm's coalescing warnings need it
 * (`map[a:1 b:[x y]]`, `<nil>`, floats in %v form).
 */
import { GoInt, GoMap, type GoValue } from "@/lib/template/value";

function formatFloatV(f: number): string {
  // %v on float64 is %g with the shortest precision and Go's exponent threshold (exponent < -4 || >= 21).
  if (!Number.isFinite(f)) return Number.isNaN(f) ? "NaN" : f > 0 ? "+Inf" : "-Inf";
  const [mantissa, e] = f.toExponential().split("e");
  const exponent = Number(e);
  if (exponent < -4 || exponent >= 21) return `${mantissa}e${exponent < 0 ? "-" : "+"}${String(Math.abs(exponent)).padStart(2, "0")}`;
  return String(f);
}

export function goSprintV(v: GoValue): string {
  if (v === null) return "<nil>";
  if (typeof v === "string") return v;
  if (typeof v === "boolean") return String(v);
  if (typeof v === "number") return formatFloatV(v);
  if (v instanceof GoInt) return String(v.value);
  if (v instanceof Uint8Array) return `[${Array.from(v).join(" ")}]`;
  if (Array.isArray(v)) return `[${v.map(goSprintV).join(" ")}]`;
  if (v instanceof GoMap) {
    const keys = [...v.keys()].sort();
    return `map[${keys.map((k) => `${k}:${goSprintV(v.get(k) as GoValue)}`).join(" ")}]`;
  }
  return v.format();
}
