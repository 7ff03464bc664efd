/**
 * fromToml: BurntSushi/toml decoding into map[string]interface{}. Parsing is smol-toml's; we adapt its
 * types (integers → int64, floats → float64, tables → GoMap, date-times → a time.Time-like struct) and
 * reword the common parse errors into BurntSushi's texts ("toml: line 1 (last key \"a\"): …").
 */
import { parse, TomlDate, TomlError } from "smol-toml";
import { GoInt, GoMap, type GoStruct, type GoValue } from "@/lib/template/value";
import { CodecError } from "./errors";

/** A TOML date-time as the time.Time BurntSushi returns: printed with Go's Time.String(), JSON as RFC 3339. */
function timeValue(d: TomlDate): GoStruct {
  const iso = d.toISOString();
  const local = d.isLocal();
  const zoneName = d.isDate() ? "date-local" : d.isTime() ? "time-local" : local ? "datetime-local" : undefined;
  const offsetMatch = /([+-]\d{2}):(\d{2})$/.exec(iso);
  const offsetText = offsetMatch ? `${offsetMatch[1]}${offsetMatch[2]}` : "+0000";
  // For offset date-times, the wall clock is the ISO text's own date and time.
  const wall = d.isTime() ? `0000-01-01T${iso}` : d.isDate() ? `${iso}T00:00:00` : iso;
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?/.exec(wall);
  const fraction = m?.[7] ? m[7].replace(/0+$/, "").replace(/^\.$/, "") : "";
  const clock = m ? `${m[1]}-${m[2]}-${m[3]} ${m[4]}:${m[5]}:${m[6]}${fraction}` : iso;
  const zone = zoneName ?? (offsetText === "+0000" ? "UTC" : offsetText);
  const rfc3339 = m ? `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}${fraction}${offsetMatch ? (offsetText === "+0000" ? "Z" : `${offsetMatch[1]}:${offsetMatch[2]}`) : "Z"}` : iso;
  return {
    goType: "time.Time",
    goKind: "struct",
    field: () => undefined,
    method: () => undefined,
    format: () => `${clock} ${offsetText} ${zone}`,
    toJSONValue: () => rfc3339,
  };
}

function toGoValue(v: unknown): GoValue {
  if (typeof v === "bigint") return new GoInt(Number(v), "int64");
  if (typeof v === "number" || typeof v === "string" || typeof v === "boolean") return v;
  if (v instanceof TomlDate) return timeValue(v);
  if (Array.isArray(v)) return v.map(toGoValue);
  const out = new GoMap();
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) out.set(k, toGoValue(x));
  return out;
}

/** The dotted key BurntSushi names in errors: the current table plus the key assigned on the failing line. */
function lastKeyAt(text: string, lineNo: number): string {
  let table = "";
  let key = "";
  const lines = text.split("\n").slice(0, lineNo);
  for (const line of lines) {
    const t = line.trim();
    const header = /^\[\[?\s*([^\]]*?)\s*\]\]?/.exec(t);
    if (header) {
      table = header[1].replace(/\s*\.\s*/g, ".");
      key = "";
      continue;
    }
    const assign = /^("(?:[^"\\]|\\.)*"|'[^']*'|[A-Za-z0-9_.\s-]+?)\s*=/.exec(t);
    if (assign) key = assign[1].replace(/^["']|["']$/g, "").replace(/\s*\.\s*/g, ".");
  }
  if (!key) return table;
  return table ? `${table}.${key}` : key;
}

/** The bare value word around a 1-based column of a line (what BurntSushi quotes in its messages). */
function valueToken(lineText: string, column: number): string {
  const eq = lineText.indexOf("=");
  const from = eq >= 0 && eq < column ? eq + 1 : Math.max(column - 1, 0);
  return /^\s*([^\s,\]}#]*)/.exec(lineText.slice(from))?.[1] ?? "";
}

