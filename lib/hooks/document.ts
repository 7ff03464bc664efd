/**
 * Parses one rendered document into the small head Helm reads (apiVersion, kind, metadata.name/namespace and
 * annotations as strings), keeping the YAML AST so every finding can point at the exact key or value.
 */
import { isMap, isPair, isScalar, LineCounter, parseDocument, type Document, type Node, type Pair, type ScalarTag, type Tags, type YAMLMap } from "yaml";
import { goFormatFloat32 } from "./go-semantics";
import type { RenderedDocument } from "./types";

export interface DocumentPosition {
  /** 1-based, within the document text. */
  line: number;
  column: number;
}

export interface ParsedDocument {
  /** Position of the document in the input list; the tie-breaker Helm gets from file order and split order. */
  index: number;
  input: RenderedDocument;
  /** Why Helm would refuse this document (it aborts the render with a YAML parse error). */
  error?: { message: string; at: DocumentPosition };
  apiVersion: string;
  kind: string;
  name: string;
  generateName: string;
  /** `metadata.namespace` as written; empty when absent. */
  namespace: string;
  /** Annotations exactly as Helm sees them: every value converted to the string sigs.k8s.io/yaml would produce. */
  annotations: ReadonlyMap<string, string>;
  /** The YAML tree, for rules that look beyond the head. */
  tree: Document.Parsed;
  /** The position of a node in the document, or of the document start when the node is missing. */
  positionOf(node: Node | null | undefined): DocumentPosition;
}

/** Find the key/value pair of `key` in a YAML map (keys compared as strings). */
export function pairOf(map: unknown, key: string): Pair<Node, Node | null> | undefined {
  if (!isMap(map)) return undefined;
  for (const item of (map as YAMLMap<unknown, unknown>).items) {
    if (isPair(item) && isScalar(item.key) && String(item.key.value) === key) return item as Pair<Node, Node | null>;
  }
  return undefined;
}

/** Follow a path of map keys from the document root; returns the pair of the last key. */
export function pairAt(tree: Document.Parsed, path: readonly string[]): Pair<Node, Node | null> | undefined {
  let node: unknown = tree.contents;
  let pair: Pair<Node, Node | null> | undefined;
  for (const key of path) {
    pair = pairOf(node, key);
    if (!pair) return undefined;
    node = pair.value;
  }
  return pair;
}

/**
 * Turn a YAML scalar into the string Helm ends up with for a `map[string]string` field. sigs.k8s.io/yaml resolves
 * plain scalars with YAML 1.1 rules first, so `5` → "5", `0x10` → "16", `3.0` → "3", `yes` → "true", empty → "",
 * and floats print as float32 (`123456789012345678901` → "1.2345679e+20").
 */
export function helmStringOf(node: Node | null): string | { error: string } {
  if (node === null || node === undefined) return "";
  if (!isScalar(node)) return { error: "a map or list where a string is expected" };
  const value = node.value;
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (typeof value === "boolean") return value ? "true" : "false";
  // go-yaml keeps integers that fit int64/uint64 as integers; larger ones and all other numbers are floats.
  if (typeof value === "bigint") return value >= -(2n ** 63n) && value < 2n ** 64n ? String(value) : goFormatFloat32(Number(value));
  if (typeof value === "number") return goFormatFloat32(value);
  return String(value);
}

function scalarString(node: Node | null | undefined): string {
  if (!node || !isScalar(node) || node.value === null || node.value === undefined) return "";
  return String(node.value);
}

/**
 * go-yaml v2's plain-scalar rules differ from the YAML 1.1 schema in a few places: no sexagesimal numbers (`1:20`)
 * or timestamps (both stay strings), and integers in any Go base prefix (`0o17`, `0X1F`, `0B11`).
 */
const GO_PREFIXED_INT = {
  tag: "tag:yaml.org,2002:int",
  default: true,
  test: /^[-+]?0(?:[xX][0-9a-fA-F_]+|[oO][0-7_]+|[bB][01_]+)$/,
  resolve(text: string): bigint {
    const negative = text.startsWith("-");
    const digits = text.replace(/^[-+]/, "").replace(/_/g, "").toLowerCase();
    const value = BigInt(digits);
    return negative ? -value : value;
  },
} as const;

