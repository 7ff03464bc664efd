/**
 * The serialisation functions: Sprig's JSON family and Helm's overrides (toYaml, fromYaml, toJson, fromJson,
 * toToml, fromToml, …), thin wrappers over lib/template/codec that turn codec errors into what each function
 * does with them: an empty string, a `map[Error:…]` entry, a one-element list, or a template error.
 */
import * as codec from "../codec";
import { DecodedCache } from "../codec/decoded-cache";
import { GoMap, goSlice, sliceElemType, type GoValue } from "../value";
import { fn } from "./define";
import { FuncError, type FunctionTable } from "./types";

/** A decoded document whose shape does not fit the Go target (an array where a map was wanted, …). */
class ShapeError extends Error {}

/** Go-level failures carry Go's error text; anything else is a bug and must not be swallowed. */
function isGoError(e: unknown): e is Error {
  return e instanceof codec.CodecError || e instanceof codec.YamlError || e instanceof ShapeError;
}

/**
 * What a function returns when its codec fails with a Go error: the error text and, for a decoder that got
 * part of the way (an Unmarshal into a map), the value it had filled. Anything else is rethrown.
 */
function goFailure(e: unknown): { error: string; partial?: GoValue } {
  if (!isGoError(e)) throw e;
  return { error: e.message, partial: e instanceof codec.CodecError ? e.partial : undefined };
}

/** f(v), or "" when it fails with a Go error (the toJson/toYaml convention). Plain functions, no closures per call. */
function orEmpty(f: (v: GoValue) => string, v: GoValue): string {
  try {
    return f(v);
  } catch (e) {
    goFailure(e);
    return "";
  }
}

/** Decodes `text` into a map; a Go error becomes Helm's `m["Error"]` entry on what was decoded so far. */
function mapOrErrorMap(decode: (s: string) => GoValue, text: string, typeErrorPrefix: string): GoMap {
  try {
    return decodeInto("map", decode, text, typeErrorPrefix) as GoMap;
  } catch (e) {
    const f = goFailure(e);
    return errorMap(f.error, f.partial);
  }
}

