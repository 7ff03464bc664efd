/**
 * The lexer of Go's text/template language, written as state functions like Go's own: each state scans a piece
 * of input and returns the next state. The parser pulls items one at a time with `nextItem()`.
 *
 * Positions are indices into the JavaScript string (UTF-16 units); error locations convert them to Go's byte
 * columns (see parse/position.ts). Lines are 1-based and name the line where an item starts.
 */

export enum ItemType {
  Error,
  Bool,
  Char, // printable ASCII character not otherwise recognised (',' in "range $i, $v")
  CharConstant,
  Comment,
  Complex,
  Assign, // =
  Declare, // :=
  EOF,
  Field, // .Name
  Identifier,
  LeftDelim,
  LeftParen,
  Number,
  Pipe,
  RawString,
  RightDelim,
  RightParen,
  Space,
  String,
  Text,
  Variable, // $name
  // Keywords come after this marker, as in Go, so "is it a keyword" is one comparison.
  Keyword,
  Block,
  Break,
  Continue,
  Dot,
  Define,
  Else,
  End,
  If,
  Nil,
  Range,
  Template,
  With,
}

export interface Item {
  type: ItemType;
  pos: number;
  val: string;
  line: number;
}

const KEYWORDS: ReadonlyMap<string, ItemType> = new Map([
  [".", ItemType.Dot],
  ["block", ItemType.Block],
  ["break", ItemType.Break],
  ["continue", ItemType.Continue],
  ["define", ItemType.Define],
  ["else", ItemType.Else],
  ["end", ItemType.End],
  ["if", ItemType.If],
  ["range", ItemType.Range],
  ["nil", ItemType.Nil],
  ["template", ItemType.Template],
  ["with", ItemType.With],
]);

const LEFT_DELIM = "{{";
const RIGHT_DELIM = "}}";
const LEFT_COMMENT = "/*";
const RIGHT_COMMENT = "*/";
const TRIM_MARKER_LEN = 2; // "- " or " -"
const EOF = -1;

type StateFn = (l: Lexer) => StateFn | null;

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a;
}

const LETTER_OR_DIGIT = /[\p{L}\p{Nd}]/u;

/** Go's isAlphaNumeric: '_', a Unicode letter or a Unicode decimal digit. */
export function isAlphaNumeric(c: number): boolean {
  if (c === 0x5f) return true;
  if (c < 0x80) return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
  if (c === EOF) return false;
  return LETTER_OR_DIGIT.test(String.fromCodePoint(c));
}

/** Go's %#U rendering of a rune: U+002D '-' (the quoted char only when printable). */
export function formatRune(c: number): string {
  const hex = "U+" + c.toString(16).toUpperCase().padStart(4, "0");
  const ch = String.fromCodePoint(c);
  return /[\p{L}\p{M}\p{N}\p{P}\p{S} ]/u.test(ch) ? `${hex} '${ch}'` : hex;
}

export class Lexer {
  readonly input: string;
  private pos = 0;
  private start = 0;
  private atEOF = false;
  private parenDepth = 0;
  private item: Item | null = null;
  /** Between a left and a right delimiter; decides which state a new item starts in. */
  insideAction = false;
  /** Offsets of every '\n', for line numbers. */
  private readonly newlines: number[];

  constructor(input: string) {
    this.input = input;
    const nl: number[] = [];
    for (let i = input.indexOf("\n"); i !== -1; i = input.indexOf("\n", i + 1)) nl.push(i);
    this.newlines = nl;
  }

