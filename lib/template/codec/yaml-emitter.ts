/**
 * A block-style YAML emitter that lays text out exactly as go-yaml's emitter (the libyaml port) does:
 * the same indentation bookkeeping, scalar analysis, style fallbacks (plain → single → double quotes,
 * literal → double quotes), escapes, and folding of long scalars at a space once past the width.
 * It is driven by a small node tree built by the v2 (toYaml) and v3 (toYamlPretty) front ends.
 */
import { utf8Length } from "./text-units";

export type ScalarStyle = "plain" | "double" | "literal";

export type YamlNode =
  | { kind: "scalar"; text: string; style: ScalarStyle }
  | { kind: "seq"; items: YamlNode[] }
  | { kind: "map"; entries: [YamlNode, YamlNode][] };

export interface EmitterDialect {
  /** go-yaml v3: tabs may stay in literal blocks; sequences under a key are indented */
  v3: boolean;
  /** column after which a scalar may be folded at a space (Infinity: never fold) */
  width: number;
}

interface ScalarAnalysis {
  multiline: boolean;
  flowPlainAllowed: boolean;
  blockPlainAllowed: boolean;
  singleQuotedAllowed: boolean;
  blockAllowed: boolean;
}

const BEST_INDENT = 2;

function countCodePoints(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n--;
      i++;
    }
  }
  return n;
}

/** Line breaks other than \n. */
const OTHER_BREAKS = /[\r\u0085\u2028\u2029]/;
const isBreak = (c: number | undefined) => c === 0x0a || c === 0x0d || c === 0x85 || c === 0x2028 || c === 0x2029;
const isBlank = (c: number) => c === 0x20 || c === 0x09;
/** libyaml's "blank or break or end", where the end test also matches a NUL character. */
const isBlankz = (c: number | undefined) => c === undefined || c === 0 || isBlank(c) || isBreak(c);

/** go-yaml's is_printable (UTF-8 based; characters outside the BMP count as non-printable). */
function isPrintable(c: number): boolean {
  return (
    c === 0x0a ||
    (c >= 0x20 && c <= 0x7e) ||
    (c >= 0xa0 && c <= 0xd7ff) ||
    (c >= 0xe000 && c <= 0xfffd && c !== 0xfeff)
  );
}

/** Code point at UTF-16 index i of s (a lone surrogate counts as itself). */
function codePointAt(s: string, i: number): number {
  return s.codePointAt(i)!;
}

/** How many UTF-16 units a code point takes. */
const width = (c: number) => (c > 0xffff ? 2 : 1);

// What analyzeScalar asks of an ASCII character, as bits in a table (ASCII_CLASS[c] is never 0 for c < 0x80):
// '#,[]{}&*!|>\'"%@`' are indicators at the start of a scalar, ',?[]{}' anywhere in flow context.
const ASCII = 1;
const PRINTABLE = 2;
const START_INDICATOR = 4;
const FLOW_INDICATOR = 8;
const ASCII_CLASS = new Uint8Array(0x80).map((_, c) => ASCII | (isPrintable(c) ? PRINTABLE : 0));
for (const ch of "#,[]{}&*!|>'\"%@`") ASCII_CLASS[ch.charCodeAt(0)] |= START_INDICATOR;
for (const ch of ",?[]{}") ASCII_CLASS[ch.charCodeAt(0)] |= FLOW_INDICATOR;

/** Short printable ASCII words need none of the analysis: plain, one line, nothing to fold or escape. */
const SIMPLE_WORD = /^[A-Za-z0-9_/][A-Za-z0-9_./=+-]*$/;

const SIMPLE_ANALYSIS: ScalarAnalysis = { multiline: false, flowPlainAllowed: true, blockPlainAllowed: true, singleQuotedAllowed: true, blockAllowed: true };

/** The last analysis: a mapping key is analysed twice in a row (isSimpleKey, then emitScalar). */
let lastAnalysis: { text: string; v3: boolean; result: ScalarAnalysis } | undefined;

