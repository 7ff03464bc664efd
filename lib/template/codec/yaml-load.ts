/**
 * Values loading as Helm does it: sigs.k8s.io/yaml.Unmarshal into interface{}, i.e. go-yaml v2 (YAML 1.1)
 * decoding, conversion of keys to strings, then a JSON round trip that makes every number a float64.
 * The `yaml` package parses (it keeps each scalar's style and tag); resolution follows go-yaml v2.
 */
import { parseDocument, isAlias, isMap, isScalar, isSeq, Scalar, type Document, type Node, type YAMLError as ParseIssue } from "yaml";
import { GoMap, type GoValue } from "@/lib/template/value";
import { YamlError } from "./errors";
import { formatFloat32G } from "./float32-format";
import { resolvePlain } from "./yaml11-resolve";
import { fastLoadYaml } from "./yaml-fast-load";
import { goYamlParseError } from "./yaml-load-errors";
import { indentQuotedContinuation } from "./quoted-continuations";

const TAG_PREFIX = "tag:yaml.org,2002:";

/** What go-yaml v2 decodes into interface{} before the JSON step: keys may still be non-strings. */
type RawValue = null | boolean | string | number | bigint | RawValue[] | RawMap;
/**
 * A decoded mapping with Go interface{} keys. A JS Map would turn the key -0 into 0, but go-yaml keeps the
 * float -0 (it becomes the key "-0"), so entries are kept in a list indexed by a typed identity.
 */
class RawMap {
  private readonly index = new Map<string, number>();
  readonly entries: [RawKey, RawValue][] = [];

  set(key: RawKey, value: RawValue): void {
    const id = `${typeof key}:${String(key)}`;
    const at = this.index.get(id);
    if (at === undefined) {
      this.index.set(id, this.entries.length);
      this.entries.push([key, value]);
    } else this.entries[at] = [key, value]; // Go replaces a float key on reassignment, so -0 after 0 stays -0.
  }

  [Symbol.iterator]() {
    return this.entries[Symbol.iterator]();
  }
}
type RawKey = string | number | bigint | boolean | null;

/** A failure of the JSON-conversion step, reported after the whole document is decoded, as Go does. */
class ConversionError extends Error {}

/** go-yaml's limit on how much of a document may come from alias expansion ("billion laughs" guard). */
function allowedAliasRatio(decodeCount: number): number {
  if (decodeCount <= 400_000) return 0.99;
  if (decodeCount >= 4_000_000) return 0.1;
  return 0.99 - 0.89 * ((decodeCount - 400_000) / 3_600_000);
}

class Decoder {
  private readonly expanding = new Set<Node>();
  private decodeCount = 0;
  private aliasCount = 0;
  private aliasDepth = 0;
  /** `source` is the text `doc` was parsed from. */
  constructor(
    private readonly doc: Document.Parsed,
    private readonly source: string,
  ) {}

  decode(node: unknown): RawValue {
    if (node === null || node === undefined) return null;
    this.decodeCount++;
    if (this.aliasDepth > 0) this.aliasCount++;
    if (this.aliasCount > 100 && this.decodeCount > 1000 && this.aliasCount / this.decodeCount > allowedAliasRatio(this.decodeCount)) {
      throw new YamlError("yaml: document contains excessive aliasing");
    }
    if (isAlias(node)) {
      const target = node.resolve(this.doc);
      if (!target) throw new YamlError(`yaml: unknown anchor '${node.source}' referenced`);
      if (this.expanding.has(target)) throw new YamlError(`yaml: anchor '${node.source}' value contains itself`);
      this.expanding.add(target);
      this.aliasDepth++;
      try {
        return this.decode(target);
      } finally {
        this.aliasDepth--;
        this.expanding.delete(target);
      }
    }
    if (isScalar(node)) return this.scalar(node);
    if (isSeq(node)) return node.items.map((item) => this.decode(item));
    if (isMap(node)) return this.mapping(node.items as { key: unknown; value: unknown }[], new RawMap());
    return null;
  }

