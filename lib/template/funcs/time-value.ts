/** time.Time as a template value (a GoStruct with Go's methods), and the named ints time.Month and time.Weekday. */
import { GoInt, type GoMethod, type GoStruct, type GoValue } from "../value";
import { fieldsOf, unixNanos, ZERO_TIME, type GoTime } from "./go-time";
import { formatTime, LONG_DAYS, LONG_MONTHS, timeString } from "./time-layout";
import { UTC } from "./time-zones";

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
