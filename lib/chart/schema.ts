/**
 * values.schema.json validation for a chart and each of its subcharts (helm's ValidateAgainstSchema), with ajv.
 * Every violation is listed in the text format of the validator helm uses (santhosh-tekuri/jsonschema v6):
 *   - at '/path': message
 * with "validation failed" groups when one property has several problems and nested lines under
 * anyOf/oneOf/allOf/contains/propertyNames failures. helm prints these groups in Go map order (random), so only
 * the set of groups is meaningful; we keep the schema's order.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import { Ajv2019 } from "ajv/dist/2019";
import type { GoMap } from "@/lib/template/value";
import { ChartError } from "./errors";
import type { Chart } from "./types";
import { toJsonValue, type JsonValue } from "./values-json";

interface Problem {
  at: string;
  message: string;
  children: Problem[];
}

function quote(v: unknown): string {
  return typeof v === "string" ? `'${v}'` : JSON.stringify(v);
}

function jsonType(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  if (typeof v === "object") return "object";
  return typeof v;
}

function count(v: unknown, keyword: string): number {
  if (keyword.endsWith("Length")) return [...String(v)].length;
  if (keyword.endsWith("Items")) return (v as unknown[]).length;
  return Object.keys(v as object).length;
}

function leafMessage(e: ErrorObject): string {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case "type": {
      const want = (Array.isArray(p.type) ? (p.type as string[]) : String(p.type).split(",")).slice().sort();
      return `got ${jsonType(e.data)}, want ${want.join(" or ")}`;
    }
    case "enum":
      return `value must be one of ${(p.allowedValues as unknown[]).map(quote).join(", ")}`;
    case "const":
      return `value must be ${quote(p.allowedValue)}`;
    case "multipleOf":
      return `multipleOf: got ${JSON.stringify(e.data)}, want ${JSON.stringify(p.multipleOf)}`;
    case "minimum":
    case "maximum":
    case "exclusiveMinimum":
    case "exclusiveMaximum":
      return `${e.keyword}: got ${JSON.stringify(e.data)}, want ${JSON.stringify(p.limit)}`;
    case "minLength":
    case "maxLength":
    case "minItems":
    case "maxItems":
    case "minProperties":
    case "maxProperties":
      return `${e.keyword}: got ${count(e.data, e.keyword)}, want ${JSON.stringify(p.limit)}`;
    case "pattern":
      return `${quote(e.data)} does not match pattern ${quote(p.pattern)}`;
    case "format":
      return `${quote(e.data)} is not valid ${p.format}`;
    case "uniqueItems": {
      const [a, b] = [Number(p.i), Number(p.j)].sort((x, y) => x - y);
      return `items at ${a} and ${b} are equal`;
    }
    case "false schema":
      return "false schema";
    case "not":
      return "'not' failed";
    case "contains":
      return "no items match contains schema";
    case "dependencies":
    case "dependentRequired":
      return `properties ${quote(p.missingProperty)} required, if ${quote(p.property)} exists`;
    default:
      return e.message ?? e.keyword;
  }
}

/** Schema path without `$ref` hops, so a referenced definition still nests under the keyword that used it. */
function isUnder(child: ErrorObject, parent: ErrorObject): boolean {
  return child !== parent && child.schemaPath.startsWith(`${parent.schemaPath}/`);
}

function schemaParent(schemaPath: string): string {
  return schemaPath.slice(0, schemaPath.lastIndexOf("/"));
}

/** helm's validator stops at a failed `type`: other keywords of the same schema are not reported. */
function dropAfterTypeFailure(errors: ErrorObject[]): ErrorObject[] {
  const failedTypes = new Set(errors.filter((e) => e.keyword === "type").map((e) => `${e.instancePath}\u0000${schemaParent(e.schemaPath)}`));
  return errors.filter((e) => e.keyword === "type" || !failedTypes.has(`${e.instancePath}\u0000${schemaParent(e.schemaPath)}`));
}

