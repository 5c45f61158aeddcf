import { TASK_PRIORITIES, TASK_STATUSES } from "@rapport/core";
import { sql } from "drizzle-orm";
import { redact } from "../../platform/auth/field-rules.ts";
import type { Principal } from "../../platform/auth/principal.ts";
import type { Db } from "../../platform/db/index.ts";
import { tasks } from "../../platform/db/schema/index.ts";
import type { SqlRegistry } from "../../platform/filter/compile.ts";
import { listLinks } from "../../platform/records/links.ts";
import type { SortableField } from "../../platform/records/list.ts";
import { type ListFields, type ListRequest, planList } from "../../platform/records/list-plan.ts";
import { linkedRecordRelations } from "../activities/linked-records.sql.ts";
import { customSortable, customSqlField } from "../custom-fields/custom-field.sql.ts";
import { type CustomFieldRow, customFieldsForReads } from "../custom-fields/custom-field.store.ts";
import { toTaskDto } from "./task.presenter.ts";
import * as store from "./task.store.ts";

/** The filterable fields of tasks, the records they link to, and their custom fields. */
export function taskRegistry(defs: CustomFieldRow[]): SqlRegistry {
  const byKey = new Map(defs.map((d) => [d.key, d]));
  return {
    object: "tasks",
    fields: {
      id: { type: "uuid", sql: sql`${tasks.id}` },
      title: { type: "text", sql: sql`${tasks.title}` },
      description: { type: "text", sql: sql`${tasks.description}` },
      status: { type: "enum", options: TASK_STATUSES, sql: sql`${tasks.status}` },
      priority: { type: "enum", options: TASK_PRIORITIES, sql: sql`${tasks.priority}` },
      dueAt: { type: "datetime", sql: sql`${tasks.dueAt}` },
      allDay: { type: "boolean", sql: sql`${tasks.allDay}` },
      remindAt: { type: "datetime", sql: sql`${tasks.remindAt}` },
      completedAt: { type: "datetime", sql: sql`${tasks.completedAt}` },
      recurrence: { type: "text", sql: sql`${tasks.recurrence}` },
      assigneeId: { type: "user", sql: sql`${tasks.assigneeId}` },
      ownerId: { type: "user", sql: sql`${tasks.ownerId}` },
      createdBy: { type: "user", sql: sql`${tasks.createdBy}` },
      updatedBy: { type: "user", sql: sql`${tasks.updatedBy}` },
      createdAt: { type: "datetime", sql: sql`${tasks.createdAt}` },
      updatedAt: { type: "datetime", sql: sql`${tasks.updatedAt}` },
      tags: { type: "tags", sql: sql`${tasks.tags}` },
    },
    relations: linkedRecordRelations({
      type: "task",
      workspaceId: sql`${tasks.workspaceId}`,
      id: sql`${tasks.id}`,
    }),
    custom: (key) => {
      const def = byKey.get(key);
      return def ? customSqlField(def, sql`${tasks.custom}`) : undefined;
    },
  };
}

export const SORTABLE: Record<string, SortableField> = {
  dueAt: { sql: sql`${tasks.dueAt}`, type: "datetime" },
  // Ascending runs low → urgent, so `-priority` puts the most urgent first.
  priority: {
    sql: sql`(case ${tasks.priority} when 'low' then 0 when 'normal' then 1 when 'high' then 2 when 'urgent' then 3 end)`,
    type: "number",
  },
  title: { sql: sql`${tasks.title}`, type: "text" },
  status: { sql: sql`${tasks.status}`, type: "text" },
  remindAt: { sql: sql`${tasks.remindAt}`, type: "datetime" },
  completedAt: { sql: sql`${tasks.completedAt}`, type: "datetime" },
  createdAt: { sql: sql`${tasks.createdAt}`, type: "datetime" },
  updatedAt: { sql: sql`${tasks.updatedAt}`, type: "datetime" },
};

/** What tasks can be filtered and sorted by in a workspace (read from the definitions cache). */
export async function taskListFields(db: Db, workspaceId: string): Promise<ListFields> {
  const defs = await customFieldsForReads(db, workspaceId, "tasks");
  return {
    registry: taskRegistry(defs),
    sortable: { ...SORTABLE, ...customSortable(defs, sql`${tasks.custom}`) },
    customFields: defs,
  };
}

/** One page of tasks for a filter, sort and cursor; soonest due first (undated last) by default. */
export async function listTasks(
  db: Db,
  principal: Principal,
  request: ListRequest,
  clock = { now: new Date(), timeZone: "UTC" },
) {
  const plan = await planList(
    db,
    principal,
    request,
    {
      ...(await taskListFields(db, principal.workspaceId)),
      defaultSort: [{ field: "dueAt", desc: false }],
      object: "tasks",
      id: sql`${tasks.id}`,
    },
    clock,
  );
  const found = await store.taskRecords.list(db, principal.workspaceId, {
    ...plan.query,
    trashed: request.trashed,
  });
  const { rows, nextCursor } = plan.page(found);
  const where = plan.where;
  const links = await listLinks(
    db,
    principal.workspaceId,
    "task",
    rows.map((r) => r.id),
  );
  const data = rows.map((row) => toTaskDto(row, links.get(row.id) ?? []));
  const total =
    request.count && !request.trashed
      ? await store.taskRecords.count(db, principal.workspaceId, where)
      : undefined;
  return {
    data: data.map((record) => redact(principal, "tasks", record)),
    nextCursor,
    ...(total !== undefined ? { total } : {}),
  };
}
