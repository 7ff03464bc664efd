/**
 * A fast path for loadYaml: a line-based reader of the block YAML that Kubernetes manifests and values files are
 * nearly always written in (block mappings and sequences, one-line plain and quoted scalars, literal block scalars,
 * `[]`, `{}` and one-line flow sequences of scalars, comments). It returns exactly what the full loader returns
 * (go-yaml v2 resolution, then sigs.k8s.io/yaml's JSON step), or `undefined` as soon as it meets anything outside
 * that subset — anchors, tags, folded or indented block scalars, multi-line scalars, complex keys, tabs in
 * indentation, anything that would be an error — and the full loader (the `yaml` package plus go-yaml's rules) takes
 * over. It never reports errors itself, so every error text still comes from one place.
 */
import { GoMap, type GoValue } from "../value";
import { resolvePlain } from "./yaml11-resolve";

/** Thrown to give up; caught once in fastLoadYaml. */
const GIVE_UP = Symbol("give up");

/** Characters a plain scalar may not start with in block context (go-yaml's indicators), besides `-?:` + space. */
const INDICATOR_START = new Set(["[", "]", "{", "}", "#", "&", "*", "!", "|", ">", "'", '"', "%", "@", "`", ","]);

const SIMPLE_ESCAPES: Record<string, string> = {
  "0": "\0",
  a: "\x07",
  b: "\b",
  t: "\t",
  "\t": "\t",
  n: "\n",
  v: "\v",
  f: "\f",
  r: "\r",
  e: "\x1b",
  " ": " ",
  '"': '"',
  "\\": "\\",
  N: "\u0085",
  _: "\u00a0",
  L: "\u2028",
  P: "\u2029",
};
const HEX_ESCAPE_LENGTH: Record<string, number> = { x: 2, u: 4, U: 8 };

function giveUp(): never {
  throw GIVE_UP;
}

/** A plain scalar's value after go-yaml's resolution and the JSON step (integers and floats become float64). */
function plainValue(text: string): GoValue {
  const r = resolvePlain(text);
  switch (r.tag) {
    case "str":
    case "timestamp":
    case "merge":
      return text;
    case "int":
      return r.big !== undefined ? Number(r.big) : r.value;
    case "float":
      // json.Marshal refuses NaN and ±Inf: the full loader reports it.
      return Number.isFinite(r.value) ? r.value : giveUp();
    case "bool":
    case "null":
      return r.value;
  }
}

class FastReader {
  private readonly lines: string[];
  /** Index of the line being read. */
  private at = 0;

  constructor(text: string) {
    this.lines = text.split("\n");
  }

  read(): GoValue {
    const first = this.nextContent(0);
    if (first < 0) return null;
    const line = this.lines[first];
    if (indentOf(line) !== 0) giveUp(); // go-yaml's reading of an indented root depends on later dedents
    this.at = first;
    // A flow collection as the whole document ("{}" and "[]" are what toYaml prints for empty ones).
    const value = line[0] === "{" || line[0] === "[" ? this.inlineValue(line, 0, -1) : this.blockNode(0, -1);
    if (this.nextContent(this.at + 1) >= 0) giveUp();
    return value;
  }

  /**
   * The index of the first line from `from` on with content (not blank, not a comment), or -1. Lines with a tab in
   * their indentation and document markers or directives end the fast path.
   */
  private nextContent(from: number): number {
    for (let i = from; i < this.lines.length; i++) {
      const line = this.lines[i];
      const indent = indentOf(line);
      if (indent === line.length) continue;
      const c = line[indent];
      if (c === "#") continue;
      if (c === "\t") giveUp();
      if (indent === 0 && (c === "%" || ((line.startsWith("---") || line.startsWith("...")) && (line.length === 3 || line[3] === " " || line[3] === "\t")))) giveUp();
      return i;
    }
    return -1;
  }

  /** The node whose first line is `this.at`, starting at column `col` (its indent); `parent` is the enclosing indent. */
  private blockNode(col: number, parent: number): GoValue {
    const line = this.lines[this.at];
    if (col <= parent) giveUp();
    if (isSequenceEntry(line, col)) return this.sequence(col);
    if (mappingColon(line, col) >= 0) return this.mapping(col);
    // A scalar or flow collection on a line of its own under its key; a scalar document goes the full way.
    if (parent < 0 || line[col] === "|") giveUp();
    return this.inlineValue(line, col, parent);
  }

