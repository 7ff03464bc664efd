/**
 * helm's `--set` family parser (pkg/strvals), reproducing its typing and its quirks:
 *   --set          `true`/`false`/`null` (any case), `0`, and base-10 integers not starting with 0 become bool/nil/int64;
 *                  everything else is a string; `{a,b}` is a list; `a.b`, `a[0]`, `a[0].b`, `a[0][1]`; `\` escapes.
 *   --set-string   the same syntax, every value a string.
 *   --set-json     each value is one JSON document (numbers float64); an empty value is null.
 *   --set-file     each value names a file whose content becomes the string value.
 *   --set-literal  no escapes, no lists, no commas: everything after the first `=` is the value.
 * Error texts are helm's, including "unable to parse key: interface conversion: …" for type clashes.
 */
import { GoInt, GoMap, type GoValue } from "@/lib/template/value";
import { goQuote } from "./go-print";

export const MAX_INDEX = 65536;
export const MAX_NESTED_NAME_LEVEL = 30;

/** Go's io.EOF: ends parsing without an error wherever it surfaces, even wrapped. */
class EndOfInput extends Error {
  constructor(message = "EOF") {
    super(message);
  }
}
/** Errors raised where Go panics; the enclosing key() turns them into "unable to parse key: …". */
class GoPanic extends Error {}

function goTypeOf(v: GoValue | undefined): string {
  if (v === null || v === undefined) return "nil";
  if (typeof v === "string") return "string";
  if (typeof v === "boolean") return "bool";
  if (typeof v === "number") return "float64";
  if (v instanceof GoInt) return v.kind;
  if (v instanceof GoMap) return "map[string]interface {}";
  if (Array.isArray(v)) return "[]interface {}";
  return "interface {}";
}

function assertTable(v: GoValue | undefined): GoMap {
  if (v instanceof GoMap) return v;
  throw new GoPanic(`interface conversion: interface {} is ${goTypeOf(v)}, not map[string]interface {}`);
}

function assertList(v: GoValue | undefined): GoValue[] {
  if (Array.isArray(v)) return v;
  throw new GoPanic(`interface conversion: interface {} is ${goTypeOf(v)}, not []interface {}`);
}

function goQuoteRunes(rs: string[]): string {
  return `[${rs.map((r) => `'${r}'`).join(" ")}]`;
}

/** Go's strconv.Atoi with its error texts. */
function atoi(s: string): number {
  if (!/^[+-]?\d+$/.test(s)) throw new Error(`strconv.Atoi: parsing ${goQuote(s)}: invalid syntax`);
  const n = Number(s);
  if (!Number.isSafeInteger(n) && Math.abs(n) > 9223372036854775807) throw new Error(`strconv.Atoi: parsing ${goQuote(s)}: value out of range`);
  return n;
}

/** `--set` scalar typing (typedVal). */
export function typedValue(text: string, forceString: boolean): GoValue {
  if (forceString) return text;
  const lower = text.toLowerCase();
  if (lower === "true") return true;
  if (lower === "false") return false;
  if (lower === "null") return null;
  if (text === "0") return new GoInt(0, "int64");
  if (text.length > 0 && text[0] !== "0" && /^[+-]?\d+$/.test(text)) {
    const big = BigInt(text);
    if (big >= -(2n ** 63n) && big < 2n ** 63n) return new GoInt(Number(big), "int64");
  }
  return text;
}

function setKey(data: GoMap, key: string, value: GoValue): void {
  if (key.length === 0) return;
  data.set(key, value);
}

function setIndex(list: GoValue[], index: number, value: GoValue): GoValue[] {
  if (index < 0) throw new Error(`negative ${index} index not allowed`);
  if (index > MAX_INDEX) throw new Error(`index of ${index} is greater than maximum supported index of ${MAX_INDEX}`);
  const out = list.length <= index ? [...list, ...new Array<GoValue>(index + 1 - list.length).fill(null)] : list;
  out[index] = value;
  return out;
}

type Mode = { kind: "typed"; forceString: boolean } | { kind: "json" } | { kind: "file"; read: (path: string) => string } | { kind: "literal" };

/** Converts a parsed JSON value to the value model (numbers are float64, as encoding/json decodes them). */
export function jsonToGo(v: unknown): GoValue {
  if (v === null || typeof v === "boolean" || typeof v === "number" || typeof v === "string") return v;
  if (Array.isArray(v)) return v.map(jsonToGo);
  const out = new GoMap();
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) out.set(k, jsonToGo(x));
  return out;
}

