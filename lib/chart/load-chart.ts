/**
 * Building a Chart from its files, with helm's loader rules (pkg/chart/v2/loader LoadFiles): which file is
 * metadata, values, schema, template, subchart or plain file; apiVersion v1 requirements files; subcharts from
 * charts/ folders and nested .tgz archives; metadata validation. Also the entry point for in-memory file maps
 * (the browser editor), which go through the same normalising and .helmignore step as directories.
 */
import { GoMap } from "@/lib/template/value";
import { readChartArchive } from "./archive";
import { normaliseEntryPath, stripBom } from "./entry-paths";
import { ChartError } from "./errors";
import { IgnoreRules } from "./helmignore";
import { DEFAULT_LOAD_LIMITS, LoadBudget, type LoadLimits } from "./limits";
import { applyRequirementsYaml, decodeChartYaml, validateMetadata, type DecodedMetadata } from "./metadata";
import type { Chart, ChartFile, ChartLock } from "./types";
import { parseValuesFile } from "./values-file";
import { decodeYaml } from "./yaml-documents";

export interface LoadOptions {
  limits?: Partial<LoadLimits>;
  /** Names the source in error messages (a directory, an archive name, "editor"). */
  origin?: string;
}

const utf8 = new TextDecoder("utf-8");

export function fileText(file: ChartFile): string {
  return utf8.decode(file.data);
}

interface BuildContext {
  budget: LoadBudget;
  depth: number;
  origin: string;
}

/** Prefixes a nested loading error the way helm reports subchart failures. */
function wrapSubchartError(e: unknown, sub: string, parent: string): ChartError {
  const err = e instanceof ChartError ? e : new ChartError(String((e as Error).message ?? e));
  // The file is given relative to the parent chart, so an editor can point at it.
  const file = err.file && !sub.endsWith(".tgz") ? `charts/${sub}/${err.file}` : `charts/${sub}`;
  return new ChartError(`error unpacking subchart ${sub} in ${parent}: ${err.message}`, { file, line: err.line, column: err.column });
}

function decodeLock(file: ChartFile): ChartLock {
  let doc;
  try {
    doc = decodeYaml(fileText(file), file.name);
  } catch (e) {
    throw withLoadPrefix(file.name, e);
  }
  const lock: ChartLock = { generated: "", digest: "", dependencies: [] };
  if (doc instanceof GoMap) {
    lock.generated = String(doc.get("generated") ?? "");
    lock.digest = String(doc.get("digest") ?? "");
    const deps = doc.get("dependencies");
    if (Array.isArray(deps)) {
      for (const d of deps) {
        if (d instanceof GoMap) {
          lock.dependencies.push({ name: String(d.get("name") ?? ""), version: String(d.get("version") ?? ""), repository: String(d.get("repository") ?? "") });
        }
      }
    }
  }
  return lock;
}

function withLoadPrefix(fileName: string, e: unknown): ChartError {
  const err = e as ChartError;
  if (err.message.startsWith(`cannot load ${fileName}`)) return err;
  return new ChartError(`cannot load ${fileName}: ${err.message}`, { file: fileName, line: err.line, column: err.column });
}

/** helm's LoadFiles: `files` have chart-relative names. */
export async function buildChart(files: ChartFile[], ctx: BuildContext): Promise<Chart> {
  const chartYaml = files.find((f) => f.name === "Chart.yaml");
  let decoded: DecodedMetadata | null = null;
  if (chartYaml) {
    try {
      decoded = decodeChartYaml(decodeYaml(fileText(chartYaml), "Chart.yaml"));
    } catch (e) {
      throw withLoadPrefix("Chart.yaml", e);
    }
    // Helm 2 charts may omit apiVersion; helm treats them as v1.
    if (decoded.metadata.APIVersion === "") decoded.metadata.APIVersion = "v1";
  }
  const chart: Chart = {
    metadata: decoded?.metadata ?? decodeChartYaml(null).metadata,
    lock: null,
    templates: [],
    files: [],
    raw: [...files],
    values: new GoMap(),
    schema: null,
    dependencies: [],
    parent: null,
  };
  const subchartFiles = new Map<string, ChartFile[]>();
  for (const f of files) {
    const name = f.name;
    if (name === "Chart.yaml") continue;
    if (name === "Chart.lock") {
      chart.lock = decodeLock(f);
    } else if (name === "values.yaml") {
      try {
        chart.values = parseValuesFile(fileText(f), "values.yaml");
      } catch (e) {
        throw withLoadPrefix("values.yaml", e);
      }
    } else if (name === "values.schema.json") {
      chart.schema = f.data;
    } else if (name === "requirements.yaml") {
      decoded ??= decodeChartYaml(null);
      try {
        applyRequirementsYaml(decoded, decodeYaml(fileText(f), name));
      } catch (e) {
        throw withLoadPrefix(name, e);
      }
      if (decoded.metadata.APIVersion === "v1") chart.files.push(f);
    } else if (name === "requirements.lock") {
      chart.lock = decodeLock(f);
      if (decoded?.metadata.APIVersion === "v1") chart.files.push(f);
    } else if (name.startsWith("templates/")) {
      chart.templates.push(f);
    } else if (name.startsWith("charts/")) {
      if (name.endsWith(".prov")) {
        chart.files.push(f);
        continue;
      }
      const rest = name.slice("charts/".length);
      const sub = rest.split("/")[0];
      const list = subchartFiles.get(sub) ?? [];
      list.push({ name: rest, data: f.data });
      subchartFiles.set(sub, list);
    } else {
      chart.files.push(f);
    }
  }
  if (!decoded) throw new ChartError("Chart.yaml file is missing", { file: "Chart.yaml" });
  chart.metadata = decoded.metadata;
  validateMetadata(decoded);

  for (const sub of [...subchartFiles.keys()].sort()) {
    if (sub.startsWith("_") || sub.startsWith(".")) continue;
    const subFiles = subchartFiles.get(sub) ?? [];
    let loaded: Chart;
    try {
      if (sub.endsWith(".tgz")) {
        const archive = subFiles.find((f) => f.name === sub);
        if (!archive) throw new ChartError(`error unpacking subchart tar in ${chart.metadata.Name}: expected ${sub}, got ${subFiles[0]?.name}`);
        if (ctx.depth + 1 > ctx.budget.limits.maxArchiveDepth) {
          throw new ChartError(`archives nested deeper than ${ctx.budget.limits.maxArchiveDepth} levels`);
        }
        const inner = await readChartArchive(archive.data, `${ctx.origin}/charts/${sub}`, ctx.budget);
        loaded = await buildChart(inner, { ...ctx, depth: ctx.depth + 1, origin: `${ctx.origin}/charts/${sub}` });
      } else {
        const trimmed = subFiles
          .filter((f) => f.name.includes("/"))
          .map((f) => ({ name: f.name.slice(f.name.indexOf("/") + 1), data: f.data }));
        loaded = await buildChart(trimmed, { ...ctx, origin: `${ctx.origin}/charts/${sub}` });
      }
    } catch (e) {
      throw wrapSubchartError(e, sub, chart.metadata.Name);
    }
    loaded.parent = chart;
    chart.dependencies.push(loaded);
  }
  return chart;
}

