/**
 * Go reference-time layouts ("2006-01-02 15:04:05 MST"): splitting a layout into elements the way Go's
 * nextStdChunk does, Time.Format, Time.String, and time.ParseInLocation with Go's error texts.
 */
import { daysIn, isLeap } from "./calendar";
import { fieldsOf, timeFromWall, type GoTime } from "./go-time";
import { quote } from "./strconv";
import { abbreviationAt, fixedZone, offsetAt, UTC, type Location } from "./time-zones";

export const LONG_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
export const LONG_DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

type Std =
  | "Jan" | "January" | "1" | "01" | "Mon" | "Monday" | "2" | "_2" | "02" | "__2" | "002" | "15" | "3" | "03"
  | "4" | "04" | "5" | "05" | "06" | "2006" | "PM" | "pm" | "MST"
  | "Z0700" | "Z070000" | "Z07" | "Z07:00" | "Z07:00:00" | "-0700" | "-070000" | "-07" | "-07:00" | "-07:00:00"
  | "frac0" | "frac9";

interface Chunk {
  prefix: string;
  std: Std | null;
  /** Digits of a fractional-second element, and its separator. */
  digits?: number;
  sep?: string;
  text: string;
}

const startsWithLower = (s: string) => s.length > 0 && s[0] >= "a" && s[0] <= "z";
const isDigitAt = (s: string, i: number) => i < s.length && s[i] >= "0" && s[i] <= "9";

/** Go's nextStdChunk: splits a layout into literal prefixes and standard elements. */
export function layoutChunks(layout: string): Chunk[] {
  const chunks: Chunk[] = [];
  let rest = layout;
  outer: while (rest.length > 0) {
    for (let i = 0; i < rest.length; i++) {
      const found = matchStd(rest, i);
      if (found) {
        chunks.push({ prefix: rest.slice(0, i + found.skip), ...found.chunk });
        rest = rest.slice(i + found.skip + found.chunk.text.length);
        continue outer;
      }
    }
    chunks.push({ prefix: rest, std: null, text: "" });
    break;
  }
  return chunks;
}

function matchStd(l: string, i: number): { skip: number; chunk: Omit<Chunk, "prefix"> } | null {
  const at = (s: string) => l.startsWith(s, i);
  const std = (s: Std, text: string = s) => ({ skip: 0, chunk: { std: s, text } });
  switch (l[i]) {
    case "J":
      if (at("January")) return std("January");
      if (at("Jan") && !startsWithLower(l.slice(i + 3))) return std("Jan");
      break;
    case "M":
      if (at("Monday")) return std("Monday");
      if (at("Mon") && !startsWithLower(l.slice(i + 3))) return std("Mon");
      if (at("MST")) return std("MST");
      break;
    case "0":
      if (l[i + 1] >= "1" && l[i + 1] <= "6") return std(l.slice(i, i + 2) as Std);
      if (at("002")) return std("002");
      break;
    case "1":
      if (at("15")) return std("15");
      return std("1");
    case "2":
      if (at("2006")) return std("2006");
      return std("2");
    case "_":
      if (l[i + 1] === "2") {
        if (l.startsWith("2006", i + 1)) return { skip: 1, chunk: { std: "2006", text: "2006" } };
        return std("_2");
      }
      if (at("__2")) return std("__2");
      break;
    case "3":
    case "4":
    case "5":
      return std(l[i] as Std);
    case "P":
      if (at("PM")) return std("PM");
      break;
    case "p":
      if (at("pm")) return std("pm");
      break;
    case "-":
      for (const s of ["-07:00:00", "-070000", "-07:00", "-0700", "-07"] as const) if (at(s)) return std(s);
      break;
    case "Z":
      for (const s of ["Z07:00:00", "Z070000", "Z07:00", "Z0700", "Z07"] as const) if (at(s)) return std(s);
      break;
    case ".":
    case ",":
      if (l[i + 1] === "0" || l[i + 1] === "9") {
        const ch = l[i + 1];
        let j = i + 1;
        while (j < l.length && l[j] === ch) j++;
        if (!isDigitAt(l, j)) {
          return { skip: 0, chunk: { std: ch === "0" ? "frac0" : "frac9", text: l.slice(i, j), digits: j - i - 1, sep: l[i] } };
        }
      }
      break;
  }
  return null;
}

const pad = (n: number, width: number, ch = "0") => String(n).padStart(width, ch);

