/**
 * Go regular expressions (regexp package semantics). Matching runs on RE2JS, a port of RE2 — the engine Go's
 * regexp package implements — so it takes linear time like Go's: no pattern can make a render backtrack for hours
 * (JavaScript's RegExp can, and no deadline interrupts a single RegExp call). regex-syntax.ts still checks every
 * pattern first, to reject what Go rejects with Go's exact error texts. On top: Go's FindAll/ReplaceAll/Split loops
 * (an empty match right after a match is skipped) and Regexp.Expand's $name templates.
 */
import { RE2JS } from "re2js";
import { RegexSyntaxError, Translator } from "./regex-syntax";
import { canBackquote, quote as goQuote } from "./strconv";
import { isDigit, isLetter } from "./unicode";

export { RegexSyntaxError };

/** A compiled Go regexp. */
export class GoRegexp {
  private constructor(
    readonly expr: string,
    private readonly re: RE2JS,
    readonly groupNames: string[],
  ) {}

  /** regexp.Compile: throws RegexSyntaxError with Go's "error parsing regexp: …" text. */
  static compile(expr: string): GoRegexp {
    const translator = new Translator(expr);
    translator.translate();
    let re: RE2JS;
    try {
      re = RE2JS.compile(expr);
    } catch {
      // Go accepts a group name used twice; RE2JS does not. Names are the translator's business anyway (Expand
      // looks them up there), so match with the same groups unnamed: their numbers do not change.
      try {
        re = RE2JS.compile(expr.replace(/\(\?P?<[A-Za-z_][A-Za-z0-9_]*>/g, "("));
      } catch {
        throw new RegexSyntaxError("invalid or unsupported Perl syntax", expr);
      }
    }
    return new GoRegexp(expr, re, translator.groupNames);
  }

  /** The text regexp.MustCompile panics with. */
  static mustCompileMessage(expr: string, err: Error): string {
    const shown = canBackquote(expr) ? "`" + expr + "`" : goQuote(expr);
    return `regexp: Compile(${shown}): ${err.message}`;
  }

  /** The first match at or after `pos`, shaped like RegExp.exec's result (unmatched groups undefined). */
  private execAt(s: string, pos: number): RegExpExecArray | null {
    const matcher = this.re.matcher(s);
    if (!matcher.find(pos)) return null;
    const groups: Array<string | undefined> = [];
    for (let i = 0; i <= this.re.groupCount(); i++) groups.push(matcher.group(i) ?? undefined);
    return Object.assign(groups, { index: matcher.start(), input: s }) as unknown as RegExpExecArray;
  }

  matchString(s: string): boolean {
    return this.execAt(s, 0) !== null;
  }

  findString(s: string): string {
    return this.execAt(s, 0)?.[0] ?? "";
  }

  /** Go's allMatches loop: an empty match right after the previous match is skipped. */
  findAll(s: string, n: number): RegExpExecArray[] {
    const out: RegExpExecArray[] = [];
    if (n < 0) n = s.length + 1;
    let pos = 0;
    let prevEnd = -1;
    while (out.length < n && pos <= s.length) {
      const m = this.execAt(s, pos);
      if (!m) break;
      const start = m.index;
      const end = start + m[0].length;
      let accept = true;
      if (end === pos) {
        if (start === prevEnd) accept = false;
        pos += pos < s.length ? String.fromCodePoint(s.codePointAt(pos)!).length : 1;
      } else pos = end;
      prevEnd = end;
      if (accept) out.push(m);
    }
    return out;
  }

  findAllString(s: string, n: number): string[] {
    return this.findAll(s, n).map((m) => m[0]);
  }

  /** Go's replaceAll loop; `expand` builds the replacement of one match. */
  replaceAll(s: string, replacement: (m: RegExpExecArray) => string): string {
    let out = "";
    let lastEnd = 0;
    let searchPos = 0;
    while (searchPos <= s.length) {
      const m = this.execAt(s, searchPos);
      if (!m) break;
      const start = m.index;
      const end = start + m[0].length;
      out += s.slice(lastEnd, start);
      if (end > lastEnd || start === 0) out += replacement(m);
      lastEnd = end;
      const width = searchPos < s.length ? String.fromCodePoint(s.codePointAt(searchPos)!).length : 0;
      if (searchPos + width > end) searchPos += width;
      else if (searchPos + 1 > end) searchPos++;
      else searchPos = end;
    }
    return out + s.slice(lastEnd);
  }

  /** Regexp.Expand's template: $1, ${1}, $name, ${name}, $$; malformed references stay literal. */
  expand(template: string, m: RegExpExecArray): string {
    let out = "";
    let rest = template;
    for (;;) {
      const dollar = rest.indexOf("$");
      if (dollar < 0) break;
      out += rest.slice(0, dollar);
      rest = rest.slice(dollar + 1);
      if (rest.startsWith("$")) {
        out += "$";
        rest = rest.slice(1);
        continue;
      }
      const ref = extractReference(rest);
      if (!ref) {
        out += "$";
        continue;
      }
      rest = ref.rest;
      if (ref.num >= 0) out += m[ref.num] ?? "";
      else {
        const index = this.groupNames.indexOf(ref.name);
        if (index > 0) out += m[index] ?? "";
      }
    }
    return out + rest;
  }

  split(s: string, n: number): string[] {
    if (n === 0) return [];
    if (this.expr.length > 0 && s.length === 0) return [""];
    const matches = this.findAll(s, n);
    const out: string[] = [];
    let begin = 0;
    let end = 0;
    for (const m of matches) {
      if (n > 0 && out.length === n - 1) break;
      end = m.index;
      if (m.index + m[0].length !== 0) out.push(s.slice(begin, end));
      begin = m.index + m[0].length;
    }
    if (end !== s.length) out.push(s.slice(begin));
    return out;
  }
}

function extractReference(str: string): { name: string; num: number; rest: string } | null {
  if (str === "") return null;
  let brace = false;
  if (str[0] === "{") {
    brace = true;
    str = str.slice(1);
  }
  let i = 0;
  for (const ch of str) {
    if (!isLetter(ch) && !isDigit(ch) && ch !== "_") break;
    i += ch.length;
  }
  if (i === 0) return null;
  const name = str.slice(0, i);
  if (brace) {
    if (str[i] !== "}") return null;
    i++;
  }
  let num = /^[0-9]+$/.test(name) && name.length <= 8 ? Number(name) : -1;
  if (name[0] === "0" && name.length > 1) num = -1;
  return { name, num, rest: str.slice(i) };
}

/** Go's regexp.QuoteMeta. */
export function quoteMeta(s: string): string {
  return s.replace(/[\\.+*?()|[\]{}^$]/g, (c) => "\\" + c);
}