function analyzeScalar(text: string, v3: boolean): ScalarAnalysis {
  if (lastAnalysis && lastAnalysis.text === text && lastAnalysis.v3 === v3) return lastAnalysis.result;
  const result = analyzeScalarText(text, v3);
  lastAnalysis = { text, v3, result };
  return result;
}

function analyzeScalarText(text: string, v3: boolean): ScalarAnalysis {
  if (text.length === 0) {
    return { multiline: false, flowPlainAllowed: false, blockPlainAllowed: true, singleQuotedAllowed: true, blockAllowed: false };
  }
  if (SIMPLE_WORD.test(text) && !text.startsWith("...")) return SIMPLE_ANALYSIS;
  let blockIndicators = false;
  let flowIndicators = false;
  let lineBreaks = false;
  let specialCharacters = false;
  let tabCharacters = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let previousSpace = false;
  let previousBreak = false;

  if (text.startsWith("---") || text.startsWith("...")) {
    blockIndicators = true;
    flowIndicators = true;
  }

  let precededByWhitespace = true;
  const n = text.length;
  for (let i = 0; i < n; ) {
    // The code point at i (a lone surrogate counts as itself), as codePointAt gives it, without the call.
    let c = text.charCodeAt(i);
    let w = 1;
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
      const low = text.charCodeAt(i + 1);
      if ((low & 0xfc00) === 0xdc00) {
        c = ((c - 0xd800) << 10) + (low - 0xdc00) + 0x10000;
        w = 2;
      }
    }
    const last = i + w >= n;
    const next = last ? undefined : text.charCodeAt(i + w);
    const followedByWhitespace = next === undefined || isBlank(next) || isBreak(next);
    const ascii = c < 0x80 ? ASCII_CLASS[c] : 0;
    if (i === 0) {
      if (ascii & START_INDICATOR) {
        flowIndicators = true;
        blockIndicators = true;
      } else if (c === 0x3f || c === 0x3a) {
        flowIndicators = true;
        if (followedByWhitespace) blockIndicators = true;
      } else if (c === 0x2d && followedByWhitespace) {
        flowIndicators = true;
        blockIndicators = true;
      }
    } else if (ascii & FLOW_INDICATOR) {
      flowIndicators = true;
    } else if (c === 0x3a) {
      flowIndicators = true;
      if (followedByWhitespace) blockIndicators = true;
    } else if (c === 0x23 && precededByWhitespace) {
      flowIndicators = true;
      blockIndicators = true;
    }

    if (c === 0x09 && v3) tabCharacters = true;
    else if (ascii ? !(ascii & PRINTABLE) : !isPrintable(c)) specialCharacters = true;

    if (c === 0x20) {
      if (i === 0) leadingSpace = true;
      if (last) trailingSpace = true;
      if (previousBreak) breakSpace = true;
      previousSpace = true;
      previousBreak = false;
    } else if (isBreak(c)) {
      lineBreaks = true;
      if (i === 0) leadingBreak = true;
      if (last) trailingBreak = true;
      if (previousSpace) spaceBreak = true;
      previousSpace = false;
      previousBreak = true;
    } else {
      previousSpace = false;
      previousBreak = false;
    }
    precededByWhitespace = isBlankz(c);
    i += w;
  }

  const a: ScalarAnalysis = { multiline: lineBreaks, flowPlainAllowed: true, blockPlainAllowed: true, singleQuotedAllowed: true, blockAllowed: true };
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) {
    a.flowPlainAllowed = false;
    a.blockPlainAllowed = false;
  }
  if (trailingSpace) a.blockAllowed = false;
  if (breakSpace) {
    a.flowPlainAllowed = false;
    a.blockPlainAllowed = false;
    a.singleQuotedAllowed = false;
  }
  if (spaceBreak || tabCharacters || specialCharacters) {
    a.flowPlainAllowed = false;
    a.blockPlainAllowed = false;
    a.singleQuotedAllowed = false;
  }
  if (spaceBreak || specialCharacters) a.blockAllowed = false;
  if (lineBreaks) {
    a.flowPlainAllowed = false;
    a.blockPlainAllowed = false;
  }
  if (flowIndicators) a.flowPlainAllowed = false;
  if (blockIndicators) a.blockPlainAllowed = false;
  return a;
}