  private scalar(node: Scalar): RawValue {
    if (node.type === Scalar.QUOTE_DOUBLE && hasSlashEscape(this.source, node.range)) throw new YamlError("yaml: found unknown escape character");
    const text = this.blockScalarAtEnd(node) ? String(node.value).slice(0, -1) : String(node.value ?? "");
    const tag = node.tag;
    if (tag === undefined) {
      if (node.type !== Scalar.PLAIN) return text;
      const resolved = resolvePlain(text);
      if (resolved.tag === "int") return resolved.big ?? resolved.value;
      // Timestamps stay strings when decoding into interface{}; "<<" outside a key is just a string.
      if (resolved.tag === "timestamp" || resolved.tag === "merge") return text;
      return resolved.value;
    }
    if (tag === "!") return text;
    if (!tag.startsWith(TAG_PREFIX)) return text;
    const kind = tag.slice(TAG_PREFIX.length);
    if (kind === "str") return text;
    if (kind === "binary") return decodeBinary(text);
    const resolved = resolvePlain(text);
    if (kind === "float" && resolved.tag === "int") return Number(resolved.big ?? resolved.value);
    const resolvedTag = resolved.tag === "merge" ? "merge" : resolved.tag;
    if (["int", "float", "bool", "null", "timestamp", "merge"].includes(kind) && resolvedTag !== kind) {
      throw new YamlError(`yaml: cannot decode !!${resolvedTag} \`${text}\` as a !!${kind}`);
    }
    if (resolved.tag === "int") return resolved.big ?? resolved.value;
    if (resolved.tag === "timestamp" || resolved.tag === "merge") return text;
    return resolved.value;
  }

  /**
   * A block scalar whose last line ends the input without a line break: go-yaml keeps no final break then (clip and
   * keep alike), where the `yaml` package adds one.
   */
  private blockScalarAtEnd(node: Scalar): boolean {
    if (node.type !== Scalar.BLOCK_LITERAL && node.type !== Scalar.BLOCK_FOLDED) return false;
    const end = node.range?.[1];
    return end === this.source.length && !this.source.endsWith("\n") && typeof node.value === "string" && node.value.endsWith("\n");
  }

  private isMergeKey(key: unknown): boolean {
    if (!isScalar(key) || key.value !== "<<") return false;
    return (key.type === Scalar.PLAIN && key.tag === undefined) || key.tag === `${TAG_PREFIX}merge`;
  }

  private mapping(items: { key: unknown; value: unknown }[], out: RawMap): RawMap {
    for (const { key, value } of items) {
      if (this.isMergeKey(key)) {
        this.merge(value, out);
        continue;
      }
      const k = this.decode(key);
      if (Array.isArray(k) || k instanceof RawMap) throw new YamlError(`yaml: invalid map key: ${describeGo(k)}`);
      out.set(k, this.decode(value));
    }
    return out;
  }

  // Merged entries are assigned in document order, so a key written before `<<` is overwritten by it.
  private merge(value: unknown, out: RawMap): void {
    const wantMap = () => new YamlError("yaml: map merge requires map or sequence of maps as the value");
    const target = isAlias(value) ? value.resolve(this.doc) : value;
    if (isMap(target)) {
      this.mapping(target.items as { key: unknown; value: unknown }[], out);
      return;
    }
    if (!isSeq(target)) throw wantMap();
    // Earlier maps in the list take precedence, so apply them last.
    for (let i = target.items.length - 1; i >= 0; i--) {
      const item = target.items[i];
      const map = isAlias(item) ? item.resolve(this.doc) : item;
      if (!isMap(map)) throw wantMap();
      this.mapping(map.items as { key: unknown; value: unknown }[], out);
    }
  }
}

/** YAML 1.2's `\/` escape, which the `yaml` package accepts and go-yaml v2 (YAML 1.1) does not. */
function hasSlashEscape(source: string, range: readonly number[] | null | undefined): boolean {
  if (!range) return false;
  const raw = source.slice(range[0], range[1]);
  for (let i = raw.indexOf("\\"); i >= 0 && i < raw.length; i = raw.indexOf("\\", i + 2)) {
    if (raw[i + 1] === "/") return true;
  }
  return false;
}

function decodeBinary(text: string): string {
  const clean = text.replace(/\s+/g, "");
  const bin = atob(clean);
  const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
  return new TextDecoder("utf-8", { fatal: false }).decode(bytes);
}

