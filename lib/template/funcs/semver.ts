/**
 * Masterminds/semver v3.4.0 as Sprig's semver and semverCompare use it: loose version parsing (leading "v",
 * short forms), the *semver.Version methods templates call, and the constraint language (= != > < >= <=
 * ~ ^, x/* wildcards, hyphen ranges, "," or space for AND, "||" for OR) with its prerelease rule: a version
 * with a prerelease only satisfies an OR group that itself mentions a prerelease.
 */
import { GoInt, type GoMethod, type GoStruct, type GoValue } from "../value";
import { fn, strArg } from "./define";
import { FuncError, type FunctionTable } from "./types";

const VERSION = /^v?([0-9]+)(\.[0-9]+)?(\.[0-9]+)?(-([0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*))?(\+([0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*))?$/;
const MAX_UINT64 = 18446744073709551615n;

export interface Version {
  major: number;
  minor: number;
  patch: number;
  pre: string;
  metadata: string;
  original: string;
}

function segment(text: string): number {
  const n = BigInt(text);
  if (n > MAX_UINT64) throw new FuncError(`Error parsing version segment: strconv.ParseUint: parsing ${JSON.stringify(text)}: value out of range`);
  return Number(n);
}

/** semver.NewVersion; throws FuncError with the library's error text. */
export function parseVersion(v: string): Version {
  const m = VERSION.exec(v);
  if (!m) throw new FuncError("invalid semantic version");
  const version: Version = {
    major: segment(m[1]),
    minor: m[2] ? segment(m[2].slice(1)) : 0,
    patch: m[3] ? segment(m[3].slice(1)) : 0,
    pre: m[5] ?? "",
    metadata: m[8] ?? "",
    original: v,
  };
  for (const part of version.pre ? version.pre.split(".") : []) {
    if (/^[0-9]+$/.test(part) && part.length > 1 && part.startsWith("0")) throw new FuncError("version segment starts with 0");
  }
  return version;
}

export function versionString(v: Version): string {
  return `${v.major}.${v.minor}.${v.patch}${v.pre ? "-" + v.pre : ""}${v.metadata ? "+" + v.metadata : ""}`;
}

function comparePrePart(s: string, o: string): number {
  if (s === o) return 0;
  if (s === "") return -1;
  if (o === "") return 1;
  const sNum = /^[0-9]+$/.test(s);
  const oNum = /^[0-9]+$/.test(o);
  if (!sNum && !oNum) return s > o ? 1 : -1;
  if (!oNum) return -1;
  if (!sNum) return 1;
  return BigInt(s) > BigInt(o) ? 1 : -1;
}

function comparePrerelease(a: string, b: string): number {
  const x = a.split(".");
  const y = b.split(".");
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = comparePrePart(x[i] ?? "", y[i] ?? "");
    if (d !== 0) return d;
  }
  return 0;
}

export function compareVersions(v: Version, o: Version): number {
  for (const k of ["major", "minor", "patch"] as const) {
    if (v[k] !== o[k]) return v[k] > o[k] ? 1 : -1;
  }
  if (v.pre === "" && o.pre === "") return 0;
  if (v.pre === "") return 1;
  if (o.pre === "") return -1;
  return comparePrerelease(v.pre, o.pre);
}

// ---- constraints ---------------------------------------------------------------------------------------------

const CV = String.raw`v?([0-9|xX*]+)(\.[0-9|xX*]+)?(\.[0-9|xX*]+)?(-([0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*))?(\+([0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*))?`;
const OPS = ["!=", ">=", "=>", "<=", "=<", "~>", ">", "<", "=", "~", "^", ""];
const OP_ALT = OPS.map((o) => o.replace(/[\^]/g, "\\^")).join("|");
const CONSTRAINT = new RegExp(String.raw`^\s*(${OP_ALT})\s*(${CV})\s*$`);
const RANGE = new RegExp(String.raw`\s*(${CV})\s+-\s+(${CV})\s*`, "g");
const FIND = new RegExp(String.raw`(${OP_ALT})\s*(${CV})`, "g");
const VALID = new RegExp(String.raw`^(\s*(${OP_ALT})\s*(${CV})\s*)((?:\s+|,\s*)(${OP_ALT})\s*(${CV})\s*)*$`);

interface Constraint {
  op: string;
  con: Version;
  dirty: boolean;
  minorDirty: boolean;
  patchDirty: boolean;
}

const isX = (s: string) => s === "x" || s === "X" || s === "*";

function parseConstraint(c: string): Constraint {
  const m = CONSTRAINT.exec(c);
  if (!m) throw new FuncError(`improper constraint: ${c}`);
  const [major, minor, patch, pre] = [m[3], m[4] ?? "", m[5] ?? "", m[6] ?? ""];
  let ver = m[2];
  let dirty = false;
  let minorDirty = false;
  let patchDirty = false;
  if (isX(major) || major === "") {
    ver = `0.0.0${pre}`;
    dirty = true;
  } else if (isX(minor.replace(/^\./, "")) || minor === "") {
    minorDirty = dirty = true;
    ver = `${major}.0.0${pre}`;
  } else if (isX(patch.replace(/^\./, "")) || patch === "") {
    patchDirty = dirty = true;
    ver = `${major}${minor}.0${pre}`;
  }
  let con: Version;
  try {
    con = parseVersion(ver);
  } catch {
    throw new FuncError("constraint parser error");
  }
  return { op: m[1], con, dirty, minorDirty, patchDirty };
}

function tilde(v: Version, c: Constraint): boolean {
  if (compareVersions(v, c.con) < 0) return false;
  if (c.con.major === 0 && c.con.minor === 0 && c.con.patch === 0 && !c.minorDirty && !c.patchDirty) return true;
  if (v.major !== c.con.major) return false;
  if (v.minor !== c.con.minor && !c.minorDirty) return false;
  return true;
}

function check(v: Version, c: Constraint, includePre: boolean): boolean {
  if (v.pre !== "" && !includePre) return false;
  const cmp = compareVersions(v, c.con);
  switch (c.op) {
    case "":
    case "=":
      return c.dirty ? tilde(v, c) : cmp === 0;
    case "!=":
      if (c.dirty) {
        if (c.con.major !== v.major) return true;
        if (c.con.minor !== v.minor && !c.minorDirty) return true;
        if (c.minorDirty) return false;
        if (c.con.patch !== v.patch && !c.patchDirty) return true;
        if (c.patchDirty) {
          if (v.pre !== "" || c.con.pre !== "") return comparePrerelease(v.pre, c.con.pre) !== 0;
          return false;
        }
      }
      return cmp !== 0;
    case ">":
      if (!c.dirty) return cmp === 1;
      if (v.major > c.con.major) return true;
      if (v.major < c.con.major) return false;
      if (c.minorDirty) return false;
      if (c.patchDirty) return v.minor > c.con.minor;
      return cmp === 1;
    case "<":
      return cmp < 0;
    case ">=":
    case "=>":
      return cmp >= 0;
    case "<=":
    case "=<":
      if (!c.dirty) return cmp <= 0;
      if (v.major > c.con.major) return false;
      if (v.major === c.con.major && v.minor > c.con.minor && !c.minorDirty) return false;
      return true;
    case "~":
    case "~>":
      return tilde(v, c);
    case "^":
      if (cmp < 0) return false;
      if (c.con.major > 0 || c.minorDirty) return v.major === c.con.major;
      if (v.major > 0) return false;
      if (c.con.minor > 0 || c.patchDirty) return v.minor === c.con.minor;
      if (v.minor > 0) return false;
      return c.con.patch === v.patch;
  }
  return false;
}

/** A parsed constraint: OR groups of AND-ed constraints, each group remembering whether it names a prerelease. */
export interface Constraints {
  groups: { constraints: Constraint[]; hasPre: boolean }[];
}

function rewriteRanges(c: string): string {
  let out = c;
  for (const m of c.matchAll(RANGE)) out = out.replace(m[0], `>= ${m[1]}, <= ${m[11]} `);
  return out;
}

/** semver.NewConstraint */
export function parseConstraints(text: string): Constraints {
  const groups = rewriteRanges(text)
    .split("||")
    .map((part) => {
      if (!VALID.test(part)) throw new FuncError(`improper constraint: ${part}`);
      const found = [...part.matchAll(FIND)].map((m) => m[0]);
      const constraints = (found.length ? found : [part]).map(parseConstraint);
      return { constraints, hasPre: constraints.some((c) => c.con.pre !== "") };
    });
  return { groups };
}

export function satisfies(cs: Constraints, v: Version): boolean {
  return cs.groups.some((g) => g.constraints.every((c) => check(v, c, g.hasPre)));
}

/**
 * *semver.Version as a template value: fields via methods, prints as its String(). The Inc* methods return a
 * semver.Version value rather than a pointer, which typeOf shows.
 */
export function versionStruct(v: Version, pointer = true): GoStruct {
  const uint = (n: number) => new GoInt(n, "uint64");
  const other = (o: GoValue): Version => {
    const ov = (o as GoStruct & { version?: Version })?.version;
    if (!ov) throw new FuncError("wrong type for value; expected *semver.Version");
    return ov;
  };
  const methods: Record<string, GoMethod> = {
    Major: () => uint(v.major),
    Minor: () => uint(v.minor),
    Patch: () => uint(v.patch),
    Prerelease: () => v.pre,
    Metadata: () => v.metadata,
    Original: () => v.original,
    String: () => versionString(v),
    Compare: (o) => new GoInt(compareVersions(v, other(o))),
    LessThan: (o) => compareVersions(v, other(o)) < 0,
    GreaterThan: (o) => compareVersions(v, other(o)) > 0,
    Equal: (o) => compareVersions(v, other(o)) === 0,
    LessThanEqual: (o) => compareVersions(v, other(o)) <= 0,
    GreaterThanEqual: (o) => compareVersions(v, other(o)) >= 0,
    IncMajor: () => versionStruct({ ...v, major: v.major + 1, minor: 0, patch: 0, pre: "", metadata: "", original: `${v.major + 1}.0.0` }, false),
    IncMinor: () => versionStruct({ ...v, minor: v.minor + 1, patch: 0, pre: "", metadata: "", original: `${v.major}.${v.minor + 1}.0` }, false),
    IncPatch: () => {
      const patch = v.pre === "" ? v.patch + 1 : v.patch;
      return versionStruct({ ...v, patch, pre: "", metadata: "", original: `${v.major}.${v.minor}.${patch}` }, false);
    },
  };
  const struct: GoStruct & { version: Version } = {
    version: v,
    goType: pointer ? "*semver.Version" : "semver.Version",
    goKind: pointer ? "ptr" : "struct",
    field: () => undefined,
    method: (name) => methods[name],
    format: () => versionString(v),
    toJSONValue: () => versionString(v),
  };
  return struct;
}

export function semverFunctions(): FunctionTable {
  return {
    semver: fn(["string"], ([s]) => versionStruct(parseVersion(strArg(s)))),
    semverCompare: fn(["string", "string"], ([c, v]) => {
      const constraints = parseConstraints(strArg(c));
      return satisfies(constraints, parseVersion(strArg(v)));
    }),
  };
}
