/**
 * Helm's template engine over a chart tree: one template set named "gotpl" holding every template file of the
 * chart and its subcharts (named `<chart path>/templates/<file>`), parsed deepest-first in reverse lexical order so
 * the shallowest, alphabetically-first `define` wins; files executed in the same order with the dot object Helm
 * builds (Values, Release, Chart, Files, Capabilities, Template, Subcharts); Helm's include, tpl, required, fail
 * and lookup; `<no value>` stripped from every file; and Helm's error texts.
 *
 * The chart loader and values coalescing live elsewhere: callers pass each chart with its coalesced values.
 */
import { GoInt, GoMap, type GoStruct, type GoValue } from "./value";
import { FuncError, type FuncContext, type FunctionTable, type TemplateFunction } from "./funcs/types";
import { sprintf } from "./fmt";
import {
  ExecError,
  helmExecErrorText,
  helmParseErrorText,
  LimitError,
  ParseError,
  RenderError,
  WrappedError,
  type TemplateDiagnostic,
} from "./errors";
import { BUILTINS } from "./builtins";
import { TemplateSet } from "./exec/template-set";
import { executeTree, isStackOverflow, prepareExecution, stackLimitError, type ExecEnv } from "./exec/executor";
import { Budget, type RenderLimits } from "./exec/budget";
import { HelmFiles } from "./exec/helm/files";
import { buildCapabilities, type CapabilitiesInput } from "./exec/helm/capabilities";
import { goQuote } from "./parse/quote";
import type { Tree } from "./parse/parser";
import { helmCodecFunctions, sprigFunctions } from "./funcs";

/** One chart of the tree, as the chart loader hands it over. */
export interface ChartInput {
  /** Chart name (Chart.yaml `name`). */
  name: string;
  /** Chart.yaml fields by their YAML names (apiVersion, name, version, appVersion, description, type, …). */
  metadata: Record<string, unknown>;
  /** Files under templates/, with paths relative to the chart root ("templates/deployment.yaml"). */
  templates: ReadonlyArray<{ name: string; data: string }>;
  /** What `.Files` holds: chart files except Chart.yaml, values.yaml, templates/, charts/ and .helmignore'd ones. */
  files: ReadonlyArray<{ name: string; data: Uint8Array | string }>;
  /** This chart's coalesced values (for a subchart: the parent's `<name>` table merged with its defaults). */
  values: GoMap;
  /** Enabled subcharts. */
  dependencies: readonly ChartInput[];
}

export interface ReleaseInput {
  name?: string;
  namespace?: string;
  revision?: number;
  isUpgrade?: boolean;
  isInstall?: boolean;
  service?: string;
}

export type LookupFunction = (apiVersion: string, kind: string, namespace: string, name: string) => GoMap;

export interface RenderOptions {
  /**
   * Sprig and Helm codec functions (default: lib/template/funcs' sprigFunctions + helmCodecFunctions);
   * include, tpl, required, fail, lookup and the builtins are added here.
   */
  functions?: FunctionTable;
  release?: ReleaseInput;
  capabilities?: CapabilitiesInput;
  /** `lookup` against a cluster; by default it returns an empty map, as `helm template` does. */
  lookup?: LookupFunction;
  /** Clock, randomness and time zone for the functions (now, randAlphaNum, date, …). */
  funcContext?: Partial<FuncContext>;
  limits?: RenderLimits;
  /** missingkey=error (Helm's --strict lint mode) instead of missingkey=zero. */
  strict?: boolean;
  /** Clock for the deadline in `limits.timeoutMs`; defaults to Date.now. */
  clock?: () => number;
}

/**
 * A template with its chart's dot data as plain values (the shape lib/chart's buildRenderInputs produces):
 * templates of one chart share one `dot` object, and so share one `.Values` and one dot map at render time.
 */
export interface TemplateInput {
  /** Full name, e.g. `mychart/charts/sub/templates/deploy.yaml`. */
  name: string;
  /** `.Template.BasePath`, e.g. `mychart/charts/sub/templates`. */
  basePath: string;
  source: string;
  dot: DotInput;
}

export interface DotInput {
  Values: GoMap;
  /** Chart.yaml metadata with Go field names (Name, Version, APIVersion, …) and IsRoot. */
  Chart: object;
  Files: ReadonlyMap<string, Uint8Array>;
  Release: { Name: string; Namespace: string; IsUpgrade: boolean; IsInstall: boolean; Revision: number; Service: string };
  Capabilities: {
    KubeVersion: { Version: string };
    APIVersions: readonly string[];
    HelmVersion: { Version: string; GitCommit: string; GitTreeState: string; GoVersion: string; KubeClientVersion: string };
  };
  Subcharts: Record<string, DotInput>;
}

