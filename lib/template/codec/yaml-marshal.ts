/**
 * toYaml and toYamlPretty. marshalYaml is sigs.k8s.io/yaml.Marshal: encoding/json first (so structs use
 * their JSON form, []byte turns into base64 and NaN is an error), then go-yaml v2 re-reads that JSON
 * (integral numbers become ints, the rest floats) and encodes it. marshalYamlV3 is go-yaml v3 applied to
 * the value directly, with indentation 2.
 */
import { GoInt, GoMap, type GoValue } from "@/lib/template/value";
import { CodecError } from "./errors";
import { formatFloatG, formatFloatJson } from "./float-format";
import { BoundedMemo } from "./bounded-memo";
import { base64Encode, toWellFormed } from "./text-units";
import { valueKey } from "./value-key";
import { YamlEmitter, type YamlNode } from "./yaml-emitter";
import { sortKeysNaturally } from "./yaml-key-order";
import { isBase60Float, resolvePlain } from "./yaml11-resolve";

const plain = (text: string): YamlNode => ({ kind: "scalar", text, style: "plain" });

const OLD_BOOLS = new Set("y Y yes Yes YES on On ON n N no No NO off Off OFF".split(" "));
const V3_WORDS = new Set("true True TRUE false False FALSE ~ null Null NULL .nan .NaN .NAN .inf .Inf .INF +.inf +.Inf +.INF -.inf -.Inf -.INF".split(" "));

/** How go-yaml's encoder asks for a string: a literal block for multi-line text, quotes if plain text would not read back as this string. */
function stringNode(s: string, v3: boolean): YamlNode {
  if (s.includes("\n")) return { kind: "scalar", text: s, style: "literal" };
  return { kind: "scalar", text: s, style: canStayPlain(s, v3) ? "plain" : "double" };
}

/** canStayPlain's answers for short strings (map keys and small values repeat a lot), per dialect. */
const plainCache = [new Map<string, boolean>(), new Map<string, boolean>()];
const PLAIN_CACHE_MAX = 4096;
const PLAIN_CACHE_LONGEST = 64;

function canStayPlain(s: string, v3: boolean): boolean {
  if (s.length > PLAIN_CACHE_LONGEST) return decidePlain(s, v3);
  const cache = plainCache[v3 ? 1 : 0];
  let answer = cache.get(s);
  if (answer === undefined) {
    answer = decidePlain(s, v3);
    if (cache.size >= PLAIN_CACHE_MAX) cache.clear();
    cache.set(s, answer);
  }
  return answer;
}

function decidePlain(s: string, v3: boolean): boolean {
  if (s === "" || isBase60Float(s)) return false;
  if (v3) {
    if (OLD_BOOLS.has(s) || V3_WORDS.has(s)) return false;
    // v3 quotes the YAML 1.1 booleans too, for readers that still take them as booleans; "<<" stays plain.
    const r = resolvePlain(s);
    return r.tag === "str" || r.tag === "bool" || r.tag === "null" || r.tag === "merge";
  }
  const r = resolvePlain(s);
  // go-yaml v2 writes "<<" plain: its encoder does not treat the merge key as a special value.
  return r.tag === "str" || r.tag === "merge";
}

/** Characters json.Marshal leaves raw but go-yaml's reader refuses when it re-reads the JSON text. */
const REJECTED_BY_YAML_READER = /[\x7f-\x84\x86-\x9f\ufffe\uffff]/;
/** Any character viaJsonText may have to change or refuse: surrogates, the rejected ones, NEL. */
const NEEDS_JSON_TEXT_WORK = /[\x7f-\x9f\ud800-\udfff\ufffe\uffff]/;

/** A JSON object key: a NEL inside makes the key span lines, which go-yaml's flow-mapping parser refuses. */
function keyViaJsonText(k: string): string {
  if (k.includes("\u0085")) throw new CodecError("yaml: line 1: did not find expected ',' or '}'");
  return viaJsonText(k);
}

/**
 * A JSON string as go-yaml v2 reads it back. JSON leaves NEL (U+0085) raw, and inside a double-quoted YAML
 * scalar NEL is a line break, so it folds with the spaces around it: one break becomes a space, n breaks
 * become n-1 newlines.
 */
function viaJsonText(s: string): string {
  // One scan for the common case: no surrogates (toWellFormed would keep s), nothing rejected, no NEL.
  if (!NEEDS_JSON_TEXT_WORK.test(s)) return s;
  const text = toWellFormed(s);
  if (REJECTED_BY_YAML_READER.test(text)) throw new CodecError("yaml: control characters are not allowed");
  if (!text.includes("\u0085")) return text;
  return text.replace(/ *\u0085(?: *\u0085)* */g, (run) => {
    const breaks = run.split("\u0085").length - 1;
    return breaks === 1 ? " " : "\n".repeat(breaks - 1);
  });
}

