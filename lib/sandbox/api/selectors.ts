/**
 * Label selectors (`k=v`, `k==v`, `k!=v`, `k in (a,b)`, `k notin (a,b)`, `k`, `!k`) and field selectors
 * (`metadata.name`, `metadata.namespace`, plus a few per-kind fields such as `status.phase`), parsed once per request
 * and matched against stored objects.
 */
import { badRequest } from "./errors";

type Json = Record<string, unknown>;

export type ObjectMatcher = (object: Json) => boolean;

interface Requirement {
  key: string;
  op: "=" | "!=" | "in" | "notin" | "exists" | "!exists";
  values: string[];
}

/** Splits on commas that are not inside parentheses. */
function splitTerms(selector: string): string[] {
  const terms: string[] = [];
  let depth = 0;
  let current = "";
  for (const ch of selector) {
    if (ch === "(") depth++;
    if (ch === ")") depth--;
    if (ch === "," && depth === 0) {
      terms.push(current);
      current = "";
    } else current += ch;
  }
  terms.push(current);
  return terms.map((t) => t.trim()).filter((t) => t !== "");
}

function parseRequirement(term: string): Requirement {
  const setMatch = /^(\S+)\s+(in|notin)\s*\(([^)]*)\)$/.exec(term);
  if (setMatch) {
    const values = setMatch[3].split(",").map((v) => v.trim()).filter((v) => v !== "");
    return { key: setMatch[1], op: setMatch[2] as "in" | "notin", values };
  }
  const eqMatch = /^([^=!\s]+)\s*(==|=|!=)\s*(\S*)$/.exec(term);
  if (eqMatch) return { key: eqMatch[1], op: eqMatch[2] === "!=" ? "!=" : "=", values: [eqMatch[3]] };
  if (/^![^=!\s(),]+$/.test(term)) return { key: term.slice(1), op: "!exists", values: [] };
  if (/^[^=!\s(),]+$/.test(term)) return { key: term, op: "exists", values: [] };
  throw badRequest(`unable to parse requirement: ${term}`);
}

function matches(req: Requirement, value: string | undefined): boolean {
  switch (req.op) {
    case "=":
      return value !== undefined && value === req.values[0];
    case "!=":
      return value === undefined || value !== req.values[0];
    case "in":
      return value !== undefined && req.values.includes(value);
    case "notin":
      return value === undefined || !req.values.includes(value);
    case "exists":
      return value !== undefined;
    case "!exists":
      return value === undefined;
  }
}

export function parseLabelSelector(selector: string | null | undefined): ObjectMatcher {
  if (!selector) return () => true;
  const requirements = splitTerms(selector).map(parseRequirement);
  return (object) => {
    const labels = (((object.metadata as Json | undefined)?.labels ?? {}) as Record<string, string>);
    return requirements.every((r) => matches(r, Object.prototype.hasOwnProperty.call(labels, r.key) ? labels[r.key] : undefined));
  };
}

/** Reads a dotted field path such as `status.phase` or `spec.nodeName`; field selectors compare strings. */
function fieldValue(object: Json, path: string): string | undefined {
  let current: unknown = object;
  for (const part of path.split(".")) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Json)[part];
  }
  if (current === undefined || current === null) return "";
  return typeof current === "string" ? current : String(current);
}

export function parseFieldSelector(selector: string | null | undefined): ObjectMatcher {
  if (!selector) return () => true;
  const requirements = splitTerms(selector).map((term) => {
    const req = parseRequirement(term);
    if (req.op !== "=" && req.op !== "!=") throw badRequest(`invalid field selector: ${term}`);
    return req;
  });
  return (object) => requirements.every((r) => matches(r, fieldValue(object, r.key)));
}