const ROOT_NAME = "gotpl";

let defaultLibrary: FunctionTable | null = null;

/** Sprig plus Helm's codec functions, built once. */
export function helmFunctionLibrary(): FunctionTable {
  if (defaultLibrary === null) defaultLibrary = { ...sprigFunctions(), ...helmCodecFunctions() };
  return defaultLibrary;
}
const WARN_START = "HELM_ERR_START";
const WARN_END = "HELM_ERR_END";

/** Go's Chart metadata field names, keyed by their Chart.yaml spelling; `.Chart` shows the Go names. */
const CHART_FIELDS: ReadonlyArray<readonly [string, string, "string" | "list" | "map" | "bool"]> = [
  ["name", "Name", "string"],
  ["home", "Home", "string"],
  ["sources", "Sources", "list"],
  ["version", "Version", "string"],
  ["description", "Description", "string"],
  ["keywords", "Keywords", "list"],
  ["maintainers", "Maintainers", "list"],
  ["icon", "Icon", "string"],
  ["apiVersion", "APIVersion", "string"],
  ["condition", "Condition", "string"],
  ["tags", "Tags", "string"],
  ["appVersion", "AppVersion", "string"],
  ["deprecated", "Deprecated", "bool"],
  ["annotations", "Annotations", "map"],
  ["kubeVersion", "KubeVersion", "string"],
  ["dependencies", "Dependencies", "list"],
  ["type", "Type", "string"],
];

function toGo(v: unknown): GoValue {
  if (v === null || v === undefined) return null;
  if (typeof v === "string" || typeof v === "boolean" || typeof v === "number") return v;
  if (v instanceof GoMap || v instanceof GoInt || v instanceof Uint8Array) return v;
  if (Array.isArray(v)) return v.map(toGo);
  if (typeof v === "object") {
    if ("goType" in v) return v as GoStruct;
    return new GoMap(
      Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, toGo(x)] as [string, GoValue]),
    );
  }
  return String(v);
}

/** Go field names of the structs inside Chart metadata (Maintainers, Dependencies), by YAML name. */
const NESTED_FIELDS: Record<string, string> = {
  name: "Name",
  email: "Email",
  url: "URL",
  version: "Version",
  repository: "Repository",
  condition: "Condition",
  tags: "Tags",
  enabled: "Enabled",
  "import-values": "ImportValues",
  alias: "Alias",
};

/** A list of Chart.yaml objects as Go structs would answer field access: `.Name`, `.Email`, … */
function goNamedList(v: unknown): GoValue {
  if (!Array.isArray(v)) return toGo(v);
  return v.map((item) => {
    if (item === null || typeof item !== "object" || item instanceof GoMap) return toGo(item);
    return new GoMap(Object.entries(item as Record<string, unknown>).map(([k, x]) => [NESTED_FIELDS[k] ?? k, toGo(x)] as [string, GoValue]));
  });
}

function chartObject(metadata: Record<string, unknown>, isRoot: boolean): GoMap {
  const m = new GoMap();
  for (const [yamlName, goName, kind] of CHART_FIELDS) {
    const v = metadata[yamlName];
    if (v !== undefined && v !== null) m.set(goName, yamlName === "maintainers" || yamlName === "dependencies" ? goNamedList(v) : toGo(v));
    else m.set(goName, kind === "string" ? "" : kind === "bool" ? false : kind === "map" ? new GoMap(null, "map[string]string") : []);
  }
  m.set("IsRoot", isRoot);
  return m;
}

function releaseObject(r: ReleaseInput): GoMap {
  return new GoMap([
    ["Name", r.name ?? "release-name"],
    ["Namespace", r.namespace ?? "default"],
    ["IsUpgrade", r.isUpgrade ?? false],
    ["IsInstall", r.isInstall ?? !(r.isUpgrade ?? false)],
    ["Revision", new GoInt(r.revision ?? 1)],
    ["Service", r.service ?? "Helm"],
  ]);
}

interface Renderable {
  name: string;
  text: string;
  dot: GoMap;
  basePath: string;
}

function baseName(p: string): string {
  return p.slice(p.lastIndexOf("/") + 1);
}

function slashCount(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) === 0x2f) n++;
  return n;
}

