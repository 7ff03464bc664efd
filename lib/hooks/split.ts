/**
 * Cutting rendered text into documents the way Helm 4.1 does (util/manifest.go SplitManifests), and reading a whole
 * `helm template` output back into per-template documents via its `# Source:` headers. Each document remembers the
 * line where it starts, so findings can point into the text the user actually has open.
 */
import type { RenderedDocument } from "./types";

// Go's \s is [\t\n\f\r ]; the separator is `---` at the very start or right after a newline, swallowing the
// whitespace around it. Helm 4.2.4 changed this regex; we follow 4.1, the version of our oracle binary.
const SEPARATOR = /(?:^|[\t\n\f\r ]*\n)---[\t\n\f\r ]*/g;
const GO_SPACE_RUN_START = /^[\t\n\v\f\r \u0085\u00a0]*/;
const GO_SPACE_RUN_END = /[\t\n\v\f\r \u0085\u00a0]*$/;

interface Piece {
  text: string;
  offset: number;
}

function trimWithOffset(text: string, offset: number): Piece {
  const lead = GO_SPACE_RUN_START.exec(text)![0].length;
  const rest = text.slice(lead);
  const trail = GO_SPACE_RUN_END.exec(rest)![0].length;
  return { text: rest.slice(0, rest.length - trail), offset: offset + lead };
}

function splitPieces(text: string): Piece[] {
  const whole = trimWithOffset(text, 0);
  const pieces: Piece[] = [];
  let cursor = 0;
  SEPARATOR.lastIndex = 0;
  for (let match = SEPARATOR.exec(whole.text); match; match = SEPARATOR.exec(whole.text)) {
    if (match[0].length === 0) {
      SEPARATOR.lastIndex++;
      continue;
    }
    pieces.push({ text: whole.text.slice(cursor, match.index), offset: whole.offset + cursor });
    cursor = match.index + match[0].length;
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

const SOURCE_HEADER = /^# Source: (.*)$/m;

/**
 * Read a `helm template` (or release manifest) output: every document starts with `# Source: <template path>`.
 * Line numbers refer to the output itself. A document without a header keeps the previous document's source.
 */
export function splitHelmTemplateOutput(output: string): RenderedDocument[] {
  const lineAt = lineIndex(output);
  const documents: RenderedDocument[] = [];
  let source = "(unknown)";
  for (const piece of splitPieces(output)) {
    const header = SOURCE_HEADER.exec(piece.text);
    let body = piece;
    if (header && header.index === 0) {
      source = header[1]!.trim();
      const afterHeader = header[0].length + 1;
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
