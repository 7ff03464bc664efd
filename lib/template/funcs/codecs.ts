/**
 * The serialisation functions: Sprig's JSON family and Helm's overrides (toYaml, fromYaml, toJson, fromJson,
 * toToml, fromToml, …), thin wrappers over lib/template/codec that turn codec errors into what each function
 * does with them: an empty string, a `map[Error:…]` entry, a one-element list, or a template error.
 */
import * as codec from "../codec";
import { GoMap, goSlice, type GoValue } from "../value";
import { fn } from "./define";
import { FuncError, type FunctionTable } from "./types";

/** A decoded document whose shape does not fit the Go target (an array where a map was wanted, …). */
class ShapeError extends Error {}

/** Go-level failures carry Go's error text; anything else is a bug and must not be swallowed. */
function isGoError(e: unknown): e is Error {
  return e instanceof codec.CodecError || e instanceof codec.YamlError || e instanceof ShapeError;
}

function attempt<T>(f: () => T): { ok: true; value: T } | { ok: false; error: string; partial?: GoValue } {
  try {
    return { ok: true, value: f() };
  } catch (e) {
    if (!isGoError(e)) throw e;
    return { ok: false, error: e.message, partial: e instanceof codec.CodecError ? e.partial : undefined };
  }
}

function must<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (!isGoError(e)) throw e;
    throw new FuncError(e.message);
  }
}

/** What encoding/json reports when a decoded value does not fit the Go target type. */
function jsonKind(v: GoValue): string {
  if (v instanceof GoMap) return "object";
  if (Array.isArray(v)) return "array";
  if (typeof v === "string") return "string";
  if (typeof v === "boolean") return "bool";
  return "number";
}

const MAP_TYPE = "map[string]interface {}";
const LIST_TYPE = "[]interface {}";

/** Decodes into a map as Go's Unmarshal(&map) would; wrong shapes are type errors. */
function decodeInto(kind: "map" | "list", decode: () => GoValue, typeErrorPrefix: string): GoValue {
  const v = decode();
  if (v === null) return kind === "map" ? new GoMap() : goSlice([]);
  if (kind === "map" && v instanceof GoMap) return new GoMap(v);
  if (kind === "list" && Array.isArray(v)) return goSlice([...v]);
  throw new ShapeError(`${typeErrorPrefix}json: cannot unmarshal ${jsonKind(v)} into Go value of type ${kind === "map" ? MAP_TYPE : LIST_TYPE}`);
}

const SIGS_YAML_TYPE_ERROR = "error unmarshaling JSON: while decoding JSON: ";

/** Helm's `m["Error"] = err.Error()` on the map Unmarshal filled as far as it got. */
function errorMap(message: string, partial?: GoValue): GoMap {
  const m = partial instanceof GoMap ? new GoMap(partial) : new GoMap();
  m.set("Error", message);
  return m;
}

function toYaml(v: GoValue): string {
  return codec.marshalYaml(v).replace(/\n$/, "");
}

function toYamlPretty(v: GoValue): string {
  return codec.marshalYamlV3(v).replace(/\n$/, "");
}

function sprigJson(): FunctionTable {
  const compact = (v: GoValue) => codec.marshalJson(v);
  const pretty = (v: GoValue) => codec.marshalJson(v, { indent: "  " });
  const raw = (v: GoValue) => codec.marshalJson(v, { escapeHtml: false });
  const orEmpty = (f: (v: GoValue) => string) => fn(["interface {}"], ([v]) => {
    const r = attempt(() => f(v));
    return r.ok ? r.value : "";
  });
  const orError = (f: (v: GoValue) => string) => fn(["interface {}"], ([v]) => must(() => f(v)));
  return {
    fromJson: fn(["string"], ([s]) => {
      const r = attempt(() => codec.unmarshalJson(String(s)));
      return r.ok ? r.value : null;
    }),
    mustFromJson: fn(["string"], ([s]) => must(() => codec.unmarshalJson(String(s)))),
    toJson: orEmpty(compact),
    mustToJson: orError(compact),
    toPrettyJson: orEmpty(pretty),
    mustToPrettyJson: orError(pretty),
    // Sprig's toRawJson panics on an encoding error rather than returning "".
    toRawJson: orError(raw),
    mustToRawJson: orError(raw),
    getHostByName: fn(["string"], () => ""),
  };
}

function helmOverrides(): FunctionTable {
  return {
    toYaml: fn(["interface {}"], ([v]) => {
      const r = attempt(() => toYaml(v));
      return r.ok ? r.value : "";
    }),
    mustToYaml: fn(["interface {}"], ([v]) => must(() => toYaml(v))),
    toYamlPretty: fn(["interface {}"], ([v]) => {
      const r = attempt(() => toYamlPretty(v));
      return r.ok ? r.value : "";
    }),
    fromYaml: fn(["string"], ([s]) => {
      const r = attempt(() => decodeInto("map", () => codec.loadYaml(String(s)), SIGS_YAML_TYPE_ERROR));
      return r.ok ? r.value : errorMap(r.error, r.partial);
    }),
    fromYamlArray: fn(["string"], ([s]) => {
      const r = attempt(() => decodeInto("list", () => codec.loadYaml(String(s)), SIGS_YAML_TYPE_ERROR));
      return r.ok ? r.value : goSlice([r.error]);
    }),
    toJson: fn(["interface {}"], ([v]) => {
      const r = attempt(() => codec.marshalJson(v));
      return r.ok ? r.value : "";
    }),
    mustToJson: fn(["interface {}"], ([v]) => must(() => codec.marshalJson(v))),
    fromJson: fn(["string"], ([s]) => {
      const r = attempt(() => decodeInto("map", () => codec.unmarshalJson(String(s)), ""));
      return r.ok ? r.value : errorMap(r.error, r.partial);
    }),
    fromJsonArray: fn(["string"], ([s]) => {
      const r = attempt(() => decodeInto("list", () => codec.unmarshalJson(String(s)), ""));
      return r.ok ? r.value : goSlice([r.error]);
    }),
    toToml: fn(["interface {}"], ([v]) => {
      const r = attempt(() => codec.marshalToml(v));
      return r.ok ? r.value : r.error;
    }),
    fromToml: fn(["string"], ([s]) => {
      const r = attempt(() => decodeInto("map", () => codec.unmarshalToml(String(s)), ""));
      return r.ok ? r.value : errorMap(r.error, r.partial);
    }),
    // Helm replaces Sprig's DNS lookup; with DNS disabled (the default) it answers "".
    getHostByName: fn(["string"], () => ""),
  };
}

/** "sprig": Sprig's own JSON functions; "helm": the functions Helm registers over them. */
export function helmCodecTable(which: "sprig" | "helm"): FunctionTable {
  return which === "sprig" ? sprigJson() : helmOverrides();
}