/** Helm's order: fewer slashes first, then bytewise, and the whole list reversed. */
function sortTemplateNames(names: string[]): string[] {
  const slashes = new Map<string, number>();
  for (const n of names) slashes.set(n, slashCount(n));
  return names
    .sort((a, b) => {
      const ca = slashes.get(a)!;
      const cb = slashes.get(b)!;
      if (ca !== cb) return ca - cb;
      return a < b ? -1 : a > b ? 1 : 0;
    })
    .reverse();
}

/** Collects the templates of a chart and its dependencies, building each chart's dot object. */
function collectTemplates(
  chart: ChartInput,
  fullPath: string,
  isRoot: boolean,
  release: GoMap,
  capabilities: GoStruct,
  out: Map<string, Renderable>,
): GoMap {
  const subcharts = new GoMap();
  const values = chart.values;
  if (isRoot) values.typeName = "common.Values";
  const dot = new GoMap(
    [
      ["Chart", chartObject(chart.metadata, isRoot)],
      ["Files", HelmFiles.fromEntries(chart.files.map((f) => [f.name, f.data] as const))],
      ["Release", release],
      ["Capabilities", capabilities],
      ["Values", values],
      ["Subcharts", subcharts],
    ],
    "common.Values",
  );
  for (const dep of chart.dependencies) {
    subcharts.set(dep.name, collectTemplates(dep, `${fullPath}/charts/${dep.name}`, false, release, capabilities, out));
  }
  const isLibrary = chart.metadata.type === "library";
  for (const t of chart.templates) {
    if (isLibrary && !baseName(t.name).startsWith("_")) continue;
    const name = `${fullPath}/${t.name}`;
    out.set(name, { name, text: t.data, dot, basePath: `${fullPath}/templates` });
  }
  return dot;
}

function defaultRandomBytes(n: number): Uint8Array {
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i += 65536) crypto.getRandomValues(b.subarray(i, Math.min(n, i + 65536)));
  return b;
}

function helmFunction(params: TemplateFunction["params"], call: (args: GoValue[]) => GoValue): TemplateFunction {
  return { params, call: (_ctx, args) => call(args) };
}

/**
 * The per-render state Helm's include/tpl close over: the template sets, the shared include depth counter and
 * the execution environment.
 */
class HelmRender {
  /**
   * Helm's per-name include nesting counter, shared by all files and tpl calls of one render: one counter object per
   * name, changed in place (an include looks its name up once instead of also writing the map twice).
   */
  readonly includeDepth = new Map<string, { depth: number }>();
  readonly funcContext: FuncContext;
  readonly budget: Budget;
  /** Functions bound to this render (lookup, required, fail, getHostByName); include and tpl are bound per set. */
  private readonly renderFunctions: FunctionTable;

  constructor(private readonly options: RenderOptions) {
    this.funcContext = {
      ...options.funcContext,
      now: options.funcContext?.now ?? (() => new Date()),
      randomBytes: options.funcContext?.randomBytes ?? defaultRandomBytes,
      timeZone: options.funcContext?.timeZone ?? "UTC",
    };
    this.budget = new Budget(options.limits ?? {}, options.clock);
    const lookup = options.lookup;
    this.renderFunctions = {
      required: helmFunction(["string", "interface {}"], ([warn, val]) => {
        if (val === null || val === "") throw new FuncError(sprintf(WARN_START + (warn as string) + WARN_END, []));
        return val;
      }),
      fail: helmFunction(["string"], ([msg]) => {
        throw new FuncError(WARN_START + (msg as string) + WARN_END);
      }),
      lookup: helmFunction(["string", "string", "string", "string"], (a) =>
        lookup ? lookup(a[0] as string, a[1] as string, a[2] as string, a[3] as string) : new GoMap(),
      ),
      getHostByName: helmFunction(["string"], () => ""),
    };
  }

  /**
   * A new template set whose include and tpl are bound to it: for the render, a clone of the function library's
   * shared base set; for tpl, a clone of the calling set.
   */
  newSet(parent?: TemplateSet): TemplateSet {
    const include = new IncludeFunction(this);
    const tpl = new TplFunction(this);
    const set = parent
      ? parent.clone({ include, tpl })
      : baseSet(this.options.functions ?? helmFunctionLibrary()).clone({ ...this.renderFunctions, include, tpl });
    include.bind(set);
    tpl.bind(set);
    return set;
  }

  env(set: TemplateSet): ExecEnv {
    return { set, funcContext: this.funcContext, budget: this.budget, missingKeyError: this.options.strict ?? false };
  }