  private sequence(indent: number): GoValue[] {
    const items: GoValue[] = [];
    for (;;) {
      const line = this.lines[this.at];
      let col = indent + 1;
      while (col < line.length && line[col] === " ") col++;
      if (line[col] === "\t") giveUp();
      if (col >= line.length || line[col] === "#") {
        // "-" alone: the item is on the next lines, or null.
        if (col < line.length && line[col - 1] !== " ") giveUp();
        items.push(this.nestedValue(indent, false));
      } else if (isSequenceEntry(line, col)) {
        giveUp(); // "- - x"
      } else if (mappingColon(line, col) >= 0) {
        items.push(this.mapping(col));
      } else {
        items.push(this.inlineValue(line, col, indent));
      }
      const next = this.nextContent(this.at + 1);
      if (next < 0) return items;
      const nextIndent = indentOf(this.lines[next]);
      if (nextIndent > indent) giveUp();
      if (nextIndent < indent || !isSequenceEntry(this.lines[next], indent)) return items;
      this.at = next;
    }
  }

  private mapping(indent: number): GoMap {
    const map = new GoMap();
    let col = indent;
    for (;;) {
      const line = this.lines[this.at];
      const colon = mappingColon(line, col);
      if (colon < 0) giveUp();
      const key = this.key(line, col, colon);
      let v = colon + 1;
      while (v < line.length && line[v] === " ") v++;
      if (line[v] === "\t") giveUp();
      // Go's map assignment: a repeated key keeps its first place and takes the last value (as the full loader).
      if (v >= line.length || line[v] === "#") map.set(key, this.nestedValue(indent, true));
      else map.set(key, this.inlineValue(line, v, indent));
      const next = this.nextContent(this.at + 1);
      if (next < 0) return map;
      const nextIndent = indentOf(this.lines[next]);
      if (nextIndent > indent) giveUp();
      if (nextIndent < indent) return map;
      if (isSequenceEntry(this.lines[next], indent)) giveUp();
      this.at = next;
      col = indent;
    }
  }

  /**
   * The value of a key or "-" with nothing after it on its line: a more indented node on the next lines, a sequence
   * at the mapping's own indent (`key:` then `- x`), or null. Leaves `this.at` on the value's last line.
   */
  private nestedValue(indent: number, inMapping: boolean): GoValue {
    const next = this.nextContent(this.at + 1);
    if (next < 0) return null;
    const line = this.lines[next];
    const nextIndent = indentOf(line);
    if (nextIndent > indent || (inMapping && nextIndent === indent && isSequenceEntry(line, indent))) {
      this.at = next;
      return this.blockNode(nextIndent, inMapping && nextIndent === indent ? indent - 1 : indent);
    }
    return null;
  }

  private key(line: string, col: number, colon: number): string {
    const c = line[col];
    if (c === '"' || c === "'") {
      const q = quoted(line, col);
      if (q.end !== colon) giveUp();
      return q.value;
    }
    if (INDICATOR_START.has(c) || c === "-" || c === "?" || c === ":") giveUp();
    let end = colon;
    while (end > col && line[end - 1] === " ") end--;
    const text = line.slice(col, end);
    if (text.length > 1000 || text.includes("\t")) giveUp(); // go-yaml limits simple keys to 1024 characters
    const r = resolvePlain(text);
    if (r.tag !== "str" && r.tag !== "timestamp") giveUp(); // numbers, booleans, null and << keys: the full loader
    return text;
  }

  /** A value that starts on its key's or dash's line at `col`; `indent` is the enclosing collection's indent. */
  private inlineValue(line: string, col: number, indent: number): GoValue {
    const c = line[col];
    if (c === '"' || c === "'") return this.quotedValue(line, col, indent);
    if (c === "|") return this.literal(line, col, indent);
    if (c === "[") return flowSequence(line, col);
    if (c === "{") {
      let i = col + 1;
      while (line[i] === " ") i++;
      if (line[i] !== "}") giveUp();
      assertOnlyComment(line, i + 1);
      return new GoMap();
    }
    if (INDICATOR_START.has(c)) giveUp();
    if ((c === "-" || c === "?" || c === ":") && (col + 1 >= line.length || line[col + 1] === " ")) giveUp();
    let end = line.length;
    const hash = line.indexOf(" #", col);
    if (hash >= 0) end = hash;
    while (end > col && line[end - 1] === " ") end--;
    const text = line.slice(col, end);
    if (text.includes("\t") || text.includes(": ") || text.endsWith(":")) giveUp();
    // A comment ends a plain scalar; otherwise more indented lines continue it.
    return plainValue(hash >= 0 ? text : this.plainContinuation(text, indent));
  }