/** A rough rendering of Go's %+#v, enough for error texts about odd keys. */
function describeGo(v: RawValue): string {
  if (v === null) return "<nil>";
  if (typeof v === "string") return JSON.stringify(v);
  if (typeof v === "bigint") return v.toString();
  if (Array.isArray(v)) return `[]interface {}{${v.map(describeGo).join(", ")}}`;
  if (v instanceof RawMap) return `map[interface {}]interface {}{${v.entries.map(([k, x]) => `${describeGo(k)}:${describeGo(x)}`).join(", ")}}`;
  return String(v);
}

/** sigs.k8s.io/yaml's conversion of a decoded map key to its JSON object key. */
function jsonKey(key: RawKey, value: RawValue): string {
  switch (typeof key) {
    case "string":
      return key;
    case "boolean":
      return key ? "true" : "false";
    case "number": {
      // Integers arrive as bigint; a number key is a float, which sigs.k8s.io/yaml prints at float32 precision.
      const s = formatFloat32G(key);
      return s === "+Inf" ? ".inf" : s === "-Inf" ? "-.inf" : s === "NaN" ? ".nan" : s;
    }
    case "bigint":
      if (key <= 2n ** 63n - 1n) return key.toString();
      throw new ConversionError(`unsupported map key of type: uint64, key: 0x${key.toString(16)}, value: ${describeGo(value)}`);
  }
  throw new ConversionError(`unsupported map key of type: %!s(<nil>), key: <nil>, value: ${describeGo(value)}`);
}

/** The JSON round trip: string keys, float64 numbers, and json.Marshal's refusal of NaN and ±Inf. */
function toGoValue(raw: RawValue): GoValue {
  if (raw === null || typeof raw === "boolean" || typeof raw === "string") return raw;
  if (typeof raw === "bigint") return Number(raw);
  if (typeof raw === "number") {
    if (!Number.isFinite(raw)) throw new ConversionError(`json: unsupported value: ${Number.isNaN(raw) ? "NaN" : raw > 0 ? "+Inf" : "-Inf"}`);
    return raw === 0 && !Object.is(raw, -0) ? 0 : raw;
  }
  if (Array.isArray(raw)) return raw.map(toGoValue);
  const out = new GoMap();
  for (const [k, v] of raw) out.set(jsonKey(k, v), toGoValue(v));
  return out;
}

/** go-yaml rejects input holding characters outside YAML's printable set before parsing anything. */
const NON_PRINTABLE = /[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\ud800-\udfff]/;

const PARSE_OPTIONS = { version: "1.1", schema: "failsafe", merge: false, uniqueKeys: false, strict: false, prettyErrors: false, keepSourceTokens: false } as const;

/** The parsed document and the text it was parsed from (repaired or cut as go-yaml would read it). */
function parseSingleDocument(source: string): { doc: Document.Parsed; text: string } {
  let text = source;
  // Each pass may re-indent one quoted scalar that go-yaml accepts but the parser does not.
  for (let pass = 0; pass < 100; pass++) {
    const doc = parseDocument(text, PARSE_OPTIONS);
    const issues: ParseIssue[] = doc.errors;
    if (issues.length === 0) return { doc, text };
    const first = issues[0];
    const repaired = indentQuotedContinuation(text, first.pos[0]);
    if (repaired === undefined || repaired === text) {
      const head = rootBeforeDedent(text);
      if (head !== undefined) {
        const doc = parseDocument(head, PARSE_OPTIONS);
        if (doc.errors.length === 0) return { doc, text: head };
      }
      throw goYamlParseError(text, issues);
    }
    text = repaired;
  }
  throw goYamlParseError(text, parseDocument(text, PARSE_OPTIONS).errors);
}

/**
 * When the document's first line is indented, a later line indented less ends the root collection, and
 * go-yaml's Unmarshal stops there (the rest would be a next document it never reads). Returns that head,
 * unless the rest starts with a character go-yaml's scanner would already reject.
 */
