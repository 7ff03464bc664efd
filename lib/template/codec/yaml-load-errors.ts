/**
 * Turns a parse failure reported by the `yaml` package into go-yaml v2's message for the same input.
 * go-yaml words its errors by scanner/parser state; we recognise the common shapes (unterminated flow
 * collections and quotes, tabs, reserved characters, bad indentation) and place the line number the way
 * go-yaml does: scanner errors give the 1-based line, parser errors the 0-based one, and a 0 is omitted.
 */
import type { YAMLError as ParseIssue } from "yaml";
import { YamlError } from "./errors";
import { documentMarkerInQuoted } from "./quoted-continuations";

interface Located {
  message: string;
  /** 0-based line of the mark go-yaml reports */
  line: number;
  /** 1-based column of the parser's own error position (go-yaml prints none, but editors want one) */
  column?: number;
  kind: "scanner" | "parser";
}

function lineOf(text: string, offset: number): number {
  let line = 0;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** The scanner's mark at the end of the stream; the parser's STREAM-END token moves to a fresh line. */
function endOfStreamLine(text: string, forceNewLine: boolean): number {
  const lines = lineOf(text, text.length);
  return forceNewLine && text.length > 0 && !text.endsWith("\n") ? lines + 1 : lines;
}

/** The next mapping-value indicator (`:` followed by a blank or the end) at or after offset. */
function nextValueIndicator(text: string, offset: number): number | undefined {
  const re = /:(?=[ \t\r\n]|$)/g;
  re.lastIndex = offset;
  const m = re.exec(text);
  return m ? m.index : undefined;
}

/** Whether the unterminated flow collection starting before offset has no entry after its last `[`, `{` or `,`. */
function expectsNodeContent(text: string): boolean {
  const trimmed = text.replace(/\s+$/, "");
  const last = trimmed[trimmed.length - 1];
  return last === "[" || last === "{" || last === ",";
}

/**
 * Whether the collection the line at offset falls back into is a block sequence: the nearest earlier
 * content line indented no deeper than this one starts with `- `.
 */
function previousEntryIsSequenceItem(text: string, offset: number): boolean {
  const entry = enclosingEntryLine(text, offset);
  return entry !== undefined && /^-( |$)/.test(entry.trim());
}

/** The nearest earlier content line whose indentation is at most that of the line holding offset. */
function enclosingEntryLine(text: string, offset: number): string | undefined {
  const lineStart = text.lastIndexOf("\n", offset - 1) + 1;
  const lineEnd = text.indexOf("\n", lineStart);
  const current = text.slice(lineStart, lineEnd < 0 ? text.length : lineEnd);
  const currentIndent = current.length - current.trimStart().length;
  const lines = text.slice(0, lineStart).split("\n");
  lines.pop();
  for (let i = lines.length - 1; i >= 0; i--) {
    const t = lines[i].trim();
    if (t === "" || t.startsWith("#")) continue;
    if (lines[i].length - lines[i].trimStart().length <= currentIndent) return lines[i];
  }
  return undefined;
}

/**
 * Whether a key candidate at offset is one go-yaml requires to be a key: it starts a line inside a block
 * mapping at that same column (a sibling entry above it), and the next line is not indented deeper.
 */
function isRequiredKeyWithoutColon(text: string, offset: number): boolean {
  const lineStart = text.lastIndexOf("\n", offset - 1) + 1;
  const column = offset - lineStart;
  if (text.slice(lineStart, offset).trim() !== "") return false;
  const sibling = enclosingEntryLine(text, offset);
  if (sibling === undefined || sibling.length - sibling.trimStart().length !== column || !/:(\s|$)/.test(sibling)) return false;
  const lineEnd = text.indexOf("\n", offset);
  if (lineEnd < 0) return true;
  const next = text.slice(lineEnd + 1).split("\n").find((l) => l.trim() !== "" && !l.trim().startsWith("#"));
  return next === undefined || next.length - next.trimStart().length <= column;
}

/** Leading spaces of the last non-blank, non-comment line before the one holding offset. */
function previousContentIndent(text: string, offset: number): number {
  const lines = text.slice(0, offset).split("\n");
  lines.pop();
  for (let i = lines.length - 1; i >= 0; i--) {
    const t = lines[i].trim();
    if (t === "" || t.startsWith("#")) continue;
    return lines[i].length - lines[i].trimStart().length;
  }
  return -1;
}

function lineHasValueIndicator(text: string, offset: number): boolean {
  const colon = nextValueIndicator(text, offset);
  return colon !== undefined && lineOf(text, colon) === lineOf(text, offset);
}

/** The line of the first token after the line holding offset (the end of the stream when there is none). */
function nextTokenLine(text: string, offset: number): number {
  const lineEnd = text.indexOf("\n", offset);
  if (lineEnd < 0) return lineOf(text, text.length);
  const rest = text.slice(lineEnd + 1);
  const m = /[^\s]/.exec(rest);
  return lineOf(text, m ? lineEnd + 1 + m.index : text.length);
}

function locate(text: string, issues: ParseIssue[]): Located {
  const first = issues[0];
  const offset = first.pos[0];
  const line = lineOf(text, offset);
  const messages = issues.map((i) => i.message).join("\n");
  switch (first.code) {
    case "MISSING_CHAR":
      if (/quote/i.test(first.message)) {
        const marker = documentMarkerInQuoted(text, offset);
        if (marker !== undefined) return { message: "found unexpected document indicator", line: lineOf(text, marker), kind: "scanner" };
        return { message: "found unexpected end of stream", line: lineOf(text, text.length), kind: "scanner" };
      }
      if (/without - indicator/.test(first.message)) return { message: "did not find expected '-' indicator", line, kind: "parser" };
      if (/followed by map values/.test(first.message)) return { message: "could not find expected ':'", line: nextTokenLine(text, offset), kind: "scanner" };
      break;
    case "BAD_INDENT":
      if (/Flow (sequence|map)/.test(first.message)) {
        const closer = /Flow sequence/.test(first.message) ? "']'" : "'}'";
        // A wrong closing bracket is reported where it stands; a missing one at the end of the stream.
        if (offset < text.length && /[\]}]/.test(text[offset])) return { message: `did not find expected ',' or ${closer}`, line, kind: "parser" };
        // An entry running on to the next line as a plain scalar, then a `:`, stops the parser at that `:`.
        const colon = nextValueIndicator(text, offset);
        if (offset < text.length && colon !== undefined && lineOf(text, colon) === line && !/,\s*$/.test(text.slice(0, offset))) {
          return { message: `did not find expected ',' or ${closer}`, line, kind: "parser" };
        }
        const message = expectsNodeContent(text) ? "did not find expected node content" : `did not find expected ',' or ${closer}`;
        return { message, line: endOfStreamLine(text, true), kind: "parser" };
      }
      if (/same column/.test(first.message)) {
        if (previousEntryIsSequenceItem(text, offset) && !lineHasValueIndicator(text, offset)) {
          // A bare scalar among sequence items becomes a key that never gets its ':'.
          return { message: "could not find expected ':'", line: nextTokenLine(text, offset), kind: "scanner" };
        }
        const message = previousEntryIsSequenceItem(text, offset) ? "did not find expected '-' indicator" : "did not find expected key";
        return { message, line, kind: "parser" };
      }
      break;
    case "TAB_AS_INDENT": {
      // A tab left of the current block's indentation is named as such; elsewhere it cannot start a token.
      const column = offset - (text.lastIndexOf("\n", offset - 1) + 1);
      if (column < previousContentIndent(text, offset)) return { message: "found a tab character that violates indentation", line, kind: "scanner" };
      return { message: "found character that cannot start any token", line, kind: "scanner" };
    }
    case "BAD_SCALAR_START":
      if (/flow indicator/.test(first.message)) return { message: "did not find expected node content", line, kind: "parser" };
      return { message: "found character that cannot start any token", line, kind: "scanner" };
    case "BAD_ALIAS":
      return { message: "did not find expected alphabetic or numeric character", line, kind: "scanner" };
    case "BLOCK_AS_IMPLICIT_KEY": {
      if (text[offset] === "?") return { message: "mapping keys are not allowed in this context", line, kind: "scanner" };
      if (/block sequence may not be used/.test(first.message)) return { message: "did not find expected key", line, kind: "parser" };
      const colon = nextValueIndicator(text, offset);
      return { message: "mapping values are not allowed in this context", line: colon === undefined ? line : lineOf(text, colon), kind: "scanner" };
    }
    case "MULTILINE_IMPLICIT_KEY": {
      if (/block-seq-ind/.test(messages)) return { message: "did not find expected key", line: lineOf(text, issues[issues.length - 1].pos[0]), kind: "parser" };
      if (isRequiredKeyWithoutColon(text, offset)) return { message: "could not find expected ':'", line: nextTokenLine(text, offset), kind: "scanner" };
      const colon = nextValueIndicator(text, offset);
      if (colon !== undefined) return { message: "mapping values are not allowed in this context", line: lineOf(text, colon), kind: "scanner" };
      return { message: "could not find expected ':'", line, kind: "scanner" };
    }
    case "UNEXPECTED_TOKEN":
      if (/at node end/.test(first.message)) {
        const message = previousEntryIsSequenceItem(text, offset) ? "did not find expected '-' indicator" : "did not find expected key";
        return { message, line, kind: "parser" };
      }
      if (/block-seq-ind on same line/.test(first.message)) return { message: "block sequence entries are not allowed in this context", line, kind: "scanner" };
      if (/block-seq-ind/.test(first.message)) return { message: "did not find expected key", line, kind: "parser" };
      if (/flow-(seq|map)-end/.test(first.message)) {
        // A closing bracket where a mapping value should start is missing content; elsewhere a missing key.
        const valueExpected = /(^|:)\s*$/.test(text.slice(0, offset));
        return { message: valueExpected ? "did not find expected node content" : "did not find expected key", line, kind: "parser" };
      }
      break;
  }
  return { message: "did not find expected node content", line, kind: "parser" };
}

export function goYamlParseError(text: string, issues: ParseIssue[]): YamlError {
  const found = locate(text, issues);
  const shown = found.kind === "scanner" ? (found.line === 0 ? 0 : found.line + 1) : found.line;
  const where = shown === 0 ? "" : `line ${shown}: `;
  const offset = Math.min(issues[0].pos[0], text.length);
  const column = found.line === lineOf(text, offset) ? offset - (text.lastIndexOf("\n", offset - 1) + 1) + 1 : 1;
  return new YamlError(`yaml: ${where}${found.message}`, found.line + 1, column);
}
