/**
 * Go *time.Location for the browser: UTC, fixed offsets, and IANA zones whose offsets come from Intl; zone
 * names are looked up case-sensitively like Go's tzdata files, and abbreviations follow tzdata (see
 * zone-abbreviations.ts).
 */
import { civilFromDays, daysFromCivil } from "./calendar";
import { trustedIntlAbbreviation, tzdataAbbreviations } from "./zone-abbreviations";

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
