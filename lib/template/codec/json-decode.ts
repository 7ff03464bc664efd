/**
 * encoding/json.Unmarshal into interface{}: objects become GoMap (`map[string]interface {}`), arrays plain
 * slices, every number a float64. Syntax errors carry Go's scanner texts ("invalid character 'b' looking
 * for beginning of value", "unexpected end of JSON input"), because templates show them verbatim.
 */
import { GoMap, type GoValue } from "@/lib/template/value";
import { CodecError } from "./errors";

/** Go's quoteChar: how the scanner names an offending byte in its messages. */
function quoteChar(unit: number): string {
  if (unit === 0x27) return "'\\''";
  if (unit === 0x22) return `'"'`;
  const ch = String.fromCharCode(unit);
  if (unit < 0x20 || unit === 0x7f) {
    const named: Record<number, string> = { 7: "\\a", 8: "\\b", 9: "\\t", 10: "\\n", 11: "\\v", 12: "\\f", 13: "\\r" };
    return `'${named[unit] ?? `\\x${unit.toString(16).padStart(2, "0")}`}'`;
  }
  if (unit === 0x5c) return "'\\\\'";
  return `'${ch}'`;
}

class JsonParser {
  private pos = 0;
  /** Go validates the whole text before converting numbers, so an overflow is reported only if the syntax is fine. */
  private overflow: string | undefined;
  constructor(private readonly text: string) {}

  parseDocument(): GoValue {
    this.skipSpace();
    if (this.pos >= this.text.length) throw this.endOfInput();
    const value = this.parseValue();
    this.skipSpace();
    if (this.pos < this.text.length) throw this.invalid("after top-level value");
    if (this.overflow !== undefined) {
      throw new CodecError(`json: cannot unmarshal number ${this.overflow} into Go value of type float64`, value);
    }
    return value;
  }

  private endOfInput(): CodecError {
    return new CodecError("unexpected end of JSON input");
  }

  /** Go reports the first byte of a multi-byte character; JS sees a whole UTF-16 unit, so name its first UTF-8 byte. */
  private invalid(context: string): CodecError {
    // At the end, Go's scanner feeds one space to the current state: states that reject it report ' '.
    if (this.pos >= this.text.length) return new CodecError(`invalid character ' ' ${context}`);
    const unit = this.text.charCodeAt(this.pos);
    const firstByte = unit < 0x80 ? unit : unit < 0x800 ? 0xc0 | (unit >> 6) : unit >= 0xd800 && unit <= 0xdbff ? 0xf0 | (((unit - 0xd800 + 0x40) >> 8) & 7) : 0xe0 | (unit >> 12);
    return new CodecError(`invalid character ${quoteChar(firstByte)} ${context}`);
  }