/** The root chart's apiVersion must be one helm's chart loader dispatches on. */
export function checkRootApiVersion(chart: Chart): void {
  const v = chart.metadata.APIVersion;
  if (v === "v3") throw new ChartError("invalid chart apiVersion", { file: "Chart.yaml" });
  if (v !== "v1" && v !== "v2") throw new ChartError("unsupported chart version", { file: "Chart.yaml" });
}

export interface RawEntry {
  name: string;
  data: Uint8Array;
  isDirectory?: boolean;
}

/**
 * The shared step for directory and file-map sources: normalise every path, apply .helmignore (plus helm's
 * default rule), enforce the limits, then build the chart.
 */
export async function loadChartEntries(entries: RawEntry[], options: LoadOptions = {}): Promise<Chart> {
  const origin = options.origin ?? "chart";
  const budget = new LoadBudget({ ...DEFAULT_LOAD_LIMITS, ...options.limits });
  const normalised = new Map<string, RawEntry>();
  for (const e of entries) {
    const name = normaliseEntryPath(e.name, origin);
    if (normalised.has(name) && !e.isDirectory) throw new ChartError(`${origin}: duplicate entry ${JSON.stringify(name)}`, { file: name });
    normalised.set(name, { ...e, name });
  }
  const ignoreFile = normalised.get(".helmignore");
  const rules = ignoreFile ? IgnoreRules.parse(new TextDecoder().decode(ignoreFile.data)) : new IgnoreRules();
  rules.addDefaults();
  const files: ChartFile[] = [];
  for (const e of [...normalised.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (e.isDirectory) continue;
    if (isIgnored(rules, e.name)) continue;
    if (e.data.length > budget.limits.maxFileBytes) {
      throw new ChartError(`${origin}: chart file ${JSON.stringify(e.name)} is larger than the maximum file size ${budget.limits.maxFileBytes}`, {
        file: e.name,
      });
    }
    const problem = budget.take(e.data.length);
    if (problem) throw new ChartError(`${origin}: ${problem}`, { file: e.name });
    files.push({ name: e.name, data: stripBom(e.data) });
  }
  const chart = await buildChart(files, { budget, depth: 0, origin });
  checkRootApiVersion(chart);
  return chart;
}

/** A file is ignored when it, or any directory above it, matches (helm skips ignored directories whole). */
function isIgnored(rules: IgnoreRules, name: string): boolean {
  const parts = name.split("/");
  for (let i = 1; i < parts.length; i++) {
    if (rules.ignores(parts.slice(0, i).join("/"), true)) return true;
  }
  return rules.ignores(name, false);
}

const utf8Encoder = new TextEncoder();

/** Loads a chart from an in-memory map of chart-relative paths to contents (the browser editor's model). */
export async function loadChartFromFileMap(files: Record<string, Uint8Array | string>, options: LoadOptions = {}): Promise<Chart> {
  const entries = Object.entries(files).map(([name, content]) => ({
    name,
    data: typeof content === "string" ? utf8Encoder.encode(content) : content,
  }));
  return loadChartEntries(entries, { origin: "editor", ...options });
}

/** Loads a packaged chart (.tgz bytes). Like helm, .helmignore is not applied to archives. */
export async function loadChartArchive(archive: Uint8Array, options: LoadOptions = {}): Promise<Chart> {
  const origin = options.origin ?? "chart.tgz";
  const budget = new LoadBudget({ ...DEFAULT_LOAD_LIMITS, ...options.limits });
  const files = await readChartArchive(archive, origin, budget);
  const chart = await buildChart(files, { budget, depth: 0, origin });
  checkRootApiVersion(chart);
  return chart;
}
