/**
 * Dependency processing before rendering (helm's ProcessDependencies): aliased copies of subcharts, `condition`
 * and `tags` deciding which subcharts stay, and `import-values` copying child values into the parent. Works on a
 * copy of the chart tree, so the loaded chart can be rendered again with other values.
 */
import { GoMap, type GoValue } from "@/lib/template/value";
import { coalesceTables, coalesceValues, mergeValues, type Warn } from "./coalesce";
import { goSprintV } from "./go-print";
import { satisfiesConstraint } from "./metadata";
import type { Chart, ChartDependency, ChartMetadata } from "./types";
import { deepCopyMap, isTable } from "./value-maps";

function copyMetadata(md: ChartMetadata): ChartMetadata {
  return {
    ...md,
    Sources: [...md.Sources],
    Keywords: [...md.Keywords],
    Maintainers: md.Maintainers.map((m) => ({ ...m })),
    Annotations: md.Annotations ? { ...md.Annotations } : null,
    Dependencies: md.Dependencies.map((d) => ({ ...d, Tags: [...d.Tags], ImportValues: [...d.ImportValues] })),
  };
}

/** A structural copy: metadata and the dependency lists are new, file contents and default values are shared. */
export function cloneChartTree(chart: Chart, parent: Chart | null = null): Chart {
  const copy: Chart = { ...chart, metadata: copyMetadata(chart.metadata), parent, dependencies: [] };
  copy.dependencies = chart.dependencies.map((d) => cloneChartTree(d, copy));
  return copy;
}

function setDependencies(chart: Chart, deps: Chart[]): void {
  chart.dependencies = deps;
  for (const d of deps) d.parent = chart;
}

/** The subchart a Chart.yaml dependency refers to, copied and renamed when it has an alias. */
function aliasedDependency(charts: Chart[], dep: ChartDependency): Chart | null {
  for (const c of charts) {
    if (c.metadata.Name !== dep.Name) continue;
    if (!satisfiesConstraint(dep.Version, c.metadata.Version)) continue;
    const out: Chart = { ...c, metadata: copyMetadata(c.metadata), dependencies: [] };
    out.dependencies = c.dependencies.map((d) => ({ ...d, parent: out }));
    if (dep.Alias !== "") out.metadata.Name = dep.Alias;
    return out;
  }
  return null;
}

/** helm's Values.Table: follows a dotted path of tables. */
function tableAt(values: GoMap, path: string): GoMap | null {
  let cur: GoMap = values;
  for (const part of path.split(".")) {
    const next = cur.get(part);
    if (!isTable(next)) return null;
    cur = next;
  }
  return cur;
}

/** helm's Values.PathValue: the value at a dotted path, only when it is not a table. */
function pathValue(values: GoMap, path: string): { found: boolean; value: GoValue } {
  const parts = path.split(".");
  const last = parts.pop() as string;
  const table = parts.length === 0 ? values : tableAt(values, parts.join("."));
  if (!table || !table.has(last) || isTable(table.get(last))) return { found: false, value: null };
  return { found: true, value: table.get(last) as GoValue };
}

function applyTags(deps: ChartDependency[], values: GoMap, warn: Warn): void {
  const tags = tableAt(values, "tags");
  if (!tags) return;
  for (const dep of deps) {
    let hasTrue = false;
    let hasFalse = false;
    for (const tag of dep.Tags) {
      if (!tags.has(tag)) continue;
      const v = tags.get(tag);
      if (typeof v === "boolean") {
        if (v) hasTrue = true;
        else hasFalse = true;
      } else {
        warn(`returned non-bool value tag=${tag} chart=${dep.Name}`);
      }
    }
    if (!hasTrue && hasFalse) dep.Enabled = false;
    else dep.Enabled = true;
  }
}

function applyConditions(deps: ChartDependency[], values: GoMap, pathPrefix: string, warn: Warn): void {
  for (const dep of deps) {
    for (const condition of dep.Condition.trim().split(",")) {
      if (condition.length === 0) continue;
      const { found, value } = pathValue(values, pathPrefix + condition);
      if (!found) continue;
      if (typeof value === "boolean") {
        dep.Enabled = value;
        break;
      }
      warn(`returned non-bool value path=${condition} chart=${dep.Name}`);
    }
  }
}

