import { and, asc, eq, inArray, or, sql } from "drizzle-orm";
import type { Db } from "../../platform/db/index.ts";
import {
  activities,
  contacts,
  dealContacts,
  deals,
  fieldHistory,
  notifications,
  outboxEvents,
  recordLinks,
  tasks,
} from "../../platform/db/schema/index.ts";

export type ContactRow = typeof contacts.$inferSelect;

/** The contact, trashed or not, locked for the erasure's transaction. */
export async function lockContact(tx: Db, workspaceId: string, id: string): Promise<ContactRow | undefined> {
  const [row] = await tx
    .select()
    .from(contacts)
    .where(and(eq(contacts.workspaceId, workspaceId), eq(contacts.id, id)))
    .for("update");
  return row;
}

/** Ids of the activities and tasks linked to a contact (trashed ones too), and of its deals. */
export async function relatedIds(db: Db, workspaceId: string, contactId: string) {
  const links = await db
    .select({ type: recordLinks.sourceType, id: recordLinks.sourceId })
    .from(recordLinks)
    .where(
      and(
        eq(recordLinks.workspaceId, workspaceId),
        eq(recordLinks.targetType, "contact"),
        eq(recordLinks.targetId, contactId),
      ),
    );
  // A meeting can name the contact as an attendee without linking to it.
  const attended = await db
    .select({ id: activities.id })
    .from(activities)
    .where(
      and(
        eq(activities.workspaceId, workspaceId),
        sql`${activities.attendees} @> ${JSON.stringify([{ contactId }])}::jsonb`,
      ),
    );
  const dealRows = await db
    .select({ id: dealContacts.dealId })
    .from(dealContacts)
    .where(and(eq(dealContacts.workspaceId, workspaceId), eq(dealContacts.contactId, contactId)));
  return {
    activities: [
      ...new Set([
        ...links.filter((l) => l.type === "activity").map((l) => l.id),
        ...attended.map((a) => a.id),
      ]),
    ],
    tasks: links.filter((l) => l.type === "task").map((l) => l.id),
    deals: dealRows.map((d) => d.id),
  };
}

/** Overwrites the contact's personal columns; what counts (owner, stage, tags, links) stays. */
export async function anonymizeContact(
  tx: Db,
  workspaceId: string,
  id: string,
  displayName: string,
  userId: string | null,
) {
  const [row] = await tx
    .update(contacts)
    .set({
      firstName: null,
      lastName: null,
      displayName,
      emails: [],
      phones: [],
      email: null,
      phone: null,
      jobTitle: null,
      address: null,
      birthday: null,
      social: {},
      leadSource: null,
      description: null,
      custom: {},
      updatedAt: sql`now()`,
      updatedBy: userId,
      version: sql`${contacts.version} + 1`,
    })
    .where(and(eq(contacts.workspaceId, workspaceId), eq(contacts.id, id)))
    .returning();
  return row!;
}

/** Blanks the old and new values of a record's history for the given fields. */
export async function blankHistory(
  tx: Db,
  workspaceId: string,
  object: string,
  recordId: string,
  fields: string[],
) {
  const rows = await tx
    .update(fieldHistory)
    .set({ oldValue: null, newValue: null })
    .where(
      and(
        eq(fieldHistory.workspaceId, workspaceId),
        eq(fieldHistory.object, object),
        eq(fieldHistory.recordId, recordId),
        inArray(fieldHistory.field, fields),
      ),
    )
    .returning({ id: fieldHistory.id });
  return rows.length;
}

export type HistoryValues = { id: string; oldValue: unknown; newValue: unknown };

export async function historyOf(db: Db, workspaceId: string, object: string, recordIds: string[]) {
  if (recordIds.length === 0) return [];
  return db
    .select({
      id: fieldHistory.id,
      changeId: fieldHistory.changeId,
      field: fieldHistory.field,
      oldValue: fieldHistory.oldValue,
      newValue: fieldHistory.newValue,
      actorUserId: fieldHistory.actorUserId,
      actorApiKeyId: fieldHistory.actorApiKeyId,
      changedAt: fieldHistory.changedAt,
    })
    .from(fieldHistory)
    .where(
      and(
        eq(fieldHistory.workspaceId, workspaceId),
        eq(fieldHistory.object, object),
        inArray(fieldHistory.recordId, recordIds),
      ),
    )
    .orderBy(asc(fieldHistory.changedAt), asc(fieldHistory.id));
}

