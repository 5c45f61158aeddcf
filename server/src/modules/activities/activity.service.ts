import {
  ACTIVITY_TYPE_FIELDS,
  type ActivityDto,
  type ActivityType,
  type CreateActivityBody,
  type FieldError,
  type RecordLink,
  type UpdateActivityBody,
} from "@rapport/core";
import type { z } from "zod";
import { visibleWhere } from "../../platform/auth/permissions.ts";
import type { Principal } from "../../platform/auth/principal.ts";
import type { Db } from "../../platform/db/index.ts";
import type { Attendee, EmailEnvelope } from "../../platform/db/schema/index.ts";
import { assertVersion, invalidFields, notFound } from "../../platform/errors.ts";
import { newId } from "../../platform/ids.ts";
import { actorOf, diffFields, recordChange } from "../../platform/records/changes.ts";
import {
  deleteLinks,
  invalidLinks,
  listLinks,
  liveTargetIds,
  replaceLinks,
  sortLinks,
} from "../../platform/records/links.ts";
import { hasVisibleText, sanitizeRichText } from "../../platform/records/sanitize-html.ts";
import { recordTrash } from "../../platform/records/trash.ts";
import { type CustomFieldRow, listCustomFields } from "../custom-fields/custom-field.store.ts";
import { validateCustomValues } from "../custom-fields/custom-values.ts";
import { canonicalTags } from "../tags/tag.store.ts";
import { findMembership } from "../workspaces/workspace.store.ts";
import { ACTIVITY_HISTORY_FIELDS, toActivityDto } from "./activity.presenter.ts";
import * as store from "./activity.store.ts";

export type CreateActivityInput = z.output<typeof CreateActivityBody>;
export type UpdateActivityInput = z.output<typeof UpdateActivityBody>;
const OBJECT = "activity";
const TABLE = "activities";

const TYPE_PLURAL: Record<ActivityType, string> = {
  note: "notes",
  call: "calls",
  meeting: "meetings",
  email: "emails",
};
const TYPE_SPECIFIC = Object.entries(ACTIVITY_TYPE_FIELDS).flatMap(([type, fields]) =>
  fields.map((field) => ({ field, type: type as ActivityType })),
);

/** Fields of other types named in a write: each is refused with the types that have it. */
function foreignFields(type: ActivityType, input: UpdateActivityInput): FieldError[] {
  const own = ACTIVITY_TYPE_FIELDS[type] as readonly string[];
  const named = new Set(
    TYPE_SPECIFIC.filter(
      ({ field }) => !own.includes(field) && input[field as keyof UpdateActivityInput] !== undefined,
    ).map((f) => f.field),
  );
  return [...named].map((field) => ({
    path: field,
    message: `Only ${TYPE_SPECIFIC.filter((f) => f.field === field)
      .map((f) => TYPE_PLURAL[f.type])
      .join(" and ")} have this field; this is a ${type}`,
  }));
}

const toAttendee = (a: NonNullable<UpdateActivityInput["attendees"]>[number]): Attendee => ({
  email: a.email ?? null,
  name: a.name ?? null,
  contactId: a.contactId ?? null,
});

const toEnvelope = (e: NonNullable<UpdateActivityInput["email"]>): EmailEnvelope => ({
  from: e.from,
  to: e.to,
  cc: e.cc,
  messageId: e.messageId ?? null,
});