function rootBeforeDedent(text: string): string | undefined {
  const lines = text.split("\n");
  const isContent = (l: string) => l.trim() !== "" && !l.trim().startsWith("#");
  const indentOf = (l: string) => l.length - l.trimStart().length;
  const first = lines.findIndex((l) => isContent(l) && !l.startsWith("%") && !/^---(\s|$)/.test(l));
  if (first < 0 || indentOf(lines[first]) === 0 || lines[first].trimStart().startsWith("\t")) return undefined;
  const rootIndent = indentOf(lines[first]);
  for (let i = first + 1; i < lines.length; i++) {
    if (!isContent(lines[i]) || indentOf(lines[i]) >= rootIndent) continue;
    if (/^[\t@`]/.test(lines[i].trimStart()) || lines[i].startsWith("\t")) return undefined;
    return lines.slice(0, i).join("\n") + "\n";
  }
  return undefined;
}

/** sigs.k8s.io/yaml.Unmarshal(text, &interface{}): the first document only; empty input gives null. */
export function loadYaml(text: string): GoValue {
  return loadYamlWith(text, true);
}

/** loadYaml without its fast path: the reference the fast path is tested against. */
export function loadYamlFull(text: string): GoValue {
  return loadYamlWith(text, false);
}

function loadYamlWith(text: string, fastPath: boolean): GoValue {
  if (NON_PRINTABLE.test(text)) throw new YamlError("error converting YAML to JSON: yaml: control characters are not allowed");
  let raw: RawValue;
  const first = firstDocument(text);
  const fast = fastPath ? fastLoadYaml(first) : undefined;
  if (fast !== undefined) return fast;
  try {
    const { doc, text: parsed } = parseSingleDocument(first);
    raw = new Decoder(doc, parsed).decode(doc.contents);
  } catch (e) {
    if (!(e instanceof YamlError)) throw e;
    // A document marker we cut at may sit inside an unclosed quoted scalar, which go-yaml reports as such.
    if (first !== text && e.message.endsWith("found unexpected end of stream")) {
      const line = first.split("\n").length;
      throw new YamlError(`error converting YAML to JSON: yaml: line ${line}: found unexpected document indicator`, line, 0);
    }
    throw new YamlError(`error converting YAML to JSON: ${e.message}`, e.line, e.column);
  }
  try {
    return toGoValue(raw);
  } catch (e) {
    if (e instanceof ConversionError) throw new YamlError(`error converting YAML to JSON: ${e.message}`);
    throw e;
  }
}

/**
 * go-yaml's Unmarshal reads only the first document of a stream. We cut the text before the second
 * document marker ourselves, because the `yaml` package would report errors from later documents.
 */
function firstDocument(text: string): string {
  if (!text.includes("---") && !text.includes("...")) return text;
  const re = /^(---|\.\.\.)(?=[ \t\r\n]|$)/gm;
  let seenContent = false;
  let pos = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const before = text.slice(pos, m.index);
    if (m[1] === "...") return text.slice(0, m.index);
    if (seenContent || hasContent(before)) return text.slice(0, m.index);
    seenContent = true;
    pos = m.index + 3;
  }
  return text;
}

function hasContent(text: string): boolean {
  return text.split("\n").some((line) => {
    const t = line.trim();
    return t !== "" && !t.startsWith("#") && !t.startsWith("%");
  });
}

/**
 * Splits a values file into documents the way Helm's loader does (k8s.io/apimachinery's YAMLReader: a
 * line starting with `---` ends a document, anything but a comment after it is an error, empty documents
 * are skipped) and loads each one. Error texts carry Helm's prefixes ("cannot unmarshal yaml document: …").
 */
export function loadYamlDocuments(text: string): GoValue[] {
  const docs: string[] = [];
  let buffer = "";
  for (const line of text.split(/(?<=\n)/)) {
    if (line.startsWith("---")) {
      const rest = line.slice(3).trim();
      if (rest !== "" && !rest.startsWith("#")) throw new YamlError(`error reading yaml document: invalid Yaml document separator: ${rest}`);
      // The reader keeps a marker that opens an empty buffer and ends the document at any later one.
      if (buffer === "") buffer = line;
      else {
        docs.push(buffer);
        buffer = "";
      }
      continue;
    }
    buffer += line;
  }
  if (buffer !== "") docs.push(buffer);
  return docs.map((doc) => {
    try {
      return loadYaml(doc);
    } catch (e) {
      if (e instanceof YamlError) throw new YamlError(`cannot unmarshal yaml document: ${e.message}`, e.line, e.column);
      throw e;
    }
  });
}