  /**
   * A plain scalar's continuation lines (those indented more than the enclosing collection), folded as YAML does:
   * one line break becomes a space, each blank line a line break. Leaves `this.at` on the last line read.
   */
  private plainContinuation(first: string, indent: number): string {
    let text = first;
    let blanks = 0;
    for (let i = this.at + 1; i < this.lines.length; i++) {
      const line = this.lines[i];
      const n = indentOf(line);
      if (n === line.length) {
        blanks++;
        continue;
      }
      if (n <= indent) break;
      const c = line[n];
      if (c === "\t" || c === "#" || INDICATOR_START.has(c)) giveUp();
      if ((c === "-" || c === "?" || c === ":") && (n + 1 === line.length || line[n + 1] === " ")) giveUp();
      let end = line.length;
      while (end > n && line[end - 1] === " ") end--;
      const part = line.slice(n, end);
      if (part.includes("\t") || part.includes(": ") || part.includes(" #") || part.endsWith(":")) giveUp();
      text += blanks > 0 ? "\n".repeat(blanks) : " ";
      text += part;
      blanks = 0;
      this.at = i;
    }
    return text;
  }

  /**
   * A quoted scalar value, on one line or folded over several (each line break a space, each blank line a break):
   * single-quoted ones, and double-quoted ones without escapes; continuation lines must be indented more than the
   * enclosing collection. Leaves `this.at` on the closing quote's line.
   */
  private quotedValue(line: string, col: number, indent: number): string {
    if (quotedEnd(line, col) >= 0) {
      const q = quoted(line, col);
      assertOnlyComment(line, q.end);
      return q.value;
    }
    const quote = line[col];
    const pieces = [line.slice(col + 1)];
    let i = this.at + 1;
    for (; ; i++) {
      if (i >= this.lines.length) giveUp();
      const l = this.lines[i];
      const n = indentOf(l);
      if (n !== l.length && n <= indent) giveUp();
      const close = closingQuote(l, quote);
      if (close < 0) {
        pieces.push(l);
        continue;
      }
      pieces.push(l.slice(0, close));
      assertOnlyComment(l, close + 1);
      break;
    }
    for (const p of pieces) if (p.includes("\t") || (quote === '"' && p.includes("\\"))) giveUp();
    this.at = i;
    let text = pieces[0].trimEnd();
    let blanks = 0;
    for (let k = 1; k < pieces.length; k++) {
      const last = k === pieces.length - 1;
      const part = last ? pieces[k].trimStart() : pieces[k].trim();
      if (!last && part === "") {
        blanks++;
        continue;
      }
      text += blanks > 0 ? "\n".repeat(blanks) : " ";
      text += part;
      blanks = 0;
    }
    return quote === "'" ? text.replaceAll("''", "'") : text;
  }

  /** A literal block scalar (`|` or `|-`, no indentation indicator); leaves `this.at` on its last line. */
  private literal(line: string, col: number, indent: number): string {
    let i = col + 1;
    let strip = false;
    if (line[i] === "-") {
      strip = true;
      i++;
    }
    if (i < line.length && line[i] !== " ") giveUp(); // |+, |2, |-2, …
    assertOnlyComment(line, i);
    const first = this.at + 1;
    if (first >= this.lines.length) giveUp();
    const firstLine = this.lines[first];
    const contentIndent = indentOf(firstLine);
    // Leading empty lines and empty scalars have their own rules: the full loader.
    if (contentIndent === firstLine.length || contentIndent <= indent) giveUp();
    const parts: string[] = [];
    let last = first; // the last content line
    let end = first + 1;
    parts.push(firstLine.slice(contentIndent));
    for (; end < this.lines.length; end++) {
      const l = this.lines[end];
      const n = indentOf(l);
      if (n === l.length) {
        if (n > contentIndent) giveUp(); // spaces beyond the indentation on a blank line are content
        continue;
      }
      if (n < contentIndent) {
        if (l[n] === "\t" && l.trim() === "") giveUp();
        break;
      }
      for (let k = last + 1; k < end; k++) parts.push("");
      parts.push(l.slice(contentIndent));
      last = end;
    }
    this.at = last;
    const text = parts.join("\n");
    // Clip keeps the last content line's break; a last line that ends the input has none (go-yaml).
    return strip || last === this.lines.length - 1 ? text : text + "\n";
  }
}

function indentOf(line: string): number {
  let i = 0;
  while (i < line.length && line.charCodeAt(i) === 32) i++;
  return i;
}

function isSequenceEntry(line: string, col: number): boolean {
  return line[col] === "-" && (col + 1 === line.length || line[col + 1] === " " || line[col + 1] === "\t");
}

/**
 * The column of the `:` that makes the text at `col` a block mapping entry (followed by a space or the line end),
 * or -1. A comment (` #`) before any such colon means the line is a scalar.
 */
