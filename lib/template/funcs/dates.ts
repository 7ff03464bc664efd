/**
 * Sprig's date functions. The clock and the local zone come from FuncContext; Unix-second arguments must be
 * Go int, int32 or int64 (a float64 from values silently means "now", as in Sprig).
 */
import { GoInt, type GoValue } from "../value";
import { fn, strArg } from "./define";
import { DurationError, durationString, parseDuration, roundDuration } from "./duration";
import { addDuration, timeFromDate, unixNanos, unixTime, ZERO_TIME, type GoTime } from "./go-time";
import { formatTime, parseTime, TimeParseError } from "./time-layout";
import { isGoTime, timeValue } from "./time-value";
import { loadLocation, localLocation, UTC } from "./time-zones";
import { parseIntBig } from "./strconv";
import { FuncError, type FuncContext, type FunctionTable } from "./types";

function now(ctx: FuncContext): GoTime {
  return timeFromDate(ctx.now(), localLocation(ctx.timeZone));
}

/** The time a date argument stands for: time.Time, Unix seconds in an int kind Sprig accepts, else now. */
function timeArg(v: GoValue, ctx: FuncContext, intKinds: readonly string[]): GoTime {
  if (isGoTime(v)) return v.time;
  if (v instanceof GoInt && intKinds.includes(v.kind)) return unixTime(v.value, localLocation(ctx.timeZone));
  return now(ctx);
}

/** strconv.ParseInt(s, 10, 64) with the error ignored: syntax errors give 0, overflow gives the clamped bound. */
function parseInt64Clamped(s: string): bigint {
  if (!/^[+-]?\d+$/.test(s)) return 0n;
  const n = parseIntBig(s, 10) ?? 0n;
  if (n > 9223372036854775807n) return 9223372036854775807n;
  if (n < -9223372036854775808n) return -9223372036854775808n;
  return n;
}

const DATE_INT_KINDS = ["int", "int32", "int64"];

function dateInZone(layout: string, date: GoValue, zone: string, ctx: FuncContext): string {
  const t = timeArg(date, ctx, DATE_INT_KINDS);
  const loc = loadLocation(zone, ctx.timeZone) ?? UTC;
  return formatTime({ ...t, loc }, layout);
}

const YEAR = 365n * 24n * 3600n * 1_000_000_000n;
const COARSE_UNITS: [bigint, string][] = [
  [YEAR, "y"],
  [30n * 24n * 3600n * 1_000_000_000n, "mo"],
  [24n * 3600n * 1_000_000_000n, "d"],
  [3600n * 1_000_000_000n, "h"],
  [60n * 1_000_000_000n, "m"],
  [1_000_000_000n, "s"],
];

/** Sprig's durationRound: the first unit the magnitude is strictly greater than. */
function durationRound(d: bigint): string {
  const u = d < 0n ? -d : d;
  for (const [unit, suffix] of COARSE_UNITS) if (u > unit) return String(u / unit) + suffix;
  return "0s";
}

function since(t: GoTime, ctx: FuncContext): bigint {
  return unixNanos(now(ctx)) - unixNanos(t);
}

export function dateFunctions(): FunctionTable {
  const dateModify = (must: boolean) =>
    fn(["string", "time.Time"], ([d, t]) => {
      const base = isGoTime(t) ? t.time : ZERO_TIME;
      try {
        return timeValue(addDuration(base, parseDuration(strArg(d))));
      } catch (e) {
        if (!(e instanceof DurationError)) throw e;
        if (must) throw new FuncError(e.message);
        return timeValue(base);
      }
    });
  const toDate = (must: boolean) =>
    fn(["string", "string"], ([layout, s], ctx) => {
      try {
        return timeValue(parseTime(strArg(layout), strArg(s), localLocation(ctx.timeZone)));
      } catch (e) {
        if (!(e instanceof TimeParseError)) throw e;
        if (must) throw new FuncError(e.message);
        return timeValue(ZERO_TIME);
      }
    });
  return {
    now: fn([], (_args, ctx) => timeValue(now(ctx))),
    date: fn(["string", "interface {}"], ([layout, d], ctx) => dateInZone(strArg(layout), d, "Local", ctx)),
    dateInZone: fn(["string", "interface {}", "string"], ([layout, d, z], ctx) => dateInZone(strArg(layout), d, strArg(z), ctx)),
    date_in_zone: fn(["string", "interface {}", "string"], ([layout, d, z], ctx) => dateInZone(strArg(layout), d, strArg(z), ctx)),
    htmlDate: fn(["interface {}"], ([d], ctx) => dateInZone("2006-01-02", d, "Local", ctx)),
    htmlDateInZone: fn(["interface {}", "string"], ([d, z], ctx) => dateInZone("2006-01-02", d, strArg(z), ctx)),
    ago: fn(["interface {}"], ([d], ctx) => {
      const t = timeArg(d, ctx, ["int", "int64"]);
      return durationString(roundDuration(since(t, ctx), 1_000_000_000n));
    }),
    duration: fn(["interface {}"], ([sec]) => {
      let n = 0n;
      if (typeof sec === "string") n = parseInt64Clamped(sec);
      else if (sec instanceof GoInt && sec.kind === "int64") n = BigInt(sec.value);
      return durationString(BigInt.asIntN(64, n * 1_000_000_000n));
    }),
    durationRound: fn(["interface {}"], ([d], ctx) => {
      let ns = 0n;
      if (typeof d === "string") {
        try {
          ns = parseDuration(d);
        } catch (e) {
          // Sprig ignores the parse error and rounds a zero duration.
          if (!(e instanceof DurationError)) throw e;
        }
      } else if (d instanceof GoInt && d.kind === "int64") ns = BigInt(d.value);
      else if (isGoTime(d)) ns = since(d.time, ctx);
      return durationRound(ns);
    }),
    toDate: toDate(false),
    mustToDate: toDate(true),
    unixEpoch: fn(["time.Time"], ([t]) => String(isGoTime(t) ? t.time.sec : ZERO_TIME.sec)),
    dateModify: dateModify(false),
    date_modify: dateModify(false),
    mustDateModify: dateModify(true),
    must_date_modify: dateModify(true),
  };
}

