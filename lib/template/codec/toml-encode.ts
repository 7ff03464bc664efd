/**
 * toToml: BurntSushi/toml v1.6.0's Encoder as Helm uses it. Per table: plain key/values first, then
 * sub-tables and arrays of tables, each group sorted bytewise; nested tables indented two spaces per level;
 * floats in Go 'g' form with ".0" added when it has neither a point nor an exponent; nil values skipped.
 * Errors are thrown with the library's texts (Helm prints them in place of the output).
 */
import { GoInt, GoMap, type GoValue } from "@/lib/template/value";
import { CodecError } from "./errors";
import { formatFloatG } from "./float-format";
import { compareUtf8, toWellFormed } from "./text-units";

const NIL_ELEMENT = "toml: cannot encode array with nil element";
const NO_KEY = "toml: top-level values must be Go maps or structs";

const TOML_ESCAPES: Record<string, string> = { '"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r" };

function quoteTomlString(s: string): string {
  const body = toWellFormed(s).replace(/["\\\x00-\x1f\x7f]/g, (ch) => TOML_ESCAPES[ch] ?? `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`);
  return `"${body}"`;
}

function keyPart(k: string): string {
  return /^[A-Za-z0-9_-]+$/.test(k) ? k : quoteTomlString(k);
}

function tomlFloat(x: number): string {
  if (Number.isNaN(x)) return "nan";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  const s = formatFloatG(x);
  return /[.e]/.test(s) ? s : s + ".0";
}

/** Plain data after resolving structs to their JSON form (BurntSushi sees Go fields; this is the closest we model). */
function resolveStruct(v: GoValue): GoValue {
  if (v === null || typeof v !== "object" || v instanceof GoInt || v instanceof GoMap || v instanceof Uint8Array || Array.isArray(v)) return v;
  return resolveStruct(v.toJSONValue());
}

const isMapValue = (v: GoValue) => resolveStruct(v) instanceof GoMap;

/** An array whose every element is a table is written as an array of tables (`[[key]]`). */
function isArrayOfTables(v: GoValue): v is GoValue[] {
  const items = resolveStruct(v);
  if (!Array.isArray(items) && !(items instanceof Uint8Array)) return false;
  if (items.length === 0) return false;
  checkNoNilElements(items);
  return Array.from(items as ArrayLike<GoValue>).every(isMapValue);
}

function checkNoNilElements(items: ArrayLike<GoValue>): void {
  for (let i = 0; i < items.length; i++) if (items[i] === null) throw new CodecError(NIL_ELEMENT);
}

const isTable = (v: GoValue) => isMapValue(v) || isArrayOfTables(v);

class TomlWriter {
  private out = "";

  text(): string {
    return this.out;
  }

  private write(s: string): void {
    this.out += s;
  }

  /** Go's enc.newline(): a line break, but never as the very first output. */
  private newline(): void {
    if (this.out !== "") this.out += "\n";
  }

  private indent(key: string[]): string {
    return "  ".repeat(Math.max(key.length - 1, 0));
  }

  encode(key: string[], raw: GoValue): void {
    const v = resolveStruct(raw);
    if (v === null) return;
    if (v instanceof GoMap) {
      this.table(key, v);
      return;
    }
    if (Array.isArray(v) && isArrayOfTables(v)) {
      this.arrayOfTables(key, v);
      return;
    }
    this.keyValue(key, v, false);
  }

  private keyValue(key: string[], v: GoValue, inline: boolean): void {
    // A bare top-level value is written alone, without a key or a line break.
    if (key.length === 0) {
      this.element(v);
      return;
    }
    this.write(`${inline ? "" : this.indent(key)}${keyPart(key[key.length - 1])} = `);
    this.element(v);
    if (!inline) this.newline();
  }

  private element(raw: GoValue): void {
    const v = resolveStruct(raw);
    if (v === null) throw new CodecError(NIL_ELEMENT);
    switch (typeof v) {
      case "string":
        this.write(quoteTomlString(v));
        return;
      case "boolean":
        this.write(v ? "true" : "false");
        return;
      case "number":
        this.write(tomlFloat(v));
        return;
    }
    if (v instanceof GoInt) {
      this.write(String(v.value));
      return;
    }
    if (v instanceof GoMap) {
      this.map([], v, true);
      return;
    }
    const items = Array.from(v as ArrayLike<GoValue>, (x) => (v instanceof Uint8Array ? new GoInt(x as unknown as number, "uint8") : x));
    checkNoNilElements(items);
    this.write("[");
    items.forEach((item, i) => {
      this.element(item);
      if (i !== items.length - 1) this.write(", ");
    });
    this.write("]");
  }

  private arrayOfTables(key: string[], items: GoValue[]): void {
    if (key.length === 0) throw new CodecError(NO_KEY);
    for (const item of items) {
      this.newline();
      this.write(`${this.indent(key)}[[${key.map(keyPart).join(".")}]]`);
      this.newline();
      this.map(key, resolveStruct(item) as GoMap, false);
    }
  }

  private table(key: string[], m: GoMap): void {
    // An extra blank line separates top-level tables.
    if (key.length === 1) this.newline();
    if (key.length > 0) {
      this.write(`${this.indent(key)}[${key.map(keyPart).join(".")}]`);
      this.newline();
    }
    this.map(key, m, false);
  }

  private map(key: string[], m: GoMap, inline: boolean): void {
    const direct: string[] = [];
    const sub: string[] = [];
    for (const [k, v] of m) (isTable(v) ? sub : direct).push(k);
    const writeKeys = (keys: string[], trailingComma: boolean) => {
      keys.sort(compareUtf8).forEach((k, i) => {
        const v = m.get(k) ?? null;
        if (v === null) return;
        if (inline) {
          this.keyValue([k], v, true);
          if (trailingComma || i !== keys.length - 1) this.write(", ");
        } else this.encode([...key, k], v);
      });
    };
    if (inline) this.write("{");
    writeKeys(direct, sub.length > 0);
    writeKeys(sub, false);
    if (inline) this.write("}");
  }
}

export function marshalToml(v: GoValue): string {
  if (v === null) throw new CodecError("reflect: call of reflect.Value.Type on zero Value");
  const writer = new TomlWriter();
  writer.encode([], v);
  return writer.text();
}
