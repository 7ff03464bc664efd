/**
 * Splitting rendered templates into YAML documents and classifying them the way helm v4.1.4 does
 * (pkg/release/v1/util manifest.go, manifest_sorter.go): the `(?:^|\s*\n)---\s*` separator on the trimmed file,
 * each document trimmed, a minimal head (apiVersion, kind, metadata.name, metadata.annotations) decoded with
 * sigs.k8s.io/yaml typing, `helm.sh/hook` documents turned into hooks (any unknown event drops the document).
 */
import { GoInt, GoMap, type GoValue } from "@/lib/template/value";
import { ChartError } from "./errors";
import { formatGoFloat } from "./go-format";
import { decodeYaml } from "./yaml-documents";

/** Go's strings.TrimSpace (unicode.IsSpace; unlike String.prototype.trim it keeps U+FEFF). */
export function goTrimSpace(s: string): string {
  return s.replace(/^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+|[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/g, "");
}

// Go's \s is [\t\n\f\r ] (no \v).
const SEPARATOR = /(?:^|[\t\n\f\r ]*\n)---[\t\n\f\r ]*/;

/** helm's SplitManifests: documents in order; an empty piece is skipped only before trimming. */
export function splitManifests(text: string): string[] {
  const docs: string[] = [];
  for (const piece of goTrimSpace(text).split(SEPARATOR)) {
    if (piece === "") continue;
    docs.push(goTrimSpace(piece));
  }
  return docs;
}

export const HOOK_EVENTS: Readonly<Record<string, string>> = Object.freeze({
  "pre-install": "pre-install",
  "post-install": "post-install",
  "pre-delete": "pre-delete",
  "post-delete": "post-delete",
  "pre-upgrade": "pre-upgrade",
  "post-upgrade": "post-upgrade",
  "pre-rollback": "pre-rollback",
  "post-rollback": "post-rollback",
  test: "test",
  // Helm 2's name, still accepted and stored as "test".
  "test-success": "test",
});

export interface DocumentHead {
  apiVersion: string;
  kind: string;
  /** null when the document has no `metadata` table. */
  metadata: { name: string; annotations: Record<string, string> | null } | null;
}

export interface HookInfo {
  events: string[];
  weight: number;
  deletePolicies: string[];
  outputLogPolicies: string[];
}

export interface ManifestDocument {
  /** Template path, e.g. `mychart/templates/job.yaml`. */
  path: string;
  /** The document text after splitting and trimming (no `# Source:` line). */
  content: string;
  head: DocumentHead;
  /** `metadata.namespace` when it is a string (not part of helm's head; useful to the hook planner). */
  namespace: string;
  /** Present for hooks. */
  hook: HookInfo | null;
}

function jsonKind(v: GoValue): string {
  if (typeof v === "string") return "string";
  if (typeof v === "number" || v instanceof GoInt) return "number";
  if (typeof v === "boolean") return "bool";
  if (Array.isArray(v)) return "array";
  return "object";
}

const METADATA_TYPE = 'struct { Name string "json:\\"name\\""; Annotations map[string]string "json:\\"annotations\\"" }';

function headError(path: string, detail: string): ChartError {
  return new ChartError(`YAML parse error on ${path}: error unmarshaling JSON: while decoding JSON: json: ${detail}`, { file: path });
}

/** A YAML scalar decoded into a Go string field (sigs.k8s.io/yaml stringifies scalars for string targets). */
function stringField(v: GoValue | undefined, path: string, field: string): string {
  if (v === undefined || v === null) return "";
  if (typeof v === "string") return v;
  if (typeof v === "boolean") return String(v);
  if (typeof v === "number") return formatGoFloat(v);
  if (v instanceof GoInt) return String(v.value);
  throw headError(path, `cannot unmarshal ${jsonKind(v)} into Go struct field ${field} of type string`);
}

export function decodeHead(doc: GoValue, path: string): DocumentHead {
  const head: DocumentHead = { apiVersion: "", kind: "", metadata: null };
  if (doc === null) return head;
  if (!(doc instanceof GoMap)) throw headError(path, `cannot unmarshal ${jsonKind(doc)} into Go value of type util.SimpleHead`);
  head.apiVersion = stringField(doc.get("apiVersion"), path, "SimpleHead.apiVersion");
  head.kind = stringField(doc.get("kind"), path, "SimpleHead.kind");
  const metadata = doc.get("metadata");
  if (metadata === undefined || metadata === null) return head;
  if (!(metadata instanceof GoMap)) throw headError(path, `cannot unmarshal ${jsonKind(metadata)} into Go struct field SimpleHead.metadata of type ${METADATA_TYPE}`);
  const name = stringField(metadata.get("name"), path, ".metadata.name");
  const rawAnnotations = metadata.get("annotations");
  let annotations: Record<string, string> | null = null;
  if (rawAnnotations !== undefined && rawAnnotations !== null) {
    if (!(rawAnnotations instanceof GoMap)) {
      throw headError(path, `cannot unmarshal ${jsonKind(rawAnnotations)} into Go struct field .metadata.annotations of type map[string]string`);
    }
    annotations = {};
    for (const [k, v] of rawAnnotations) annotations[k] = stringField(v, path, ".metadata.annotations");
  }
  head.metadata = { name, annotations };
  return head;
}

/** Go's strconv.Atoi: optional sign and digits only, int64 range; anything else is an error (weight 0). */
function atoiOrZero(s: string | undefined): number {
  if (s === undefined || !/^[+-]?\d+$/.test(s)) return 0;
  const n = BigInt(s);
  if (n < -(2n ** 63n) || n >= 2n ** 63n) return 0;
  return Number(n);
}

function annotationList(annotations: Record<string, string>, key: string): string[] {
  if (!Object.prototype.hasOwnProperty.call(annotations, key)) return [];
  return annotations[key].split(",").map((v) => goTrimSpace(v).toLowerCase());
}

/** Hook details, `null` for a regular resource, or "unknown" when an event is unknown (helm drops the document). */
export function classifyHook(head: DocumentHead): HookInfo | null | "unknown" {
  const annotations = head.metadata?.annotations;
  if (!annotations || Object.keys(annotations).length === 0) return null;
  if (!Object.prototype.hasOwnProperty.call(annotations, "helm.sh/hook")) return null;
  const events: string[] = [];
  for (const raw of annotations["helm.sh/hook"].split(",")) {
    const event = HOOK_EVENTS[goTrimSpace(raw).toLowerCase()];
    if (event === undefined) return "unknown";
    events.push(event);
  }
  return {
    events,
    weight: atoiOrZero(annotations["helm.sh/hook-weight"]),
    deletePolicies: annotationList(annotations, "helm.sh/hook-delete-policy"),
    outputLogPolicies: annotationList(annotations, "helm.sh/hook-output-log-policy"),
  };
}

function namespaceOf(doc: GoValue): string {
  if (!(doc instanceof GoMap)) return "";
  const md = doc.get("metadata");
  if (!(md instanceof GoMap)) return "";
  const ns = md.get("namespace");
  return typeof ns === "string" ? ns : "";
}

/** Splits and classifies one rendered file. Documents with unknown hook events are left out, as helm does. */
export function parseRenderedFile(path: string, text: string): ManifestDocument[] {
  const out: ManifestDocument[] = [];
  for (const content of splitManifests(text)) {
    let doc: GoValue;
    try {
      doc = decodeYaml(content, path);
    } catch (e) {
      const err = e as ChartError;
      throw new ChartError(`YAML parse error on ${path}: ${err.message}`, {
        file: path,
        line: err.line,
        column: err.column,
      });
    }
    const head = decodeHead(doc, path);
    const hook = classifyHook(head);
    if (hook === "unknown") continue;
    out.push({ path, content, head, namespace: namespaceOf(doc), hook });
  }
  return out;
}