function unsupported(x: number): CodecError {
  return new CodecError(`error marshaling into JSON: json: unsupported value: ${Number.isNaN(x) ? "NaN" : x > 0 ? "+Inf" : "-Inf"}`);
}

/** A JSON number as go-yaml v2 reads it back: an int when the text is an integer within 64 bits, else a float. */
function jsonNumberNode(jsonText: string): YamlNode {
  const r = resolvePlain(jsonText);
  if (r.tag === "int") return plain((r.big ?? BigInt(r.value)).toString());
  return plain(formatFloatG(Number(jsonText)));
}

function mapEntries(map: GoMap, convert: (v: GoValue) => YamlNode, keyText: (k: string) => string, v3: boolean): [YamlNode, YamlNode][] {
  // Usually every key is its own text; otherwise two keys may share a text, and the later one wins.
  let texts: string[] = [];
  let keyOf: Map<string, string> | undefined;
  for (const k of map.keys()) {
    const text = keyText(k);
    if (text !== k && !keyOf) keyOf = new Map(texts.map((t) => [t, t]));
    if (keyOf) keyOf.set(text, k);
    else texts.push(text);
  }
  if (keyOf) texts = [...keyOf.keys()];
  return sortKeysNaturally(texts, v3).map((text) => [stringNode(text, v3), convert(map.get(keyOf ? keyOf.get(text)! : text) ?? null)]);
}

function v2Node(v: GoValue): YamlNode {
  if (v === null) return plain("null");
  switch (typeof v) {
    case "boolean":
      return plain(v ? "true" : "false");
    case "string":
      return stringNode(viaJsonText(v), false);
    case "number":
      // An integral float64 prints as its digits both ways (encoding/json, then go-yaml reading an int back).
      if (Number.isSafeInteger(v) && !Object.is(v, -0)) return plain(String(v));
      if (!Number.isFinite(v)) throw unsupported(v);
      return jsonNumberNode(formatFloatJson(v));
  }
  if (v instanceof GoInt) return jsonNumberNode(String(v.value));
  if (v instanceof Uint8Array) return stringNode(base64Encode(v), false);
  if (v instanceof GoMap) return { kind: "map", entries: mapEntries(v, v2Node, keyViaJsonText, false) };
  if (Array.isArray(v)) return { kind: "seq", items: v.map(v2Node) };
  return v2Node(v.toJSONValue());
}

/** Values (by content) marshalled before and their texts, one memory per dialect; keys of up to 64 KiB, 2 MiB in all. */
const LONGEST_KEY = 65_536;
const v2Texts = new BoundedMemo<string>(1 << 21);
const v3Texts = new BoundedMemo<string>(1 << 21);

/** `encode(v)`, or the text it gave for a value of the same content before (failures are not remembered). */
function remembered(memo: BoundedMemo<string>, v: GoValue, encode: (v: GoValue) => string): string {
  const key = valueKey(v, LONGEST_KEY);
  if (key === undefined) return encode(v);
  let text = memo.get(key);
  if (text === undefined) {
    text = encode(v);
    memo.set(key, text, key.length + text.length);
  }
  return text;
}

function encodeV2(v: GoValue): string {
  return new YamlEmitter({ v3: false, width: 80 }).emitDocument(v2Node(v));
}

/** sigs.k8s.io/yaml.Marshal (what toYaml calls before trimming one trailing newline). */
export function marshalYaml(v: GoValue): string {
  return remembered(v2Texts, v, encodeV2);
}

function v3Float(x: number): string {
  if (Number.isNaN(x)) return ".nan";
  if (x === Infinity) return ".inf";
  if (x === -Infinity) return "-.inf";
  return formatFloatG(x);
}

function v3Node(v: GoValue): YamlNode {
  if (v === null) return plain("null");
  switch (typeof v) {
    case "boolean":
      return plain(v ? "true" : "false");
    case "string":
      return stringNode(toWellFormed(v), true);
    case "number":
      return plain(v3Float(v));
  }
  if (v instanceof GoInt) return plain(String(v.value));
  // go-yaml v3 has no special case for []byte: it is a sequence of small integers.
  if (v instanceof Uint8Array) return { kind: "seq", items: Array.from(v, (b) => plain(String(b))) };
  if (v instanceof GoMap) return { kind: "map", entries: mapEntries(v, v3Node, toWellFormed, true) };
  if (Array.isArray(v)) return { kind: "seq", items: v.map(v3Node) };
  return v3Node(v.toJSONValue());
}

function encodeV3(v: GoValue): string {
  // Helm's go-yaml v3 encoder never folds long lines.
  return new YamlEmitter({ v3: true, width: Infinity }).emitDocument(v3Node(v));
}

/** go-yaml v3 Encoder with SetIndent(2), one document (what toYamlPretty calls before trimming the newline). */
export function marshalYamlV3(v: GoValue): string {
  return remembered(v3Texts, v, encodeV3);
}
