import type { TaskDto } from "@rapport/core";
import { describe, expect, it } from "vitest";
import { groupTasks, localDay, reschedulePatch, snoozePatch, snoozeUntil } from "./my-tasks.ts";

const task = (fields: Partial<TaskDto>): TaskDto =>
  ({
    id: fields.title,
    title: "t",
    dueAt: null,
    dueDate: null,
    allDay: false,
    remindAt: null,
    ...fields,
  }) as TaskDto;

// A Wednesday, 14:30 local time.
const now = new Date(2026, 11, 2, 14, 30);

describe("my tasks", () => {
  it("groups into overdue, today, upcoming and no date", () => {
    const at = (h: number, dayOffset = 0) => new Date(2026, 11, 2 + dayOffset, h).toISOString();
    const groups = groupTasks(
      [
        task({ title: "earlier today", dueAt: at(9) }),
        task({ title: "yesterday", dueDate: localDay(new Date(2026, 11, 1)), allDay: true }),
        task({ title: "later today", dueAt: at(17) }),
        task({ title: "all day today", dueDate: localDay(now), allDay: true }),
        task({ title: "tomorrow", dueAt: at(9, 1) }),
        task({ title: "someday" }),
      ],
      now,
    );
    const titles = (g: TaskDto[]) => g.map((t) => t.title);
    expect(titles(groups.overdue)).toEqual(["earlier today", "yesterday"]);
    expect(titles(groups.today)).toEqual(["later today", "all day today"]);
    expect(titles(groups.upcoming)).toEqual(["tomorrow"]);
    expect(titles(groups.noDate)).toEqual(["someday"]);
  });

  it("reschedules keeping the time of day and the reminder's lead", () => {
    const due = new Date(2026, 11, 2, 10, 15);
    const remind = new Date(2026, 11, 2, 9, 45);
    const patch = reschedulePatch(
      task({ dueAt: due.toISOString(), remindAt: remind.toISOString() }),
      "2026-12-07",
    );
    expect(patch).toEqual({
      dueAt: new Date(2026, 11, 7, 10, 15).toISOString(),
      remindAt: new Date(2026, 11, 7, 9, 45).toISOString(),
    });
    expect(reschedulePatch(task({}), "2026-12-07")).toEqual({ dueDate: "2026-12-07" });
  });

  it("snoozes the reminder, moving a due time that would come first", () => {
    const until = new Date(2026, 11, 3, 9, 0);
    expect(snoozePatch(task({ dueAt: new Date(2026, 11, 2, 15).toISOString() }), until)).toEqual({
      remindAt: until.toISOString(),
      dueAt: until.toISOString(),
    });
    expect(snoozePatch(task({ dueAt: new Date(2026, 11, 9).toISOString() }), until)).toEqual({
      remindAt: until.toISOString(),
    });
    expect(snoozePatch(task({ dueDate: "2026-12-01", allDay: true }), until).dueDate).toMatch(
      /^2026-12-0[34]$/,
    );
  });

  it("snoozes an hour, until tomorrow 9:00, or until next Monday 9:00", () => {
    expect(snoozeUntil("hour", now)).toEqual(new Date(2026, 11, 2, 15, 30));
    expect(snoozeUntil("tomorrow", now)).toEqual(new Date(2026, 11, 3, 9, 0));
    expect(snoozeUntil("nextWeek", now)).toEqual(new Date(2026, 11, 7, 9, 0));
  });
});