function processEnabled(chart: Chart, values: GoMap, pathPrefix: string, warn: Warn): void {
  const reqs = chart.metadata.Dependencies;
  if (reqs.length === 0) return;
  const kept: Chart[] = chart.dependencies.filter(
    (existing) => !reqs.some((req) => existing.metadata.Name === req.Name && satisfiesConstraint(req.Version, existing.metadata.Version)),
  );
  for (const req of reqs) {
    const aliased = aliasedDependency(chart.dependencies, req);
    if (aliased) kept.push(aliased);
    if (req.Alias !== "") req.Name = req.Alias;
  }
  setDependencies(chart, kept);
  for (const req of reqs) req.Enabled = true;
  const chartValues = coalesceValues(chart, values, warn);
  applyTags(reqs, chartValues, warn);
  applyConditions(reqs, chartValues, pathPrefix, warn);
  const disabled = new Set(reqs.filter((r) => !r.Enabled).map((r) => r.Name));
  const enabledCharts = chart.dependencies.filter((c) => !disabled.has(c.metadata.Name));
  const enabledReqs = reqs.filter((r) => !disabled.has(r.Name));
  for (const sub of enabledCharts) processEnabled(sub, chartValues, `${pathPrefix}${sub.metadata.Name}.`, warn);
  chart.metadata.Dependencies = enabledReqs;
  setDependencies(chart, enabledCharts);
}

/** `parent` "." means the parent's top level; otherwise a dotted path of new tables wrapping `data`. */
function nestUnder(path: string, data: GoMap): GoMap {
  if (path === ".") return data;
  let cur = data;
  for (const part of path.split(".").reverse()) cur = new GoMap([[part, cur]]);
  return cur;
}

function processImportValues(chart: Chart, warn: Warn): void {
  const reqs = chart.metadata.Dependencies;
  if (reqs.length === 0) return;
  const chartValues = mergeValues(chart, null, warn);
  let imported: GoMap = new GoMap();
  for (const req of reqs) {
    const normalised: GoValue[] = [];
    for (const entry of req.ImportValues) {
      if (entry instanceof GoMap) {
        const child = goSprintV(entry.has("child") ? (entry.get("child") as GoValue) : null);
        const parent = goSprintV(entry.has("parent") ? (entry.get("parent") as GoValue) : null);
        normalised.push(new GoMap([["child", child], ["parent", parent]]));
        const table = tableAt(chartValues, `${req.Name}.${child}`);
        if (!table) {
          warn(`ImportValues missing table from chart chart=${req.Name} error="no table named ${JSON.stringify(child)}"`);
          continue;
        }
        imported = coalesceTables(imported, nestUnder(parent, table), "", true, warn) as GoMap;
      } else if (typeof entry === "string") {
        const child = `exports.${entry}`;
        normalised.push(new GoMap([["child", child], ["parent", "."]]));
        const table = tableAt(chartValues, `${req.Name}.${child}`);
        if (!table) {
          warn(`ImportValues missing table error="no table named ${JSON.stringify(child)}"`);
          continue;
        }
        imported = coalesceTables(imported, table, "", true, warn) as GoMap;
      }
    }
    req.ImportValues = normalised;
  }
  // Imported values rank below the parent's own values, so a parent can import a section and override parts.
  // The copy (helm's) keeps tables taken into `imported` from being merged into themselves; with nothing imported,
  // merging gives chartValues unchanged, a fresh tree the chart's defaults are only ever read from.
  chart.values = imported.size === 0 ? chartValues : (coalesceTables(deepCopyMap(chartValues), imported, "", true, warn) as GoMap);
}

function processImportValuesTree(chart: Chart, warn: Warn): void {
  for (const d of chart.dependencies) processImportValuesTree(d, warn);
  processImportValues(chart, warn);
}

/**
 * Returns the processed copy of `chart`: disabled subcharts removed, aliases applied, imported values merged
 * into chart defaults. `userValues` are the merged `-f`/`--set` values.
 */
export function processDependencies(chart: Chart, userValues: GoMap, warn: Warn = () => undefined): Chart {
  const copy = cloneChartTree(chart);
  processEnabled(copy, userValues, "", warn);
  processImportValuesTree(copy, warn);
  return copy;
}

/** Names declared in Chart.yaml dependencies that have no chart in charts/ (helm's CheckDependencies). */
export function missingDependencies(chart: Chart): string[] {
  const present = new Set(chart.dependencies.map((d) => d.metadata.Name));
  return chart.metadata.Dependencies.filter((d) => !present.has(d.Name)).map((d) => d.Name);
}
