/**
 * Builds the chart a conformance case describes (chart "c" with templates/t.yaml, the case's extra files and
 * subcharts) in the shape renderChartTemplates takes. It does the little chart loading the cases need:
 * .helmignore, the .Files exclusions and coalescing a subchart's defaults and `global` into the parent's values.
 */
import { GoMap, goSlice, type GoValue } from "@/lib/template/value";
import { loadYaml, loadYamlDocuments } from "@/lib/template/codec";
import type { ChartInput } from "@/lib/template/engine";

export interface ConformanceCase {
  id: string;
  template: string;
  values: Record<string, unknown>;
  valuesYaml?: string;
  files?: Record<string, string>;
  expected: string;
  expectError: boolean;
  compare?: "suffix";
  note?: string;
}

/** JSON values as Helm sees them: every number is a float64, objects are map[string]interface{}. */
export function jsonToGo(v: unknown): GoValue {
  if (v === null || typeof v === "string" || typeof v === "boolean" || typeof v === "number") return v;
  if (Array.isArray(v)) return goSlice(v.map(jsonToGo));
  return new GoMap(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, jsonToGo(x)] as [string, GoValue]));
}

function loadValues(yamlText: string | undefined, fallback: Record<string, unknown> | undefined): GoMap {
  if (yamlText !== undefined) {
    // A values file may hold several documents; they are deep-merged, later ones winning.
    const merged = new GoMap();
    for (const doc of loadYamlDocuments(yamlText)) if (doc instanceof GoMap) deepMerge(merged, doc);
    return merged;
  }
  const g = jsonToGo(fallback ?? {});
  return g instanceof GoMap ? g : new GoMap();
}

function deepMerge(dst: GoMap, src: GoMap): void {
  for (const [k, v] of src) {
    const cur = dst.get(k);
    if (cur instanceof GoMap && v instanceof GoMap) deepMerge(cur, v);
    else dst.set(k, v);
  }
}

function simpleYamlMap(text: string): Record<string, unknown> {
  const v = loadYaml(text);
  const out: Record<string, unknown> = {};
  if (v instanceof GoMap) for (const [k, x] of v) out[k] = x;
  return out;
}

/** Fills keys of `dst` missing from `src` defaults, recursively for nested tables (the parent's values win). */
function coalesceDefaults(dst: GoMap, defaults: GoMap): void {
  for (const [k, v] of defaults) {
    const cur = dst.get(k);
    if (cur === undefined) dst.set(k, v);
    else if (cur instanceof GoMap && v instanceof GoMap) coalesceDefaults(cur, v);
  }
}

function helmignorePatterns(text: string | undefined): RegExp[] {
  if (!text) return [];
  return text
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "" && !l.startsWith("#"))
    .map((p) => new RegExp("^" + p.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, "[^/]*").replace(/\?/g, "[^/]") + "(/.*)?$"));
}

function buildChart(name: string, files: Map<string, string>, values: GoMap, metadata: Record<string, unknown>, depth: number): ChartInput {
  const ignore = helmignorePatterns(files.get(".helmignore"));
  const templates: Array<{ name: string; data: string }> = [];
  const chartFiles: Array<{ name: string; data: string }> = [];
  const subFiles = new Map<string, Map<string, string>>();
  for (const [path, data] of files) {
    if (ignore.some((re) => re.test(path))) continue;
    const sub = /^charts\/([^/]+)\/(.*)$/.exec(path);
    if (sub) {
      if (!subFiles.has(sub[1])) subFiles.set(sub[1], new Map());
      subFiles.get(sub[1])!.set(sub[2], data);
      continue;
    }
    if (path.startsWith("templates/")) templates.push({ name: path, data });
    else if (!["Chart.yaml", "Chart.lock", "values.yaml", "values.schema.json"].includes(path)) chartFiles.push({ name: path, data });
  }
  const dependencies: ChartInput[] = [];
  for (const [subName, subFileMap] of subFiles) {
    const subMeta = subFileMap.has("Chart.yaml") ? simpleYamlMap(subFileMap.get("Chart.yaml")!) : { name: subName };
    const defaults = subFileMap.has("values.yaml") ? loadValues(subFileMap.get("values.yaml"), undefined) : new GoMap();
    let subValues = values.get(subName);
    if (!(subValues instanceof GoMap)) {
      subValues = new GoMap();
      values.set(subName, subValues);
    }
    coalesceDefaults(subValues, defaults);
    const parentGlobal = values.get("global");
    const subGlobal = subValues.get("global") instanceof GoMap ? (subValues.get("global") as GoMap) : new GoMap();
    if (parentGlobal instanceof GoMap) for (const [k, v] of parentGlobal) subGlobal.set(k, v);
    subValues.set("global", subGlobal);
    dependencies.push(buildChart(String(subMeta.name ?? subName), subFileMap, subValues, subMeta, depth + 1));
  }
  return { name, metadata, templates, files: chartFiles, values, dependencies };
}

/** The probe chart of a case: Chart.yaml of chart "c", templates/t.yaml, templates/zz_invalid.yaml, extra files. */
export function caseChart(c: ConformanceCase): ChartInput {
  const files = new Map<string, string>(Object.entries(c.files ?? {}));
  files.set("templates/t.yaml", c.template);
  files.set("templates/zz_invalid.yaml", "<<<FORCE>>>");
  if (c.valuesYaml !== undefined) files.set("values.yaml", c.valuesYaml);
  const values = loadValues(c.valuesYaml, c.values);
  const metadata = { apiVersion: "v2", name: "c", version: "0.1.0", appVersion: "1.16.0", description: "probe chart", type: "application" };
  return buildChart("c", files, values, metadata, 0);
}
