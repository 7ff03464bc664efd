/**
 * Masking secrets before anything reaches a browser, a diff or the audit log: values whose keys look secret
 * (password, token, secret, key, …), the data of Secret manifests, and environment variables with secret-looking
 * names. Pure and browser-safe. Masking keeps the structure (same keys, same documents) so diffs still show *that*
 * a secret changed — a masked value carries a short digest of the original, so two different secrets never look equal.
 */
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex, utf8ToBytes } from "@noble/hashes/utils.js";
import { isMap, isScalar, isSeq, parseAllDocuments, type Document, type Node, type Pair } from "yaml";

const SECRET_WORDS = ["password", "passwd", "pwd", "secret", "token", "apikey", "api_key", "api-key", "privatekey", "private_key", "private-key", "credential", "auth", "key", "cert", "pem", "dsn", "connectionstring"];
/** Keys that contain a secret word but are known to hold no secret. */
const NOT_SECRET = new Set(["keys", "keyref", "secretname", "secretref", "secretkeyref", "existingsecret", "tokenreviewer", "authority", "author", "authors", "monkey", "turkey", "hotkey", "keyword", "keywords", "key_id", "keyid", "secretkey_name", "secrettemplate", "usesecret", "createsecret", "autoscaling", "automountserviceaccounttoken"]);

export function isSecretKey(key: string): boolean {
  const k = key.toLowerCase();
  if (NOT_SECRET.has(k) || k.endsWith("secretname") || k.endsWith("secretref") || k.endsWith("existingsecret") || k.endsWith("keyref") || k.endsWith("enabled")) return false;
  const compact = k.replace(/[^a-z0-9]/g, "");
  return SECRET_WORDS.some((w) => compact === w.replace(/[^a-z0-9]/g, "") || k.includes(w));
}

export function maskedText(original: string): string {
  return `•••• masked (sha256:${bytesToHex(sha256(utf8ToBytes(original))).slice(0, 8)})`;
}

/** A deep copy of plain data (values, JSON) with every scalar under a secret-looking key masked. */
export function maskValues(value: unknown, underSecretKey = false): unknown {
  if (Array.isArray(value)) return value.map((v) => maskValues(v, underSecretKey));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, maskValues(v, underSecretKey || isSecretKey(k))]));
  }
  if (underSecretKey && value !== null && value !== undefined && value !== "") return maskedText(String(value));
  return value;
}

function maskScalarsBelow(node: Node | null | undefined): void {
  if (!node) return;
  if (isScalar(node)) {
    if (node.value !== null && node.value !== "") {
      node.value = maskedText(String(node.value));
      node.type = "PLAIN";
    }
  } else if (isMap(node)) {
    for (const pair of node.items) maskScalarsBelow(pair.value as Node);
  } else if (isSeq(node)) {
    for (const item of node.items) maskScalarsBelow(item as Node);
  }
}

function keyOf(pair: Pair): string {
  return isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
}

function maskNode(node: Node | null | undefined, inSecretData: boolean): void {
  if (!node) return;
  if (isMap(node)) {
    const envName = node.items.find((p) => keyOf(p) === "name");
    const envSecret = envName && isScalar(envName.value) && typeof envName.value.value === "string" && isSecretKey(envName.value.value);
    for (const pair of node.items) {
      const key = keyOf(pair);
      const value = pair.value as Node;
      if (inSecretData || isSecretKey(key) || (envSecret && key === "value")) maskScalarsBelow(value);
      else maskNode(value, false);
    }
  } else if (isSeq(node)) {
    for (const item of node.items) maskNode(item as Node, inSecretData);
  }
}

function maskDocument(doc: Document): void {
  const root = doc.contents;
  if (!isMap(root)) return;
  const kind = root.items.find((p) => keyOf(p) === "kind");
  const isSecret = kind && isScalar(kind.value) && kind.value.value === "Secret";
  for (const pair of root.items) {
    const key = keyOf(pair);
    if (isSecret && (key === "data" || key === "stringData")) maskScalarsBelow(pair.value as Node);
    else if (key !== "metadata" && key !== "apiVersion" && key !== "kind") maskNode(pair.value as Node, false);
  }
}

/**
 * The manifest text with secrets masked, document by document (`---` separators and `# Source:` comments kept).
 * A document that is not valid YAML is replaced by a notice rather than shown unmasked.
 */
export function maskManifest(manifest: string): string {
  if (!manifest.trim()) return manifest;
  const docs = parseAllDocuments(manifest);
  if (!Array.isArray(docs)) return manifest;
  return docs
    .map((doc) => {
      if (doc.errors.length > 0) return "# (document hidden: not valid YAML, so its secrets could not be masked)\n";
      maskDocument(doc);
      // A document that followed a `---` prints its own marker; the join below puts exactly one back.
      return doc.toString({ lineWidth: 0 }).replace(/^---(\n| )/, "");
    })
    .join("---\n");
}
