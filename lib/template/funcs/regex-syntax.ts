/**
 * Go RE2 syntax translated to JavaScript RegExp source ("u" mode): inline flags (i m s U) applied per scope,
 * named groups turned into numbered ones, POSIX and Unicode classes, \Q…\E, ASCII \d \s \w, Go's ^ $ and .,
 * and Go's compile errors for what RE2 rejects (lookaround, backreferences, bad repeats).
 */
import { toLowerRune, toUpperRune } from "./unicode";

export class RegexSyntaxError extends Error {
  constructor(code: string, expr: string) {
    super(`error parsing regexp: ${code}: \`${expr}\``);
  }
}
interface Flags {
  i: boolean;
  m: boolean;
  s: boolean;
  U: boolean;
}

type Range = [number, number];

const MAX_RUNE = 0x10ffff;
const MAX_REPEAT = 1000;

const PERL_CLASSES: Record<string, Range[]> = {
  d: [[0x30, 0x39]],
  s: [[9, 10], [12, 13], [32, 32]],
  w: [[0x30, 0x39], [0x41, 0x5a], [0x5f, 0x5f], [0x61, 0x7a]],
};

const POSIX_CLASSES: Record<string, Range[]> = {
  alnum: [[0x30, 0x39], [0x41, 0x5a], [0x61, 0x7a]],
  alpha: [[0x41, 0x5a], [0x61, 0x7a]],
  ascii: [[0, 0x7f]],
  blank: [[9, 9], [32, 32]],
  cntrl: [[0, 0x1f], [0x7f, 0x7f]],
  digit: [[0x30, 0x39]],
  graph: [[0x21, 0x7e]],
  lower: [[0x61, 0x7a]],
  print: [[0x20, 0x7e]],
  punct: [[0x21, 0x2f], [0x3a, 0x40], [0x5b, 0x60], [0x7b, 0x7e]],
  space: [[9, 13], [32, 32]],
  upper: [[0x41, 0x5a]],
  word: [[0x30, 0x39], [0x41, 0x5a], [0x5f, 0x5f], [0x61, 0x7a]],
  xdigit: [[0x30, 0x39], [0x41, 0x46], [0x61, 0x66]],
};

const GENERAL_CATEGORIES = new Set(
  "C Cc Cf Co Cs L Ll Lm Lo Lt Lu M Mc Me Mn N Nd Nl No P Pc Pd Pe Pf Pi Po Ps S Sc Sk Sm So Z Zl Zp Zs".split(" "),
);

function negate(ranges: Range[]): Range[] {
  const sorted = normalize(ranges);
  const out: Range[] = [];
  let next = 0;
  for (const [lo, hi] of sorted) {
    if (lo > next) out.push([next, lo - 1]);
    next = hi + 1;
  }
  if (next <= MAX_RUNE) out.push([next, MAX_RUNE]);
  return out;
}

function normalize(ranges: Range[]): Range[] {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const out: Range[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r[0] <= last[1] + 1) last[1] = Math.max(last[1], r[1]);
    else out.push([r[0], r[1]]);
  }
  return out;
}

/** Simple case variants of a rune (Go's (?i) folds each rune to its case orbit). */
function caseVariants(cp: number): number[] {
  const ch = String.fromCodePoint(cp);
  const set = new Set([cp, toUpperRune(ch).codePointAt(0)!, toLowerRune(ch).codePointAt(0)!]);
  const orbits: number[][] = [
    [0x4b, 0x6b, 0x212a],
    [0x53, 0x73, 0x17f],
    [0xb5, 0x39c, 0x3bc],
    [0xc5, 0xe5, 0x212b],
  ];
  for (const orbit of orbits) if (orbit.includes(cp)) orbit.forEach((c) => set.add(c));
  return [...set];
}

function foldRanges(ranges: Range[]): Range[] {
  const out: Range[] = [...ranges];
  for (const [lo, hi] of ranges) {
    if (hi - lo > 5000) continue;
    for (let cp = lo; cp <= hi; cp++) for (const v of caseVariants(cp)) if (v !== cp) out.push([v, v]);
  }
  return normalize(out);
}

function jsChar(cp: number): string {
  if ((cp >= 0x30 && cp <= 0x39) || (cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a)) return String.fromCharCode(cp);
  return `\\u{${cp.toString(16)}}`;
}

function jsClass(ranges: Range[], fragments: string[], negated: boolean): string {
  const body = ranges.map(([lo, hi]) => (lo === hi ? jsChar(lo) : `${jsChar(lo)}-${jsChar(hi)}`)).join("") + fragments.join("");
  return `[${negated ? "^" : ""}${body}]`;
}