  private skipSpace(): void {
    const t = this.text;
    while (this.pos < t.length) {
      const c = t.charCodeAt(this.pos);
      if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) break;
      this.pos++;
    }
  }

  private parseValue(): GoValue {
    const c = this.text[this.pos];
    switch (c) {
      case "{":
        return this.parseObject();
      case "[":
        return this.parseArray();
      case '"':
        return this.parseString();
      case "t":
        return this.parseLiteral("true", true);
      case "f":
        return this.parseLiteral("false", false);
      case "n":
        return this.parseLiteral("null", null);
      default:
        if (c === "-" || (c >= "0" && c <= "9")) return this.parseNumber();
        throw this.invalid("looking for beginning of value");
    }
  }

  private parseLiteral(word: string, value: GoValue): GoValue {
    for (let i = 1; i < word.length; i++) {
      this.pos++;
      if (this.text[this.pos] !== word[i]) throw this.invalid(`in literal ${word} (expecting '${word[i]}')`);
    }
    this.pos++;
    return value;
  }

  /** A number too large for float64 decodes as nil, and the type error is reported once decoding ends. */
  private parseNumber(): number | null {
    const t = this.text;
    const start = this.pos;
    const isDigit = () => this.pos < t.length && t[this.pos] >= "0" && t[this.pos] <= "9";
    if (t[this.pos] === "-") {
      this.pos++;
      if (!isDigit()) throw this.invalid("in numeric literal");
    }
    if (t[this.pos] === "0") this.pos++;
    else while (isDigit()) this.pos++;
    if (t[this.pos] === ".") {
      this.pos++;
      if (!isDigit()) throw this.invalid("after decimal point in numeric literal");
      while (isDigit()) this.pos++;
    }
    if (t[this.pos] === "e" || t[this.pos] === "E") {
      this.pos++;
      if (t[this.pos] === "+" || t[this.pos] === "-") this.pos++;
      if (!isDigit()) throw this.invalid("in exponent of numeric literal");
      while (isDigit()) this.pos++;
    }
    const literal = t.slice(start, this.pos);
    const value = Number(literal);
    if (Number.isFinite(value)) return value;
    this.overflow ??= literal;
    return null;
  }

  private parseString(): string {
    const t = this.text;
    this.pos++;
    let out = "";
    let start = this.pos;
    for (;;) {
      if (this.pos >= t.length) throw this.endOfInput();
      const c = t.charCodeAt(this.pos);
      if (c === 0x22) {
        out += t.slice(start, this.pos);
        this.pos++;
        return out;
      }
      if (c < 0x20) throw this.invalid("in string literal");
      if (c !== 0x5c) {
        this.pos++;
        continue;
      }
      out += t.slice(start, this.pos);
      this.pos++;
      const e = t[this.pos];
      const simple: Record<string, string> = { '"': '"', "\\": "\\", "/": "/", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" };
      if (e in simple) {
        out += simple[e];
        this.pos++;
      } else if (e === "u") {
        this.pos++;
        const unit = this.readHex4();
        if (unit >= 0xd800 && unit <= 0xdbff && t[this.pos] === "\\" && t[this.pos + 1] === "u") {
          const save = this.pos;
          this.pos += 2;
          const low = this.readHex4();
          if (low >= 0xdc00 && low <= 0xdfff) out += String.fromCharCode(unit, low);
          else {
            out += "\uFFFD";
            this.pos = save;
          }
        } else if (unit >= 0xd800 && unit <= 0xdfff) out += "\uFFFD";
        else out += String.fromCharCode(unit);
      } else throw this.invalid("in string escape code");
      start = this.pos;
    }
  }

  private readHex4(): number {
    let n = 0;
    for (let i = 0; i < 4; i++) {
      const d = this.pos < this.text.length ? parseInt(this.text[this.pos], 16) : NaN;
      if (Number.isNaN(d)) throw this.invalid("in \\u hexadecimal character escape");
      n = n * 16 + d;
      this.pos++;
    }
    return n;
  }

  private parseArray(): GoValue[] {
    this.pos++;
    const items: GoValue[] = [];
    this.skipSpace();
    if (this.pos >= this.text.length) throw this.endOfInput();
    if (this.text[this.pos] === "]") {
      this.pos++;
      return items;
    }
    for (;;) {
      this.skipSpace();
      if (this.pos >= this.text.length) throw this.endOfInput();
      items.push(this.parseValue());
      this.skipSpace();
      if (this.pos >= this.text.length) throw this.endOfInput();
      const c = this.text[this.pos];
      this.pos++;
      if (c === "]") return items;
      if (c !== ",") {
        this.pos--;
        throw this.invalid("after array element");
      }
    }
  }

  private parseObject(): GoMap {
    this.pos++;
    const map = new GoMap();
    this.skipSpace();
    if (this.pos >= this.text.length) throw this.endOfInput();
    if (this.text[this.pos] === "}") {
      this.pos++;
      return map;
    }
    for (;;) {
      this.skipSpace();
      if (this.pos >= this.text.length) throw this.endOfInput();
      if (this.text[this.pos] !== '"') throw this.invalid("looking for beginning of object key string");
      const key = this.parseString();
      this.skipSpace();
      if (this.pos >= this.text.length) throw this.endOfInput();
      if (this.text[this.pos] !== ":") throw this.invalid("after object key");
      this.pos++;
      this.skipSpace();
      if (this.pos >= this.text.length) throw this.endOfInput();
      map.set(key, this.parseValue());
      this.skipSpace();
      if (this.pos >= this.text.length) throw this.endOfInput();
      const c = this.text[this.pos];
      if (c === "}") {
        this.pos++;
        return map;
      }
      if (c !== ",") throw this.invalid("after object key:value pair");
      this.pos++;
    }
  }
}

export function unmarshalJson(text: string): GoValue {
  return new JsonParser(text).parseDocument();
}
