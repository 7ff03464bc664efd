/**
 * Go's fmt package for template values: `%v` printing (formatValue), Sprintf with every verb, flag, width,
 * precision and argument index Go supports, and Sprint/Sprintln spacing rules.
 *
 * Helm users see this output directly ({{ .Values.x }}, printf, toString, quote), so the rules follow Go's
 * fmt/print.go and fmt/format.go closely, including the `%!verb(type=value)` annotations Go writes into the
 * output instead of failing.
 */
import { GoInt, GoMap, goTypeName, isGoStruct, sliceElemType, type GoStruct, type GoValue } from "./value";
import { canBackquote, formatFloat, isPrint, quote, quoteRune, quoteToASCII, type FloatFormat } from "./funcs/strconv";

const NIL = "<nil>";
const MAX_WIDTH = 1e6;

interface Flags {
  plus: boolean;
  minus: boolean;
  sharp: boolean;
  space: boolean;
  zero: boolean;
  plusV: boolean;
  sharpV: boolean;
  wid: number;
  widPresent: boolean;
  prec: number;
  precPresent: boolean;
}

function clearFlags(): Flags {
  return {
    plus: false,
    minus: false,
    sharp: false,
    space: false,
    zero: false,
    plusV: false,
    sharpV: false,
    wid: 0,
    widPresent: false,
    prec: 0,
    precPresent: false,
  };
}

const UNSIGNED = new Set(["uint", "uint8", "uint16", "uint32", "uint64"]);

