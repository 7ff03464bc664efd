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
  // A scan from each end: a regex with a trailing `\s+$` alternative retries at every space run of a large text.
  let start = 0;
  let end = s.length;
  while (start < end && isGoSpace(s.charCodeAt(start))) start++;
  while (end > start && isGoSpace(s.charCodeAt(end - 1))) end--;
  return start === 0 && end === s.length ? s : s.slice(start, end);
}

/** Go's strings.TrimLeftFunc(s, unicode.IsSpace). */
export function goTrimStart(s: string): string {
  let start = 0;
  while (start < s.length && isGoSpace(s.charCodeAt(start))) start++;
  return start === 0 ? s : s.slice(start);
}

/** Go's strings.TrimRightFunc(s, unicode.IsSpace). */
export function goTrimEnd(s: string): string {
  let end = s.length;
  while (end > 0 && isGoSpace(s.charCodeAt(end - 1))) end--;
  return end === s.length ? s : s.slice(0, end);
}

/** unicode.IsSpace for one UTF-16 unit (every Go space is in the BMP). */
function isGoSpace(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  if (c < 0x85) return false;
  return c === 0x85 || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000;
}

/** Go's regexp `\s`: [\t\n\f\r ] (no \v). */
function isRegexpSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d || c === 0x0c;
}

/**
 * Splits at helm's separator `(?:^|\s*\n)---\s*` as the regexp would (leftmost, greedy), by a scan: each match is a
 * "\n---" with the spaces before it (back to the previous match) and after it. The regexp itself retries its
 * leading `\s*` at every position of every indentation run, which is slow on large manifests.
 */
function splitAtSeparators(text: string): string[] {
  const pieces: string[] = [];
  let pieceStart = 0;
  const skipSpaces = (from: number) => {
    let e = from;
    while (e < text.length && isRegexpSpace(text.charCodeAt(e))) e++;
    return e;
  };
  if (text.startsWith("---")) {
    pieces.push("");
    pieceStart = skipSpaces(3);
  }
  for (let i = text.indexOf("\n---", pieceStart); i >= 0; i = text.indexOf("\n---", pieceStart)) {
    let start = i;
    while (start > pieceStart && isRegexpSpace(text.charCodeAt(start - 1))) start--;
    pieces.push(text.slice(pieceStart, start));
    pieceStart = skipSpaces(i + 4);
  }
  pieces.push(text.slice(pieceStart));
  return pieces;
}

/** helm's SplitManifests: documents in order; an empty piece is skipped only before trimming. */
export function splitManifests(text: string): string[] {
  const docs: string[] = [];
  for (const piece of splitAtSeparators(goTrimSpace(text))) {
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

/** What classifying one document gives, kept by content: `null` for a document helm drops (an unknown hook event). */
type Classified = { head: DocumentHead; namespace: string; hook: HookInfo | null } | null;

/**
 * Classifications of documents already seen, by path and text: a chart rendered again (the editor's preview, a
 * lifecycle operation after a dry run) mostly yields the same documents, and parsing them is most of the work of
 * sorting. Only successes are kept; bounded by total text size, oldest out first.
 */
const classified = new Map<string, Classified>();
const CLASSIFIED_MAX_CHARS = 8 * 1024 * 1024;
let classifiedChars = 0;

function remember(key: string, value: Classified): void {
  if (key.length > CLASSIFIED_MAX_CHARS / 4) return;
  classified.set(key, value);
  classifiedChars += key.length;
  for (const oldest of classified.keys()) {
    if (classifiedChars <= CLASSIFIED_MAX_CHARS) break;
    classified.delete(oldest);
    classifiedChars -= oldest.length;
  }
}

/** A copy callers may change without touching the remembered classification. */
function copyClassified(c: NonNullable<Classified>): NonNullable<Classified> {
  const metadata = c.head.metadata && { name: c.head.metadata.name, annotations: c.head.metadata.annotations && { ...c.head.metadata.annotations } };
  const hook = c.hook && { ...c.hook, events: [...c.hook.events], deletePolicies: [...c.hook.deletePolicies], outputLogPolicies: [...c.hook.outputLogPolicies] };
  return { head: { apiVersion: c.head.apiVersion, kind: c.head.kind, metadata }, namespace: c.namespace, hook };
}

/**
 * The documents each path yielded last, with the text they came from: a file rendered to the same text again is
 * neither split nor looked up document by document (comparing two equal strings is much cheaper than hashing the
 * per-document keys). Bounded by total text size like the classifications, oldest out first.
 */
interface FileDocuments {
  text: string;
  documents: Array<{ content: string; classified: NonNullable<Classified> }>;
}
const lastByPath = new Map<string, FileDocuments>();
let lastByPathChars = 0;

function rememberFile(path: string, entry: FileDocuments): void {
  forgetFile(path);
  if (entry.text.length > CLASSIFIED_MAX_CHARS / 4) return;
  lastByPath.set(path, entry);
  lastByPathChars += entry.text.length;
  for (const oldest of lastByPath.keys()) {
    if (lastByPathChars <= CLASSIFIED_MAX_CHARS) break;
    forgetFile(oldest);
  }
}

function forgetFile(path: string): void {
  const entry = lastByPath.get(path);
  if (entry === undefined) return;
  lastByPath.delete(path);
  lastByPathChars -= entry.text.length;
}

/** Splits and classifies one rendered file. Documents with unknown hook events are left out, as helm does. */
export function parseRenderedFile(path: string, text: string): ManifestDocument[] {
  const last = lastByPath.get(path);
  if (last !== undefined && last.text === text) {
    return last.documents.map(({ content, classified }) => ({ path, content, ...copyClassified(classified) }));
  }
  const out: ManifestDocument[] = [];
  const documents: FileDocuments["documents"] = [];
  for (const content of splitManifests(text)) {
    // Error texts name the path, so the path is part of the key.
    const key = `${path}\n${content}`;
    const known = classified.get(key);
    if (known !== undefined) {
      if (known) {
        out.push({ path, content, ...copyClassified(known) });
        documents.push({ content, classified: known });
      }
      continue;
    }
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
    if (hook === "unknown") {
      remember(key, null);
      continue;
    }
    const result = { head, namespace: namespaceOf(doc), hook };
    const kept = copyClassified(result);
    remember(key, kept);
    documents.push({ content, classified: kept });
    out.push({ path, content, ...result });
  }
  rememberFile(path, { text, documents });
  return out;
}
