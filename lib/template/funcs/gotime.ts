/**
 * Go's time package as templates see it: time.Time values (an instant plus a location, printed by String()),
 * locations from the IANA database through Intl, Format and Parse with Go reference layouts
 * ("2006-01-02 15:04:05 MST"), and time.Duration (ParseDuration, String, Round) in nanoseconds as bigint.
 */
import { GoInt, type GoMethod, type GoStruct, type GoValue } from "../value";
import { quote } from "./strconv";
import { trustedIntlAbbreviation, tzdataAbbreviations } from "./zone-abbreviations";

// ---- locations -----------------------------------------------------------------------------------------------

/** A Go *time.Location: UTC, an IANA zone (the process Local zone is one with the display name "Local"), or a fixed offset. */
export interface Location {
  name: string;
  iana: string | null;
  fixed?: { offset: number; abbrev: string };
}

export const UTC: Location = { name: "UTC", iana: null };

export function fixedZone(abbrev: string, offset: number): Location {
  return { name: abbrev, iana: null, fixed: { offset, abbrev } };
}

const formatterCache = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string, locale: string, style: "longOffset" | "short"): Intl.DateTimeFormat {
  const key = `${zone}|${locale}|${style}`;
  let f = formatterCache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { timeZone: zone, timeZoneName: style, year: "numeric" });
    formatterCache.set(key, f);
  }
  return f;
}

function zonePart(f: Intl.DateTimeFormat, ms: number): string {
  return f.formatToParts(new Date(ms)).find((p) => p.type === "timeZoneName")?.value ?? "";
}

/** Whether Intl knows the zone (time.LoadLocation succeeds). */
export function isKnownZone(zone: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(zone)) return false;
  try {
    // Intl accepts any letter case; Go opens tzdata files, whose names are case-sensitive.
    const resolved = formatter(zone, "en-US", "longOffset").resolvedOptions().timeZone;
    return resolved === zone || resolved.toLowerCase() !== zone.toLowerCase();
  } catch {
    return false;
  }
}

/** time.LoadLocation: "" and "UTC" are UTC, "Local" is the process zone; null when unknown. */
export function loadLocation(name: string, localZone: string): Location | null {
  if (name === "" || name === "UTC") return UTC;
  if (name === "Local") return localLocation(localZone);
  return isKnownZone(name) ? { name, iana: name } : null;
}

export function localLocation(localZone: string): Location {
  if (localZone === "UTC" || localZone === "" || !isKnownZone(localZone)) return { name: "Local", iana: null, fixed: { offset: 0, abbrev: "UTC" } };
  return { name: "Local", iana: localZone };
}

const MS_RANGE = 8.64e15;

/** Seconds east of UTC in effect at the instant. */
export function offsetAt(loc: Location, unixSec: number): number {
  if (loc.fixed) return loc.fixed.offset;
  if (!loc.iana) return 0;
  const ms = Math.max(-MS_RANGE, Math.min(MS_RANGE, unixSec * 1000));
  const text = zonePart(formatter(loc.iana, "en-US", "longOffset"), ms);
  const m = /GMT([+-])(\d{2}):(\d{2})(?::(\d{2}))?/.exec(text);
  if (!m) return 0;
  const secs = Number(m[2]) * 3600 + Number(m[3]) * 60 + Number(m[4] ?? 0);
  return m[1] === "-" ? -secs : secs;
}

/** The zone abbreviation Go prints for MST: tzdata's letters where known, else Go's numeric "+09" form. */
export function abbreviationAt(loc: Location, unixSec: number): string {
  if (loc.fixed) return loc.fixed.abbrev;
  if (!loc.iana) return "UTC";
  const offset = offsetAt(loc, unixSec);
  const pair = tzdataAbbreviations(loc.iana);
  if (pair) return isDaylight(loc, unixSec, offset) ? pair[1] : pair[0];
  const ms = Math.max(-MS_RANGE, Math.min(MS_RANGE, unixSec * 1000));
  const intl = zonePart(formatter(loc.iana, "en-US", "short"), ms);
  if (trustedIntlAbbreviation(intl)) return intl;
  const sign = offset < 0 ? "-" : "+";
  const abs = Math.abs(offset);
  const hh = String(Math.floor(abs / 3600)).padStart(2, "0");
  const mm = Math.floor((abs % 3600) / 60);
  return sign + hh + (mm ? String(mm).padStart(2, "0") : "");
}

/** Daylight time is in effect when the offset exceeds the smaller of the year's January and July offsets. */
function isDaylight(loc: Location, unixSec: number, offset: number): boolean {
  const year = civilFromDays(Math.floor(unixSec / 86400)).year;
  const jan = offsetAt(loc, daysFromCivil(year, 1, 1) * 86400);
  const jul = offsetAt(loc, daysFromCivil(year, 7, 1) * 86400);
  // Dublin keeps "IST" as its standard (summer) name with a negative DST in winter.
  if (loc.iana === "Europe/Dublin" || loc.iana === "Eire") return offset === Math.max(jan, jul) && jan !== jul;
  return offset > Math.min(jan, jul);
}

// ---- civil calendar ------------------------------------------------------------------------------------------