function unicodeClass(name: string, negated: boolean): string {
  if (name === "Any") return negated ? "[]" : "[^]";
  const prop = GENERAL_CATEGORIES.has(name) ? name : `Script=${name}`;
  return `\\${negated ? "P" : "p"}{${prop}}`;
}

/** Translates one Go regexp to JavaScript source, recording capture group names by index. */
export class Translator {
  private pos = 0;
  readonly groupNames: string[] = [""];
  /** The repeat weight of the group just parsed (see repeatIsValid in alternation). */
  private innerWeight = 1;

  constructor(private readonly src: string) {}

  translate(): string {
    const out = this.alternation({ i: false, m: false, s: false, U: false }, 0);
    if (this.pos < this.src.length) throw new RegexSyntaxError("unexpected )", this.src);
    return out;
  }

  private peek(offset = 0): string {
    return this.src[this.pos + offset] ?? "";
  }

  private nextRune(): string {
    const cp = this.src.codePointAt(this.pos)!;
    const ch = String.fromCodePoint(cp);
    this.pos += ch.length;
    return ch;
  }

  private alternation(flags: Flags, depth: number): string {
    if (depth > 1000) throw new RegexSyntaxError("expression nests too deeply", this.src);
    const branches: string[] = [];
    let current = "";
    let atomStart = -1;
    let lastRepeat = "";
    // Go's repeatIsValid: counted repeats nested inside each other may multiply to at most 1000.
    let atomWeight = 1;
    let maxWeight = 1;
    const local = { ...flags };
    while (this.pos < this.src.length) {
      const c = this.peek();
      if (c === ")") break;
      if (c === "|") {
        this.pos++;
        branches.push(current);
        current = "";
        atomStart = -1;
        lastRepeat = "";
        continue;
      }
      const repeat = this.readRepeat();
      if (repeat) {
        if (lastRepeat) throw new RegexSyntaxError("invalid nested repetition operator", lastRepeat + repeat.text);
        if (atomStart < 0) throw new RegexSyntaxError("missing argument to repetition operator", repeat.text);
        if (repeat.counted) {
          const { min, max } = repeat.counted;
          const m = max < 0 ? min : max;
          if ((min >= 2 || max >= 2) && m > 0 && m * atomWeight > MAX_REPEAT) throw new RegexSyntaxError("invalid repeat count", repeat.text);
          if (m > 0) atomWeight *= m;
          maxWeight = Math.max(maxWeight, atomWeight);
        }
        const lazy = repeat.lazy !== local.U;
        const atom = current.slice(atomStart);
        current = current.slice(0, atomStart) + `(?:${atom})${repeat.js}${lazy ? "?" : ""}`;
        lastRepeat = repeat.text;
        continue;
      }
      lastRepeat = "";
      this.innerWeight = 1;
      const atom = this.atom(local, depth);
      atomWeight = this.innerWeight;
      if (atom === null) continue; // a flag group changed `local` and produced no atom
      // \Q…\E yields one atom per character, so a following repeat applies to the last one only.
      for (const piece of Array.isArray(atom) ? atom : [atom]) {
        atomStart = current.length;
        current += piece;
      }
    }
    branches.push(current);
    this.innerWeight = maxWeight;
    return branches.join("|");
  }

