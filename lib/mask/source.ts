/**
 * Masking secrets in a chart's source files (values files, templates, anything textual) for readers who may not see
 * them. Templates are not YAML until rendered, so this works line by line on YAML-shaped text with the same rules as
 * `maskManifest`: scalars under a secret-looking key (nested blocks and block scalars included), the `data` and
 * `stringData` of a `kind: Secret` document, and the `value` of an env entry whose `name` looks secret. Template
 * actions that only refer to values (`{{ .Values.db.password | b64enc }}`) stay readable: they hold no secret; an
 * action with a literal string in it is masked like any other value. Pure and browser-safe.
 */
import { isSecretKey, maskedText } from "./secrets";

/** `indent`, an optional `- `, a key (plain or quoted), a colon, and the rest of the line. */
const KEY_LINE = /^(\s*)(-\s+)?(?:"([^"]*)"|'([^']*)'|([^\s#"'{}][^:#]*?))\s*:(?:\s+(.*))?$/;
const ITEM_LINE = /^(\s*)-\s+(.*)$/;
/** A value that is only template actions without string literals: a reference, not a secret. */
const REFERENCE_ONLY = /^(\{\{-?[^"'`]*?-?\}\}\s*)+$/;

interface Block {
  /** Lines indented deeper than this column belong to the masked block. */
  indent: number;
}

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

function maskScalar(raw: string): string {
  const value = raw.replace(/\s+#.*$/, "").trim();
  if (value === "" || value === '""' || value === "''" || value === "|" || value === ">" || /^[|>][-+]?\d*$/.test(value)) return raw;
  if (REFERENCE_ONLY.test(value)) return raw;
  return maskedText(value);
}

function isSecretDocument(lines: string[]): boolean {
  return lines.some((l) => /^kind:\s*["']?Secret["']?\s*(#.*)?$/.test(l));
}

function maskDocumentLines(lines: string[]): string[] {
  const secretDoc = isSecretDocument(lines);
  let block: Block | null = null;
  let envSecret: { column: number } | null = null;
  return lines.map((line) => {
    const trimmed = line.trim();
    if (trimmed === "" || trimmed.startsWith("#")) return line;
    // Template control lines (`{{- if … }}`, `{{- end }}`) hold no secret and, wherever they are indented, neither
    // open nor close a block.
    if (REFERENCE_ONLY.test(trimmed)) return line;
    const indent = indentOf(line);
    if (block && indent > block.indent) {
      // Inside a masked block: keep its keys, mask what they hold.
      const key = KEY_LINE.exec(line);
      if (key) return key[6] === undefined ? line : line.slice(0, line.length - key[6].length) + maskScalar(key[6]);
      const item = ITEM_LINE.exec(line);
      if (item) return `${item[1]}- ${maskScalar(item[2])}`;
      return " ".repeat(indent) + maskedText(trimmed);
    }
    block = null;
    const match = KEY_LINE.exec(line);
    if (!match) return line;
    const name = match[3] ?? match[4] ?? match[5] ?? "";
    const rest = match[6];
    const column = indent + (match[2]?.length ?? 0);
    if (envSecret && column < envSecret.column) envSecret = null;
    const secretData = secretDoc && indent === 0 && (name === "data" || name === "stringData");
    const envValue = envSecret !== null && column === envSecret.column && name === "value";
    if (name === "name") envSecret = rest !== undefined && isSecretKey(rest.trim().replace(/^["']|["']$/g, "")) ? { column } : null;
    if (!secretData && !envValue && !isSecretKey(name)) return line;
    if (rest === undefined || /^[|>][-+]?\d*\s*$/.test(rest.trim())) {
      block = { indent: column };
      return line;
    }
    return line.slice(0, line.length - rest.length) + maskScalar(rest);
  });
}

const KEY_FILE_EXTENSIONS = new Set(["key", "pem", "p12", "pfx", "jks", "keystore"]);
const PEM_BEGIN = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/;
const PEM_END = /-----END [A-Z0-9 ]*PRIVATE KEY-----/;

/** Private key blocks (PEM) wherever they appear, masked line by line; their BEGIN/END markers kept. */
function maskPrivateKeys(lines: string[]): string[] {
  let inside = false;
  return lines.map((line) => {
    if (PEM_BEGIN.test(line)) {
      inside = true;
      return line;
    }
    if (PEM_END.test(line)) {
      inside = false;
      return line;
    }
    return inside && line.trim() ? " ".repeat(indentOf(line)) + maskedText(line.trim()) : line;
  });
}

/**
 * A chart file as a reader without the unmask permission sees it. A file outside templates/ whose name looks secret
 * (`files/tls.key`, `credentials.json`) is masked whole; any other file has its secret-looking values masked.
 */
export function maskChartFile(path: string, text: string): string {
  const base = path.split("/").pop() ?? path;
  const dot = base.lastIndexOf(".");
  const [stem, extension] = dot > 0 ? [base.slice(0, dot), base.slice(dot + 1).toLowerCase()] : [base, ""];
  const secretFile = KEY_FILE_EXTENSIONS.has(extension) || isSecretKey(stem);
  if (!path.split("/").includes("templates") && text.trim() && secretFile) return maskedText(text);
  return maskChartSource(text);
}

/** The file's text with secret-looking values masked; structure, comments and template logic kept. */
export function maskChartSource(text: string): string {
  const lines = text.split("\n");
  const out: string[] = [];
  let doc: string[] = [];
  for (const line of lines) {
    if (/^---(\s|$)/.test(line)) {
      out.push(...maskDocumentLines(doc), line);
      doc = [];
    } else {
      doc.push(line);
    }
  }
  out.push(...maskDocumentLines(doc));
  return maskPrivateKeys(out).join("\n");
}