const HEX = "0123456789ABCDEF";
const SHORT_ESCAPES = new Map<number, string>([
  [0x00, "0"],
  [0x07, "a"],
  [0x08, "b"],
  [0x09, "t"],
  [0x0a, "n"],
  [0x0b, "v"],
  [0x0c, "f"],
  [0x0d, "r"],
  [0x1b, "e"],
  [0x22, '"'],
  [0x5c, "\\"],
  [0x85, "N"],
  [0xa0, "_"],
  [0x2028, "L"],
  [0x2029, "P"],
]);

function escapeCodePoint(c: number): string {
  const short = SHORT_ESCAPES.get(c);
  if (short !== undefined) return "\\" + short;
  const [letter, width] = c <= 0xff ? ["x", 2] : c <= 0xffff ? ["u", 4] : ["U", 8];
  let hex = "";
  for (let k = (width - 1) * 4; k >= 0; k -= 4) hex += HEX[(c >> k) & 15];
  return `\\${letter}${hex}`;
}

interface NodeContext {
  root: boolean;
  mapping: boolean;
  simpleKey: boolean;
}

const ITEM: NodeContext = { root: false, mapping: false, simpleKey: false };
const SIMPLE_KEY: NodeContext = { root: false, mapping: true, simpleKey: true };
const IN_MAPPING: NodeContext = { root: false, mapping: true, simpleKey: false };

export class YamlEmitter {
  private out = "";
  private column = 0;
  private whitespace = true;
  private indention = true;
  private openEnded = false;
  private indent = -1;
  private readonly indents: number[] = [];

  constructor(private readonly dialect: EmitterDialect) {}

  /** One document, ended by a line break, as go-yaml's Marshal/Encode writes it. */
  emitDocument(root: YamlNode): string {
    this.emitNode(root, { root: true, mapping: false, simpleKey: false });
    this.writeIndent();
    return this.out;
  }

  private put(s: string): void {
    this.out += s;
    this.column += s.length;
  }

  private putBreak(): void {
    this.out += "\n";
    this.column = 0;
    this.indention = true;
  }

  private writeCodePoint(c: number): void {
    this.out += String.fromCodePoint(c);
    this.column++;
  }

  private writeBreak(c: number): void {
    if (c === 0x0a) {
      this.putBreak();
      return;
    }
    this.writeCodePoint(c);
    this.column = 0;
    this.indention = true;
  }

  private increaseIndent(flow: boolean, indentless: boolean): void {
    this.indents.push(this.indent);
    if (this.indent < 0) this.indent = flow ? BEST_INDENT : 0;
    else if (!indentless) this.indent += BEST_INDENT;
  }

  private popIndent(): void {
    this.indent = this.indents.pop()!;
  }

  private writeIndent(): void {
    const indent = Math.max(this.indent, 0);
    if (!this.indention || this.column > indent || (this.column === indent && !this.whitespace)) this.putBreak();
    if (this.column < indent) this.put(" ".repeat(indent - this.column));
    this.whitespace = true;
  }

  private writeIndicator(indicator: string, needWhitespace: boolean, isWhitespace: boolean, isIndention: boolean): void {
    if (needWhitespace && !this.whitespace) this.put(" ");
    this.put(indicator);
    this.whitespace = isWhitespace;
    this.indention = this.indention && isIndention;
    this.openEnded = false;
  }

  private emitNode(node: YamlNode, ctx: NodeContext): void {
    switch (node.kind) {
      case "scalar":
        this.emitScalar(node.text, node.style, ctx);
        return;
      case "seq":
        if (node.items.length === 0) this.emitEmptyFlow("[", "]");
        else this.emitBlockSequence(node.items, ctx);
        return;
      case "map":
        if (node.entries.length === 0) this.emitEmptyFlow("{", "}");
        else this.emitBlockMapping(node.entries);
        return;
    }
  }

  private emitEmptyFlow(open: string, close: string): void {
    this.writeIndicator(open, true, true, false);
    this.increaseIndent(true, false);
    this.popIndent();
    this.writeIndicator(close, false, false, false);
  }

