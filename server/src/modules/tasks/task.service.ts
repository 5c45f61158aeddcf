import type {
  CreateTaskBody,
  FieldError,
  RecordLink,
  TaskChangeDto,
  TaskDto,
  TaskStatus,
  UpdateTaskBody,
} from "@rapport/core";
import type { z } from "zod";
import { visibleWhere } from "../../platform/auth/permissions.ts";
import type { Principal } from "../../platform/auth/principal.ts";
import type { Db } from "../../platform/db/index.ts";
import { assertVersion, invalidFields, notFound } from "../../platform/errors.ts";
import { newId } from "../../platform/ids.ts";
import type { Enqueue } from "../../platform/jobs/job.ts";
import { actorOf, diffFields, recordChange } from "../../platform/records/changes.ts";
import {
  deleteLinks,
  invalidLinks,
  listLinks,
  replaceLinks,
  sortLinks,
} from "../../platform/records/links.ts";
import { recordTrash } from "../../platform/records/trash.ts";
import { type CustomFieldRow, listCustomFields } from "../custom-fields/custom-field.store.ts";
import { validateCustomValues } from "../custom-fields/custom-values.ts";
import { scheduleTaskAlerts } from "../notifications/task-alerts.ts";
import { canonicalTags } from "../tags/tag.store.ts";
import { findMembership } from "../workspaces/workspace.store.ts";
import { createNextOccurrence } from "./next-occurrence.ts";
import { parseRecurrence } from "./recurrence.ts";
import { TASK_HISTORY_FIELDS, toTaskDto } from "./task.presenter.ts";
import * as store from "./task.store.ts";

export type CreateTaskInput = z.output<typeof CreateTaskBody>;
export type UpdateTaskInput = z.output<typeof UpdateTaskBody>;
const OBJECT = "task";
const TABLE = "tasks";
const DAY_MS = 24 * 3600 * 1000;

const isMidnightUtc = (d: Date) => d.getTime() % DAY_MS === 0;

/** The due time and all-day flag after a write: `dueDate` is a whole day, `dueAt` an instant. */
function dueOf(input: UpdateTaskInput, current: store.TaskRow | null, errors: FieldError[]) {
  let dueAt = current?.dueAt ?? null;
  let allDay = current?.allDay ?? false;
  if (input.dueDate !== undefined && input.dueAt !== undefined) {
    errors.push({ path: "dueDate", message: "Send dueAt or dueDate, not both" });
  } else if (input.dueDate !== undefined) {
    if (input.allDay === false) errors.push({ path: "allDay", message: "A dueDate makes the task all-day" });
    dueAt = input.dueDate === null ? null : new Date(`${input.dueDate}T00:00:00Z`);
    allDay = dueAt !== null;
  } else if (input.dueAt !== undefined) {
    dueAt = input.dueAt === null ? null : new Date(input.dueAt);
    allDay = input.allDay ?? false;
  } else if (input.allDay !== undefined) {
    allDay = input.allDay;
  }
  if (dueAt === null && input.allDay === true) {
    errors.push({ path: "allDay", message: "An all-day task needs a due date (dueDate)" });
  }
  if (dueAt === null) allDay = false;
  if (allDay && dueAt && !isMidnightUtc(dueAt)) {
    errors.push({
      path: input.dueAt !== undefined ? "dueAt" : "allDay",
      message: "An all-day task is due on a date: send dueDate (YYYY-MM-DD) or a dueAt at midnight UTC",
    });
  }
  return { dueAt, allDay };
}

/** Done sets the completion time once; any other status clears it. */
function completionOf(status: TaskStatus, current: store.TaskRow | null): Date | null {
  if (status !== "done") return null;
  return current?.status === "done" ? current.completedAt : new Date();
}