function mappingColon(line: string, col: number): number {
  const c = line[col];
  if (c === '"' || c === "'") {
    const close = quotedEnd(line, col);
    if (close < 0) return -1;
    return line[close] === ":" && (close + 1 === line.length || line[close + 1] === " ") ? close : -1;
  }
  for (let i = col; i < line.length; i++) {
    const ch = line[i];
    if (ch === ":") {
      if (i + 1 === line.length || line[i + 1] === " ") return i;
      if (line[i + 1] === "\t") giveUp();
    } else if (ch === "#" && i > col && line[i - 1] === " ") return -1;
  }
  return -1;
}

/** The index just after the closing quote of a quoted scalar that ends on this line, or -1. */
function quotedEnd(line: string, col: number): number {
  const q = line[col];
  for (let i = col + 1; i < line.length; i++) {
    const ch = line[i];
    if (q === '"' && ch === "\\") i++;
    else if (ch === q) {
      if (q === "'" && line[i + 1] === "'") i++;
      else return i + 1;
    }
  }
  return -1;
}

/** The index of the quote that closes a quoted scalar continued on this line, or -1. */
function closingQuote(line: string, quote: string): number {
  for (let i = 0; i < line.length; i++) {
    if (line[i] !== quote) continue;
    if (quote === "'" && line[i + 1] === "'") i++;
    else return i;
  }
  return -1;
}

/** A one-line quoted scalar at `col`: its value and the index after its closing quote. */
function quoted(line: string, col: number): { value: string; end: number } {
  const end = quotedEnd(line, col);
  if (end < 0) giveUp(); // continues on the next line: line folding is the full loader's
  const body = line.slice(col + 1, end - 1);
  if (line[col] === "'") return { value: body.includes("''") ? body.replaceAll("''", "'") : body, end };
  if (!body.includes("\\")) return { value: body, end };
  let out = "";
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (ch !== "\\") {
      out += ch;
      continue;
    }
    const e = body[++i];
    const simple = SIMPLE_ESCAPES[e];
    if (simple !== undefined) {
      out += simple;
      continue;
    }
    const length = HEX_ESCAPE_LENGTH[e];
    if (length === undefined) giveUp();
    const hex = body.slice(i + 1, i + 1 + length);
    if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== length) giveUp();
    const code = parseInt(hex, 16);
    if ((code >= 0xd800 && code <= 0xdfff) || code > 0x10ffff) giveUp();
    out += String.fromCodePoint(code);
    i += length;
  }
  return { value: out, end };
}

/** After a value: nothing, spaces, or spaces and a comment. */
function assertOnlyComment(line: string, from: number): void {
  let i = from;
  while (i < line.length && line[i] === " ") i++;
  if (i === line.length) return;
  if (line[i] === "#" && i > from) return;
  giveUp();
}

/** `[]` or a one-line flow sequence of quoted and simple plain scalars. */
function flowSequence(line: string, col: number): GoValue[] {
  const items: GoValue[] = [];
  let i = col + 1;
  const skip = () => {
    while (line[i] === " ") i++;
  };
  skip();
  if (line[i] === "]") {
    assertOnlyComment(line, i + 1);
    return items;
  }
  for (;;) {
    skip();
    const c = line[i];
    if (c === '"' || c === "'") {
      const q = quoted(line, i);
      items.push(q.value);
      i = q.end;
    } else {
      let end = i;
      while (end < line.length && !",[]{}#:'\"\t".includes(line[end])) end++;
      let textEnd = end;
      while (textEnd > i && line[textEnd - 1] === " ") textEnd--;
      const text = line.slice(i, textEnd);
      if (text === "" || INDICATOR_START.has(text[0]) || "-?".includes(text[0])) giveUp();
      items.push(plainValue(text));
      i = end;
    }
    skip();
    if (line[i] === ",") {
      i++;
      skip();
      if (line[i] === "]") giveUp(); // a trailing comma: leave it to the full loader
      continue;
    }
    if (line[i] !== "]") giveUp();
    assertOnlyComment(line, i + 1);
    return items;
  }
}

/**
 * loadYaml's result for `text` (one document, already cut at its end marker) when the fast reader covers it, else
 * undefined. Never throws for bad input: errors are left to the full loader.
 */
export function fastLoadYaml(text: string): GoValue | undefined {
  if (text.includes("\r") || text.charCodeAt(0) === 0xfeff) return undefined;
  try {
    return new FastReader(text).read();
  } catch (e) {
    if (e === GIVE_UP) return undefined;
    if (e instanceof RangeError) return undefined; // nesting deeper than the stack: the full loader reports it
    throw e;
  }
}