  private emitBlockSequence(items: YamlNode[], ctx: NodeContext): void {
    // go-yaml v2 writes a sequence under a mapping key at the key's own indentation.
    this.increaseIndent(false, !this.dialect.v3 && ctx.mapping && !this.indention);
    for (const item of items) {
      this.writeIndent();
      this.writeIndicator("-", true, false, true);
      this.emitNode(item, ITEM);
    }
    this.popIndent();
  }

  private emitBlockMapping(entries: [YamlNode, YamlNode][]): void {
    this.increaseIndent(false, false);
    for (const [key, value] of entries) {
      this.writeIndent();
      if (this.isSimpleKey(key)) {
        this.emitNode(key, SIMPLE_KEY);
        this.writeIndicator(":", false, false, false);
      } else {
        this.writeIndicator("?", true, false, true);
        this.emitNode(key, IN_MAPPING);
        this.writeIndent();
        this.writeIndicator(":", true, false, true);
      }
      this.emitNode(value, IN_MAPPING);
    }
    this.popIndent();
  }

  private isSimpleKey(key: YamlNode): boolean {
    if (key.kind === "seq") return key.items.length === 0;
    if (key.kind === "map") return key.entries.length === 0;
    if (analyzeScalar(key.text, this.dialect.v3).multiline) return false;
    return utf8Length(key.text) <= 128;
  }

  private emitScalar(text: string, requested: ScalarStyle, ctx: NodeContext): void {
    const analysis = analyzeScalar(text, this.dialect.v3);
    let style: ScalarStyle | "single" = requested;
    if (ctx.simpleKey && analysis.multiline) style = "double";
    if (style === "plain") {
      if (!analysis.blockPlainAllowed) style = "single";
      if (text.length === 0 && ctx.simpleKey) style = "single";
    }
    if (style === "single" && !analysis.singleQuotedAllowed) style = "double";
    if (style === "literal" && (!analysis.blockAllowed || ctx.simpleKey)) style = "double";

    this.increaseIndent(true, false);
    const allowBreaks = !ctx.simpleKey;
    switch (style) {
      case "plain":
        this.writePlain(text, allowBreaks, ctx.root);
        break;
      case "single":
        this.writeSingleQuoted(text, allowBreaks);
        break;
      case "double":
        this.writeDoubleQuoted(text, allowBreaks);
        break;
      case "literal":
        this.writeLiteral(text);
        break;
    }
    this.popIndent();
  }

  /** Appends text that holds no line break; the column advances by its code points. */
  private writeRun(text: string): void {
    if (text.length === 0) return;
    this.out += text;
    this.column += countCodePoints(text);
  }

  private writePlain(text: string, allowBreaks: boolean, root: boolean): void {
    if (text.length > 0 && !this.whitespace) this.put(" ");
    if (SIMPLE_WORD.test(text)) {
      // No spaces and no breaks: nothing can fold.
      this.out += text;
      this.column += text.length;
    } else {
      let spaces = false;
      let breaks = false;
      // Characters are written in runs; `pending` counts the code points of the run not yet written.
      let run = 0;
      let pending = 0;
      for (let i = 0; i < text.length; ) {
        const c = codePointAt(text, i);
        const w = width(c);
        if (c === 0x20) {
          if (allowBreaks && !spaces && this.column + pending > this.dialect.width && text.charCodeAt(i + 1) !== 0x20) {
            this.writeRun(text.slice(run, i));
            this.writeIndent();
            run = i + 1;
            pending = 0;
          } else pending++;
          spaces = true;
        } else if (isBreak(c)) {
          this.writeRun(text.slice(run, i));
          if (!breaks && c === 0x0a) this.putBreak();
          this.writeBreak(c);
          run = i + w;
          pending = 0;
          breaks = true;
        } else {
          if (breaks) {
            this.writeIndent();
            run = i;
          }
          pending++;
          this.indention = false;
          spaces = false;
          breaks = false;
        }
        i += w;
      }
      this.writeRun(text.slice(run));
    }
    if (text.length > 0) this.whitespace = false;
    this.indention = false;
    if (root) this.openEnded = true;
  }

