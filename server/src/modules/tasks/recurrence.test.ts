import { describe, expect, it } from "vitest";
import { nextOccurrence, parseRecurrence } from "./recurrence.ts";

describe("parseRecurrence", () => {
  it("accepts RRULEs, with or without the RRULE: prefix", () => {
    expect(parseRecurrence("FREQ=WEEKLY;BYDAY=MO")).toEqual({ rule: "FREQ=WEEKLY;BYDAY=MO" });
    expect(parseRecurrence("RRULE:FREQ=DAILY;COUNT=3")).toEqual({ rule: "FREQ=DAILY;COUNT=3" });
  });

  it.each(["FREQ=FORTNIGHTLY", "FREQ=WEEKLY;BYDAY=XX", "every monday", "BYDAY=MO", "FREQ=DAILY;COUNT=0"])(
    "refuses %s",
    (rule) => {
      expect(parseRecurrence(rule)).toHaveProperty("error");
    },
  );
});

describe("nextOccurrence", () => {
  it("finds the next date of the rule strictly after the due date", () => {
    // 2026-03-09 is a Monday.
    expect(nextOccurrence("FREQ=WEEKLY;BYDAY=MO", new Date("2026-03-09T09:00:00Z"))).toEqual({
      dueAt: new Date("2026-03-16T09:00:00Z"),
      rule: "FREQ=WEEKLY;BYDAY=MO",
    });
    expect(nextOccurrence("FREQ=WEEKLY;BYDAY=MO", new Date("2026-03-04T00:00:00Z"))?.dueAt).toEqual(
      new Date("2026-03-09T00:00:00Z"),
    );
    expect(nextOccurrence("FREQ=MONTHLY;BYMONTHDAY=31", new Date("2026-03-31T00:00:00Z"))?.dueAt).toEqual(
      new Date("2026-05-31T00:00:00Z"),
    );
  });

  it("carries COUNT down and stops when it is spent or UNTIL has passed", () => {
    expect(nextOccurrence("FREQ=DAILY;COUNT=3", new Date("2026-03-04T00:00:00Z"))).toEqual({
      dueAt: new Date("2026-03-05T00:00:00Z"),
      rule: "FREQ=DAILY;COUNT=2",
    });
    expect(nextOccurrence("FREQ=DAILY;COUNT=1", new Date("2026-03-04T00:00:00Z"))).toBeNull();
    expect(nextOccurrence("FREQ=DAILY;UNTIL=20260305T000000Z", new Date("2026-03-05T00:00:00Z"))).toBeNull();
  });
});