  /** A repetition operator at the current position, or null (a `{` that is not a repeat is a literal). */
  private readRepeat(): { text: string; js: string; lazy: boolean; counted: { min: number; max: number } | null } | null {
    const start = this.pos;
    const c = this.peek();
    let js: string;
    let counted: { min: number; max: number } | null = null;
    if (c === "*" || c === "+" || c === "?") {
      this.pos++;
      js = c;
    } else if (c === "{") {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.src.slice(this.pos));
      if (!m) return null;
      const lo = Number(m[1]);
      const hi = m[2] === undefined ? lo : m[3] === "" ? -1 : Number(m[3]);
      if (lo > MAX_REPEAT || hi > MAX_REPEAT || (hi >= 0 && hi < lo)) throw new RegexSyntaxError("invalid repeat count", m[0]);
      this.pos += m[0].length;
      js = m[0];
      counted = { min: lo, max: hi };
    } else return null;
    let lazy = false;
    if (this.peek() === "?") {
      this.pos++;
      lazy = true;
    }
    return { text: this.src.slice(start, this.pos), js, lazy, counted };
  }

  private atom(flags: Flags, depth: number): string | string[] | null {
    const c = this.peek();
    switch (c) {
      case "(":
        return this.group(flags, depth);
      case "[":
        return this.charClass(flags);
      case ".":
        this.pos++;
        return flags.s ? "[^]" : "[^\\n]";
      case "^":
        this.pos++;
        return flags.m ? "(?<![^\\n])" : "(?<![^])";
      case "$":
        this.pos++;
        return flags.m ? "(?![^\\n])" : "(?![^])";
      case "\\":
        return this.escape(flags);
      default:
        return this.literal(this.nextRune().codePointAt(0)!, flags);
    }
  }

  private literal(cp: number, flags: Flags): string {
    if (flags.i) {
      const variants = caseVariants(cp);
      if (variants.length > 1) return jsClass(normalize(variants.map((v) => [v, v] as Range)), [], false);
    }
    return jsChar(cp);
  }

  private group(flags: Flags, depth: number): string | null {
    const start = this.pos;
    this.pos++;
    let name: string | null = null;
    let inner = flags;
    let capture = true;
    if (this.peek() === "?") {
      const rest = this.src.slice(this.pos + 1);
      if (rest.startsWith("P<") || rest.startsWith("<")) {
        // Go treats every "(?<" and "(?P<" as a named group, so lookbehind ends up here too.
        const close = this.src.indexOf(">", this.pos);
        if (close < 0) throw new RegexSyntaxError("invalid named capture", this.src.slice(start));
        name = this.src.slice(this.pos + (rest.startsWith("P") ? 3 : 2), close);
        if (name === "" || !/^[A-Za-z0-9_]+$/.test(name)) throw new RegexSyntaxError("invalid named capture", this.src.slice(start, close + 1));
        this.pos = close + 1;
      } else {
        // Go's parsePerlFlags: the error shows everything read up to the character that broke the flags.
        const next = { ...flags };
        let on = true;
        let sawFlag = false;
        let i = this.pos + 1;
        let terminator = "";
        while (i < this.src.length) {
          const c = this.src[i++];
          if ("imsU".includes(c)) {
            next[c as keyof Flags] = on;
            sawFlag = true;
          } else if (c === "-" && on) {
            on = false;
            sawFlag = false;
          } else if ((c === ":" || c === ")") && (on || sawFlag)) {
            terminator = c;
            break;
          } else break;
        }
        if (!terminator) throw new RegexSyntaxError("invalid or unsupported Perl syntax", this.src.slice(start, i));
        this.pos = i;
        if (terminator === ")") {
          Object.assign(flags, next);
          return null;
        }
        inner = next;
        capture = false;
      }
    }
    if (capture) this.groupNames.push(name ?? "");
    const body = this.alternation({ ...inner }, depth + 1);
    if (this.peek() !== ")") throw new RegexSyntaxError("missing closing )", this.src);
    this.pos++;
    return capture ? `(${body})` : `(?:${body})`;
  }

  /** An escape outside a class. */
  private escape(flags: Flags): string | string[] {
    const start = this.pos;
    this.pos++;
    if (this.pos >= this.src.length) throw new RegexSyntaxError("trailing backslash at end of expression", "");
    const c = this.peek();
    switch (c) {
      case "A":
        this.pos++;
        return "(?<![^])";
      case "z":
        this.pos++;
        return "(?![^])";
      case "b":
        this.pos++;
        return "\\b";
      case "B":
        this.pos++;
        return "\\B";
      case "Q": {
        this.pos++;
        const end = this.src.indexOf("\\E", this.pos);
        const text = end < 0 ? this.src.slice(this.pos) : this.src.slice(this.pos, end);
        this.pos = end < 0 ? this.src.length : end + 2;
        return Array.from(text, (ch) => this.literal(ch.codePointAt(0)!, flags));
      }
    }
    this.pos = start;
    const item = this.classEscape();
    if (typeof item === "number") return this.literal(item, flags);
    if ("fragment" in item) return item.fragment;
    return jsClass(flags.i ? foldRanges(item.ranges) : item.ranges, [], false);
  }

  /** An escape usable both inside and outside classes: a rune, a set of ranges, or a \p fragment. */
  private classEscape(): number | { ranges: Range[] } | { fragment: string } {
    const start = this.pos;
    this.pos++;
    if (this.pos >= this.src.length) throw new RegexSyntaxError("trailing backslash at end of expression", "");
    const c = this.nextRune();
    const lower = c.toLowerCase();
    if ("dsw".includes(lower) && c.length === 1 && /[dswDSW]/.test(c)) {
      const ranges = PERL_CLASSES[lower];
      return { ranges: c === lower ? ranges : negate(ranges) };
    }
    if (c === "p" || c === "P") {
      let name: string;
      if (this.peek() === "{") {
        const end = this.src.indexOf("}", this.pos);
        if (end < 0) throw new RegexSyntaxError("invalid character class range", this.src.slice(start));
        name = this.src.slice(this.pos + 1, end);
        this.pos = end + 1;
      } else {
        if (this.pos >= this.src.length) throw new RegexSyntaxError("invalid character class range", this.src.slice(start));
        name = this.nextRune();
      }
      let negated = c === "P";
      if (name.startsWith("^")) {
        negated = !negated;
        name = name.slice(1);
      }
      if (!GENERAL_CATEGORIES.has(name) && name !== "Any" && !isScript(name)) {
        throw new RegexSyntaxError("invalid character class range", this.src.slice(start, this.pos));
      }
      return { fragment: unicodeClass(name, negated) };
    }
    const simple: Record<string, number> = { a: 7, f: 12, t: 9, n: 10, r: 13, v: 11 };
    if (c in simple) return simple[c];
    if (c >= "0" && c <= "7") {
      const digits = /^[0-7]{0,2}/.exec(this.src.slice(this.pos))![0];
      if (c !== "0" && digits === "") throw new RegexSyntaxError("invalid escape sequence", this.src.slice(start, this.pos));
      this.pos += digits.length;
      return parseInt(c + digits, 8);
    }
    if (c === "x") {
      // The error text is everything consumed up to and including the offending character.
      const invalid = () => new RegexSyntaxError("invalid escape sequence", this.src.slice(start, this.pos));
      const hexDigit = (): number => {
        if (this.pos >= this.src.length) throw invalid();
        const d = parseInt(this.nextRune(), 16);
        if (Number.isNaN(d)) throw invalid();
        return d;
      };
      if (this.peek() === "{") {
        this.pos++;
        let value = 0;
        let digits = 0;
        for (;;) {
          if (this.pos >= this.src.length) throw invalid();
          if (this.peek() === "}") {
            this.pos++;
            break;
          }
          value = value * 16 + hexDigit();
          if (value > MAX_RUNE) throw invalid();
          digits++;
        }
        if (digits === 0) throw invalid();
        return value;
      }
      const hi = hexDigit();
      return hi * 16 + hexDigit();
    }
    const cp = c.codePointAt(0)!;
    if (cp < 0x80 && !/[A-Za-z0-9]/.test(c)) return cp;
    throw new RegexSyntaxError("invalid escape sequence", this.src.slice(start, this.pos));
  }

  private charClass(flags: Flags): string {
    const start = this.pos;
    this.pos++;
    let negated = false;
    if (this.peek() === "^") {
      negated = true;
      this.pos++;
    }
    const ranges: Range[] = [];
    const fragments: string[] = [];
    let first = true;
    for (;;) {
      if (this.pos >= this.src.length) throw new RegexSyntaxError("missing closing ]", this.src.slice(start));
      const c = this.peek();
      if (c === "]" && !first) {
        this.pos++;
        break;
      }
      first = false;
      if (c === "[" && this.peek(1) === ":") {
        const m = /^\[:(\^?)([a-z]+):\]/.exec(this.src.slice(this.pos));
        if (m) {
          const set = POSIX_CLASSES[m[2]];
          if (!set) throw new RegexSyntaxError("invalid character class range", m[0]);
          ranges.push(...(m[1] ? negate(set) : set));
          this.pos += m[0].length;
          continue;
        }
      }
      const lo = this.classRune();
      if (typeof lo !== "number") {
        if ("fragment" in lo) fragments.push(lo.fragment);
        else ranges.push(...lo.ranges);
        continue;
      }
      if (this.peek() === "-" && this.peek(1) !== "]" && this.pos + 1 < this.src.length) {
        const rangeStart = this.pos;
        this.pos++;
        const hiStart = this.pos;
        const hi = this.classRune();
        if (typeof hi !== "number") throw new RegexSyntaxError("invalid escape sequence", this.src.slice(hiStart, this.pos));
        if (hi < lo) {
          const text = this.src.slice(this.src.lastIndexOf(String.fromCodePoint(lo), rangeStart), this.pos);
          throw new RegexSyntaxError("invalid character class range", text);
        }
        ranges.push([lo, hi]);
      } else ranges.push([lo, lo]);
    }
    const folded = flags.i ? foldRanges(ranges) : normalize(ranges);
    return jsClass(folded, fragments, negated);
  }

  private classRune(): number | { ranges: Range[] } | { fragment: string } {
    if (this.peek() === "\\") return this.classEscape();
    return this.nextRune().codePointAt(0)!;
  }
}

const SCRIPT_TEST_CACHE = new Map<string, boolean>();

function isScript(name: string): boolean {
  let ok = SCRIPT_TEST_CACHE.get(name);
  if (ok === undefined) {
    try {
      new RegExp(`\\p{Script=${name}}`, "u");
      ok = true;
    } catch {
      ok = false;
    }
    SCRIPT_TEST_CACHE.set(name, ok);
  }
  return ok;
}