/** Validates a create or an update against the current row, returning the columns to write. */
async function prepare(
  tx: Db,
  principal: Principal,
  defs: CustomFieldRow[],
  type: ActivityType,
  input: UpdateActivityInput,
  current: store.ActivityRow | null,
) {
  const errors: FieldError[] = [];
  if (current && input.type !== undefined && input.type !== current.type) {
    errors.push({
      path: "type",
      message: `An activity keeps its type (this is a ${current.type}); log a new ${input.type} instead`,
    });
  }
  errors.push(...foreignFields(type, input));

  const body = input.body !== undefined ? sanitizeRichText(input.body) : (current?.body ?? null);
  if (type === "note" && !hasVisibleText(body))
    errors.push({ path: "body", message: "A note needs some text" });

  const occurredAt = input.occurredAt ? new Date(input.occurredAt) : (current?.occurredAt ?? new Date());
  const endsAt =
    input.endsAt !== undefined
      ? input.endsAt === null
        ? null
        : new Date(input.endsAt)
      : (current?.endsAt ?? null);
  if (endsAt && endsAt <= occurredAt) {
    errors.push({ path: "endsAt", message: "A meeting must end after it starts (occurredAt)" });
  }

  const attendees = input.attendees?.map(toAttendee);
  if (attendees) {
    const ids = attendees.flatMap((a) => (a.contactId ? [a.contactId] : []));
    const found = await liveTargetIds(tx, principal.workspaceId, "contact", [...new Set(ids)]);
    attendees.forEach((a, i) => {
      if (a.contactId && !found.has(a.contactId)) {
        errors.push({
          path: `attendees[${i}].contactId`,
          message: "No contact with that id in this workspace",
        });
      }
    });
  }

  if (input.ownerId && !(await findMembership(tx, principal.workspaceId, input.ownerId))) {
    errors.push({ path: "ownerId", message: "No member of this workspace has that id" });
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

  const columns: Partial<store.ActivityInsert> = {
    body,
    occurredAt,
    endsAt,
    custom: custom.values,
    updatedBy: principal.userId,
  };
  for (const key of ["subject", "durationSeconds", "direction", "outcome", "location", "ownerId"] as const) {
    if (input[key] !== undefined) (columns as Record<string, unknown>)[key] = input[key];
  }
  if (attendees) columns.attendees = attendees;
  if (input.email) columns.email = toEnvelope(input.email);
  if (input.tags !== undefined) columns.tags = await canonicalTags(tx, principal.workspaceId, input.tags);
  return { columns, links: input.links && sortLinks(input.links) };
}

const snapshot = (dto: ActivityDto) => dto as unknown as Record<string, unknown>;

export async function createActivity(
  db: Db,
  principal: Principal,
  input: CreateActivityInput,
  defs?: CustomFieldRow[],
) {
  return db.transaction(async (tx) => {
    const fieldDefs = defs ?? (await listCustomFields(tx, principal.workspaceId, TABLE));
    const { columns, links } = await prepare(
      tx,
      principal,
      fieldDefs,
      input.type,
      { ownerId: principal.userId, ...input },
      null,
    );
    const row = await store.insertActivity(tx, {
      ...columns,
      occurredAt: columns.occurredAt!,
      type: input.type,
      workspaceId: principal.workspaceId,
      id: newId(),
      createdBy: principal.userId,
    });
    await replaceLinks(tx, principal.workspaceId, { type: OBJECT, id: row.id }, links ?? []);
    const dto = toActivityDto(row, links ?? []);
    await recordChange(tx, {
      workspaceId: principal.workspaceId,
      object: OBJECT,
      recordId: row.id,
      event: "created",
      changes: diffFields(null, snapshot(dto), ACTIVITY_HISTORY_FIELDS),
      actor: actorOf(principal),
      payload: { activity: dto },
    });
    return dto;
  });
}

async function linksOf(db: Db, workspaceId: string, id: string): Promise<RecordLink[]> {
  return (await listLinks(db, workspaceId, OBJECT, [id])).get(id) ?? [];
}

export async function getActivity(db: Db, principal: Principal, id: string) {
  const row = await store.activityRecords.find(db, principal.workspaceId, id, {
    visible: visibleWhere(principal, "activities"),
  });
  if (!row) throw notFound("activity");
  return toActivityDto(row, await linksOf(db, principal.workspaceId, id));
}

/** Applies a partial update; with `expectedVersion` (If-Match) a concurrent change answers 412. */
export async function updateActivity(
  db: Db,
  principal: Principal,
  id: string,
  input: UpdateActivityInput,
  options: { expectedVersion?: number; defs?: CustomFieldRow[] } = {},
) {
  return db.transaction(async (tx) => {
    const row = await store.activityRecords.find(tx, principal.workspaceId, id, {
      lock: true,
      visible: visibleWhere(principal, "activities"),
    });
    if (!row) throw notFound("activity");
    assertVersion(row.version, options.expectedVersion, OBJECT);
    const linksBefore = await linksOf(tx, principal.workspaceId, id);
    const before = toActivityDto(row, linksBefore);
    const fieldDefs = options.defs ?? (await listCustomFields(tx, principal.workspaceId, TABLE));
    const { columns, links } = await prepare(tx, principal, fieldDefs, row.type, input, row);
    const updated = await store.activityRecords.update(tx, principal.workspaceId, id, columns);
    if (links !== undefined) await replaceLinks(tx, principal.workspaceId, { type: OBJECT, id }, links);
    const after = toActivityDto(updated, links ?? linksBefore);
    await recordChange(tx, {
      workspaceId: principal.workspaceId,
      object: OBJECT,
      recordId: id,
      event: "updated",
      changes: diffFields(snapshot(before), snapshot(after), ACTIVITY_HISTORY_FIELDS),
      actor: actorOf(principal),
      payload: { activity: after },
    });
    return after;
  });
}

const trash = recordTrash({
  object: OBJECT,
  permissionObject: "activities",
  records: store.activityRecords,
  present: async (db, principal, row) => toActivityDto(row, await linksOf(db, principal.workspaceId, row.id)),
  beforePurge: (db, principal, id) => deleteLinks(db, principal.workspaceId, { type: OBJECT, id }),
  purgedPayload: (row) => ({ type: row.type, subject: row.subject }),
});

/** Moves an activity to the trash (restorable for 30 days); its links and history stay. */
export const trashActivity = trash.trash;
export const restoreActivity = trash.restore;
/** Deletes a trashed activity and its links for good. */
export const purgeActivity = trash.purge;
