/**
 * Cutting rendered text into documents the way Helm 4.1 does (util/manifest.go SplitManifests), and reading a whole
 * `helm template` output back into per-template documents via its `# Source:` headers. Each document remembers the
 * line where it starts, so findings can point into the text the user actually has open.
 */
import { goTrimBounds } from "./go-semantics";
import type { RenderedDocument } from "./types";

interface Piece {
  text: string;
  offset: number;
}

function trimWithOffset(text: string, offset: number): Piece {
  const [start, end] = goTrimBounds(text);
  return { text: text.slice(start, end), offset: offset + start };
}

/** Go's `\s` (no vertical tab), which is what Helm's separator pattern uses. */
function isRegexSpace(code: number): boolean {
  return code === 9 || code === 10 || code === 12 || code === 13 || code === 32;
}

function skipRegexSpace(text: string, from: number): number {
  let end = from;
  while (end < text.length && isRegexSpace(text.charCodeAt(end))) end++;
  return end;
}

/**
 * The matches of Helm 4.1's separator `(?:^|\s*\n)---\s*`, found without a regex (whose retries on every indented
 * line make large outputs slow): `---` at the very start, or after a newline together with the whitespace run before
 * that newline; the whitespace after `---` is swallowed, newlines included.
 */
function separators(text: string): Array<[start: number, end: number]> {
  const found: Array<[number, number]> = [];
  let cursor = 0;
  if (text.startsWith("---")) {
    cursor = skipRegexSpace(text, 3);
    found.push([0, cursor]);
  }
  for (let newline = text.indexOf("\n---", cursor); newline >= 0; newline = text.indexOf("\n---", cursor)) {
    let start = newline;
    while (start > cursor && isRegexSpace(text.charCodeAt(start - 1))) start--;
    cursor = skipRegexSpace(text, newline + 4);
    found.push([start, cursor]);
  }
  return found;
}

function splitPieces(text: string): Piece[] {
  const whole = trimWithOffset(text, 0);
  const pieces: Piece[] = [];
  let cursor = 0;
  for (const [start, end] of separators(whole.text)) {
    pieces.push({ text: whole.text.slice(cursor, start), offset: whole.offset + cursor });
    cursor = end;
  }
  pieces.push({ text: whole.text.slice(cursor), offset: whole.offset + cursor });
  return pieces.map((piece) => trimWithOffset(piece.text, piece.offset)).filter((piece) => piece.text !== "");
}

/** Maps offsets to 1-based line numbers with one pass over the text and a binary search per lookup. */
function lineIndex(text: string): (offset: number) => number {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) lineStarts.push(i + 1);
  return (offset) => {
    let low = 0;
    let high = lineStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (lineStarts[middle]! <= offset) low = middle;
      else high = middle - 1;
    }
    return low + 1;
  };
}

/** Split one rendered template file into its documents, as Helm does before classifying hooks. */
export function splitRenderedFile(source: string, text: string): RenderedDocument[] {
  const lineAt = lineIndex(text);
  return splitPieces(text).map((piece) => ({ source, text: piece.text, startLine: lineAt(piece.offset) }));
}

const SOURCE_HEADER = "# Source: ";

/**
 * Read a `helm template` (or release manifest) output: every document starts with `# Source: <template path>`.
 * Line numbers refer to the output itself. A document without a header keeps the previous document's source.
 */
export function splitHelmTemplateOutput(output: string): RenderedDocument[] {
  const lineAt = lineIndex(output);
  const documents: RenderedDocument[] = [];
  let source = "(unknown)";
  for (const piece of splitPieces(output)) {
    let body = piece;
    if (piece.text.startsWith(SOURCE_HEADER)) {
      const lineEnd = piece.text.indexOf("\n");
      const afterHeader = lineEnd < 0 ? piece.text.length : lineEnd + 1;
      source = piece.text.slice(SOURCE_HEADER.length, lineEnd < 0 ? undefined : lineEnd).trim();
      body = trimWithOffset(piece.text.slice(afterHeader), piece.offset + afterHeader);
      if (body.text === "") continue;
    }
    documents.push({ source, text: body.text, startLine: lineAt(body.offset) });
  }
  return documents;
}

/** What the public functions accept: rendered documents, or the text of a whole `helm template` output. */
export type HookInput = readonly RenderedDocument[] | string;

export function toDocuments(input: HookInput): readonly RenderedDocument[] {
  return typeof input === "string" ? splitHelmTemplateOutput(input) : input;
}