/** The innermost `[` or `{` left open at the end of the text, outside strings. */
function unclosedOpener(text: string): string | undefined {
  const stack: string[] = [];
  let quote = "";
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === "\\" && quote === '"') i++;
      else if (c === quote) quote = "";
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === "#") while (i < text.length && text[i] !== "\n") i++;
    else if (c === "[" || c === "{") stack.push(c);
    else if (c === "]" || c === "}") stack.pop();
  }
  return stack[stack.length - 1];
}

function burntSushiError(text: string, e: TomlError): CodecError {
  const line = e.line;
  const detail = e.message.split("\n")[0].replace(/^Invalid TOML document: /, "");
  const lineText = text.split("\n")[line - 1] ?? "";
  const withKey = (msg: string) => {
    const key = lastKeyAt(text, line);
    return new CodecError(key ? `toml: line ${line} (last key ${JSON.stringify(key)}): ${msg}` : `toml: line ${line}: ${msg}`);
  };
  const atEnd = e.line === text.split("\n").length && e.column > lineText.length;
  if (/^invalid value/.test(detail) && atEnd) return withKey("unexpected EOF; expected value");
  if (/^unfinished string/.test(detail)) return withKey(`unexpected EOF; expected '"'`);
  if (/^unexpected end of key/.test(detail)) return new CodecError(`toml: line ${line}: unexpected '=': key name appears blank`);
  if (/followed by an end-of-line/.test(detail)) {
    const ch = lineText[e.column - 1] ?? "";
    return new CodecError(`toml: line ${line}: expected a top-level item to end with a newline, comment, or EOF, but got '${ch}' instead`);
  }
  const token = valueToken(lineText, e.column);
  if (/^invalid value/.test(detail) && token) return withKey(`expected value but found ${JSON.stringify(token)} instead`);
  if (/illegal underscore/.test(detail)) return withKey(`Invalid integer ${JSON.stringify(token)}: underscores must be surrounded by digits`);
  if (/illegal leading zero/.test(detail)) return withKey(`Invalid integer ${JSON.stringify(token)}: cannot have leading zeroes`);
  if (/unfinished numeric value/.test(detail) && token.endsWith(".")) return withKey(`Invalid float ${JSON.stringify(token)}: '.' must be followed by one or more digits`);
  if (/control characters/.test(detail) && lineText.length < e.column) return withKey("strings cannot contain newlines");
  if (/illegal character in key/.test(detail) && /^\s*\[/.test(lineText)) {
    const ch = lineText[e.column - 1];
    const shown = ch === undefined ? "\\n" : ch;
    return new CodecError(`toml: line ${ch === undefined ? line + 1 : line}: expected '.' or ']' to end table name, but got '${shown}' instead`);
  }
  if (/expected comma or end of structure/.test(detail) && atEnd) {
    // BurntSushi names the line of the last token, not the (possibly empty) last line.
    const lastLine = text.trimEnd().split("\n").length;
    const key = lastKeyAt(text, lastLine);
    const opener = unclosedOpener(text);
    if (opener === "[") return new CodecError(`toml: line ${lastLine} (last key ${JSON.stringify(key)}): expected a comma (',') or array terminator (']'), but got end of file`);
    if (opener === "{") {
      const inner = /([A-Za-z0-9_-]+)\s*=[^=]*$/.exec(text.slice(text.lastIndexOf("{")));
      const full = inner ? `${key}.${inner[1]}` : key;
      return new CodecError(`toml: line ${lastLine} (last key ${JSON.stringify(full)}): expected a comma or an inline table terminator '}', but got end of file instead`);
    }
  }
  if (/redefine/.test(detail)) {
    const header = /^\s*\[\[?\s*([^\]]*?)\s*\]/.exec(lineText);
    if (header) return new CodecError(`toml: line ${line}: Key '${header[1]}' has already been defined.`);
    return withKey(`Key '${lastKeyAt(text, line)}' has already been defined.`);
  }
  return withKey(detail);
}

export function unmarshalToml(text: string): GoValue {
  try {
    return toGoValue(parse(text, { integersAsBigInt: true }));
  } catch (e) {
    if (e instanceof TomlError) throw burntSushiError(text, e);
    throw e;
  }
}
