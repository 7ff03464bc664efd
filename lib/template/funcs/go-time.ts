/** Go's time.Time as an instant (Unix seconds + nanoseconds) with a location, and its broken-down fields. */
import { civilFromDays, daysFromCivil, floorDiv } from "./calendar";
import { abbreviationAt, offsetAt, UTC, type Location } from "./time-zones";

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