function floorDiv(a: number, b: number): number {
  return Math.floor(a / b);
}

/** Days since 1970-01-01 of a proleptic Gregorian date. */
export function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = floorDiv(y, 400);
  const yoe = y - era * 400;
  const doy = floorDiv(153 * (m + (m > 2 ? -3 : 9)) + 2, 5) + d - 1;
  const doe = yoe * 365 + floorDiv(yoe, 4) - floorDiv(yoe, 100) + doy;
  return era * 146097 + doe - 719468;
}

export function civilFromDays(z: number): { year: number; month: number; day: number } {
  z += 719468;
  const era = floorDiv(z, 146097);
  const doe = z - era * 146097;
  const yoe = floorDiv(doe - floorDiv(doe, 1460) + floorDiv(doe, 36524) - floorDiv(doe, 146096), 365);
  const doy = doe - (365 * yoe + floorDiv(yoe, 4) - floorDiv(yoe, 100));
  const mp = floorDiv(5 * doy + 2, 153);
  const day = doy - floorDiv(153 * mp + 2, 5) + 1;
  const month = mp + (mp < 10 ? 3 : -9);
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

export function daysIn(month: number, year: number): number {
  return [31, isLeap(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
}

// ---- time.Time -----------------------------------------------------------------------------------------------

/** A Go time.Time: Unix seconds, nanoseconds within the second, and a location. */
export interface GoTime {
  sec: number;
  nsec: number;
  loc: Location;
}

export const ZERO_TIME: GoTime = { sec: -62135596800, nsec: 0, loc: UTC };

interface Fields {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  nsec: number;
  weekday: number;
  yday: number;
  offset: number;
  abbrev: string;
}

export function fieldsOf(t: GoTime): Fields {
  const offset = offsetAt(t.loc, t.sec);
  const local = t.sec + offset;
  const days = floorDiv(local, 86400);
  const secOfDay = local - days * 86400;
  const { year, month, day } = civilFromDays(days);
  return {
    year,
    month,
    day,
    hour: Math.floor(secOfDay / 3600),
    minute: Math.floor((secOfDay % 3600) / 60),
    second: secOfDay % 60,
    nsec: t.nsec,
    weekday: ((days % 7) + 11) % 7,
    yday: days - daysFromCivil(year, 1, 1) + 1,
    offset,
    abbrev: abbreviationAt(t.loc, t.sec),
  };
}

/** time.Date: a wall clock reading in loc to an instant (the offset in effect then decides). */
export function timeFromWall(f: { year: number; month: number; day: number; hour: number; minute: number; second: number; nsec: number }, loc: Location): GoTime {
  const wall = daysFromCivil(f.year, f.month, f.day) * 86400 + f.hour * 3600 + f.minute * 60 + f.second;
  let sec = wall - offsetAt(loc, wall);
  sec = wall - offsetAt(loc, sec);
  return { sec, nsec: f.nsec, loc };
}

export function unixTime(sec: number, loc: Location): GoTime {
  return { sec, nsec: 0, loc };
}

export function timeFromDate(d: Date, loc: Location): GoTime {
  const ms = d.getTime();
  const sec = Math.floor(ms / 1000);
  return { sec, nsec: (ms - sec * 1000) * 1e6, loc };
}

export function unixNanos(t: GoTime): bigint {
  return BigInt(t.sec) * 1_000_000_000n + BigInt(t.nsec);
}

export function addDuration(t: GoTime, d: bigint): GoTime {
  const total = unixNanos(t) + d;
  let sec = total / 1_000_000_000n;
  let nsec = total % 1_000_000_000n;
  if (nsec < 0n) {
    nsec += 1_000_000_000n;
    sec -= 1n;
  }
  return { sec: Number(sec), nsec: Number(nsec), loc: t.loc };
}

// ---- layouts -------------------------------------------------------------------------------------------------

const LONG_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
const LONG_DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

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
    if (offsetAt(local, sec) === zoneOffset) return { sec, nsec, loc: local };
    return { sec, nsec, loc: fixedZone("", zoneOffset) };
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

// ---- durations -----------------------------------------------------------------------------------------------

const NS = 1n;
const US = 1000n;
const MS = 1_000_000n;
const SEC = 1_000_000_000n;
const MIN = 60n * SEC;
const HOUR = 60n * MIN;
const MAX_DURATION = (1n << 63n) - 1n;

const UNITS: Record<string, bigint> = { ns: NS, us: US, "µs": US, "μs": US, ms: MS, s: SEC, m: MIN, h: HOUR };

export class DurationError extends Error {}

/** time.ParseDuration */
export function parseDuration(s: string): bigint {
  const orig = s;
  let neg = false;
  if (s !== "" && (s[0] === "-" || s[0] === "+")) {
    neg = s[0] === "-";
    s = s.slice(1);
  }
  if (s === "0") return 0n;
  if (s === "") throw new DurationError(`time: invalid duration ${quote(orig)}`);
  let total = 0;
  let exact = 0n;
  while (s !== "") {
    const m = /^(\d*)(\.(\d*))?/.exec(s)!;
    const intPart = m[1];
    const fracPart = m[3] ?? "";
    if (intPart === "" && fracPart === "") throw new DurationError(`time: invalid duration ${quote(orig)}`);
    s = s.slice(m[0].length);
    const u = /^[^0-9.]*/.exec(s)![0];
    if (u === "") throw new DurationError(`time: missing unit in duration ${quote(orig)}`);
    const unit = UNITS[u];
    if (unit === undefined) throw new DurationError(`time: unknown unit ${quote(u)} in duration ${quote(orig)}`);
    s = s.slice(u.length);
    let v = BigInt(intPart || "0") * unit;
    if (fracPart !== "") {
      // Go truncates the fraction's contribution to whole nanoseconds.
      const scale = 10n ** BigInt(fracPart.length);
      v += (BigInt(fracPart) * unit) / scale;
    }
    exact += v;
    total++;
    if (exact > MAX_DURATION + (neg ? 1n : 0n)) throw new DurationError(`time: invalid duration ${quote(orig)}`);
  }
  void total;
  return neg ? -exact : exact;
}

function fmtFrac(v: bigint, prec: number): [string, bigint] {
  let out = "";
  let print = false;
  for (let i = 0; i < prec; i++) {
    const digit = v % 10n;
    print = print || digit !== 0n;
    if (print) out = String(digit) + out;
    v /= 10n;
  }
  return [print ? "." + out : "", v];
}

/** Duration.String: "1h1m1s", "1.5s", "250ms", "0s". */
export function durationString(d: bigint): string {
  if (d === 0n) return "0s";
  const neg = d < 0n;
  let u = neg ? -d : d;
  let out: string;
  if (u < SEC) {
    let unit: string;
    let prec: number;
    if (u < US) {
      unit = "ns";
      prec = 0;
    } else if (u < MS) {
      unit = "µs";
      prec = 3;
    } else {
      unit = "ms";
      prec = 6;
    }
    const [frac, whole] = fmtFrac(u, prec);
    out = String(whole) + frac + unit;
  } else {
    const [frac, secs] = fmtFrac(u, 9);
    u = secs;
    out = String(u % 60n) + frac + "s";
    u /= 60n;
    if (u > 0n) {
      out = String(u % 60n) + "m" + out;
      u /= 60n;
      if (u > 0n) out = String(u) + "h" + out;
    }
  }
  return (neg ? "-" : "") + out;
}

/** Duration.Round: to the nearest multiple of m, halves away from zero. */
export function roundDuration(d: bigint, m: bigint): bigint {
  if (m <= 0n) return d;
  let r = d % m;
  if (d < 0n) {
    r = -r;
    if (r + r < m) return d + r;
    return d - m + r;
  }
  if (r + r < m) return d - r;
  return d + m - r;
}

// ---- the template value ----------------------------------------------------------------------------------------

export function isGoTime(v: GoValue): v is GoStruct & { time: GoTime } {
  return typeof v === "object" && v !== null && (v as { goType?: string }).goType === "time.Time" && "time" in v;
}

/** time.Time as a template value: its methods, and String() for printing. */
export function timeValue(t: GoTime): GoStruct & { time: GoTime } {
  const int = (n: number) => new GoInt(n);
  const methods: Record<string, GoMethod> = {
    String: () => timeString(t),
    Format: (layout) => formatTime(t, typeof layout === "string" ? layout : ""),
    Unix: () => new GoInt(t.sec, "int64"),
    UnixMilli: () => new GoInt(t.sec * 1000 + Math.floor(t.nsec / 1e6), "int64"),
    UnixNano: () => new GoInt(Number(unixNanos(t)), "int64"),
    Year: () => int(fieldsOf(t).year),
    Month: () => monthValue(fieldsOf(t).month),
    Day: () => int(fieldsOf(t).day),
    Hour: () => int(fieldsOf(t).hour),
    Minute: () => int(fieldsOf(t).minute),
    Second: () => int(fieldsOf(t).second),
    Nanosecond: () => int(t.nsec),
    YearDay: () => int(fieldsOf(t).yday),
    Weekday: () => weekdayValue(fieldsOf(t).weekday),
    IsZero: () => t.sec === ZERO_TIME.sec && t.nsec === 0,
    UTC: () => timeValue({ ...t, loc: UTC }),
    Location: () => t.loc.name,
    Zone: () => fieldsOf(t).abbrev,
  };
  return {
    time: t,
    goType: "time.Time",
    goKind: "struct",
    field: () => undefined,
    method: (name) => methods[name],
    format: () => timeString(t),
    toJSONValue: () => formatTime(t, "2006-01-02T15:04:05.999999999Z07:00"),
  };
}

function namedInt(goType: string, n: number, name: string): GoStruct {
  return {
    goType,
    goKind: "int64",
    field: () => undefined,
    method: (m) => (m === "String" ? () => name : undefined),
    format: () => name,
    toJSONValue: () => new GoInt(n),
  };
}

const monthValue = (m: number) => namedInt("time.Month", m, LONG_MONTHS[m - 1]);
const weekdayValue = (d: number) => namedInt("time.Weekday", d, LONG_DAYS[d]);
