/**
 * Scenario annotations: put them on an object or its pod template to script what the simulated workload does.
 *   sandbox.hookline.dev/outcome:  succeed (default) | fail | hang
 *   sandbox.hookline.dev/duration: how long a run-to-completion container runs, e.g. "30s", "1m30s", "250ms"
 *   sandbox.hookline.dev/logs:     the lines `kubectl logs` prints
 */
type Json = Record<string, unknown>;

export const ANNOTATION_PREFIX = "sandbox.hookline.dev/";
export const OUTCOME_ANNOTATION = `${ANNOTATION_PREFIX}outcome`;
export const DURATION_ANNOTATION = `${ANNOTATION_PREFIX}duration`;
export const LOGS_ANNOTATION = `${ANNOTATION_PREFIX}logs`;
export const SCENARIO_ANNOTATION = `${ANNOTATION_PREFIX}scenario`;

export type Outcome = "succeed" | "fail" | "hang";

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Parses Go-style durations ("1m30s", "250ms", "2h"); a bare number means seconds. */
export function parseDuration(text: string): number | undefined {
  const trimmed = text.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed) * 1000;
  const parts = [...trimmed.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join("") !== trimmed) return undefined;
  return parts.reduce((total, [, n, unit]) => total + Number(n) * UNIT_MS[unit], 0);
}

export function annotationsOf(object: Json): Record<string, string> {
  return (((object.metadata ?? {}) as Json).annotations ?? {}) as Record<string, string>;
}

/** The scenario annotations among `annotations`, to copy from a Job or template onto the Pods it creates. */
export function scenarioAnnotations(annotations: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(annotations).filter(([k]) => k.startsWith(ANNOTATION_PREFIX)));
}

export function outcomeOf(object: Json): Outcome {
  const value = annotationsOf(object)[OUTCOME_ANNOTATION];
  return value === "fail" || value === "hang" ? value : "succeed";
}

export function durationOf(object: Json, fallbackMs: number): number {
  const value = annotationsOf(object)[DURATION_ANNOTATION];
  return (value !== undefined ? parseDuration(value) : undefined) ?? fallbackMs;
}