function goYamlTags(tags: Tags): Tags {
  const kept = tags.filter((tag) => {
    const { tag: name, format } = tag as { tag?: string; format?: string };
    return format !== "TIME" && name !== "tag:yaml.org,2002:timestamp";
  });
  return [...kept, GO_PREFIXED_INT as unknown as ScalarTag];
}

export function parseRenderedDocument(input: RenderedDocument, index: number): ParsedDocument {
  const lines = new LineCounter();
  // YAML 1.1 because Helm reads documents with go-yaml v2 (through sigs.k8s.io/yaml), where `yes` is a boolean.
  const tree = parseDocument(input.text, {
    version: "1.1",
    customTags: goYamlTags,
    lineCounter: lines,
    uniqueKeys: false,
    intAsBigInt: true,
  });
  const positionOf = (node: Node | null | undefined): DocumentPosition => {
    const offset = node?.range?.[0] ?? 0;
    const { line, col } = lines.linePos(offset);
    return { line, column: col };
  };
  const annotations = new Map<string, string>();
  const parsed: ParsedDocument = {
    index,
    input,
    apiVersion: "",
    kind: "",
    name: "",
    generateName: "",
    namespace: "",
    annotations,
    tree,
    positionOf,
  };
  const yamlError = tree.errors[0];
  if (yamlError) {
    const { line, col } = lines.linePos(yamlError.pos[0]);
    parsed.error = { message: yamlError.message.split("\n")[0]!, at: { line, column: col } };
    return parsed;
  }
  const shapeError = readHead(parsed);
  if (shapeError) parsed.error = shapeError;
  return parsed;
}

function isNullish(node: unknown): boolean {
  return node === null || node === undefined || (isScalar(node) && node.value === null);
}

/**
 * Fill in the head the way Helm's typed unmarshal does, or say why Helm would reject the document: the root and
 * `metadata` must be maps, `apiVersion`, `kind` and `metadata.name` scalars, annotations a map of scalars.
 */
function readHead(parsed: ParsedDocument): ParsedDocument["error"] {
  const { tree, positionOf } = parsed;
  const annotations = parsed.annotations as Map<string, string>;
  if (!isNullish(tree.contents) && !isMap(tree.contents)) {
    return { message: "the document is not a map, so it cannot be a Kubernetes object", at: positionOf(tree.contents) };
  }
  const scalarFields: Array<[keyof ParsedDocument & ("apiVersion" | "kind" | "name"), string[]]> = [
    ["apiVersion", ["apiVersion"]],
    ["kind", ["kind"]],
    ["name", ["metadata", "name"]],
  ];
  const metadata = pairAt(tree, ["metadata"])?.value;
  if (!isNullish(metadata) && !isMap(metadata)) return { message: "metadata must be a map", at: positionOf(metadata) };
  for (const [field, path] of scalarFields) {
    const node = pairAt(tree, path)?.value ?? null;
    const value = helmStringOf(node);
    if (typeof value !== "string") return { message: `${path.join(".")} is ${value.error}`, at: positionOf(node) };
    parsed[field] = value;
  }
  parsed.generateName = scalarString(pairAt(tree, ["metadata", "generateName"])?.value);
  parsed.namespace = scalarString(pairAt(tree, ["metadata", "namespace"])?.value);

  const annotationsNode = pairAt(tree, ["metadata", "annotations"])?.value;
  if (!isNullish(annotationsNode) && !isMap(annotationsNode)) {
    return { message: "metadata.annotations must be a map of strings", at: positionOf(annotationsNode) };
  }
  if (!isMap(annotationsNode)) return undefined;
  for (const item of annotationsNode.items) {
    if (!isPair(item) || !isScalar(item.key)) continue;
    const value = helmStringOf(item.value as Node | null);
    if (typeof value !== "string") {
      return { message: `annotation ${String(item.key.value)} is ${value.error}`, at: positionOf(item.value as Node) };
    }
    // Later duplicates win, as in Helm.
    annotations.set(String(item.key.value), value);
  }
  return undefined;
}