  /** 1-based line of a position: one plus the newlines before it. */
  lineAt(pos: number): number {
    const nl = this.newlines;
    let lo = 0;
    let hi = nl.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (nl[mid] < pos) lo = mid + 1;
      else hi = mid;
    }
    return lo + 1;
  }

  nextItem(): Item {
    this.item = null;
    let state: StateFn | null = this.insideAction ? lexInsideAction : lexText;
    while (state !== null) state = state(this);
    return this.item ?? { type: ItemType.EOF, pos: this.pos, val: "EOF", line: this.lineAt(this.pos) };
  }

  // --- primitive scanning -------------------------------------------------------------------------------------

  next(): number {
    if (this.pos >= this.input.length) {
      this.atEOF = true;
      return EOF;
    }
    const c = this.input.codePointAt(this.pos)!;
    this.pos += c > 0xffff ? 2 : 1;
    return c;
  }

  peek(): number {
    if (this.pos >= this.input.length) return EOF;
    return this.input.codePointAt(this.pos)!;
  }

  /** Steps back over the last rune read by next(); only valid once per next(). */
  backup(): void {
    if (this.atEOF) {
      this.atEOF = false;
      return;
    }
    if (this.pos <= 0) return;
    const prev = this.input.charCodeAt(this.pos - 1);
    this.pos -= prev >= 0xdc00 && prev <= 0xdfff && this.pos >= 2 ? 2 : 1;
  }

  /** Produces an item from the pending text; returning null ends this nextItem() call. */
  emit(type: ItemType): null {
    this.item = this.thisItem(type);
    return null;
  }

  thisItem(type: ItemType): Item {
    const it = { type, pos: this.start, val: this.input.slice(this.start, this.pos), line: this.lineAt(this.start) };
    this.start = this.pos;
    return it;
  }

  emitItem(it: Item): null {
    this.item = it;
    return null;
  }

  ignore(): void {
    this.start = this.pos;
  }

  /** Consumes the next character if it is in `valid` (an ASCII set, so one UTF-16 unit is one character). */
  accept(valid: string): boolean {
    const ch = this.input[this.pos];
    if (ch !== undefined && valid.includes(ch)) {
      this.pos++;
      return true;
    }
    return false;
  }

  acceptRun(valid: string): void {
    for (;;) {
      const ch = this.input[this.pos];
      if (ch === undefined || !valid.includes(ch)) return;
      this.pos++;
    }
  }

  /** Produces an error item; the parser stops at it and reports the message. */
  errorf(message: string): null {
    this.item = { type: ItemType.Error, pos: this.start, val: message, line: this.lineAt(this.start) };
    this.start = this.input.length;
    this.pos = this.input.length;
    return null;
  }

  // --- helpers shared by states -----------------------------------------------------------------------------

  /** Reports whether the input at pos is a right delimiter, possibly preceded by a trim marker. */
  atRightDelim(): { delim: boolean; trimSpace: boolean } {
    if (hasRightTrimMarker(this.input, this.pos) && this.input.startsWith(RIGHT_DELIM, this.pos + TRIM_MARKER_LEN)) {
      return { delim: true, trimSpace: true };
    }
    if (this.input.startsWith(RIGHT_DELIM, this.pos)) return { delim: true, trimSpace: false };
    return { delim: false, trimSpace: false };
  }

  /** Reports whether the next character can legally follow an identifier, field or variable. */
  atTerminator(): boolean {
    const c = this.peek();
    if (isSpace(c)) return true;
    switch (c) {
      case EOF:
      case 0x2e: // .
      case 0x2c: // ,
      case 0x7c: // |
      case 0x3a: // :
      case 0x29: // )
      case 0x28: // (
        return true;
    }
    return this.input.startsWith(RIGHT_DELIM, this.pos);
  }

  scanNumber(): boolean {
    this.accept("+-");
    let digits = "0123456789_";
    if (this.accept("0")) {
      // A leading 0 does not mean octal in floats, so the digit set stays decimal here.
      if (this.accept("xX")) digits = "0123456789abcdefABCDEF_";
      else if (this.accept("oO")) digits = "01234567_";
      else if (this.accept("bB")) digits = "01_";
    }
    this.acceptRun(digits);
    if (this.accept(".")) this.acceptRun(digits);
    if (digits.length === 11 && this.accept("eE")) {
      this.accept("+-");
      this.acceptRun("0123456789_");
    }
    if (digits.length === 23 && this.accept("pP")) {
      this.accept("+-");
      this.acceptRun("0123456789_");
    }
    this.accept("i");
    if (isAlphaNumeric(this.peek())) {
      this.next();
      return false;
    }
    return true;
  }

  // state accessors for the state functions below
  get position(): number {
    return this.pos;
  }
  set position(p: number) {
    this.pos = p;
  }
  get startPos(): number {
    return this.start;
  }
  get depth(): number {
    return this.parenDepth;
  }
  set depth(d: number) {
    this.parenDepth = d;
  }
}

function hasLeftTrimMarker(s: string, at: number): boolean {
  return s.length >= at + 2 && s.charCodeAt(at) === 0x2d && isSpace(s.charCodeAt(at + 1));
}

function hasRightTrimMarker(s: string, at: number): boolean {
  return s.length >= at + 2 && isSpace(s.charCodeAt(at)) && s.charCodeAt(at + 1) === 0x2d;
}

