/**
 * Test data helpers: turn plain JavaScript data (as JSON would give it) into template values the way
 * Helm's loader would (numbers float64, objects `map[string]interface {}`).
 */
import { GoMap, type GoValue } from "@/lib/template/value";

export function goValueFromJs(x: unknown): GoValue {
  if (x === null || x === undefined) return null;
  if (typeof x === "boolean" || typeof x === "string" || typeof x === "number") return x;
  if (Array.isArray(x)) return x.map(goValueFromJs);
  return new GoMap(Object.entries(x as Record<string, unknown>).map(([k, v]) => [k, goValueFromJs(v)]));
}