/** Decodes `text` into a list; a Go error becomes a one-element list holding its text. */
function listOrErrorList(decode: (s: string) => GoValue, text: string, typeErrorPrefix: string): GoValue {
  try {
    return decodeInto("list", decode, text, typeErrorPrefix);
  } catch (e) {
    return goSlice([goFailure(e).error]);
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

/**
 * Decodes into a map or list as Go's Unmarshal(&target) would; wrong shapes are type errors. The decoders build
 * fresh plain maps and slices, which are returned as they are.
 */
function decodeInto(kind: "map" | "list", decode: (s: string) => GoValue, text: string, typeErrorPrefix: string): GoValue {
  const v = decode(text);
  if (v === null) return kind === "map" ? new GoMap() : goSlice([]);
  if (kind === "map" && v instanceof GoMap) return v.typeName === MAP_TYPE ? v : new GoMap(v);
  if (kind === "list" && Array.isArray(v)) return sliceElemType(v) === "interface {}" ? v : goSlice([...v]);
  throw new ShapeError(`${typeErrorPrefix}json: cannot unmarshal ${jsonKind(v)} into Go value of type ${kind === "map" ? MAP_TYPE : LIST_TYPE}`);
}

const SIGS_YAML_TYPE_ERROR = "error unmarshaling JSON: while decoding JSON: ";

/** Helm's `m["Error"] = err.Error()` on the map Unmarshal filled as far as it got. */
function errorMap(message: string, partial?: GoValue): GoMap {
  const m = partial instanceof GoMap ? new GoMap(partial) : new GoMap();
  m.set("Error", message);
  return m;
}

/**
 * What fromYaml and fromYamlArray decoded before: texts of up to 16 KiB, 1 MiB in all. Bitnami's common library
 * sends the same few documents through `toYaml | fromYaml` hundreds of times per render; each call still gets a
 * value of its own.
 */
const yamlDocuments = new DecodedCache(16_384, 1 << 20);

function loadYamlRemembered(text: string): GoValue {
  const known = yamlDocuments.recall(text);
  if (known !== undefined) return known;
  const value = codec.loadYaml(text);
  yamlDocuments.remember(text, value);
  return value;
}

function withoutFinalNewline(s: string): string {
  return s.endsWith("\n") ? s.slice(0, -1) : s;
}

function toYaml(v: GoValue): string {
  return withoutFinalNewline(codec.marshalYaml(v));
}

function toYamlPretty(v: GoValue): string {
  return withoutFinalNewline(codec.marshalYamlV3(v));
}

function toJson(v: GoValue): string {
  return codec.marshalJson(v);
}

const PRETTY: codec.JsonOptions = { indent: "  " };
const RAW: codec.JsonOptions = { escapeHtml: false };

function toPrettyJson(v: GoValue): string {
  return codec.marshalJson(v, PRETTY);
}

function toRawJson(v: GoValue): string {
  return codec.marshalJson(v, RAW);
}

function sprigJson(): FunctionTable {
  const orError = (f: (v: GoValue) => string) => fn(["interface {}"], ([v]) => must(() => f(v)));
  return {
    fromJson: fn(["string"], ([s]) => {
      try {
        return codec.unmarshalJson(String(s));
      } catch (e) {
        goFailure(e);
        return null;
      }
    }),
    mustFromJson: fn(["string"], ([s]) => must(() => codec.unmarshalJson(String(s)))),
    toJson: fn(["interface {}"], ([v]) => orEmpty(toJson, v)),
    mustToJson: orError(toJson),
    toPrettyJson: fn(["interface {}"], ([v]) => orEmpty(toPrettyJson, v)),
    mustToPrettyJson: orError(toPrettyJson),
    // Sprig's toRawJson panics on an encoding error rather than returning "".
    toRawJson: orError(toRawJson),
    mustToRawJson: orError(toRawJson),
    getHostByName: fn(["string"], () => ""),
  };
}

function helmOverrides(): FunctionTable {
  return {
    toYaml: fn(["interface {}"], ([v]) => orEmpty(toYaml, v)),
    mustToYaml: fn(["interface {}"], ([v]) => must(() => toYaml(v))),
    toYamlPretty: fn(["interface {}"], ([v]) => orEmpty(toYamlPretty, v)),
    fromYaml: fn(["string"], ([s]) => mapOrErrorMap(loadYamlRemembered, String(s), SIGS_YAML_TYPE_ERROR)),
    fromYamlArray: fn(["string"], ([s]) => listOrErrorList(loadYamlRemembered, String(s), SIGS_YAML_TYPE_ERROR)),
    toJson: fn(["interface {}"], ([v]) => orEmpty(toJson, v)),
    mustToJson: fn(["interface {}"], ([v]) => must(() => toJson(v))),
    fromJson: fn(["string"], ([s]) => mapOrErrorMap(codec.unmarshalJson, String(s), "")),
    fromJsonArray: fn(["string"], ([s]) => listOrErrorList(codec.unmarshalJson, String(s), "")),
    toToml: fn(["interface {}"], ([v]) => {
      try {
        return codec.marshalToml(v);
      } catch (e) {
        return goFailure(e).error;
      }
    }),
    fromToml: fn(["string"], ([s]) => mapOrErrorMap(codec.unmarshalToml, String(s), "")),
    // Helm replaces Sprig's DNS lookup; with DNS disabled (the default) it answers "".
    getHostByName: fn(["string"], () => ""),
  };
}

/** "sprig": Sprig's own JSON functions; "helm": the functions Helm registers over them. */
export function helmCodecTable(which: "sprig" | "helm"): FunctionTable {
  return which === "sprig" ? sprigJson() : helmOverrides();
}
