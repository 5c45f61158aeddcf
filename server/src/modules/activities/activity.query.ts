import { ACTIVITY_TYPES, CALL_DIRECTIONS } from "@rapport/core";
import { sql } from "drizzle-orm";
import { redact } from "../../platform/auth/field-rules.ts";
import type { Principal } from "../../platform/auth/principal.ts";
import type { Db } from "../../platform/db/index.ts";
import { activities } from "../../platform/db/schema/index.ts";
import type { SqlRegistry } from "../../platform/filter/compile.ts";
import { listLinks } from "../../platform/records/links.ts";
import type { SortableField } from "../../platform/records/list.ts";
import { type ListFields, type ListRequest, planList } from "../../platform/records/list-plan.ts";
import { customSortable, customSqlField } from "../custom-fields/custom-field.sql.ts";
import { type CustomFieldRow, customFieldsForReads } from "../custom-fields/custom-field.store.ts";
import { toActivityDto } from "./activity.presenter.ts";
import * as store from "./activity.store.ts";
import { linkedRecordRelations } from "./linked-records.sql.ts";

/** The filterable fields of activities, the records they link to, and their custom fields. */
export function activityRegistry(defs: CustomFieldRow[]): SqlRegistry {
  const byKey = new Map(defs.map((d) => [d.key, d]));
  return {
    object: "activities",
    fields: {
      id: { type: "uuid", sql: sql`${activities.id}` },
      type: { type: "enum", options: ACTIVITY_TYPES, sql: sql`${activities.type}` },
      subject: { type: "text", sql: sql`${activities.subject}` },
      body: { type: "text", sql: sql`${activities.body}` },
      occurredAt: { type: "datetime", sql: sql`${activities.occurredAt}` },
      endsAt: { type: "datetime", sql: sql`${activities.endsAt}` },
      durationSeconds: { type: "number", sql: sql`${activities.durationSeconds}` },
      direction: { type: "enum", options: CALL_DIRECTIONS, sql: sql`${activities.direction}` },
      outcome: { type: "text", sql: sql`${activities.outcome}` },
      location: { type: "text", sql: sql`${activities.location}` },
      ownerId: { type: "user", sql: sql`${activities.ownerId}` },
      createdBy: { type: "user", sql: sql`${activities.createdBy}` },
      updatedBy: { type: "user", sql: sql`${activities.updatedBy}` },
      createdAt: { type: "datetime", sql: sql`${activities.createdAt}` },
      updatedAt: { type: "datetime", sql: sql`${activities.updatedAt}` },
      tags: { type: "tags", sql: sql`${activities.tags}` },
    },
    relations: linkedRecordRelations({
      type: "activity",
      workspaceId: sql`${activities.workspaceId}`,
      id: sql`${activities.id}`,
    }),
    custom: (key) => {
      const def = byKey.get(key);
      return def ? customSqlField(def, sql`${activities.custom}`) : undefined;
    },
  };
}

const SORTABLE: Record<string, SortableField> = {
  occurredAt: { sql: sql`${activities.occurredAt}`, type: "datetime" },
  endsAt: { sql: sql`${activities.endsAt}`, type: "datetime" },
  type: { sql: sql`${activities.type}`, type: "text" },
  subject: { sql: sql`${activities.subject}`, type: "text" },
  durationSeconds: { sql: sql`${activities.durationSeconds}`, type: "number" },
  createdAt: { sql: sql`${activities.createdAt}`, type: "datetime" },
  updatedAt: { sql: sql`${activities.updatedAt}`, type: "datetime" },
};

/** What activities can be filtered and sorted by in a workspace (read from the definitions cache). */
export async function activityListFields(db: Db, workspaceId: string): Promise<ListFields> {
  const defs = await customFieldsForReads(db, workspaceId, "activities");
  return {
    registry: activityRegistry(defs),
    sortable: { ...SORTABLE, ...customSortable(defs, sql`${activities.custom}`) },
    customFields: defs,
  };
}

/** One page of activities for a filter, sort and cursor; newest first unless told otherwise. */
export async function listActivities(
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
      ...(await activityListFields(db, principal.workspaceId)),
      defaultSort: [{ field: "occurredAt", desc: true }],
      object: "activities",
      id: sql`${activities.id}`,
    },
    clock,
  );
  const found = await store.activityRecords.list(db, principal.workspaceId, {
    ...plan.query,
    trashed: request.trashed,
  });
  const { rows, nextCursor } = plan.page(found);
  const where = plan.where;
  const links = await listLinks(
    db,
    principal.workspaceId,
    "activity",
    rows.map((r) => r.id),
  );
  const data = rows.map((row) => toActivityDto(row, links.get(row.id) ?? []));
  const total =
    request.count && !request.trashed
      ? await store.activityRecords.count(db, principal.workspaceId, where)
      : undefined;
  return {
    data: data.map((record) => redact(principal, "activities", record)),
    nextCursor,
    ...(total !== undefined ? { total } : {}),
  };
}
