import type { RecordLink, TaskDto } from "@rapport/core";
import type { TaskRow } from "./task.store.ts";

export function toTaskDto(row: TaskRow, links: RecordLink[]): TaskDto {
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    dueAt: row.dueAt?.toISOString() ?? null,
    dueDate: row.allDay && row.dueAt ? row.dueAt.toISOString().slice(0, 10) : null,
    allDay: row.allDay,
    remindAt: row.remindAt?.toISOString() ?? null,
    priority: row.priority,
    status: row.status,
    completedAt: row.completedAt?.toISOString() ?? null,
    assigneeId: row.assigneeId,
    recurrence: row.recurrence,
    links,
    ownerId: row.ownerId,
    tags: row.tags,
    custom: row.custom,
    createdAt: row.createdAt.toISOString(),
    createdBy: row.createdBy,
    updatedAt: row.updatedAt.toISOString(),
    updatedBy: row.updatedBy,
    version: row.version,
  };
}

/** The fields whose changes go to field history and events (everything a user can edit). */
export const TASK_HISTORY_FIELDS = [
  "title",
  "description",
  "dueAt",
  "allDay",
  "remindAt",
  "priority",
  "status",
  "completedAt",
  "assigneeId",
  "recurrence",
  "links",
  "ownerId",
  "tags",
  "custom",
] as const;