  private writeSingleQuoted(text: string, allowBreaks: boolean): void {
    this.writeIndicator("'", true, false, false);
    let spaces = false;
    let breaks = false;
    const last = text.length - 1;
    for (let i = 0; i < text.length; ) {
      const c = codePointAt(text, i);
      const w = width(c);
      if (c === 0x20) {
        if (allowBreaks && !spaces && this.column > this.dialect.width && i > 0 && i < last && text.charCodeAt(i + 1) !== 0x20) this.writeIndent();
        else this.put(" ");
        spaces = true;
      } else if (isBreak(c)) {
        if (!breaks && c === 0x0a) this.putBreak();
        this.writeBreak(c);
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        if (c === 0x27) this.put("'");
        this.writeCodePoint(c);
        this.indention = false;
        spaces = false;
        breaks = false;
      }
      i += w;
    }
    this.writeIndicator("'", false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  private writeDoubleQuoted(text: string, allowBreaks: boolean): void {
    this.writeIndicator('"', true, false, false);
    let spaces = false;
    // Observed in go-yaml (v2 and v3): after a leading byte order mark, every character is escaped.
    const escapeAll = text.charCodeAt(0) === 0xfeff;
    const last = text.length - 1;
    for (let i = 0; i < text.length; ) {
      const c = codePointAt(text, i);
      const w = width(c);
      if (escapeAll || !isPrintable(c) || c === 0xfeff || isBreak(c) || c === 0x22 || c === 0x5c) {
        this.put(escapeCodePoint(c));
        spaces = false;
      } else if (c === 0x20) {
        if (allowBreaks && !spaces && this.column > this.dialect.width && i > 0 && i < last) {
          this.writeIndent();
          if (text.charCodeAt(i + 1) === 0x20) this.put("\\");
        } else this.put(" ");
        spaces = true;
      } else {
        this.writeCodePoint(c);
        spaces = false;
      }
      i += w;
    }
    this.writeIndicator('"', false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  private writeBlockScalarHints(text: string): void {
    const first = text.length > 0 ? codePointAt(text, 0) : -1;
    if (first === 0x20 || isBreak(first)) this.writeIndicator(String(BEST_INDENT), false, false, false);
    this.openEnded = false;
    let chomp = "";
    const cps = Array.from(text.slice(-2), (ch) => ch.codePointAt(0)!);
    const lastCp = cps[cps.length - 1];
    if (text.length === 0 || !isBreak(lastCp)) chomp = "-";
    else if (countCodePoints(text) === 1 || isBreak(cps[cps.length - 2])) {
      chomp = "+";
      this.openEnded = true;
    }
    if (chomp) this.writeIndicator(chomp, false, false, false);
  }

  private writeLiteral(text: string): void {
    this.writeIndicator("|", true, false, false);
    this.writeBlockScalarHints(text);
    this.putBreak();
    this.whitespace = true;
    if (!OTHER_BREAKS.test(text)) {
      // Only \n breaks: each line is written whole, after its indentation (empty lines get none).
      for (let start = 0; ; ) {
        const nl = text.indexOf("\n", start);
        const end = nl < 0 ? text.length : nl;
        if (end > start) {
          this.writeIndent();
          this.indention = false;
          this.writeRun(text.slice(start, end));
        }
        if (nl < 0) return;
        this.putBreak();
        start = nl + 1;
      }
    }
    let breaks = true;
    let run = 0;
    for (let i = 0; i < text.length; ) {
      const c = codePointAt(text, i);
      const w = width(c);
      if (isBreak(c)) {
        this.writeRun(text.slice(run, i));
        this.writeBreak(c);
        run = i + w;
        breaks = true;
      } else {
        if (breaks) {
          this.writeIndent();
          run = i;
        }
        this.indention = false;
        breaks = false;
      }
      i += w;
    }
    this.writeRun(text.slice(run));
  }

  /** Whether the document ended "open" (a plain root scalar or a keep-chomped block), which go-yaml marks with `...`. */
  get endedOpen(): boolean {
    return this.openEnded;
  }
}
