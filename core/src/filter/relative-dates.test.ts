import { describe, expect, it } from "vitest";
import {
  betweenComparisons,
  instantOperand,
  isIsoDateTime,
  isIsoDay,
  orderedComparisons,
  resolveRelativeDate,
  resolveRelativeDay,
  startOfDayIn,
  todayIn,
} from "./relative-dates.ts";
import type { RelativeDate } from "./schema.ts";

const at = (iso: string, timeZone = "UTC") => ({ now: new Date(iso), timeZone });
const days = (value: RelativeDate, iso: string, timeZone = "UTC") =>
  resolveRelativeDay(value, at(iso, timeZone));
const instants = (value: RelativeDate, iso: string, timeZone: string) => {
  const range = resolveRelativeDate(value, at(iso, timeZone));
  return { start: range.start.toISOString(), end: range.end.toISOString() };
};

describe("resolveRelativeDay", () => {
  it.each<[RelativeDate, string, string, string]>([
    [{ relative: "today" }, "2024-03-05T12:00:00Z", "2024-03-05", "2024-03-06"],
    [{ relative: "yesterday" }, "2024-03-01T12:00:00Z", "2024-02-29", "2024-03-01"],
    [{ relative: "tomorrow" }, "2024-12-31T12:00:00Z", "2025-01-01", "2025-01-02"],
    [{ relative: "last_n_days", n: 30 }, "2024-03-05T12:00:00Z", "2024-02-05", "2024-03-06"],
    [{ relative: "last_n_days", n: 1 }, "2024-03-05T12:00:00Z", "2024-03-05", "2024-03-06"],
    [{ relative: "next_n_days", n: 7 }, "2024-03-05T12:00:00Z", "2024-03-05", "2024-03-12"],
    // 2024-03-31 is a Sunday: the week began on Monday the 25th.
    [{ relative: "this_week" }, "2024-03-31T12:00:00Z", "2024-03-25", "2024-04-01"],
    [{ relative: "this_week" }, "2024-04-01T00:00:00Z", "2024-04-01", "2024-04-08"],
    [{ relative: "last_week" }, "2024-01-03T12:00:00Z", "2023-12-25", "2024-01-01"],
    [{ relative: "this_month" }, "2024-02-29T23:59:59Z", "2024-02-01", "2024-03-01"],
    [{ relative: "last_month" }, "2024-01-15T12:00:00Z", "2023-12-01", "2024-01-01"],
    [{ relative: "next_month" }, "2024-12-10T12:00:00Z", "2025-01-01", "2025-02-01"],
    [{ relative: "this_quarter" }, "2024-11-30T12:00:00Z", "2024-10-01", "2025-01-01"],
    [{ relative: "this_quarter" }, "2024-01-01T00:00:00Z", "2024-01-01", "2024-04-01"],
    [{ relative: "this_quarter" }, "2024-06-30T12:00:00Z", "2024-04-01", "2024-07-01"],
    [{ relative: "this_year" }, "2024-07-01T12:00:00Z", "2024-01-01", "2025-01-01"],
    [{ relative: "last_year" }, "2024-01-01T00:00:00Z", "2023-01-01", "2024-01-01"],
  ])("%j at %s is [%s, %s)", (value, now, start, end) => {
    expect(days(value, now)).toEqual({ start, end });
  });

  it("takes the calendar day of the time zone, not of UTC", () => {
    // 23:30 UTC on Sunday is already Monday 01:30 in Berlin, and still Sunday 19:30 in New York.
    expect(days({ relative: "today" }, "2024-03-31T23:30:00Z", "Europe/Berlin").start).toBe("2024-04-01");
    expect(days({ relative: "this_week" }, "2024-03-31T23:30:00Z", "Europe/Berlin").start).toBe("2024-04-01");
    expect(days({ relative: "this_week" }, "2024-03-31T23:30:00Z", "America/New_York").start).toBe(
      "2024-03-25",
    );
    expect(days({ relative: "this_year" }, "2023-12-31T23:30:00Z", "Asia/Tokyo")).toEqual({
      start: "2024-01-01",
      end: "2025-01-01",
    });
    expect(todayIn(at("2024-01-01T03:00:00Z", "Pacific/Honolulu"))).toBe("2023-12-31");
  });
});