/** Number of leading space characters (space, tab, CR, LF) at `at`. */
function leftTrimLength(s: string, at: number): number {
  let i = at;
  while (i < s.length && isSpace(s.charCodeAt(i))) i++;
  return i - at;
}

/** Length of the trailing run of space characters before `end`. */
function rightTrimLength(s: string, from: number, end: number): number {
  let i = end;
  while (i > from && isSpace(s.charCodeAt(i - 1))) i--;
  return end - i;
}

// --- state functions ------------------------------------------------------------------------------------------

function lexText(l: Lexer): StateFn | null {
  const input = l.input;
  const x = input.indexOf(LEFT_DELIM, l.position);
  if (x >= 0) {
    if (x > l.position) {
      let trimLength = 0;
      if (hasLeftTrimMarker(input, x + LEFT_DELIM.length)) trimLength = rightTrimLength(input, l.startPos, x);
      l.position = x - trimLength;
      const text = l.thisItem(ItemType.Text);
      l.position = x;
      l.ignore();
      if (text.val.length > 0) return l.emitItem(text);
    }
    return lexLeftDelim;
  }
  l.position = input.length;
  if (l.position > l.startPos) return l.emit(ItemType.Text);
  return l.emit(ItemType.EOF);
}

function lexLeftDelim(l: Lexer): StateFn | null {
  l.position += LEFT_DELIM.length;
  const trimSpace = hasLeftTrimMarker(l.input, l.position);
  const afterMarker = trimSpace ? TRIM_MARKER_LEN : 0;
  if (l.input.startsWith(LEFT_COMMENT, l.position + afterMarker)) {
    l.position += afterMarker;
    l.ignore();
    return lexComment;
  }
  const it = l.thisItem(ItemType.LeftDelim);
  l.insideAction = true;
  l.position += afterMarker;
  l.ignore();
  l.depth = 0;
  return l.emitItem(it);
}

function lexComment(l: Lexer): StateFn | null {
  l.position += LEFT_COMMENT.length;
  const x = l.input.indexOf(RIGHT_COMMENT, l.position);
  if (x < 0) return l.errorf("unclosed comment");
  l.position = x + RIGHT_COMMENT.length;
  const { delim, trimSpace } = l.atRightDelim();
  if (!delim) return l.errorf("comment ends before closing delimiter");
  // Comments produce no item, as with Go's default parse mode.
  if (trimSpace) l.position += TRIM_MARKER_LEN;
  l.position += RIGHT_DELIM.length;
  if (trimSpace) l.position += leftTrimLength(l.input, l.position);
  l.ignore();
  return lexText;
}

function lexRightDelim(l: Lexer): StateFn | null {
  const { trimSpace } = l.atRightDelim();
  if (trimSpace) {
    l.position += TRIM_MARKER_LEN;
    l.ignore();
  }
  l.position += RIGHT_DELIM.length;
  const it = l.thisItem(ItemType.RightDelim);
  if (trimSpace) {
    l.position += leftTrimLength(l.input, l.position);
    l.ignore();
  }
  l.insideAction = false;
  return l.emitItem(it);
}

function lexInsideAction(l: Lexer): StateFn | null {
  const { delim } = l.atRightDelim();
  if (delim) {
    if (l.depth === 0) return lexRightDelim;
    return l.errorf("unclosed left paren");
  }
  const r = l.next();
  if (r === EOF) return l.errorf("unclosed action");
  if (isSpace(r)) {
    l.backup(); // the space may belong to a " -}}" marker
    return lexSpace;
  }
  switch (r) {
    case 0x3d: // =
      return l.emit(ItemType.Assign);
    case 0x3a: // :
      if (l.next() !== 0x3d) return l.errorf("expected :=");
      return l.emit(ItemType.Declare);
    case 0x7c: // |
      return l.emit(ItemType.Pipe);
    case 0x22: // "
      return lexQuote;
    case 0x60: // `
      return lexRawQuote;
    case 0x24: // $
      return lexVariable;
    case 0x27: // '
      return lexChar;
    case 0x28: // (
      l.depth = l.depth + 1;
      return l.emit(ItemType.LeftParen);
    case 0x29: // )
      l.depth = l.depth - 1;
      if (l.depth < 0) return l.errorf("unexpected right paren");
      return l.emit(ItemType.RightParen);
  }
  if (r === 0x2e) {
    // ".field" unless a digit follows, in which case it starts a number.
    const c = l.peek();
    if (c === EOF || c < 0x30 || c > 0x39) return lexField;
    l.backup();
    return lexNumber;
  }
  if (r === 0x2b || r === 0x2d || (r >= 0x30 && r <= 0x39)) {
    l.backup();
    return lexNumber;
  }
  if (isAlphaNumeric(r)) {
    l.backup();
    return lexIdentifier;
  }
  if (r < 0x80 && r >= 0x20 && r < 0x7f) return l.emit(ItemType.Char);
  return l.errorf(`unrecognized character in action: ${formatRune(r)}`);
}

