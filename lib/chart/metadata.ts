/**
 * Chart.yaml (and requirements.yaml) decoding into ChartMetadata, with helm's typing rules: a YAML scalar is
 * accepted for a string field and stringified (`version: 1.0` gives "1"), anything else of the wrong shape fails
 * with encoding/json's message; then helm's metadata validation.
 */
import semver from "semver";
import { GoInt, GoMap, type GoValue } from "@/lib/template/value";
import { ChartError } from "./errors";
import { formatGoFloat } from "./go-format";
import { goQuote } from "./go-print";
import type { ChartDependency, ChartMaintainer, ChartMetadata } from "./types";

function jsonKind(v: GoValue): string {
  if (v === null) return "null";
  if (typeof v === "string") return "string";
  if (typeof v === "number" || v instanceof GoInt) return "number";
  if (typeof v === "boolean") return "bool";
  if (Array.isArray(v)) return "array";
  return "object";
}

class FieldDecoder {
  constructor(
    private readonly fileName: string,
    private readonly goStruct: string,
    private readonly prefix: string,
  ) {}

  private fail(field: string, v: GoValue, goType: string): never {
    throw new ChartError(
      `cannot load ${this.fileName}: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${jsonKind(v)} into Go struct field ${this.goStruct}.${this.prefix}${field} of type ${goType}`,
      { file: this.fileName },
    );
  }

  string(m: GoMap, field: string): string {
    const v = m.get(field) ?? null;
    return this.scalarString(v, field, "string");
  }

  private scalarString(v: GoValue, field: string, goType: string): string {
    if (v === null) return "";
    if (typeof v === "string") return v;
    if (typeof v === "number") return formatGoFloat(v);
    if (v instanceof GoInt) return String(v.value);
    if (typeof v === "boolean") return String(v);
    return this.fail(field, v, goType);
  }

  strings(m: GoMap, field: string): string[] {
    const v = m.get(field) ?? null;
    if (v === null) return [];
    if (!Array.isArray(v)) return this.fail(field, v, "[]string");
    return v.map((item) => this.scalarString(item, field, "string"));
  }

  bool(m: GoMap, field: string): boolean {
    const v = m.get(field) ?? null;
    if (v === null) return false;
    if (typeof v !== "boolean") return this.fail(field, v, "bool");
    return v;
  }

  stringMap(m: GoMap, field: string): Record<string, string> | null {
    const v = m.get(field) ?? null;
    if (v === null) return null;
    if (!(v instanceof GoMap)) return this.fail(field, v, "map[string]string");
    const out: Record<string, string> = {};
    for (const [k, item] of v) out[k] = this.scalarString(item, field, "string");
    return out;
  }

  list(m: GoMap, field: string, goType: string): GoValue[] {
    const v = m.get(field) ?? null;
    if (v === null) return [];
    if (!Array.isArray(v)) return this.fail(field, v, goType);
    return v;
  }

  table(v: GoValue, field: string, goType: string): GoMap | null {
    if (v === null) return null;
    if (!(v instanceof GoMap)) return this.fail(field, v, goType);
    return v;
  }
}

function decodeDependency(fileName: string, v: GoValue): ChartDependency | null {
  const outer = new FieldDecoder(fileName, "Metadata", "");
  const m = outer.table(v, "dependencies", "v2.Dependency");
  if (!m) return null;
  const d = new FieldDecoder(fileName, "Dependency", "dependencies.");
  return {
    Name: d.string(m, "name"),
    Version: d.string(m, "version"),
    Repository: d.string(m, "repository"),
    Condition: d.string(m, "condition"),
    Tags: d.strings(m, "tags"),
    Enabled: d.bool(m, "enabled"),
    ImportValues: d.list(m, "import-values", "[]interface {}"),
    Alias: d.string(m, "alias"),
  };
}

function decodeMaintainer(fileName: string, v: GoValue): ChartMaintainer | null {
  const outer = new FieldDecoder(fileName, "Metadata", "");
  const m = outer.table(v, "maintainers", "v2.Maintainer");
  if (!m) return null;
  const d = new FieldDecoder(fileName, "Maintainer", "maintainers.");
  return { Name: d.string(m, "name"), Email: d.string(m, "email"), URL: d.string(m, "url") };
}