/** Validates a create or an update against the current row, returning the columns to write. */
async function prepare(
  tx: Db,
  principal: Principal,
  defs: CustomFieldRow[],
  input: UpdateTaskInput,
  current: store.TaskRow | null,
) {
  const errors: FieldError[] = [];
  const { dueAt, allDay } = dueOf(input, current, errors);
  const remindAt =
    input.remindAt !== undefined
      ? input.remindAt === null
        ? null
        : new Date(input.remindAt)
      : (current?.remindAt ?? null);
  // An all-day task is due for the whole day, so a reminder that morning is still in time.
  const latestReminder = dueAt && (allDay ? new Date(dueAt.getTime() + DAY_MS) : dueAt);
  if (remindAt && latestReminder && remindAt > latestReminder) {
    errors.push({ path: "remindAt", message: "A reminder cannot come after the task is due" });
  }

  let recurrence = current?.recurrence ?? null;
  if (input.recurrence !== undefined) {
    if (input.recurrence === null) recurrence = null;
    else {
      const parsed = parseRecurrence(input.recurrence);
      if ("error" in parsed) errors.push({ path: "recurrence", message: parsed.error });
      else recurrence = parsed.rule;
    }
  }
  if (recurrence && !dueAt && !errors.some((e) => e.path === "recurrence")) {
    errors.push({ path: "recurrence", message: "A recurring task needs a due date to repeat from" });
  }

  for (const key of ["assigneeId", "ownerId"] as const) {
    const userId = input[key];
    if (userId && !(await findMembership(tx, principal.workspaceId, userId))) {
      errors.push({ path: key, message: "No member of this workspace has that id" });
    }
  }
  if (input.links !== undefined) errors.push(...(await invalidLinks(tx, principal.workspaceId, input.links)));

  const custom = await validateCustomValues(
    tx,
    { workspaceId: principal.workspaceId, table: TABLE, recordId: current?.id ?? null },
    defs,
    input.custom,
    current?.custom ?? null,
  );
  errors.push(...custom.errors);
  if (errors.length > 0) throw invalidFields(errors);

  const status = input.status ?? current?.status ?? "open";
  const columns: Partial<store.TaskInsert> = {
    dueAt,
    allDay,
    remindAt,
    recurrence,
    status,
    completedAt: completionOf(status, current),
    custom: custom.values,
    updatedBy: principal.userId,
  };
  for (const key of ["title", "description", "priority", "assigneeId", "ownerId"] as const) {
    if (input[key] !== undefined) (columns as Record<string, unknown>)[key] = input[key];
  }
  if (input.tags !== undefined) columns.tags = await canonicalTags(tx, principal.workspaceId, input.tags);
  return { columns, links: input.links && sortLinks(input.links) };
}

const snapshot = (dto: TaskDto) => dto as unknown as Record<string, unknown>;

/**
 * After a write: `task.completed` when the task has just become done, and for a recurring task the
 * next occurrence.
 */
async function afterCompletion(
  tx: Db,
  principal: Principal,
  row: store.TaskRow,
  dto: TaskDto,
  wasDone: boolean,
  defs: CustomFieldRow[],
  enqueue: Enqueue | undefined,
): Promise<TaskChangeDto> {
  if (row.status !== "done" || wasDone) return { ...dto, nextOccurrenceId: null };
  const nextOccurrenceId = await createNextOccurrence(tx, principal, row, dto.links, defs, enqueue);
  await recordChange(tx, {
    workspaceId: principal.workspaceId,
    object: OBJECT,
    recordId: row.id,
    event: "completed",
    changes: [],
    actor: actorOf(principal),
    payload: { task: dto, nextOccurrenceId },
  });
  return { ...dto, nextOccurrenceId };
}

/**
 * What a task write needs besides the database. With `enqueue` its reminder and due alerts are
 * scheduled in its transaction; without, the notification sweep still sends them within a minute.
 */
export type TaskWriteOptions = { defs?: CustomFieldRow[]; enqueue?: Enqueue };

export async function createTask(
  db: Db,
  principal: Principal,
  input: CreateTaskInput,
  { defs, enqueue }: TaskWriteOptions = {},
): Promise<TaskChangeDto> {
  return db.transaction(async (tx) => {
    const fieldDefs = defs ?? (await listCustomFields(tx, principal.workspaceId, TABLE));
    const { columns, links } = await prepare(
      tx,
      principal,
      fieldDefs,
      { ownerId: principal.userId, assigneeId: principal.userId, ...input },
      null,
    );
    const row = await store.insertTask(tx, {
      ...columns,
      title: input.title,
      workspaceId: principal.workspaceId,
      id: newId(),
      createdBy: principal.userId,
    });
    await replaceLinks(tx, principal.workspaceId, { type: OBJECT, id: row.id }, links ?? []);
    if (enqueue) await scheduleTaskAlerts(tx, enqueue, row);
    const dto = toTaskDto(row, links ?? []);
    await recordChange(tx, {
      workspaceId: principal.workspaceId,
      object: OBJECT,
      recordId: row.id,
      event: "created",
      changes: diffFields(null, snapshot(dto), TASK_HISTORY_FIELDS),
      actor: actorOf(principal),
      payload: { task: dto },
    });
    return afterCompletion(tx, principal, row, dto, false, fieldDefs, enqueue);
  });
}