function runeCount(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

function utf8Bytes(s: string): Uint8Array {
  return new TextEncoder().encode(s);
}

function byteString(b: Uint8Array): string {
  return new TextDecoder().decode(b);
}

/** One formatting run: Go's `pp` (the output buffer) plus its `fmt` (flags of the current verb). */
class Printer {
  buf = "";
  f: Flags = clearFlags();
  /** The operand being printed, for %!verb(type=value) annotations. */
  private arg: GoValue = null;

  // ---- padding -------------------------------------------------------------------------------------------

  private padding(n: number): string {
    return n > 0 ? (this.f.zero ? "0" : " ").repeat(n) : "";
  }

  private pad(s: string): void {
    const f = this.f;
    if (!f.widPresent || f.wid === 0) {
      this.buf += s;
      return;
    }
    const width = f.wid - runeCount(s);
    if (f.minus) this.buf += s + " ".repeat(Math.max(width, 0));
    else this.buf += this.padding(width) + s;
  }

  private withoutZero(action: () => void): void {
    const old = this.f.zero;
    this.f.zero = false;
    action();
    this.f.zero = old;
  }

  private truncate(s: string): string {
    if (!this.f.precPresent) return s;
    let n = this.f.prec;
    let out = "";
    for (const ch of s) {
      if (n-- <= 0) break;
      out += ch;
    }
    return out;
  }

  // ---- basic kinds ---------------------------------------------------------------------------------------

  private fmtInteger(value: number, base: number, signed: boolean, verb: string, upper: boolean): void {
    const f = this.f;
    const negative = signed && value < 0;
    const u = Math.abs(value);
    let prec = 0;
    if (f.precPresent) {
      prec = f.prec;
      if (prec === 0 && u === 0) {
        this.withoutZero(() => (this.buf += this.padding(f.wid)));
        return;
      }
    } else if (f.zero && !f.minus && f.widPresent) {
      prec = f.wid;
      if (negative || f.plus || f.space) prec--;
    }
    // A signed Go integer can never be 2^63; that float is how MaxInt64 survives in a JS number.
    const big = signed && !negative && u === 2 ** 63 ? 2n ** 63n - 1n : BigInt(u);
    let digits = Number.isSafeInteger(u) ? u.toString(base) : big.toString(base);
    if (upper) digits = digits.toUpperCase();
    if (digits.length < prec) digits = "0".repeat(prec - digits.length) + digits;
    if (f.sharp) {
      if (base === 2) digits = "0b" + digits;
      else if (base === 8 && digits[0] !== "0") digits = "0" + digits;
      else if (base === 16) digits = (upper ? "0X" : "0x") + digits;
    }
    if (verb === "O") digits = "0o" + digits;
    if (negative) digits = "-" + digits;
    else if (f.plus) digits = "+" + digits;
    else if (f.space) digits = " " + digits;
    this.withoutZero(() => this.pad(digits));
  }

  private fmtUnicode(value: number): void {
    let hex = BigInt.asUintN(64, BigInt(value)).toString(16).toUpperCase();
    const prec = this.f.precPresent && this.f.prec > 4 ? this.f.prec : 4;
    hex = hex.padStart(prec, "0");
    let s = "U+" + hex;
    if (this.f.sharp && value <= 0x10ffff && isPrint(value)) s += " '" + String.fromCodePoint(value) + "'";
    this.withoutZero(() => this.pad(s));
  }

  private runeOf(value: number): string {
    const valid = value >= 0 && value <= 0x10ffff && !(value >= 0xd800 && value <= 0xdfff);
    return String.fromCodePoint(valid ? value : 0xfffd);
  }

  private printInteger(v: GoInt, verb: string): void {
    const signed = !UNSIGNED.has(v.kind);
    const n = v.value;
    switch (verb) {
      case "v":
        if (this.f.sharpV && !signed) {
          this.f.sharp = true;
          this.fmtInteger(n, 16, false, "v", false);
        } else this.fmtInteger(n, 10, signed, verb, false);
        return;
      case "d":
        return this.fmtInteger(n, 10, signed, verb, false);
      case "b":
        return this.fmtInteger(n, 2, signed, verb, false);
      case "o":
      case "O":
        return this.fmtInteger(n, 8, signed, verb, false);
      case "x":
        return this.fmtInteger(n, 16, signed, verb, false);
      case "X":
        return this.fmtInteger(n, 16, signed, verb, true);
      case "c":
        return this.pad(this.runeOf(n));
      case "q": {
        const r = n >= 0 && n <= 0x10ffff ? n : 0xfffd;
        if (this.f.sharp && isPrint(r)) return this.pad("'" + String.fromCodePoint(r) + "'");
        return this.pad(quoteRune(r, this.f.plus));
      }
      case "U":
        return this.fmtUnicode(n);
      default:
        return this.badVerb(verb);
    }
  }

  private fmtFloatWith(v: number, verb: FloatFormat, defaultPrec: number): void {
    const f = this.f;
    const prec = f.precPresent ? f.prec : defaultPrec;
    let num = formatFloat(v, verb, prec);
    if (num[0] !== "-" && num[0] !== "+") num = "+" + num;
    if (f.space && num[0] === "+" && !f.plus) num = " " + num.slice(1);
    if (num[1] === "I" || num[1] === "N") {
      if (num[1] === "N" && !f.space && !f.plus) num = num.slice(1);
      this.withoutZero(() => this.pad(num));
      return;
    }
    if (f.sharp && verb !== "b") num = this.forceDecimalPoint(num, verb, prec);
    if (f.plus || num[0] !== "+") {
      if (f.zero && !f.minus && f.widPresent && f.wid > num.length) {
        this.buf += num[0] + "0".repeat(f.wid - num.length) + num.slice(1);
        return;
      }
      this.pad(num);
      return;
    }
    this.pad(num.slice(1));
  }

  /** The # flag: always a decimal point, and %g keeps trailing zeros up to its precision. */
  private forceDecimalPoint(num: string, verb: FloatFormat, prec: number): string {
    let digits = 0;
    if (verb === "g" || verb === "G" || verb === "x") digits = prec === -1 ? 6 : prec;
    let tail = "";
    let hasPoint = false;
    let sawNonzero = false;
    let body = num;
    for (let i = 1; i < body.length; i++) {
      const c = body[i];
      if (c === ".") hasPoint = true;
      else if (c === "p" || c === "P" || ((c === "e" || c === "E") && verb !== "x" && verb !== "X")) {
        tail = body.slice(i);
        body = body.slice(0, i);
        break;
      } else {
        if (c !== "0") sawNonzero = true;
        if (sawNonzero) digits--;
      }
    }
    if (!hasPoint) {
      if (body.length === 2 && body[1] === "0") digits--;
      body += ".";
    }
    if (digits > 0) body += "0".repeat(digits);
    return body + tail;
  }

  private printFloat(v: number, verb: string): void {
    switch (verb) {
      case "v":
        return this.fmtFloatWith(v, "g", -1);
      case "b":
      case "g":
      case "G":
      case "x":
      case "X":
        return this.fmtFloatWith(v, verb, -1);
      case "f":
      case "F":
        return this.fmtFloatWith(v, "f", 6);
      case "e":
      case "E":
        return this.fmtFloatWith(v, verb, 6);
      default:
        return this.badVerb(verb);
    }
  }

  private fmtQ(s: string): void {
    s = this.truncate(s);
    if (this.f.sharp && canBackquote(s)) return this.pad("`" + s + "`");
    this.pad(this.f.plus ? quoteToASCII(s) : quote(s));
  }

  private fmtHex(bytes: Uint8Array, upper: boolean): void {
    const f = this.f;
    let length = bytes.length;
    if (f.precPresent && f.prec < length) length = f.prec;
    let width = 2 * length;
    if (width > 0) {
      if (f.space) {
        if (f.sharp) width *= 2;
        width += length - 1;
      } else if (f.sharp) width += 2;
    } else {
      if (f.widPresent) this.buf += this.padding(f.wid);
      return;
    }
    if (f.widPresent && f.wid > width && !f.minus) this.buf += this.padding(f.wid - width);
    const digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    const prefix = upper ? "0X" : "0x";
    let out = f.sharp ? prefix : "";
    for (let i = 0; i < length; i++) {
      if (f.space && i > 0) out += f.sharp ? " " + prefix : " ";
      out += digits[bytes[i] >> 4] + digits[bytes[i] & 15];
    }
    this.buf += out;
    if (f.widPresent && f.wid > width && f.minus) this.buf += this.padding(f.wid - width);
  }

  private printString(s: string, verb: string): void {
    switch (verb) {
      case "v":
        if (this.f.sharpV) return this.fmtQ(s);
        return this.pad(this.truncate(s));
      case "s":
        return this.pad(this.truncate(s));
      case "x":
      case "X":
        return this.fmtHex(utf8Bytes(s), verb === "X");
      case "q":
        return this.fmtQ(s);
      default:
        return this.badVerb(verb);
    }
  }

  private printBytes(b: Uint8Array, verb: string): void {
    switch (verb) {
      case "s":
        return this.pad(this.truncate(byteString(b)));
      case "x":
      case "X":
        return this.fmtHex(b, verb === "X");
      case "q":
        return this.fmtQ(byteString(b));
      case "v":
      case "d":
        if (this.f.sharpV) {
          this.buf += "[]byte{" + Array.from(b, (c) => "0x" + c.toString(16)).join(", ") + "}";
          return;
        }
    }
    this.buf += "[";
    b.forEach((c, i) => {
      if (i > 0) this.buf += " ";
      const element = new GoInt(c, "uint8");
      this.arg = element;
      this.printInteger(element, verb);
    });
    this.buf += "]";
  }

  // ---- composite values ----------------------------------------------------------------------------------

  private printMap(m: GoMap, verb: string, depth: number): void {
    const keys = [...m.keys()].sort(compareBytewise);
    if (this.f.sharpV) {
      this.buf += m.typeName + "{";
      keys.forEach((k, i) => {
        if (i > 0) this.buf += ", ";
        this.printArg(k, verb, depth + 1);
        this.buf += ":";
        this.printElement(m.get(k)!, verb, depth + 1);
      });
      this.buf += "}";
      return;
    }
    this.buf += "map[";
    keys.forEach((k, i) => {
      if (i > 0) this.buf += " ";
      this.printArg(k, verb, depth + 1);
      this.buf += ":";
      this.printElement(m.get(k)!, verb, depth + 1);
    });
    this.buf += "]";
  }

  private printSlice(s: GoValue[], verb: string, depth: number): void {
    const elem = sliceElemType(s);
    if (elem === "uint8" && "sqxX".includes(verb)) {
      return this.printBytes(Uint8Array.from(s, (v) => (v instanceof GoInt ? v.value : 0)), verb);
    }
    if (this.f.sharpV) {
      this.buf += goTypeName(s) + "{";
      s.forEach((v, i) => {
        if (i > 0) this.buf += ", ";
        this.printElement(v, verb, depth + 1);
      });
      this.buf += "}";
      return;
    }
    this.buf += "[";
    s.forEach((v, i) => {
      if (i > 0) this.buf += " ";
      this.printElement(v, verb, depth + 1);
    });
    this.buf += "]";
  }

  /** An element of an interface-typed container: nil prints as <nil> whatever the verb. */
  private printElement(v: GoValue, verb: string, depth: number): void {
    if (v === null) {
      this.buf += this.f.sharpV ? "interface {}(nil)" : NIL;
      return;
    }
    this.printArg(v, verb, depth);
  }

  private printStruct(v: GoStruct, verb: string): void {
    // Helm's structs that reach templates are Stringers (time.Time, semver, KubeVersion) or print like one.
    if (verb === "v" && this.f.sharpV) return this.pad(v.goType + v.format());
    if ("vsxXq".includes(verb)) return this.printString(v.format(), verb);
    this.badVerb(verb);
  }

  // ---- dispatch ------------------------------------------------------------------------------------------

  badVerb(verb: string): void {
    const arg = this.arg;
    this.buf += "%!" + verb + "(";
    if (arg === null) this.buf += NIL;
    else {
      this.buf += goTypeName(arg) + "=";
      this.printArg(arg, "v", 0);
    }
    this.buf += ")";
  }

  printArg(arg: GoValue, verb: string, depth = 0): void {
    this.arg = arg;
    if (arg === null) {
      if (verb === "T" || verb === "v") this.pad(NIL);
      else this.badVerb(verb);
      return;
    }
    if (verb === "T") {
      this.pad(this.truncate(goTypeName(arg)));
      return;
    }
    if (verb === "p") {
      this.badVerb(verb);
      return;
    }
    if (typeof arg === "boolean") {
      if (verb === "t" || verb === "v") this.pad(String(arg));
      else this.badVerb(verb);
    } else if (typeof arg === "number") this.printFloat(arg, verb);
    else if (typeof arg === "string") this.printString(arg, verb);
    else if (arg instanceof GoInt) this.printInteger(arg, verb);
    else if (arg instanceof Uint8Array) this.printBytes(arg, verb);
    else if (arg instanceof GoMap) this.printMap(arg, verb, depth);
    else if (Array.isArray(arg)) this.printSlice(arg, verb, depth);
    else if (isGoStruct(arg)) this.printStruct(arg, verb);
  }
}

/** Go string order (bytewise UTF-8), used wherever Go sorts strings. */
export function compareBytewise(a: string, b: string): number {
  // UTF-16 order differs from UTF-8 byte order only for surrogate pairs versus U+E000–U+FFFF: up to the first
  // difference the two orders agree, and below U+D800 they agree on that difference too.
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  if (i === n) return a.length - b.length;
  const ca = a.charCodeAt(i);
  const cb = b.charCodeAt(i);
  if (ca < 0xd800 && cb < 0xd800) return ca - cb;
  const x = utf8Bytes(a);
  const y = utf8Bytes(b);
  const m = Math.min(x.length, y.length);
  for (let j = 0; j < m; j++) if (x[j] !== y[j]) return x[j] - y[j];
  return x.length - y.length;
}

/** Go's `%v` of a value, as `{{ value }}`, print and toString show it. */
export function formatValue(v: GoValue): string {
  if (typeof v === "string") return v;
  const p = new Printer();
  p.printArg(v, "v");
  return p.buf;
}

function isStringKind(v: GoValue): boolean {
  return typeof v === "string" || (isGoStruct(v) && v.goKind === "string");
}

/** fmt.Sprint: operands formatted with %v, with a space between two operands when neither is a string. */
export function sprint(args: readonly GoValue[]): string {
  const p = new Printer();
  let prevString = false;
  args.forEach((arg, i) => {
    const isString = arg !== null && isStringKind(arg);
    if (i > 0 && !isString && !prevString) p.buf += " ";
    p.f = clearFlags();
    p.printArg(arg, "v");
    prevString = isString;
  });
  return p.buf;
}

/** fmt.Sprintln: operands formatted with %v, always separated by a space, then a newline. */
export function sprintln(args: readonly GoValue[]): string {
  const p = new Printer();
  args.forEach((arg, i) => {
    if (i > 0) p.buf += " ";
    p.f = clearFlags();
    p.printArg(arg, "v");
  });
  return p.buf + "\n";
}

/** Parses a decimal number at format[i]; too-large numbers count as absent, as in Go. */
function parseNum(format: string, i: number, end: number): { num: number; isNum: boolean; next: number } {
  let num = 0;
  let isNum = false;
  while (i < end && format[i] >= "0" && format[i] <= "9") {
    num = num * 10 + (format.charCodeAt(i) - 48);
    if (num > MAX_WIDTH) return { num: 0, isNum: false, next: end };
    isNum = true;
    i++;
  }
  return { num, isNum, next: i };
}

function intFromArg(args: readonly GoValue[], argNum: number): { num: number; isInt: boolean; next: number } {
  if (argNum >= args.length) return { num: 0, isInt: false, next: argNum };
  const a = args[argNum];
  let num = 0;
  let isInt = false;
  if (a instanceof GoInt) {
    num = a.value;
    isInt = true;
  }
  if (Math.abs(num) > MAX_WIDTH) {
    num = 0;
    isInt = false;
  }
  return { num, isInt, next: argNum + 1 };
}

/** fmt.Sprintf with Go's verbs, flags, width/precision (`*` too), `[n]` argument indexes and error annotations. */
export function sprintf(format: string, args: readonly GoValue[]): string {
  return plainSprintf(format, args) ?? fullSprintf(format, args);
}

/**
 * The common case without the machinery: only `%s`/`%v` of strings, `%d`/`%v` of non-negative ints and `%%`, no flags, width or
 * argument indexes, and exactly as many arguments as verbs. Anything else: undefined, for the full formatter.
 */
function plainSprintf(format: string, args: readonly GoValue[]): string | undefined {
  let out = "";
  let start = 0;
  let argNum = 0;
  for (let i = format.indexOf("%"); i >= 0; i = format.indexOf("%", start)) {
    out += format.slice(start, i);
    const verb = format.charCodeAt(i + 1);
    start = i + 2;
    if (verb === 0x25 /* % */) {
      out += "%";
      continue;
    }
    if (argNum >= args.length) return undefined;
    const a = args[argNum++];
    const s = verb === 0x73; // %s
    const v = verb === 0x76; // %v
    const d = verb === 0x64; // %d
    if (typeof a === "string" && (s || v)) out += a;
    else if (a instanceof GoInt && (d || v) && a.value >= 0 && Number.isSafeInteger(a.value)) out += String(a.value);
    else return undefined;
  }
  if (argNum !== args.length) return undefined;
  return out + format.slice(start);
}

function fullSprintf(format: string, args: readonly GoValue[]): string {
  const p = new Printer();
  const end = format.length;
  let argNum = 0;
  let afterIndex = false;
  let reordered = false;
  let goodArgNum = true;

  const argNumber = (i: number): { i: number; found: boolean } => {
    if (i >= end || format[i] !== "[") return { i, found: false };
    reordered = true;
    // "[n]": at least three characters, n a positive decimal.
    const close = format.indexOf("]", i + 1);
    if (end - i < 3 || close < 0) {
      goodArgNum = false;
      return { i: i + 1, found: false };
    }
    const { num, isNum, next } = parseNum(format, i + 1, close);
    if (!isNum || next !== close) {
      goodArgNum = false;
      return { i: close + 1, found: false };
    }
    const index = num - 1;
    if (index >= 0 && index < args.length) {
      argNum = index;
      return { i: close + 1, found: true };
    }
    goodArgNum = false;
    return { i: close + 1, found: true };
  };

  let i = 0;
  while (i < end) {
    goodArgNum = true;
    const start = i;
    while (i < end && format[i] !== "%") i++;
    if (i > start) p.buf += format.slice(start, i);
    if (i >= end) break;
    i++;
    p.f = clearFlags();
    const f = p.f;
    flags: for (; i < end; i++) {
      switch (format[i]) {
        case "#":
          f.sharp = true;
          break;
        case "0":
          f.zero = !f.minus;
          break;
        case "+":
          f.plus = true;
          break;
        case "-":
          f.minus = true;
          f.zero = false;
          break;
        case " ":
          f.space = true;
          break;
        default:
          break flags;
      }
    }

    ({ i, found: afterIndex } = argNumber(i));

    if (i < end && format[i] === "*") {
      i++;
      const w = intFromArg(args, argNum);
      f.wid = w.num;
      f.widPresent = w.isInt;
      argNum = w.next;
      if (!f.widPresent) p.buf += "%!(BADWIDTH)";
      if (f.wid < 0) {
        f.wid = -f.wid;
        f.minus = true;
        f.zero = false;
      }
      afterIndex = false;
    } else {
      const w = parseNum(format, i, end);
      f.wid = w.num;
      f.widPresent = w.isNum;
      i = w.next;
      if (afterIndex && f.widPresent) goodArgNum = false;
    }

    if (i + 1 < end && format[i] === ".") {
      i++;
      if (afterIndex) goodArgNum = false;
      ({ i, found: afterIndex } = argNumber(i));
      if (i < end && format[i] === "*") {
        i++;
        const pr = intFromArg(args, argNum);
        f.prec = pr.num;
        f.precPresent = pr.isInt;
        argNum = pr.next;
        if (f.prec < 0) {
          f.prec = 0;
          f.precPresent = false;
        }
        if (!f.precPresent) p.buf += "%!(BADPREC)";
        afterIndex = false;
      } else {
        const pr = parseNum(format, i, end);
        f.prec = pr.num;
        f.precPresent = true;
        i = pr.next;
      }
    }

    if (!afterIndex) ({ i, found: afterIndex } = argNumber(i));

    if (i >= end) {
      p.buf += "%!(NOVERB)";
      break;
    }
    const verb = String.fromCodePoint(format.codePointAt(i)!);
    i += verb.length;

    if (verb === "%") p.buf += "%";
    else if (!goodArgNum) p.buf += `%!${verb}(BADINDEX)`;
    else if (argNum >= args.length) p.buf += `%!${verb}(MISSING)`;
    else {
      if (verb === "v") {
        f.sharpV = f.sharp;
        f.sharp = false;
        f.plusV = f.plus;
        f.plus = false;
      }
      p.printArg(args[argNum], verb);
      argNum++;
    }
  }

  if (!reordered && argNum < args.length) {
    p.f = clearFlags();
    p.buf += "%!(EXTRA ";
    args.slice(argNum).forEach((arg, k) => {
      if (k > 0) p.buf += ", ";
      if (arg === null) p.buf += NIL;
      else {
        p.buf += goTypeName(arg) + "=";
        p.printArg(arg, "v");
      }
    });
    p.buf += ")";
  }
  return p.buf;
}