/** Turns ajv's flat error list into helm's problem tree. */
function buildProblems(all: ErrorObject[]): Problem[] {
  const errors = dropAfterTypeFailure(all);
  const consumed = new Set<ErrorObject>();
  const nodeOf = new Map<ErrorObject, Problem>();
  // Combinators are reported after their branches: attach the branch errors as children.
  for (const e of errors) {
    if (e.keyword === "anyOf" || e.keyword === "oneOf" || e.keyword === "propertyNames" || e.keyword === "contains") {
      const branch = errors.filter((x) => isUnder(x, e) && !consumed.has(x));
      branch.forEach((x) => consumed.add(x));
      let message: string;
      let at = e.instancePath;
      if (e.keyword === "anyOf") message = "'anyOf' failed";
      else if (e.keyword === "oneOf") {
        const passing = (e.params as { passingSchemas: number[] | null }).passingSchemas;
        message = passing ? `'oneOf' failed, subschemas ${passing.join(", ")} matched` : "'oneOf' failed, none matched";
      } else if (e.keyword === "contains") message = "no items match contains schema";
      else {
        message = `invalid propertyName ${quote((e.params as { propertyName: string }).propertyName)}`;
        at = "";
      }
      nodeOf.set(e, { at, message, children: branch.map((x) => nodeOf.get(x) ?? leaf(x)).filter((x): x is Problem => x !== null) });
    }
  }
  // ajv has no error for allOf itself: its failing branches become the children of one "'allOf' failed".
  const allOfGroups = new Map<string, ErrorObject[]>();
  for (const e of errors) {
    if (consumed.has(e)) continue;
    const m = /^(.*\/allOf)\/\d+\//.exec(e.schemaPath);
    if (!m) continue;
    const group = allOfGroups.get(m[1]) ?? [];
    group.push(e);
    allOfGroups.set(m[1], group);
  }
  const allOfFirst = new Map<ErrorObject, Problem>();
  for (const group of allOfGroups.values()) {
    group.forEach((x) => consumed.add(x));
    const at = group.map((x) => x.instancePath).sort((a, b) => a.length - b.length)[0];
    const children = mergeAggregates(group).map((x) => nodeOf.get(x) ?? leaf(x)).filter((x): x is Problem => x !== null);
    allOfFirst.set(group[0], { at, message: "'allOf' failed", children });
  }
  const ordered = errors.filter((e) => (!consumed.has(e) || allOfFirst.has(e)) && e.keyword !== "if");
  return mergeAggregates(ordered)
    .map((e) => allOfFirst.get(e) ?? nodeOf.get(e) ?? leaf(e))
    .filter((x): x is Problem => x !== null);

  function leaf(e: ErrorObject): Problem | null {
    const at = e.keyword === "pattern" && e.propertyName !== undefined ? "" : e.instancePath;
    if (e.keyword === "pattern" && e.propertyName !== undefined) {
      return { at, message: `${quote(e.propertyName)} does not match pattern ${quote((e.params as { pattern: string }).pattern)}`, children: [] };
    }
    if (aggregated.has(e)) return { at, message: aggregated.get(e) as string, children: [] };
    return { at, message: leafMessage(e), children: [] };
  }
}

const aggregated = new WeakMap<ErrorObject, string>();

/** `required` and `additionalProperties` are one error per property in ajv, one line for all of them in helm. */
function mergeAggregates(errors: ErrorObject[]): ErrorObject[] {
  const out: ErrorObject[] = [];
  const groups = new Map<string, { first: ErrorObject; names: string[] }>();
  for (const e of errors) {
    if (e.keyword !== "required" && e.keyword !== "additionalProperties") {
      out.push(e);
      continue;
    }
    const key = `${e.keyword}\u0000${e.instancePath}\u0000${e.schemaPath}`;
    const name = String((e.params as Record<string, unknown>)[e.keyword === "required" ? "missingProperty" : "additionalProperty"]);
    const g = groups.get(key);
    if (g) g.names.push(name);
    else {
      groups.set(key, { first: e, names: [name] });
      out.push(e);
    }
  }
  for (const { first, names } of groups.values()) {
    const list = names.map((n) => `'${n}'`).join(", ");
    aggregated.set(
      first,
      first.keyword === "required"
        ? `missing propert${names.length === 1 ? "y" : "ies"} ${list}`
        : `additional properties ${names.slice().sort().map((n) => `'${n}'`).join(", ")} not allowed`,
    );
  }
  return out;
}