export function emptyMetadata(): ChartMetadata {
  return {
    Name: "",
    Home: "",
    Sources: [],
    Version: "",
    Description: "",
    Keywords: [],
    Maintainers: [],
    Icon: "",
    APIVersion: "",
    Condition: "",
    Tags: "",
    AppVersion: "",
    Deprecated: false,
    Annotations: null,
    KubeVersion: "",
    Dependencies: [],
    Type: "",
  };
}

/** Null entries in maintainers/dependencies survive decoding so validation can report them as helm does. */
export interface DecodedMetadata {
  metadata: ChartMetadata;
  nullMaintainer: boolean;
  nullDependency: boolean;
}

/** Decodes Chart.yaml's top-level table. `doc` null (empty file) gives empty metadata. */
export function decodeChartYaml(doc: GoValue, fileName = "Chart.yaml"): DecodedMetadata {
  const md = emptyMetadata();
  if (doc === null) return { metadata: md, nullMaintainer: false, nullDependency: false };
  if (!(doc instanceof GoMap)) {
    throw new ChartError(
      `cannot load ${fileName}: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${jsonKind(doc)} into Go value of type v2.Metadata`,
      { file: fileName },
    );
  }
  const d = new FieldDecoder(fileName, "Metadata", "");
  md.Name = d.string(doc, "name");
  md.Home = d.string(doc, "home");
  md.Sources = d.strings(doc, "sources");
  md.Version = d.string(doc, "version");
  md.Description = d.string(doc, "description");
  md.Keywords = d.strings(doc, "keywords");
  md.Icon = d.string(doc, "icon");
  md.APIVersion = d.string(doc, "apiVersion");
  md.Condition = d.string(doc, "condition");
  md.Tags = d.string(doc, "tags");
  md.AppVersion = d.string(doc, "appVersion");
  md.Deprecated = d.bool(doc, "deprecated");
  md.Annotations = d.stringMap(doc, "annotations");
  md.KubeVersion = d.string(doc, "kubeVersion");
  md.Type = d.string(doc, "type");
  const maintainers = d.list(doc, "maintainers", "[]*v2.Maintainer").map((m) => decodeMaintainer(fileName, m));
  const deps = d.list(doc, "dependencies", "[]*v2.Dependency").map((x) => decodeDependency(fileName, x));
  md.Maintainers = maintainers.filter((m): m is ChartMaintainer => m !== null);
  md.Dependencies = deps.filter((x): x is ChartDependency => x !== null);
  return { metadata: md, nullMaintainer: maintainers.includes(null), nullDependency: deps.includes(null) };
}

/** requirements.yaml of apiVersion v1 charts: only its `dependencies` list is read into the metadata. */
export function applyRequirementsYaml(decoded: DecodedMetadata, doc: GoValue, fileName = "requirements.yaml"): void {
  if (doc === null) return;
  if (!(doc instanceof GoMap)) {
    throw new ChartError(
      `cannot load ${fileName}: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${jsonKind(doc)} into Go value of type v2.Metadata`,
      { file: fileName },
    );
  }
  if (!doc.has("dependencies")) return;
  const d = new FieldDecoder(fileName, "Metadata", "");
  const deps = d.list(doc, "dependencies", "[]*v2.Dependency").map((x) => decodeDependency(fileName, x));
  decoded.metadata.Dependencies = deps.filter((x): x is ChartDependency => x !== null);
  decoded.nullDependency = deps.includes(null);
}

/** Helm replaces whitespace with spaces and drops unprintable characters in metadata strings. */
function sanitize(s: string): string {
  return s.replace(/\s/g, " ").replace(/[\p{Cc}\p{Cf}\p{Co}\p{Cn}]/gu, "");
}


function validationError(message: string, fileName: string): ChartError {
  return new ChartError(`validation: ${message}`, { file: fileName });
}