export async function updateHistoryValues(tx: Db, workspaceId: string, row: HistoryValues) {
  await tx
    .update(fieldHistory)
    .set({ oldValue: row.oldValue, newValue: row.newValue })
    .where(and(eq(fieldHistory.workspaceId, workspaceId), eq(fieldHistory.id, row.id)));
}

export async function activitiesByIds(tx: Db, workspaceId: string, ids: string[]) {
  if (ids.length === 0) return [];
  return tx
    .select({
      id: activities.id,
      subject: activities.subject,
      body: activities.body,
      location: activities.location,
      outcome: activities.outcome,
      attendees: activities.attendees,
      email: activities.email,
    })
    .from(activities)
    .where(and(eq(activities.workspaceId, workspaceId), inArray(activities.id, ids)));
}

export type ActivityText = Awaited<ReturnType<typeof activitiesByIds>>[number];

export async function updateActivityText(tx: Db, workspaceId: string, row: ActivityText) {
  const { id, ...columns } = row;
  await tx
    .update(activities)
    .set({ ...columns, updatedAt: sql`now()`, version: sql`${activities.version} + 1` })
    .where(and(eq(activities.workspaceId, workspaceId), eq(activities.id, id)));
}

export async function tasksByIds(tx: Db, workspaceId: string, ids: string[]) {
  if (ids.length === 0) return [];
  return tx
    .select({ id: tasks.id, title: tasks.title, description: tasks.description })
    .from(tasks)
    .where(and(eq(tasks.workspaceId, workspaceId), inArray(tasks.id, ids)));
}

export async function updateTaskText(
  tx: Db,
  workspaceId: string,
  row: { id: string; title: string; description: string | null },
) {
  await tx
    .update(tasks)
    .set({
      title: row.title,
      description: row.description,
      updatedAt: sql`now()`,
      version: sql`${tasks.version} + 1`,
    })
    .where(and(eq(tasks.workspaceId, workspaceId), eq(tasks.id, row.id)));
}

export async function dealsByIds(tx: Db, workspaceId: string, ids: string[]) {
  if (ids.length === 0) return [];
  return tx
    .select({ id: deals.id, name: deals.name, description: deals.description })
    .from(deals)
    .where(and(eq(deals.workspaceId, workspaceId), inArray(deals.id, ids)));
}

/** Only a deal's name and description: amounts, stages and counts stay as they were. */
export async function updateDealText(
  tx: Db,
  workspaceId: string,
  row: { id: string; name: string; description: string | null },
) {
  await tx
    .update(deals)
    .set({
      name: row.name,
      description: row.description,
      updatedAt: sql`now()`,
      version: sql`${deals.version} + 1`,
    })
    .where(and(eq(deals.workspaceId, workspaceId), eq(deals.id, row.id)));
}

export type RecordRef = { object: string; ids: string[] };

export async function eventsOf(tx: Db, workspaceId: string, refs: RecordRef[]) {
  const conditions = refs
    .filter((r) => r.ids.length > 0)
    .map((r) => and(eq(outboxEvents.object, r.object), inArray(outboxEvents.recordId, r.ids)));
  if (conditions.length === 0) return [];
  return tx
    .select({ id: outboxEvents.id, payload: outboxEvents.payload })
    .from(outboxEvents)
    .where(and(eq(outboxEvents.workspaceId, workspaceId), or(...conditions)));
}

export async function updateEventPayload(
  tx: Db,
  workspaceId: string,
  id: string,
  payload: Record<string, unknown>,
) {
  await tx
    .update(outboxEvents)
    .set({ payload })
    .where(and(eq(outboxEvents.workspaceId, workspaceId), eq(outboxEvents.id, id)));
}

export async function notificationsAbout(tx: Db, workspaceId: string, recordIds: string[]) {
  if (recordIds.length === 0) return [];
  return tx
    .select({ id: notifications.id, title: notifications.title, body: notifications.body })
    .from(notifications)
    .where(and(eq(notifications.workspaceId, workspaceId), inArray(notifications.recordId, recordIds)));
}

export async function updateNotificationText(
  tx: Db,
  workspaceId: string,
  row: { id: string; title: string; body: string | null },
) {
  await tx
    .update(notifications)
    .set({ title: row.title, body: row.body })
    .where(and(eq(notifications.workspaceId, workspaceId), eq(notifications.id, row.id)));
}
