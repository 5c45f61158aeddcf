import { z } from "zod";
import { CustomValues, OptionalText, RecordMeta, TagList } from "./common.ts";
import { RecordLinkDto, RecordLinks } from "./links.ts";

export const TASK_PRIORITIES = ["low", "normal", "high", "urgent"] as const;
export const TaskPriority = z.enum(TASK_PRIORITIES);
export type TaskPriority = z.infer<typeof TaskPriority>;

export const TASK_STATUSES = ["open", "in_progress", "done", "cancelled"] as const;
export const TaskStatus = z.enum(TASK_STATUSES);
export type TaskStatus = z.infer<typeof TaskStatus>;

const instant = () => z.iso.datetime({ offset: true, message: "Use a date-time like 2026-03-09T09:30:00Z" });

const taskFields = {
  description: OptionalText(20_000).optional(),
  dueAt: instant().nullable().optional(),
  dueDate: z.iso
    .date({ message: "Use a date like 2026-03-09" })
    .nullable()
    .optional()
    .describe("A due date without a time of day (sets allDay); instead of dueAt"),
  allDay: z.boolean().optional().describe("The task is due on a date, not at a time"),
  remindAt: instant().nullable().optional().describe("Not after the due time"),
  priority: TaskPriority.optional(),
  status: TaskStatus.optional(),
  assigneeId: z.uuid().nullable().optional().describe("A member; defaults to the creator"),
  recurrence: z
    .string()
    .trim()
    .max(500)
    .transform((v) => (v === "" ? null : v))
    .nullable()
    .optional()
    .describe("An RFC 5545 RRULE such as FREQ=WEEKLY;BYDAY=MO; completing the task creates the next one"),
  ownerId: z.uuid().nullable().optional().describe("Defaults to the creator"),
  links: RecordLinks.optional().describe("The contacts, companies and deals it concerns"),
  tags: TagList.optional(),
  custom: CustomValues.optional(),
};

const title = z.string().trim().min(1, { message: "Give the task a title" }).max(500);

export const CreateTaskBody = z.strictObject({ title, ...taskFields });
export type CreateTaskBody = z.input<typeof CreateTaskBody>;
export const UpdateTaskBody = z.strictObject({ title: title.optional(), ...taskFields });
export type UpdateTaskBody = z.input<typeof UpdateTaskBody>;

export const TaskDto = z.object({
  ...RecordMeta,
  title: z.string(),
  description: z.string().nullable(),
  dueAt: z.iso.datetime().nullable(),
  dueDate: z.iso.date().nullable().describe("The due date of an all-day task"),
  allDay: z.boolean(),
  remindAt: z.iso.datetime().nullable(),
  priority: TaskPriority,
  status: TaskStatus,
  completedAt: z.iso.datetime().nullable(),
  assigneeId: z.uuid().nullable(),
  recurrence: z.string().nullable(),
  links: z.array(RecordLinkDto),
});
export type TaskDto = z.infer<typeof TaskDto>;

/** A task after a change; completing a recurring task also names the occurrence it created. */
export const TaskChangeDto = TaskDto.extend({
  nextOccurrenceId: z
    .uuid()
    .nullable()
    .describe("The next occurrence created when a recurring task was completed"),
});
export type TaskChangeDto = z.infer<typeof TaskChangeDto>;
