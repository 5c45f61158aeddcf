import type { RecordLink } from "@rapport/core";
import type { Principal } from "../../platform/auth/principal.ts";
import type { Db } from "../../platform/db/index.ts";
import { newId } from "../../platform/ids.ts";
import type { Enqueue } from "../../platform/jobs/job.ts";
import { actorOf, diffFields, recordChange } from "../../platform/records/changes.ts";
import { replaceLinks } from "../../platform/records/links.ts";
import type { CustomFieldRow } from "../custom-fields/custom-field.store.ts";
import { scheduleTaskAlerts } from "../notifications/task-alerts.ts";
import { nextOccurrence } from "./recurrence.ts";
import { TASK_HISTORY_FIELDS, toTaskDto } from "./task.presenter.ts";
import * as store from "./task.store.ts";

/**
 * When a recurring task is completed, creates the next one in the same transaction: the same
 * fields and links, open, due at the rule's next date after the completed one's due date, with the
 * reminder the same time before it. Values of unique custom fields are not copied (they would
 * clash). Returns the new task's id, or null when the rule has no occurrence left.
 */
export async function createNextOccurrence(
  tx: Db,
  principal: Principal,
  completed: store.TaskRow,
  links: RecordLink[],
  defs: CustomFieldRow[],
  enqueue: Enqueue | undefined,
): Promise<string | null> {
  if (!completed.recurrence || !completed.dueAt) return null;
  const next = nextOccurrence(completed.recurrence, completed.dueAt);
  if (!next) return null;
  const lead = completed.remindAt ? completed.dueAt.getTime() - completed.remindAt.getTime() : null;
  const unique = new Set(defs.filter((d) => d.isUnique).map((d) => d.key));
  const row = await store.insertTask(tx, {
    workspaceId: principal.workspaceId,
    id: newId(),
    title: completed.title,
    description: completed.description,
    dueAt: next.dueAt,
    allDay: completed.allDay,
    remindAt: lead === null ? null : new Date(next.dueAt.getTime() - lead),
    priority: completed.priority,
    status: "open",
    assigneeId: completed.assigneeId,
    recurrence: next.rule,
    ownerId: completed.ownerId,
    tags: completed.tags,
    custom: Object.fromEntries(Object.entries(completed.custom).filter(([key]) => !unique.has(key))),
    createdBy: principal.userId,
    updatedBy: principal.userId,
  });
  await replaceLinks(tx, principal.workspaceId, { type: "task", id: row.id }, links);
  if (enqueue) await scheduleTaskAlerts(tx, enqueue, row);
  const dto = toTaskDto(row, links);
  await recordChange(tx, {
    workspaceId: principal.workspaceId,
    object: "task",
    recordId: row.id,
    event: "created",
    changes: diffFields(null, dto as unknown as Record<string, unknown>, TASK_HISTORY_FIELDS),
    actor: actorOf(principal),
    payload: { task: dto, previousOccurrenceId: completed.id },
  });
  return row.id;
}