  tpl(parent: TemplateSet, text: string, data: GoValue): string {
    const set = this.newSet(parent);
    let tree: Tree;
    try {
      tree = set.parse(ROOT_NAME, text);
    } catch (e) {
      if (isStackOverflow(e)) throw stackLimitError();
      throw new WrappedError(`cannot parse template ${goQuote(text)}`, e as Error);
    }
    let out: string;
    try {
      // The parsed tree itself, not a lookup: an empty text does not replace an outer tpl's "gotpl" in the set.
      out = executeTree(this.env(set), tree, data);
    } catch (e) {
      if (e instanceof LimitError || isStackOverflow(e)) throw e;
      throw new WrappedError(`error during tpl function execution for ${goQuote(text)}`, e as Error);
    }
    return out.replaceAll("<no value>", "");
  }
}

/** Names every render binds to its own implementation; the shared base set only reserves them. */
const RENDER_BOUND = ["include", "tpl", "required", "fail", "lookup", "getHostByName"];

const PLACEHOLDER: TemplateFunction = {
  params: [],
  variadic: "interface {}",
  call: () => {
    throw new FuncError("function is bound per render");
  },
};

const baseSets = new WeakMap<FunctionTable, TemplateSet>();

/**
 * One template set per function library, holding the functions and no templates, shared by all renders: a render
 * clones it, so the library's function map (and its parse-cache signature) is built once, not per render.
 */
function baseSet(functions: FunctionTable): TemplateSet {
  let set = baseSets.get(functions);
  if (set === undefined) {
    const fns: FunctionTable = { ...functions };
    // Helm deletes these from Sprig's map: templates may not read the environment.
    delete fns.env;
    delete fns.expandenv;
    for (const name of RENDER_BOUND) fns[name] = PLACEHOLDER;
    set = new TemplateSet(ROOT_NAME, fns, BUILTINS, undefined, RENDER_BOUND);
    baseSets.set(functions, set);
  }
  return set;
}

/** Helm's include, as an object whose call goes straight to the render (no wrapper closures on the stack). */
class IncludeFunction implements TemplateFunction {
  readonly params = ["string", "interface {}"] as const;
  /** The set this include executes in; bound right after the set is made (the set holds this function). */
  private set!: TemplateSet;
  private env!: ExecEnv;
  constructor(private readonly render: HelmRender) {}

  bind(set: TemplateSet): void {
    this.set = set;
    this.env = this.render.env(set);
  }

  call(_ctx: FuncContext, args: GoValue[]): GoValue {
    const name = args[0] as string;
    const render = this.render;
    let counter = render.includeDepth.get(name);
    if (counter === undefined) render.includeDepth.set(name, (counter = { depth: 0 }));
    if (counter.depth > render.budget.maxIncludeDepth) {
      throw new WrappedError(`rendering template has a nested reference name: ${name}`, new Error("unable to execute template"));
    }
    counter.depth++;
    try {
      const tree = this.set.lookup(name);
      if (tree === undefined) throw new Error(`template: no template ${goQuote(name)} associated with template ${goQuote(ROOT_NAME)}`);
      return prepareExecution(this.env, tree).execute(args[1]);
    } finally {
      counter.depth--;
    }
  }
}

/** Helm's tpl: parse the text in a clone of the set, execute it, strip `<no value>`. */
class TplFunction implements TemplateFunction {
  readonly params = ["string", "interface {}"] as const;
  private set!: TemplateSet;
  constructor(private readonly render: HelmRender) {}

  bind(set: TemplateSet): void {
    this.set = set;
  }

  call(_ctx: FuncContext, args: GoValue[]): GoValue {
    return this.render.tpl(this.set, args[0] as string, args[1]);
  }
}

/** A limit as Helm would print an execution error there (one frame: position, template, node), or its bare text. */
function limitError(e: LimitError, file = ""): RenderError {
  return new RenderError(e.location ? helmExecErrorText(file, e) : e.message, "limit", e.diagnostic, e);
}

function execFailure(file: string, e: unknown): RenderError {
  if (e instanceof LimitError) return limitError(e, file);
  if (isStackOverflow(e)) return limitError(stackLimitError());
  if (e instanceof ExecError) {
    const diagnostic = e.diagnostic;
    // required/fail: the editor shows the user's message, without Helm's sentinels or "error calling".
    const warn = /HELM_ERR_START([\s\S]*)HELM_ERR_END/.exec(diagnostic.message);
    if (warn) diagnostic.message = warn[1];
    return new RenderError(helmExecErrorText(file, e), "exec", diagnostic, e);
  }
  const err = e instanceof Error ? e : new Error(String(e));
  return new RenderError(`rendering template failed: ${err.message}`, "internal", null, err);
}