async function linksOf(db: Db, workspaceId: string, id: string): Promise<RecordLink[]> {
  return (await listLinks(db, workspaceId, OBJECT, [id])).get(id) ?? [];
}

export async function getTask(db: Db, principal: Principal, id: string) {
  const row = await store.taskRecords.find(db, principal.workspaceId, id, {
    visible: visibleWhere(principal, "tasks"),
  });
  if (!row) throw notFound("task");
  return toTaskDto(row, await linksOf(db, principal.workspaceId, id));
}

/**
 * Applies a partial update; with `expectedVersion` (If-Match) a concurrent change answers 412.
 * With `onlyFrom`, a status change applies only to tasks in one of those statuses; others are
 * answered as they are (so completing a done task twice changes nothing).
 */
export async function updateTask(
  db: Db,
  principal: Principal,
  id: string,
  input: UpdateTaskInput,
  options: TaskWriteOptions & { expectedVersion?: number; onlyFrom?: readonly TaskStatus[] } = {},
): Promise<TaskChangeDto> {
  return db.transaction(async (tx) => {
    const row = await store.taskRecords.find(tx, principal.workspaceId, id, {
      lock: true,
      visible: visibleWhere(principal, "tasks"),
    });
    if (!row) throw notFound("task");
    assertVersion(row.version, options.expectedVersion, OBJECT);
    const linksBefore = await linksOf(tx, principal.workspaceId, id);
    const before = toTaskDto(row, linksBefore);
    if (options.onlyFrom && !options.onlyFrom.includes(row.status))
      return { ...before, nextOccurrenceId: null };
    const fieldDefs = options.defs ?? (await listCustomFields(tx, principal.workspaceId, TABLE));
    const { columns, links } = await prepare(tx, principal, fieldDefs, input, row);
    const updated = await store.taskRecords.update(tx, principal.workspaceId, id, columns);
    if (links !== undefined) await replaceLinks(tx, principal.workspaceId, { type: OBJECT, id }, links);
    if (options.enqueue) await scheduleTaskAlerts(tx, options.enqueue, updated);
    const after = toTaskDto(updated, links ?? linksBefore);
    await recordChange(tx, {
      workspaceId: principal.workspaceId,
      object: OBJECT,
      recordId: id,
      event: "updated",
      changes: diffFields(snapshot(before), snapshot(after), TASK_HISTORY_FIELDS),
      actor: actorOf(principal),
      payload: { task: after },
    });
    return afterCompletion(tx, principal, updated, after, row.status === "done", fieldDefs, options.enqueue);
  });
}

/** Marks a task done (a recurring one also gets its next occurrence); done already changes nothing. */
export function completeTask(
  db: Db,
  principal: Principal,
  id: string,
  options: TaskWriteOptions & { expectedVersion?: number },
) {
  return updateTask(
    db,
    principal,
    id,
    { status: "done" },
    {
      ...options,
      onlyFrom: ["open", "in_progress", "cancelled"],
    },
  );
}

/** Opens a done or cancelled task again; an open or in-progress one changes nothing. */
export function reopenTask(
  db: Db,
  principal: Principal,
  id: string,
  options: TaskWriteOptions & { expectedVersion?: number },
) {
  return updateTask(db, principal, id, { status: "open" }, { ...options, onlyFrom: ["done", "cancelled"] });
}

const trash = recordTrash({
  object: OBJECT,
  permissionObject: "tasks",
  records: store.taskRecords,
  present: async (db, principal, row) => toTaskDto(row, await linksOf(db, principal.workspaceId, row.id)),
  beforePurge: (db, principal, id) => deleteLinks(db, principal.workspaceId, { type: OBJECT, id }),
  purgedPayload: (row) => ({ title: row.title }),
});

/** Moves a task to the trash (restorable for 30 days); its links and history stay. */
export const trashTask = trash.trash;
export const restoreTask = trash.restore;
/** Deletes a trashed task and its links for good. */
export const purgeTask = trash.purge;
