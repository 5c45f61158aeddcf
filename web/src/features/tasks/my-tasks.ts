import type { TaskDto } from "@rapport/core";

export const TASK_GROUPS = ["overdue", "today", "upcoming", "noDate"] as const;
export type TaskGroup = (typeof TASK_GROUPS)[number];

const pad = (n: number) => String(n).padStart(2, "0");
/** The calendar day of a moment in the user's time zone: "2026-12-31". */
export const localDay = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
const DAY_MS = 24 * 3600 * 1000;

/** Which group of "My tasks" a task falls in at `now`: all-day tasks by their date, timed ones by their time. */
export function groupOf(task: TaskDto, now: Date): TaskGroup {
  const today = localDay(now);
  if (task.dueDate) return task.dueDate < today ? "overdue" : task.dueDate === today ? "today" : "upcoming";
  if (!task.dueAt) return "noDate";
  const due = new Date(task.dueAt);
  if (due < now) return "overdue";
  return localDay(due) === today ? "today" : "upcoming";
}

/** Tasks by group, each in the order given (the API's soonest-due-first). */
export function groupTasks(tasks: TaskDto[], now: Date): Record<TaskGroup, TaskDto[]> {
  const groups: Record<TaskGroup, TaskDto[]> = { overdue: [], today: [], upcoming: [], noDate: [] };
  for (const task of tasks) groups[groupOf(task, now)].push(task);
  return groups;
}

export type TaskPatch = { dueAt?: string; dueDate?: string; remindAt?: string | null };

/** `day` ("2026-12-31") at a local time of day. */
const atLocal = (day: string, hours: number, minutes: number) => {
  const [y, m, d] = day.split("-").map(Number);
  return new Date(y!, m! - 1, d!, hours, minutes);
};
const utcMidnight = (day: string) => new Date(`${day}T00:00:00Z`).getTime();

/**
 * Moves a task to another day. A timed task keeps its time of day; an all-day or undated one becomes
 * due that day. A reminder moves with it, keeping its lead time.
 */
export function reschedulePatch(task: TaskDto, day: string): TaskPatch {
  if (task.dueAt && !task.allDay) {
    const before = new Date(task.dueAt);
    const after = atLocal(day, before.getHours(), before.getMinutes());
    const shift = after.getTime() - before.getTime();
    return {
      dueAt: after.toISOString(),
      ...(task.remindAt ? { remindAt: new Date(Date.parse(task.remindAt) + shift).toISOString() } : {}),
    };
  }
  const patch: TaskPatch = { dueDate: day };
  if (task.remindAt) {
    if (task.dueDate) {
      patch.remindAt = new Date(
        Date.parse(task.remindAt) + utcMidnight(day) - utcMidnight(task.dueDate),
      ).toISOString();
    } else if (Date.parse(task.remindAt) > utcMidnight(day) + DAY_MS) {
      // A reminder may not come after the task's day.
      patch.remindAt = null;
    }
  }
  return patch;
}

/** Snoozing reminds again at `until`; a task due before then becomes due then. */
export function snoozePatch(task: TaskDto, until: Date): TaskPatch {
  const patch: TaskPatch = { remindAt: until.toISOString() };
  if (task.dueDate) {
    // An all-day task may be reminded until the end of its day in UTC.
    if (until.getTime() > utcMidnight(task.dueDate) + DAY_MS) {
      // The later of its local and UTC day, so the reminder falls within the task's day either way.
      patch.dueDate = [localDay(until), until.toISOString().slice(0, 10)].sort().at(-1);
    }
  } else if (task.dueAt && Date.parse(task.dueAt) < until.getTime()) {
    patch.dueAt = until.toISOString();
  }
  return patch;
}

export const SNOOZE_PRESETS = ["hour", "tomorrow", "nextWeek"] as const;
export type SnoozePreset = (typeof SNOOZE_PRESETS)[number];

/** When a snooze preset ends: in an hour, tomorrow at 9:00, or next Monday at 9:00 (local time). */
export function snoozeUntil(preset: SnoozePreset, now: Date): Date {
  if (preset === "hour") {
    const next = new Date(now.getTime() + 3600 * 1000);
    next.setSeconds(0, 0);
    return next;
  }
  const days = preset === "tomorrow" ? 1 : (8 - now.getDay()) % 7 || 7;
  return new Date(now.getFullYear(), now.getMonth(), now.getDate() + days, 9, 0);
}