/** Groups problems by the property they belong to: several problems under one property become "validation failed". */
function groupByLocation(problems: Problem[], base: string): Problem[] {
  const direct: Problem[] = [];
  const byChild = new Map<string, Problem[]>();
  const order: Array<Problem | string> = [];
  for (const p of problems) {
    if (p.at === base || !p.at.startsWith(`${base}/`)) {
      direct.push(p);
      order.push(p);
      continue;
    }
    const segment = p.at.slice(base.length + 1).split("/")[0];
    const childPath = `${base}/${segment}`;
    if (!byChild.has(childPath)) {
      byChild.set(childPath, []);
      order.push(childPath);
    }
    (byChild.get(childPath) as Problem[]).push(p);
  }
  // Problems of the value itself come before those of its members, as helm's validator reports them.
  const atBase = order.filter((item) => typeof item !== "string" && item.at === base);
  const rest = order.filter((item) => !(typeof item !== "string" && item.at === base));
  return [...atBase, ...rest].map((item) => {
    if (typeof item !== "string") return item;
    const group = byChild.get(item) as Problem[];
    if (group.length === 1 && (group[0].at === item || group[0].children.length === 0)) return groupSingle(group[0], item);
    return { at: item, message: "validation failed", children: groupByLocation(group, item) };
  });
}

function groupSingle(p: Problem, path: string): Problem {
  if (p.at === path) return p;
  return groupByLocation([p], path)[0];
}

function render(problems: Problem[], depth: number): string {
  return problems
    .map((p) => `${"  ".repeat(depth)}- at '${p.at}': ${p.message}\n${render(p.children, depth + 1)}`)
    .join("");
}

function compilerFor(schema: Record<string, unknown>): Ajv {
  const declared = typeof schema.$schema === "string" ? schema.$schema : "";
  // code.optimize off: ajv's pass over the generated code only tidies it, and takes half of a compile (≈75 ms of a
  // cold `hookline template` of airflow, whose redis subchart brings a 150 KB schema).
  const options = { allErrors: true, verbose: true, strict: false, validateFormats: true, logger: false as const, code: { optimize: false } };
  const ajv = declared.includes("2019-09") || declared.includes("2020-12") ? new Ajv2019(options) : new Ajv(options);
  // The formats helm's validator asserts; anything else is accepted, as there.
  ajv.addFormat("email", /^[^@\s]+@[^@\s]+$/);
  ajv.addFormat("ipv4", /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/);
  ajv.addFormat("date", /^\d{4}-\d{2}-\d{2}$/);
  ajv.addFormat("date-time", /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/);
  // ajv skips items of a type other than `items.type` when checking uniqueness; helm's validator compares all.
  ajv.addKeyword({
    keyword: UNIQUE_ITEMS_KEYWORD,
    type: "array",
    errors: true,
    validate: function uniqueItems(this: unknown, enabled: boolean, data: unknown[]) {
      if (!enabled) return true;
      const seen = data.map((item) => canonicalJson(item));
      for (let j = 0; j < seen.length; j++) {
        const i = seen.indexOf(seen[j]);
        if (i < j) {
          (uniqueItems as unknown as { errors: Partial<ErrorObject>[] }).errors = [{ keyword: "uniqueItems", params: { i, j } }];
          return false;
        }
      }
      return true;
    },
  });
  ajv.addFormat("uuid", /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/);
  return ajv;
}

