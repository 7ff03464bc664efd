/**
 * Go's string quoting and unquoting (strconv.Quote / strconv.Unquote) as the template parser needs them: node
 * texts in error messages are %q-quoted, and string, raw-string and character literals are unquoted.
 */

const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;

/** Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space. */
export function isGoPrintable(cp: number): boolean {
  if (cp === 0x20) return true;
  if (cp < 0x20 || cp === 0x7f) return false;
  if (cp < 0x7f) return true;
  return PRINTABLE.test(String.fromCodePoint(cp));
}

/** strconv.Quote: a double-quoted Go string literal. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    switch (cp) {
      case 0x07:
        out += "\\a";
        continue;
      case 0x08:
        out += "\\b";
        continue;
      case 0x0c:
        out += "\\f";
        continue;
      case 0x0a:
        out += "\\n";
        continue;
      case 0x0d:
        out += "\\r";
        continue;
      case 0x09:
        out += "\\t";
        continue;
      case 0x0b:
        out += "\\v";
        continue;
      case 0x5c:
        out += "\\\\";
        continue;
      case 0x22:
        out += '\\"';
        continue;
    }
    if (isGoPrintable(cp)) out += ch;
    else if (cp >= 0xd800 && cp <= 0xdfff) out += "\\ufffd";
    else if (cp < 0x80) out += "\\x" + cp.toString(16).padStart(2, "0");
    else if (cp < 0x10000) out += "\\u" + cp.toString(16).padStart(4, "0");
    else out += "\\U" + cp.toString(16).padStart(8, "0");
  }
  return out + '"';
}

/** fmt's %.10q: the first ten runes, quoted. */
export function goQuoteTruncated(s: string, runes: number): string {
  return goQuote(Array.from(s).slice(0, runes).join(""));
}

const UTF8 = new TextEncoder();
const UTF8_DECODER = new TextDecoder();

export class UnquoteError extends Error {
  constructor() {
    super("invalid syntax");
  }
}

const SIMPLE_ESCAPES: Record<string, number> = { a: 7, b: 8, f: 12, n: 10, r: 13, t: 9, v: 11, "\\": 0x5c };

/**
 * strconv.Unquote for "…", `…` and '…' literals. Escapes that produce single bytes (\x, octal) are collected as
 * UTF-8 bytes and decoded at the end, so "\xc3\xa9" gives "é" as in Go.
 */
export function goUnquote(lit: string): string {
  const q = lit[0];
  if (lit.length < 2 || lit[lit.length - 1] !== q) throw new UnquoteError();
  const body = lit.slice(1, -1);
  if (q === "`") {
    if (body.includes("`")) throw new UnquoteError();
    return body.replace(/\r/g, "");
  }
  if (q !== '"' && q !== "'") throw new UnquoteError();
  // Fast path, by far the common case: no escapes, nothing to decode.
  if (q === '"' && body.indexOf("\\") < 0 && body.indexOf('"') < 0 && body.indexOf("\n") < 0) return body;
  const bytes: number[] = [];
  const pushCodePoint = (cp: number) => {
    for (const b of UTF8.encode(String.fromCodePoint(cp))) bytes.push(b);
  };
  let runes = 0;
  for (let i = 0; i < body.length; ) {
    const cp = body.codePointAt(i)!;
    const width = cp > 0xffff ? 2 : 1;
    runes++;
    if (cp === q.charCodeAt(0) || cp === 0x0a) throw new UnquoteError();
    if (cp !== 0x5c) {
      pushCodePoint(cp);
      i += width;
      continue;
    }
    const e = body[i + 1];
    if (e === undefined) throw new UnquoteError();
    if (e in SIMPLE_ESCAPES) {
      bytes.push(SIMPLE_ESCAPES[e]);
      i += 2;
    } else if (e === q) {
      bytes.push(q.charCodeAt(0));
      i += 2;
    } else if (e === "x" || e === "u" || e === "U") {
      const n = e === "x" ? 2 : e === "u" ? 4 : 8;
      const hex = body.slice(i + 2, i + 2 + n);
      if (hex.length !== n || !/^[0-9a-fA-F]+$/.test(hex)) throw new UnquoteError();
      const v = parseInt(hex, 16);
      if (e === "x") bytes.push(v);
      else {
        if (v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff)) throw new UnquoteError();
        pushCodePoint(v);
      }
      i += 2 + n;
    } else if (e >= "0" && e <= "7") {
      const oct = body.slice(i + 1, i + 4);
      if (!/^[0-7]{3}$/.test(oct)) throw new UnquoteError();
      const v = parseInt(oct, 8);
      if (v > 255) throw new UnquoteError();
      bytes.push(v);
      i += 4;
    } else {
      throw new UnquoteError();
    }
  }
  if (q === "'" && runes !== 1) throw new UnquoteError();
  return UTF8_DECODER.decode(new Uint8Array(bytes));
}

/** strconv.UnquoteChar on a 'x' literal, as Go's parser does for character constants: the rune's value. */
export function goUnquoteChar(lit: string): number {
  if (lit.length < 3 || lit[0] !== "'" || lit[lit.length - 1] !== "'") throw new UnquoteError();
  const body = lit.slice(1, -1);
  if (body[0] !== "\\") {
    const cp = body.codePointAt(0)!;
    if (body.length !== (cp > 0xffff ? 2 : 1)) throw new Error(`malformed character constant: ${lit}`);
    return cp;
  }
  const e = body[1];
  let value: number;
  let used: number;
  if (e in SIMPLE_ESCAPES) {
    value = SIMPLE_ESCAPES[e];
    used = 2;
  } else if (e === "'") {
    value = 0x27;
    used = 2;
  } else if (e === "x" || e === "u" || e === "U") {
    const n = e === "x" ? 2 : e === "u" ? 4 : 8;
    const hex = body.slice(2, 2 + n);
    if (hex.length !== n || !/^[0-9a-fA-F]+$/.test(hex)) throw new UnquoteError();
    value = parseInt(hex, 16);
    if (e !== "x" && (value > 0x10ffff || (value >= 0xd800 && value <= 0xdfff))) throw new UnquoteError();
    used = 2 + n;
  } else if (e >= "0" && e <= "7") {
    const oct = body.slice(1, 4);
    if (!/^[0-7]{3}$/.test(oct)) throw new UnquoteError();
    value = parseInt(oct, 8);
    if (value > 255) throw new UnquoteError();
    used = 4;
  } else {
    throw new UnquoteError();
  }
  if (used !== body.length) throw new Error(`malformed character constant: ${lit}`);
  return value;
}