function formatOffset(std: Std, offset: number): string {
  if (std.startsWith("Z") && offset === 0) return "Z";
  const sign = offset < 0 ? "-" : "+";
  const abs = Math.abs(offset);
  const hh = pad(Math.floor(abs / 3600), 2);
  const mm = pad(Math.floor((abs % 3600) / 60), 2);
  const ss = pad(abs % 60, 2);
  const body = std.slice(1);
  switch (body) {
    case "07":
      return sign + hh;
    case "0700":
      return sign + hh + mm;
    case "07:00":
      return sign + hh + ":" + mm;
    case "070000":
      return sign + hh + mm + ss;
    default:
      return sign + hh + ":" + mm + ":" + ss;
  }
}

/** Time.Format */
export function formatTime(t: GoTime, layout: string): string {
  const f = fieldsOf(t);
  let out = "";
  for (const c of layoutChunks(layout)) {
    out += c.prefix;
    if (!c.std) continue;
    switch (c.std) {
      case "Jan":
        out += LONG_MONTHS[f.month - 1].slice(0, 3);
        break;
      case "January":
        out += LONG_MONTHS[f.month - 1];
        break;
      case "1":
        out += f.month;
        break;
      case "01":
        out += pad(f.month, 2);
        break;
      case "Mon":
        out += LONG_DAYS[f.weekday].slice(0, 3);
        break;
      case "Monday":
        out += LONG_DAYS[f.weekday];
        break;
      case "2":
        out += f.day;
        break;
      case "_2":
        out += pad(f.day, 2, " ");
        break;
      case "02":
        out += pad(f.day, 2);
        break;
      case "__2":
        out += pad(f.yday, 3, " ");
        break;
      case "002":
        out += pad(f.yday, 3);
        break;
      case "15":
        out += pad(f.hour, 2);
        break;
      case "3":
        out += f.hour % 12 === 0 ? 12 : f.hour % 12;
        break;
      case "03":
        out += pad(f.hour % 12 === 0 ? 12 : f.hour % 12, 2);
        break;
      case "4":
        out += f.minute;
        break;
      case "04":
        out += pad(f.minute, 2);
        break;
      case "5":
        out += f.second;
        break;
      case "05":
        out += pad(f.second, 2);
        break;
      case "06":
        out += pad(((f.year % 100) + 100) % 100, 2);
        break;
      case "2006":
        out += f.year < 0 ? "-" + pad(-f.year, 4) : pad(f.year, 4);
        break;
      case "PM":
        out += f.hour >= 12 ? "PM" : "AM";
        break;
      case "pm":
        out += f.hour >= 12 ? "pm" : "am";
        break;
      case "MST":
        out += f.abbrev || formatOffset("-0700", f.offset);
        break;
      case "frac0":
      case "frac9": {
        let digits = pad(f.nsec, 9).slice(0, c.digits);
        if (c.std === "frac9") {
          digits = digits.replace(/0+$/, "");
          if (digits === "") break;
        }
        out += c.sep + digits;
        break;
      }
      default:
        out += formatOffset(c.std, f.offset);
    }
  }
  return out;
}

/** Time.String: "2006-01-02 15:04:05.999999999 -0700 MST". */
export function timeString(t: GoTime): string {
  return formatTime(t, "2006-01-02 15:04:05.999999999 -0700 MST");
}

export class TimeParseError extends Error {}

function parseError(layout: string, value: string, layoutElem: string, valueElem: string, message = ""): TimeParseError {
  if (message) return new TimeParseError(`parsing time ${quote(value)}${message}`);
  return new TimeParseError(`parsing time ${quote(value)} as ${quote(layout)}: cannot parse ${quote(valueElem)} as ${quote(layoutElem)}`);
}

function lookupName(names: string[], value: string): number {
  for (let i = 0; i < names.length; i++) {
    if (value.length >= names[i].length && value.slice(0, names[i].length).toLowerCase() === names[i].toLowerCase()) return i;
  }
  return -1;
}

/** Go's getnum: one or two digits (exactly two when fixed). */
function getNum(s: string, fixed: boolean): [number, string] | null {
  if (!isDigitAt(s, 0)) return null;
  if (!isDigitAt(s, 1)) {
    if (fixed) return null;
    return [Number(s[0]), s.slice(1)];
  }
  return [Number(s.slice(0, 2)), s.slice(2)];
}

/** Go's skip: layout spaces match runs of spaces; other bytes must match exactly. */
function skipPrefix(value: string, prefix: string): string | null {
  while (prefix.length > 0) {
    if (prefix[0] === " ") {
      if (value.length > 0 && value[0] !== " ") return null;
      prefix = prefix.replace(/^ +/, "");
      value = value.replace(/^ +/, "");
      continue;
    }
    if (value.length === 0 || value[0] !== prefix[0]) return null;
    prefix = prefix.slice(1);
    value = value.slice(1);
  }
  return value;
}