const UNIQUE_ITEMS_KEYWORD = "x-hookline-unique-items";

/** JSON with sorted keys, so equal values compare equal as strings. */
function canonicalJson(v: unknown): string {
  if (v === null || typeof v !== "object") return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(",")}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`)
    .join(",")}}`;
}

/** Swaps `uniqueItems: <bool>` for our keyword everywhere in the schema (property names are never booleans). */
function replaceUniqueItems(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(replaceUniqueItems);
  if (node === null || typeof node !== "object") return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node as Record<string, unknown>)) {
    if (k === "uniqueItems" && typeof v === "boolean") out[UNIQUE_ITEMS_KEYWORD] = v;
    else out[k] = replaceUniqueItems(v);
  }
  return out;
}

/**
 * Compiled validators by schema text: compiling is most of a validation's cost, and a chart rendered again (or a
 * subchart vendored twice) brings the same schema in new byte arrays. Bounded; oldest out first.
 */
const compiled = new Map<string, ValidateFunction>();
const COMPILED_MAX = 64;

/** Each loaded schema file's text, decoded once (a warm render validates the same chart again and again). */
const schemaTexts = new WeakMap<Uint8Array, string>();

function schemaText(bytes: Uint8Array): string {
  let text = schemaTexts.get(bytes);
  if (text === undefined) schemaTexts.set(bytes, (text = new TextDecoder().decode(bytes)));
  return text;
}

function validatorFor(chart: Chart): ValidateFunction {
  const text = schemaText(chart.schema as Uint8Array);
  const cached = compiled.get(text);
  if (cached) return cached;
  let schema: Record<string, unknown>;
  try {
    schema = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (e) {
    throw new ChartError(`${chart.metadata.Name}/values.schema.json: invalid JSON: ${(e as Error).message}`, { file: "values.schema.json" });
  }
  let validate: ValidateFunction;
  try {
    const { $schema: _ignored, ...rest } = schema;
    void _ignored;
    validate = compilerFor(schema).compile(replaceUniqueItems(rest) as Record<string, unknown>);
  } catch (e) {
    throw new ChartError(`${chart.metadata.Name}/values.schema.json: invalid schema: ${(e as Error).message}`, { file: "values.schema.json" });
  }
  compiled.set(text, validate);
  for (const oldest of compiled.keys()) {
    if (compiled.size <= COMPILED_MAX) break;
    compiled.delete(oldest);
  }
  return validate;
}

/** The violations of one chart's own schema, in helm's text, or "" when valid (or no schema). */
export function schemaViolations(chart: Chart, values: JsonValue): string {
  if (!chart.schema) return "";
  const validate = validatorFor(chart);
  if (validate(values)) return "";
  const problems = groupByLocation(buildProblems(validate.errors ?? []), "");
  return render(problems, 0);
}

/** helm's ValidateAgainstSchema over the chart tree; `values` are the chart's coalesced values. */
function collectViolations(chart: Chart, values: GoMap): string {
  let text = "";
  // Only a chart with a schema needs its values in JSON form.
  const own = chart.schema ? schemaViolations(chart, toJsonValue(values)) : "";
  if (own) text += `${chart.metadata.Name}:\n${own}`;
  for (const sub of chart.dependencies) {
    const subValues = values.get(sub.metadata.Name);
    if (subValues && typeof subValues === "object" && !Array.isArray(subValues) && subValues instanceof Map) {
      text += collectViolations(sub, subValues as GoMap);
    }
  }
  return text;
}

/** Throws helm's "values don't meet the specifications…" error listing every violation in every chart. */
export function validateValuesAgainstSchemas(chart: Chart, values: GoMap): void {
  const text = collectViolations(chart, values);
  if (text) {
    throw new ChartError(`values don't meet the specifications of the schema(s) in the following chart(s):\n${text}`, { file: "values.schema.json" });
  }
}