/**
 * Renders every template of a chart tree as `helm template` does before it splits manifests: returns the output of
 * each non-partial file (NOTES.txt included), keyed by template name, in execution order. Throws RenderError.
 */
export function renderChartTemplates(chart: ChartInput, options: RenderOptions = {}): Map<string, string> {
  const templates = new Map<string, Renderable>();
  const release = releaseObject(options.release ?? {});
  collectTemplates(chart, chart.name, true, release, buildCapabilities(options.capabilities), templates);
  return renderAll(templates, options);
}

/** Like renderChartTemplates, for templates that come with their dot data already built (see TemplateInput). */
export function renderTemplates(inputs: readonly TemplateInput[], options: RenderOptions = {}): Map<string, string> {
  const dots = new Map<DotInput, GoMap>();
  const shared = { release: new Map<object, GoMap>(), capabilities: new Map<object, GoStruct>() };
  const templates = new Map<string, Renderable>();
  for (const t of inputs) {
    templates.set(t.name, { name: t.name, text: t.source, dot: dotObject(t.dot, dots, shared), basePath: t.basePath });
  }
  return renderAll(templates, options);
}

function dotObject(
  d: DotInput,
  dots: Map<DotInput, GoMap>,
  shared: { release: Map<object, GoMap>; capabilities: Map<object, GoStruct> },
): GoMap {
  const existing = dots.get(d);
  if (existing) return existing;
  let release = shared.release.get(d.Release);
  if (!release) {
    const r = d.Release;
    release = releaseObject({ name: r.Name, namespace: r.Namespace, isUpgrade: r.IsUpgrade, isInstall: r.IsInstall, revision: r.Revision, service: r.Service });
    shared.release.set(d.Release, release);
  }
  let caps = shared.capabilities.get(d.Capabilities);
  if (!caps) {
    const c = d.Capabilities;
    caps = buildCapabilities({
      kubeVersion: c.KubeVersion.Version,
      apiVersions: c.APIVersions,
      helmVersion: {
        version: c.HelmVersion.Version,
        gitCommit: c.HelmVersion.GitCommit,
        gitTreeState: c.HelmVersion.GitTreeState,
        goVersion: c.HelmVersion.GoVersion,
        kubeClientVersion: c.HelmVersion.KubeClientVersion,
      },
    });
    shared.capabilities.set(d.Capabilities, caps);
  }
  const chart = toGo(d.Chart) as GoMap;
  const subcharts = new GoMap();
  const dot = new GoMap(
    [
      ["Chart", chart],
      ["Files", new HelmFiles(d.Files)],
      ["Release", release],
      ["Capabilities", caps],
      ["Values", d.Values],
      ["Subcharts", subcharts],
    ],
    "common.Values",
  );
  dots.set(d, dot);
  for (const [name, sub] of Object.entries(d.Subcharts)) subcharts.set(name, dotObject(sub, dots, shared));
  return dot;
}

/** Parses all templates into one set in Helm's order, then executes the non-partials in the same order. */
function renderAll(templates: Map<string, Renderable>, options: RenderOptions): Map<string, string> {
  const render = new HelmRender(options);
  const order = sortTemplateNames(Array.from(templates.keys()));
  const set = render.newSet();
  for (const name of order) {
    try {
      set.parse(name, templates.get(name)!.text);
    } catch (e) {
      if (e instanceof ParseError) throw new RenderError(helmParseErrorText(name, e), "parse", e.diagnostic, e);
      if (isStackOverflow(e)) throw limitError(stackLimitError());
      throw e;
    }
  }

  const rendered = new Map<string, string>();
  const env = render.env(set);
  for (const name of order) {
    if (baseName(name).startsWith("_")) continue;
    const r = templates.get(name)!;
    r.dot.set("Template", new GoMap([["Name", name], ["BasePath", r.basePath]], "common.Values"));
    const tree = set.lookup(name);
    if (tree === undefined) continue;
    let out: string;
    try {
      out = executeTree(env, tree, r.dot);
    } catch (e) {
      throw execFailure(name, e);
    }
    rendered.set(name, out.replaceAll("<no value>", ""));
  }
  return rendered;
}

export type { TemplateDiagnostic };