function lexSpace(l: Lexer): StateFn | null {
  let numSpaces = 0;
  while (isSpace(l.peek())) {
    l.next();
    numSpaces++;
  }
  // A trim-marked right delimiter starts with a space, which we may just have consumed.
  if (hasRightTrimMarker(l.input, l.position - 1) && l.input.startsWith(RIGHT_DELIM, l.position - 1 + TRIM_MARKER_LEN)) {
    l.backup();
    if (numSpaces === 1) return lexRightDelim;
  }
  return l.emit(ItemType.Space);
}

function lexIdentifier(l: Lexer): StateFn | null {
  for (;;) {
    const r = l.next();
    if (isAlphaNumeric(r)) continue;
    l.backup();
    const word = l.input.slice(l.startPos, l.position);
    if (!l.atTerminator()) return l.errorf(`bad character ${formatRune(r)}`);
    const kw = KEYWORDS.get(word);
    if (kw !== undefined && kw > ItemType.Keyword) return l.emit(kw);
    if (word[0] === ".") return l.emit(ItemType.Field);
    if (word === "true" || word === "false") return l.emit(ItemType.Bool);
    return l.emit(ItemType.Identifier);
  }
}

function lexField(l: Lexer): StateFn | null {
  return lexFieldOrVariable(l, ItemType.Field);
}

function lexVariable(l: Lexer): StateFn | null {
  if (l.atTerminator()) return l.emit(ItemType.Variable); // "$" alone
  return lexFieldOrVariable(l, ItemType.Variable);
}

function lexFieldOrVariable(l: Lexer, type: ItemType): StateFn | null {
  if (l.atTerminator()) {
    return l.emit(type === ItemType.Variable ? ItemType.Variable : ItemType.Dot);
  }
  let r: number;
  for (;;) {
    r = l.next();
    if (!isAlphaNumeric(r)) {
      l.backup();
      break;
    }
  }
  if (!l.atTerminator()) return l.errorf(`bad character ${formatRune(r)}`);
  return l.emit(type);
}

function lexChar(l: Lexer): StateFn | null {
  for (;;) {
    let r = l.next();
    if (r === 0x5c) {
      r = l.next();
      if (r !== EOF && r !== 0x0a) continue;
      return l.errorf("unterminated character constant");
    }
    if (r === EOF || r === 0x0a) return l.errorf("unterminated character constant");
    if (r === 0x27) break;
  }
  return l.emit(ItemType.CharConstant);
}

function lexNumber(l: Lexer): StateFn | null {
  if (!l.scanNumber()) return l.errorf(`bad number syntax: ${quoteForLexer(l.input.slice(l.startPos, l.position))}`);
  const sign = l.peek();
  if (sign === 0x2b || sign === 0x2d) {
    // A complex constant such as 1+2i: no spaces, and it must end in 'i'.
    if (!l.scanNumber() || l.input[l.position - 1] !== "i") {
      return l.errorf(`bad number syntax: ${quoteForLexer(l.input.slice(l.startPos, l.position))}`);
    }
    return l.emit(ItemType.Complex);
  }
  return l.emit(ItemType.Number);
}

function lexQuote(l: Lexer): StateFn | null {
  for (;;) {
    let r = l.next();
    if (r === 0x5c) {
      r = l.next();
      if (r !== EOF && r !== 0x0a) continue;
      return l.errorf("unterminated quoted string");
    }
    if (r === EOF || r === 0x0a) return l.errorf("unterminated quoted string");
    if (r === 0x22) break;
  }
  return l.emit(ItemType.String);
}

function lexRawQuote(l: Lexer): StateFn | null {
  for (;;) {
    const r = l.next();
    if (r === EOF) return l.errorf("unterminated raw quoted string");
    if (r === 0x60) break;
  }
  return l.emit(ItemType.RawString);
}

/** Number syntax errors only ever quote ASCII-ish number text, so JSON quoting matches Go's %q here. */
function quoteForLexer(s: string): string {
  return JSON.stringify(s);
}