/** Go's parseTimeZone: how many bytes of value look like a zone name (0 when none). */
function timeZoneNameLength(value: string): number {
  if (value.length < 3) return 0;
  if (value.startsWith("ChST") || value.startsWith("MeST")) return 4;
  if (value.startsWith("GMT")) return 3 + signedOffsetLength(value.slice(3));
  if (value[0] === "+" || value[0] === "-") return signedOffsetLength(value);
  let upper = 0;
  while (upper < 6 && upper < value.length && value[upper] >= "A" && value[upper] <= "Z") upper++;
  if (upper === 3) return 3;
  if (upper === 4 && (value[3] === "T" || value.startsWith("WITA"))) return 4;
  if (upper === 5 && value[4] === "T") return 5;
  return 0;
}

function signedOffsetLength(value: string): number {
  const m = /^[+-](\d+)/.exec(value);
  if (!m || Number(m[1]) > 12) return 0;
  return m[0].length;
}

/** time.ParseInLocation; throws TimeParseError with Go's message. */
export function parseTime(layout: string, value: string, local: Location): GoTime {
  const original = value;
  let year = 0;
  let month = -1;
  let day = -1;
  let hour = 0;
  let minute = 0;
  let second = 0;
  let nsec = 0;
  let pmSet = false;
  let amSet = false;
  let zoneOffset: number | null = null;
  let zoneName = "";
  let utc = false;
  let yday = -1;
  const chunks = layoutChunks(layout);
  for (let ci = 0; ci < chunks.length; ci++) {
    const c = chunks[ci];
    const skipped = skipPrefix(value, c.prefix);
    if (skipped === null) throw parseError(layout, original, c.prefix, value);
    value = skipped;
    if (!c.std) {
      if (value.length > 0) throw parseError(layout, original, "", value, `: extra text: ${quote(value)}`);
      break;
    }
    const hold = value;
    const bad = () => parseError(layout, original, c.text, hold);
    const range = (what: string) => parseError(layout, original, c.text, hold, `: ${what} out of range`);
    const num = (fixed: boolean) => {
      const r = getNum(value, fixed);
      if (!r) throw bad();
      value = r[1];
      return r[0];
    };
    switch (c.std) {
      case "06": {
        if (value.length < 2 || !isDigitAt(value, 0) || !isDigitAt(value, 1)) throw bad();
        const y = Number(value.slice(0, 2));
        value = value.slice(2);
        year = y >= 69 ? 1900 + y : 2000 + y;
        break;
      }
      case "2006":
        if (value.length < 4 || ![0, 1, 2, 3].every((k) => isDigitAt(value, k))) throw bad();
        year = Number(value.slice(0, 4));
        value = value.slice(4);
        break;
      case "Jan":
      case "January": {
        const names = c.std === "Jan" ? LONG_MONTHS.map((m) => m.slice(0, 3)) : LONG_MONTHS;
        const idx = lookupName(names, value);
        if (idx < 0) throw bad();
        month = idx + 1;
        value = value.slice(names[idx].length);
        break;
      }
      case "1":
      case "01":
        month = num(c.std === "01");
        if (month <= 0 || month > 12) throw range("month");
        break;
      case "Mon":
      case "Monday": {
        const names = c.std === "Mon" ? LONG_DAYS.map((d) => d.slice(0, 3)) : LONG_DAYS;
        const idx = lookupName(names, value);
        if (idx < 0) throw bad();
        value = value.slice(names[idx].length);
        break;
      }
      case "2":
      case "_2":
      case "02":
        if (c.std === "_2" && value[0] === " ") value = value.slice(1);
        day = num(c.std === "02");
        break;
      case "__2":
      case "002": {
        if (c.std === "__2") value = value.replace(/^ {1,2}/, "");
        const m = c.std === "002" ? /^\d{3}/.exec(value) : /^\d{1,3}/.exec(value);
        if (!m) throw bad();
        yday = Number(m[0]);
        value = value.slice(m[0].length);
        if (yday < 1 || yday > 366) throw range("day-of-year");
        break;
      }
      case "15":
        hour = num(false);
        if (hour < 0 || hour >= 24) throw range("hour");
        break;
      case "3":
      case "03":
        hour = num(c.std === "03");
        if (hour < 0 || hour > 12) throw range("hour");
        break;
      case "4":
      case "04":
        minute = num(c.std === "04");
        if (minute < 0 || minute >= 60) throw range("minute");
        break;
      case "5":
      case "05": {
        second = num(c.std === "05");
        if (second < 0 || second >= 60) throw range("second");
        const next = chunks[ci + 1];
        if (value.length >= 2 && (value[0] === "." || value[0] === ",") && isDigitAt(value, 1) && !(next && next.prefix === "" && (next.std === "frac0" || next.std === "frac9"))) {
          let n = 2;
          while (isDigitAt(value, n)) n++;
          nsec = Number(value.slice(1, n).padEnd(9, "0").slice(0, 9));
          value = value.slice(n);
        }
        break;
      }
      case "PM":
      case "pm": {
        const p = value.slice(0, 2);
        const [pm, am] = c.std === "PM" ? ["PM", "AM"] : ["pm", "am"];
        if (p === pm) pmSet = true;
        else if (p === am) amSet = true;
        else throw bad();
        value = value.slice(2);
        break;
      }
      case "MST": {
        if (value.startsWith("UTC")) {
          utc = true;
          value = value.slice(3);
          break;
        }
        const n = timeZoneNameLength(value);
        if (n === 0) throw bad();
        zoneName = value.slice(0, n);
        value = value.slice(n);
        break;
      }
      case "frac0": {
        const n = 1 + c.digits!;
        if (value.length < n || (value[0] !== "." && value[0] !== ",") || !Array.from({ length: n - 1 }, (_, k) => isDigitAt(value, k + 1)).every(Boolean)) throw bad();
        nsec = Number(value.slice(1, n).padEnd(9, "0").slice(0, 9));
        value = value.slice(n);
        break;
      }
      case "frac9": {
        if (value.length < 2 || (value[0] !== "." && value[0] !== ",") || !isDigitAt(value, 1)) break;
        let i = 0;
        while (i < 9 && isDigitAt(value, i + 1)) i++;
        nsec = Number(value.slice(1, 1 + i).padEnd(9, "0"));
        value = value.slice(1 + i);
        break;
      }
      default: {
        if (c.std.startsWith("Z") && value[0] === "Z") {
          value = value.slice(1);
          utc = true;
          break;
        }
        const shape = c.std.slice(1);
        const patterns: Record<string, RegExp> = {
          "07": /^([+-])(\d\d)/,
          "0700": /^([+-])(\d\d)(\d\d)/,
          "07:00": /^([+-])(\d\d):(\d\d)/,
          "070000": /^([+-])(\d\d)(\d\d)(\d\d)/,
          "07:00:00": /^([+-])(\d\d):(\d\d):(\d\d)/,
        };
        const m = patterns[shape].exec(value);
        if (!m) throw bad();
        const hh = Number(m[2]);
        const mm = Number(m[3] ?? 0);
        const ss = Number(m[4] ?? 0);
        if (hh > 24) throw range("time zone offset hour");
        if (mm > 60) throw range("time zone offset minute");
        if (ss > 60) throw range("time zone offset second");
        zoneOffset = (hh * 3600 + mm * 60 + ss) * (m[1] === "-" ? -1 : 1);
        value = value.slice(m[0].length);
      }
    }
  }
  if (value.length > 0) throw parseError(layout, original, "", value, `: extra text: ${quote(value)}`);
  if (pmSet && hour < 12) hour += 12;
  else if (amSet && hour === 12) hour = 0;
  if (yday >= 0) {
    if (isLeap(year) ? yday > 366 : yday > 365) throw parseError(layout, original, "", value, ": day-of-year out of range");
    let m = 1;
    let d = yday;
    while (d > daysIn(m, year)) d -= daysIn(m++, year);
    if (month >= 0 && month !== m) throw parseError(layout, original, "", value, ": day-of-year does not match month");
    if (day >= 0 && day !== d) throw parseError(layout, original, "", value, ": day-of-year does not match day");
    month = m;
    day = d;
  }
  if (month < 0) month = 1;
  if (day < 0) day = 1;
  if (day < 1 || day > daysIn(month, year)) throw parseError(layout, original, "", value, ": day out of range");
  const wall = { year, month, day, hour, minute, second, nsec };
  if (utc) return timeFromWall(wall, UTC);
  if (zoneOffset !== null) {
    const t = timeFromWall(wall, UTC);
    const sec = t.sec - zoneOffset;
    if (offsetAt(local, sec) === zoneOffset && (zoneName === "" || abbreviationAt(local, sec) === zoneName)) return { sec, nsec, loc: local };
    return { sec, nsec, loc: fixedZone(zoneName, zoneOffset) };
  }
  if (zoneName !== "") {
    const t = timeFromWall(wall, UTC);
    let offset = 0;
    if (zoneName.length > 3 && zoneName.startsWith("GMT")) offset = Number(zoneName.slice(3)) * 3600;
    if (abbreviationAt(local, t.sec) === zoneName) {
      offset = offsetAt(local, t.sec);
      return { sec: t.sec - offset, nsec, loc: local };
    }
    // Go keeps the instant of the UTC reading and attaches a made-up zone with that name and offset.
    return { sec: t.sec, nsec, loc: fixedZone(zoneName, offset) };
  }
  return timeFromWall(wall, local);
}
