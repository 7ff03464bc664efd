/**
 * Checks values.yaml against values.schema.json while the user types and locates each violation in values.yaml,
 * so the editor can underline the offending key or value. Uses ajv (the same validator lib/chart's install-time
 * check uses) and the yaml parser's node ranges for positions. Browser-safe.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import { isMap, isSeq, LineCounter, parseDocument, type Node } from "yaml";
import type { EditorMarker } from "./types";

function text(content: string | Uint8Array | undefined): string | undefined {
  if (content === undefined) return undefined;
  return typeof content === "string" ? content : new TextDecoder().decode(content);
}

/** ajv compiles a schema into a function; typing re-runs this on every keystroke, so reuse the last one. */
let cached: { source: string; validate: ValidateFunction } | null = null;

function compile(source: string): ValidateFunction {
  if (cached?.source === source) return cached.validate;
  const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
  const validate = ajv.compile(JSON.parse(source) as object);
  cached = { source, validate };
  return validate;
}

/** The deepest YAML node on a JSON pointer path, and whether it is the node itself or its parent. */
function nodeAt(root: Node | null, pointer: string): Node | null {
  let node: Node | null = root;
  const segments = pointer === "" ? [] : pointer.slice(1).split("/").map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
  for (const segment of segments) {
    if (isMap(node)) {
      const pair = node.items.find((p) => String((p.key as { value?: unknown } | null)?.value ?? p.key) === segment);
      if (!pair) return node;
      node = (pair.value as Node | null) ?? (pair.key as Node);
    } else if (isSeq(node)) {
      const item = node.items[Number(segment)] as Node | undefined;
      if (!item) return node;
      node = item;
    } else {
      return node;
    }
  }
  return node;
}

/** For a misplaced property, point at its key rather than at the whole map. */
function keyNode(map: Node | null, key: string): Node | null {
  if (!isMap(map)) return null;
  const pair = map.items.find((p) => String((p.key as { value?: unknown } | null)?.value ?? p.key) === key);
  return (pair?.key as Node | undefined) ?? null;
}

function describe(e: ErrorObject): string {
  const where = e.instancePath || "(root)";
  return `values.schema.json: at ${where}: ${e.message ?? e.keyword}`;
}

export function schemaMarkers(files: Record<string, string | Uint8Array>): EditorMarker[] {
  const schemaText = text(files["values.schema.json"]);
  if (schemaText === undefined || !schemaText.trim()) return [];
  let validate: ValidateFunction;
  try {
    validate = compile(schemaText);
  } catch (err) {
    return [{ file: "values.schema.json", line: 1, column: 1, severity: "error", message: `values.schema.json is not a usable JSON schema: ${(err as Error).message}`, source: "values schema" }];
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text(files["values.yaml"]) ?? "", { lineCounter });
  // YAML syntax errors are reported by the chart loader (with their position) as a render marker.
  if (doc.errors.length > 0) return [];
  const values = (doc.toJS() as unknown) ?? {};
  if (validate(values)) return [];
  return (validate.errors ?? []).map((e) => {
    let node = nodeAt(doc.contents as Node | null, e.instancePath);
    if (e.keyword === "additionalProperties") node = keyNode(node, String((e.params as { additionalProperty?: string }).additionalProperty)) ?? node;
    const offset = node?.range?.[0] ?? 0;
    const { line, col } = lineCounter.linePos(offset);
    return { file: "values.yaml", line, column: col, severity: "error", message: describe(e), source: "values schema" } satisfies EditorMarker;
  });
}