/** Length of the first JSON value at the start of `s` (after leading whitespace), as json.Decoder would consume. */
function jsonValueLength(s: string): number {
  let i = 0;
  while (i < s.length && /\s/.test(s[i])) i++;
  if (i >= s.length) throw new Error("unexpected end of JSON input");
  const open = s[i];
  if (open === '"') {
    i++;
    while (i < s.length && s[i] !== '"') i += s[i] === "\\" ? 2 : 1;
    if (i >= s.length) throw new Error("unexpected end of JSON input");
    return i + 1;
  }
  if (open === "{" || open === "[") {
    let depth = 0;
    while (i < s.length) {
      const c = s[i];
      if (c === '"') {
        i++;
        while (i < s.length && s[i] !== '"') i += s[i] === "\\" ? 2 : 1;
      } else if (c === "{" || c === "[") depth++;
      else if (c === "}" || c === "]") {
        depth--;
        if (depth === 0) return i + 1;
      }
      i++;
    }
    throw new Error("unexpected end of JSON input");
  }
  const m = /^[^\s,{}[\]"]+/.exec(s.slice(i));
  if (!m) throw new Error(`invalid character '${open}' looking for beginning of value`);
  return i + m[0].length;
}

class Parser {
  private pos = 0;
  private readonly runes: string[];

  constructor(
    text: string,
    private readonly data: GoMap,
    private readonly mode: Mode,
  ) {
    this.runes = Array.from(text);
  }

  parse(): void {
    for (;;) {
      try {
        this.key(this.data, 0);
      } catch (e) {
        if (e instanceof EndOfInput) return;
        throw e;
      }
    }
  }

  private read(): string | null {
    return this.pos < this.runes.length ? this.runes[this.pos++] : null;
  }

  private unread(): void {
    this.pos--;
  }

  /** Reads up to a stop rune; `\x` escapes the next rune except in literal mode. Returns null `last` at end of input. */
  private until(stop: string, escapes = this.mode.kind !== "literal"): { text: string[]; last: string | null } {
    const text: string[] = [];
    for (;;) {
      const r = this.read();
      if (r === null) return { text, last: null };
      if (stop.includes(r)) return { text, last: r };
      if (escapes && r === "\\") {
        const next = this.read();
        if (next === null) return { text, last: null };
        text.push(next);
      } else text.push(r);
    }
  }

  private key(data: GoMap, nestedLevel: number): void {
    try {
      this.keyBody(data, nestedLevel);
    } catch (e) {
      if (e instanceof GoPanic) throw new Error(`unable to parse key: ${e.message}`);
      throw e;
    }
  }

  private keyBody(data: GoMap, nestedLevel: number): void {
    const stops = this.mode.kind === "literal" ? "=[." : "=[,.";
    const { text, last } = this.until(stops);
    const k = text.join("");
    if (last === null) {
      if (text.length === 0) throw new EndOfInput();
      throw new Error(`key ${goQuote(k)} has no value`);
    }
    if (last === "[") {
      const index = this.keyIndex();
      let list: GoValue[] = [];
      if (data.has(k)) list = assertList(data.get(k));
      let result: GoValue[] = list;
      try {
        result = this.listItem(list, index, nestedLevel);
      } finally {
        setKey(data, k, result);
      }
      return;
    }
    if (last === "=") {
      this.assignValue((v) => setKey(data, k, v), () => setKey(data, k, ""));
      return;
    }
    if (last === ",") {
      setKey(data, k, "");
      throw new Error(`key ${goQuote(k)} has no value (cannot end with ,)`);
    }
    // last === "."
    nestedLevel++;
    if (nestedLevel > MAX_NESTED_NAME_LEVEL) {
      throw new Error(`value name nested level is greater than maximum supported nested level of ${MAX_NESTED_NAME_LEVEL}`);
    }
    const inner = data.has(k) ? assertTable(data.get(k)) : new GoMap();
    let failure: unknown = null;
    try {
      this.key(inner, nestedLevel);
    } catch (e) {
      failure = e;
    }
    if (failure === null && inner.size === 0) throw new Error(`key map ${goQuote(k)} has no value`);
    if (inner.size !== 0) setKey(data, k, inner);
    if (failure !== null) throw failure;
  }

  /**
   * The value after `=`. `assign` stores it; `assignEmpty` is the `a=` at end of input case (an empty string).
   * End of input after a value is reported as EndOfInput, which ends parsing normally.
   */
  private assignValue(assign: (v: GoValue) => void, assignEmpty: () => void): void {
    const mode = this.mode;
    if (mode.kind === "literal") {
      assign(this.until("").text.join(""));
      return;
    }
    if (mode.kind === "json") {
      if (this.emptyValue()) {
        assign(null);
        return;
      }
      const rest = this.runes.slice(this.pos).join("");
      const length = jsonValueLength(rest);
      assign(jsonToGo(JSON.parse(rest.slice(0, length))));
      this.pos += Array.from(rest.slice(0, length)).length;
      this.emptyValue();
      return;
    }
    let list: GoValue[] | null;
    try {
      list = this.valueList();
    } catch (e) {
      if (e instanceof EndOfInput) {
        assignEmpty();
        throw e;
      }
      throw e;
    }
    if (list !== null) {
      assign(list);
      return;
    }
    const { text } = this.until(",");
    assign(this.convert(text.join("")));
  }

  private convert(text: string): GoValue {
    const mode = this.mode;
    if (mode.kind === "file") return mode.read(text);
    if (mode.kind === "typed") return typedValue(text, mode.forceString);
    return text;
  }

  /** Consumes blanks up to a comma or the end (true: empty value), or stops before anything else (false). */
  private emptyValue(): boolean {
    for (;;) {
      const r = this.read();
      if (r === null || r === ",") return true;
      if (!/\s/.test(r)) {
        this.unread();
        return false;
      }
    }
  }

  /** `{a,b}` list, or null when the value does not start with `{`. EndOfInput when nothing follows `=`. */
  private valueList(): GoValue[] | null {
    const r = this.read();
    if (r === null) throw new EndOfInput();
    if (r !== "{") {
      this.unread();
      return null;
    }
    const list: GoValue[] = [];
    for (;;) {
      const { text, last } = this.until(",}");
      if (last === null) throw new Error("list must terminate with '}'");
      if (last === "}") {
        const next = this.read();
        if (next !== null && next !== ",") this.unread();
        list.push(this.convert(text.join("")));
        return list;
      }
      list.push(this.convert(text.join("")));
    }
  }

  private keyIndex(): number {
    const { text, last } = this.until("]");
    if (last === null) throw new EndOfInput("error parsing index: EOF");
    try {
      return atoi(text.join(""));
    } catch (e) {
      throw new Error(`error parsing index: ${(e as Error).message}`);
    }
  }

  private listItem(list: GoValue[], index: number, nestedLevel: number): GoValue[] {
    if (index < 0) throw new Error(`negative ${index} index not allowed`);
    const { text, last } = this.until("[.=");
    if (text.length > 0) throw new Error(`unexpected data at end of array index: ${goQuoteRunes(text)}`);
    if (last === null) throw new EndOfInput();
    if (last === "=") {
      let result = list;
      try {
        this.assignValue(
          (v) => {
            result = setIndex(list, index, v);
          },
          () => {
            result = setIndex(list, index, "");
          },
        );
      } catch (e) {
        // `a[0]=` at the end of input: helm stores "" and carries on without an error.
        if (!(e instanceof EndOfInput)) throw e;
      }
      return result;
    }
    if (last === "[") {
      const nextIndex = this.keyIndex();
      let current: GoValue[] = [];
      if (list.length > index && list[index] !== null) current = assertList(list[index]);
      const inner = this.listItem(current, nextIndex, nestedLevel);
      return setIndex(list, index, inner);
    }
    // last === "."
    let inner = new GoMap();
    if (list.length > index) {
      const existing = list[index];
      if (existing instanceof GoMap) inner = existing;
      else list[index] = inner;
    }
    this.key(inner, nestedLevel);
    return setIndex(list, index, inner);
  }
}

/** Parses one `--set` argument into `dest` (helm's ParseInto). */
export function parseSetInto(text: string, dest: GoMap): void {
  new Parser(text, dest, { kind: "typed", forceString: false }).parse();
}

/** `--set-string` (ParseIntoString). */
export function parseSetStringInto(text: string, dest: GoMap): void {
  new Parser(text, dest, { kind: "typed", forceString: true }).parse();
}

/** `--set-json` in key=value form (ParseJSON). */
export function parseSetJsonInto(text: string, dest: GoMap): void {
  new Parser(text, dest, { kind: "json" }).parse();
}

/** `--set-file` (ParseIntoFile): `read` returns the named file's content or throws with the reason. */
export function parseSetFileInto(text: string, dest: GoMap, read: (path: string) => string): void {
  new Parser(text, dest, { kind: "file", read }).parse();
}

/** `--set-literal` (ParseLiteralInto). */
export function parseSetLiteralInto(text: string, dest: GoMap): void {
  new Parser(text, dest, { kind: "literal" }).parse();
}