describe("resolveRelativeDate", () => {
  it("gives a 23-hour day when Berlin springs forward (last Sunday of March)", () => {
    expect(instants({ relative: "today" }, "2024-03-31T12:00:00Z", "Europe/Berlin")).toEqual({
      start: "2024-03-30T23:00:00.000Z",
      end: "2024-03-31T22:00:00.000Z",
    });
  });

  it("gives a 25-hour day when Berlin falls back (last Sunday of October)", () => {
    expect(instants({ relative: "today" }, "2024-10-27T12:00:00Z", "Europe/Berlin")).toEqual({
      start: "2024-10-26T22:00:00.000Z",
      end: "2024-10-27T23:00:00.000Z",
    });
    expect(instants({ relative: "yesterday" }, "2024-10-28T08:00:00Z", "Europe/Berlin")).toEqual({
      start: "2024-10-26T22:00:00.000Z",
      end: "2024-10-27T23:00:00.000Z",
    });
  });

  it("spans offsets across a month and a week containing a change", () => {
    expect(instants({ relative: "this_month" }, "2024-03-15T12:00:00Z", "Europe/Berlin")).toEqual({
      start: "2024-02-29T23:00:00.000Z",
      end: "2024-03-31T22:00:00.000Z",
    });
    expect(instants({ relative: "this_week" }, "2024-10-24T12:00:00Z", "Europe/Berlin")).toEqual({
      start: "2024-10-20T22:00:00.000Z",
      end: "2024-10-27T23:00:00.000Z",
    });
  });

  it("follows New York's changes in March and November", () => {
    expect(instants({ relative: "today" }, "2024-03-10T15:00:00Z", "America/New_York")).toEqual({
      start: "2024-03-10T05:00:00.000Z",
      end: "2024-03-11T04:00:00.000Z",
    });
    expect(instants({ relative: "today" }, "2024-11-03T15:00:00Z", "America/New_York")).toEqual({
      start: "2024-11-03T04:00:00.000Z",
      end: "2024-11-04T05:00:00.000Z",
    });
    expect(instants({ relative: "last_n_days", n: 7 }, "2024-03-12T15:00:00Z", "America/New_York")).toEqual({
      start: "2024-03-06T05:00:00.000Z",
      end: "2024-03-13T04:00:00.000Z",
    });
  });

  it("starts a day at the first existing instant where midnight is skipped (Santiago, September)", () => {
    // Chile moves from -04 to -03 at midnight: 8 September 2024 begins at 01:00 local.
    expect(startOfDayIn("2024-09-08", "America/Santiago").toISOString()).toBe("2024-09-08T04:00:00.000Z");
    expect(startOfDayIn("2024-09-09", "America/Santiago").toISOString()).toBe("2024-09-09T03:00:00.000Z");
  });

  it("rejects an unknown time zone with a clear message", () => {
    expect(() =>
      resolveRelativeDate({ relative: "today" }, at("2024-01-01T00:00:00Z", "Mars/Olympus")),
    ).toThrow("Unknown time zone 'Mars/Olympus': use an IANA name such as Europe/Berlin");
  });
});

describe("operands and comparisons", () => {
  it("reads a day on a date-time field as the whole day in the time zone", () => {
    const operand = instantOperand("2024-03-31", at("2024-01-01T00:00:00Z", "Europe/Berlin"));
    expect(operand).toEqual({
      kind: "range",
      start: new Date("2024-03-30T23:00:00Z"),
      end: new Date("2024-03-31T22:00:00Z"),
    });
    expect(instantOperand("2024-03-31T10:00:00+02:00", at("2024-01-01T00:00:00Z", "UTC"))).toEqual({
      kind: "point",
      at: new Date("2024-03-31T08:00:00Z"),
    });
  });

  it("gives ranges their half-open meanings", () => {
    const range = { kind: "range", start: 10, end: 20 } as const;
    expect(orderedComparisons("eq", range)).toEqual({
      all: [
        { cmp: ">=", to: 10 },
        { cmp: "<", to: 20 },
      ],
      negated: false,
    });
    expect(orderedComparisons("neq", range).negated).toBe(true);
    expect(orderedComparisons("lt", range).all).toEqual([{ cmp: "<", to: 10 }]);
    expect(orderedComparisons("gte", range).all).toEqual([{ cmp: ">=", to: 10 }]);
    expect(orderedComparisons("gt", range).all).toEqual([{ cmp: ">=", to: 20 }]);
    expect(orderedComparisons("lte", range).all).toEqual([{ cmp: "<", to: 20 }]);
    expect(betweenComparisons({ kind: "point", at: 1 }, range)).toEqual([
      { cmp: ">=", to: 1 },
      { cmp: "<", to: 20 },
    ]);
  });

  it("recognises ISO days and date-times", () => {
    expect(isIsoDay("2024-02-29")).toBe(true);
    expect(isIsoDay("2023-02-29")).toBe(false);
    expect(isIsoDay("2024-2-1")).toBe(false);
    expect(isIsoDateTime("2024-02-29T10:00:00Z")).toBe(true);
    expect(isIsoDateTime("2024-02-29T10:00:00.123+05:30")).toBe(true);
    expect(isIsoDateTime("2024-02-29T10:00:00")).toBe(false);
    expect(isIsoDateTime("2024-02-30T10:00:00Z")).toBe(false);
    expect(isIsoDateTime("2024-02-29T10:00:00.123456Z")).toBe(false);
  });
});
