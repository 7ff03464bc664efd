import { describe, expect, it } from "vitest";
import { formatValue } from "@/lib/template/fmt";
import type { GoStruct } from "@/lib/template/value";
import { call, callWith, failure, int, int64, makeContext, show } from "./call";

const day = (s: string) => call("toDate", "2006-01-02", s);

describe("date formatting", () => {
  it("formats Unix seconds in zones with Go layouts", () => {
    expect(show("date", "2006-01-02", int(0))).toBe("1970-01-01");
    expect(show("dateInZone", "2006-01-02T15:04:05Z07:00", int(1700000000), "UTC")).toBe("2023-11-14T22:13:20Z");
    expect(show("dateInZone", "Mon Jan 2 15:04:05 MST 2006", int(1700000000), "America/New_York")).toBe("Tue Nov 14 17:13:20 EST 2023");
    expect(show("dateInZone", "2006-01-02", int(1700000000), "Bad/Zone")).toBe("2023-11-14");
    expect(show("htmlDateInZone", int(1700000000), "Asia/Tokyo")).toBe("2023-11-15");
    expect(show("dateInZone", "Monday, 02-Jan-06 15:04:05.000 MST -07:00 Z07:00 _2 __2 002 3PM pm .999 ,000", int(1700000000), "Europe/Berlin")).toBe(
      "Tuesday, 14-Nov-23 23:13:20.000 CET +01:00 +01:00 14 318 318 11PM pm  ,000",
    );
    expect(show("dateInZone", "Jan _2 2006 3:4:5 MST", int(1700000000), "Asia/Kolkata")).toBe("Nov 15 2023 3:43:20 IST");
    expect(show("dateInZone", "MST", int(1700000000), "Asia/Tokyo")).toBe("JST");
    expect(show("dateInZone", "MST", int(1700000000), "America/Sao_Paulo")).toBe("-03");
    expect(show("dateInZone", "MST", int(1700000000), "Australia/Sydney")).toBe("AEDT");
    expect(show("dateInZone", "MST", int(1700000000), "Local")).toBe("UTC");
    expect(show("date", "2006", int64(1700000000))).toBe("2023");
  });
  it("treats float64 and other non-int dates as now", () => {
    const ctx = makeContext({ now: () => new Date("2031-05-06T07:08:09Z") });
    expect(callWith(ctx, "dateInZone", "2006", 1700000000, "UTC")).toBe("2031");
    expect(callWith(ctx, "htmlDate", "x")).toBe("2031-05-06");
    expect(formatValue(callWith(ctx, "now"))).toBe("2031-05-06 07:08:09 +0000 UTC");
    expect(callWith(ctx, "ago", int(1700000000))).toBe("65504h54m49s");
  });
  it("uses the context's local zone", () => {
    const ctx = makeContext({ timeZone: "America/New_York" });
    expect(callWith(ctx, "date", "15:04 MST", int(1700000000))).toBe("17:13 EST");
    expect(formatValue(callWith(ctx, "toDate", "2006-01-02", "2024-07-01"))).toBe("2024-07-01 00:00:00 -0400 EDT");
  });
});

describe("date parsing and arithmetic", () => {
  it("toDate parses Go layouts in the local zone", () => {
    expect(show("toDate", "2006-01-02", "2024-02-29")).toBe("2024-02-29 00:00:00 +0000 UTC");
    expect(show("date", "Jan 2, 2006", day("2024-02-29"))).toBe("Feb 29, 2024");
    expect(formatValue((day("2024-02-29") as GoStruct).method("Unix")!())).toBe("1709164800");
    expect(show("toDate", "2006-01-02", "bad")).toBe("0001-01-01 00:00:00 +0000 UTC");
    expect(show("unixEpoch", day("2024-02-29"))).toBe("1709164800");
    expect(show("toDate", "2006-01-02T15:04:05Z07:00", "2024-02-29T10:00:00+02:00")).toBe("2024-02-29 10:00:00 +0200 +0200");
    expect(show("toDate", "2006-01-02 15:04:05.000", "2024-02-29 10:00:00.123")).toBe("2024-02-29 10:00:00.123 +0000 UTC");
    expect(show("toDate", "Jan 2 2006 3:04PM", "feb 9 2024 3:04AM")).toBe("2024-02-09 03:04:00 +0000 UTC");
    expect(show("toDate", "2006-01-02 MST", "2024-01-02 PST")).toBe("2024-01-02 00:00:00 +0000 PST");
    expect(show("toDate", "15:04", "10:30")).toBe("0000-01-01 10:30:00 +0000 UTC");
    expect(formatValue((day("2024-02-29") as GoStruct).method("Weekday")!())).toBe("Thursday");
    expect(formatValue((day("2024-02-29") as GoStruct).method("YearDay")!())).toBe("60");
  });
  it("mustToDate reports Go's parse errors", () => {
    expect(failure("mustToDate", "2006-01-02", "bad")).toBe('parsing time "bad" as "2006-01-02": cannot parse "bad" as "2006"');
    expect(failure("mustToDate", "2006-01-02", "2024-13-01")).toBe('parsing time "2024-13-01": month out of range');
    expect(failure("mustToDate", "2006-01-02", "2024-02-30")).toBe('parsing time "2024-02-30": day out of range');
    expect(failure("mustToDate", "2006-01-02", "2024-02-01x")).toBe('parsing time "2024-02-01x": extra text: "x"');
  });
  it("dateModify adds Go durations", () => {
    expect(show("dateModify", "+1h30m", day("2024-02-29"))).toBe("2024-02-29 01:30:00 +0000 UTC");
    expect(show("dateModify", "-1.5h", day("2024-02-29"))).toBe("2024-02-28 22:30:00 +0000 UTC");
    expect(show("dateModify", "bad", day("2024-02-29"))).toBe("2024-02-29 00:00:00 +0000 UTC");
    expect(failure("mustDateModify", "1x", day("2024-02-29"))).toBe('time: unknown unit "x" in duration "1x"');
    expect(failure("mustDateModify", "90", day("2024-02-29"))).toBe('time: missing unit in duration "90"');
    expect(failure("mustDateModify", "", day("2024-02-29"))).toBe('time: invalid duration ""');
  });
  it("duration and durationRound", () => {
    expect(show("duration", int(3661))).toBe("0s");
    expect(show("duration", "90")).toBe("1m30s");
    expect(show("duration", int64(3661))).toBe("1h1m1s");
    expect(show("duration", "-90")).toBe("-1m30s");
    expect(show("duration", int64(86400))).toBe("24h0m0s");
    expect(show("durationRound", "2h10m")).toBe("2h");
    expect(show("durationRound", "400h")).toBe("16d");
    expect(show("durationRound", "-3h")).toBe("3h");
    expect(show("durationRound", "2562047h")).toBe("292y");
    expect(show("durationRound", int64(1500000000))).toBe("1s");
  });
});