/** helm's Metadata.Validate, including the sanitising it performs in place. */
export function validateMetadata(decoded: DecodedMetadata, fileName = "Chart.yaml"): void {
  const md = decoded.metadata;
  md.Name = sanitize(md.Name);
  md.Description = sanitize(md.Description);
  md.Home = sanitize(md.Home);
  md.Icon = sanitize(md.Icon);
  md.Condition = sanitize(md.Condition);
  md.Tags = sanitize(md.Tags);
  md.AppVersion = sanitize(md.AppVersion);
  md.KubeVersion = sanitize(md.KubeVersion);
  md.Type = sanitize(md.Type);
  md.Sources = md.Sources.map(sanitize);
  md.Keywords = md.Keywords.map(sanitize);
  if (md.APIVersion === "") throw validationError("chart.metadata.apiVersion is required", fileName);
  if (md.Name === "") throw validationError("chart.metadata.name is required", fileName);
  if (md.Name !== md.Name.slice(md.Name.lastIndexOf("/") + 1) || md.Name === "." || md.Name === "..") {
    throw validationError(`chart.metadata.name ${goQuote(md.Name)} is invalid`, fileName);
  }
  if (md.Version === "") throw validationError("chart.metadata.version is required", fileName);
  if (normaliseVersion(md.Version) === null) throw validationError(`chart.metadata.version ${goQuote(md.Version)} is invalid`, fileName);
  if (md.Type !== "" && md.Type !== "application" && md.Type !== "library") {
    throw validationError("chart.metadata.type must be application or library", fileName);
  }
  if (decoded.nullMaintainer) throw validationError("maintainers must not contain empty or null nodes", fileName);
  for (const m of md.Maintainers) {
    m.Name = sanitize(m.Name);
    m.Email = sanitize(m.Email);
    m.URL = sanitize(m.URL);
  }
  if (decoded.nullDependency) throw validationError("dependencies must not contain empty or null nodes", fileName);
  const seen = new Set<string>();
  for (const dep of md.Dependencies) {
    if (dep.Alias !== "" && !/^[a-zA-Z0-9_-]+$/.test(dep.Alias)) {
      throw validationError(`dependency ${goQuote(dep.Name)} has disallowed characters in the alias`, fileName);
    }
    const key = dep.Alias !== "" ? dep.Alias : dep.Name;
    if (seen.has(key)) throw validationError(`more than one dependency with name or alias ${goQuote(key)}`, fileName);
    seen.add(key);
  }
}

/** Masterminds semver.NewVersion's leniency: optional `v`, missing minor/patch. Returns node-semver text or null. */
export function normaliseVersion(version: string): string | null {
  const m = /^v?(0|[1-9]\d*)(?:\.(0|[1-9]\d*))?(?:\.(0|[1-9]\d*))?(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/.exec(version.trim());
  if (!m) return null;
  return `${m[1]}.${m[2] ?? 0}.${m[3] ?? 0}${m[4] ?? ""}${m[5] ?? ""}`;
}

/** Masterminds' constraint syntax mapped onto node-semver: commas mean AND, spaces after operators allowed. */
export function toNodeSemverRange(constraint: string): string {
  return constraint
    .split("||")
    .map((part) => part.replace(/,/g, " ").replace(/([<>=~^!]+)\s+/g, "$1").trim())
    .join(" || ");
}

/**
 * Answers by constraint and version: dependency processing asks the same few questions for every subchart on every
 * render, and parsing a range is most of the work. Bounded; cleared when full.
 */
const satisfied = new Map<string, Map<string, boolean>>();

/** Does `version` satisfy the Masterminds-style `constraint`? False when either side does not parse (as helm). */
export function satisfiesConstraint(constraint: string, version: string): boolean {
  let byVersion = satisfied.get(constraint);
  if (byVersion === undefined) {
    if (satisfied.size >= 1024) satisfied.clear();
    byVersion = new Map();
    satisfied.set(constraint, byVersion);
  }
  let answer = byVersion.get(version);
  if (answer === undefined) {
    answer = checkConstraint(constraint, version);
    if (byVersion.size >= 256) byVersion.clear();
    byVersion.set(version, answer);
  }
  return answer;
}

function checkConstraint(constraint: string, version: string): boolean {
  const v = normaliseVersion(version);
  if (!v || constraint.trim() === "") return false;
  try {
    // Masterminds lets prereleases match only when the constraint itself names one.
    const includePrerelease = constraint.includes("-");
    return semver.satisfies(v, new semver.Range(toNodeSemverRange(constraint), { loose: true, includePrerelease }));
  } catch {
    return false;
  }
}
