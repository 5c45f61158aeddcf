import { and, desc, eq, inArray, lt, sql } from "drizzle-orm";
import type { Db } from "../../platform/db/index.ts";
import { outboxEvents, webhookDeliveries, webhooks } from "../../platform/db/schema/index.ts";

export type WebhookRow = typeof webhooks.$inferSelect;
export type DeliveryRow = typeof webhookDeliveries.$inferSelect;
/** The deliveries of one record's events to one webhook, sent one at a time in event order. */
export type Lane = { workspaceId: string; webhookId: string; object: string; recordId: string };

export async function insertWebhook(db: Db, row: typeof webhooks.$inferInsert) {
  const [created] = await db.insert(webhooks).values(row).returning();
  return created!;
}

export function listWebhooks(db: Db, workspaceId: string) {
  return db.select().from(webhooks).where(eq(webhooks.workspaceId, workspaceId)).orderBy(desc(webhooks.id));
}

export async function findWebhook(db: Db, workspaceId: string, id: string) {
  const [row] = await db
    .select()
    .from(webhooks)
    .where(and(eq(webhooks.workspaceId, workspaceId), eq(webhooks.id, id)));
  return row;
}

export async function updateWebhook(
  db: Db,
  workspaceId: string,
  id: string,
  patch: Partial<typeof webhooks.$inferInsert>,
) {
  const [row] = await db
    .update(webhooks)
    .set({ ...patch, updatedAt: sql`now()` })
    .where(and(eq(webhooks.workspaceId, workspaceId), eq(webhooks.id, id)))
    .returning();
  return row;
}

export async function deleteWebhook(db: Db, workspaceId: string, id: string): Promise<boolean> {
  const rows = await db
    .delete(webhooks)
    .where(and(eq(webhooks.workspaceId, workspaceId), eq(webhooks.id, id)))
    .returning({ id: webhooks.id });
  return rows.length === 1;
}

/** Disables a webhook Rapport gave up on, with the reason shown to admins. */
export async function disableWebhook(db: Db, workspaceId: string, id: string, reason: string) {
  await db
    .update(webhooks)
    .set({ enabled: false, disabledReason: reason, disabledAt: sql`now()`, updatedAt: sql`now()` })
    .where(and(eq(webhooks.workspaceId, workspaceId), eq(webhooks.id, id), eq(webhooks.enabled, true)));
}

/** The enabled webhooks of these workspaces, for matching events against. */
export function enabledWebhooks(db: Db, workspaceIds: string[]) {
  return db
    .select({
      workspaceId: webhooks.workspaceId,
      id: webhooks.id,
      events: webhooks.events,
      filter: webhooks.filter,
    })
    .from(webhooks)
    .where(and(inArray(webhooks.workspaceId, workspaceIds), eq(webhooks.enabled, true)));
}

/** Adds deliveries, skipping any already there for the same webhook and event; the lanes of those added. */
export async function insertDeliveries(db: Db, rows: (typeof webhookDeliveries.$inferInsert)[]) {
  return db.insert(webhookDeliveries).values(rows).onConflictDoNothing().returning({
    workspaceId: webhookDeliveries.workspaceId,
    webhookId: webhookDeliveries.webhookId,
    object: webhookDeliveries.object,
    recordId: webhookDeliveries.recordId,
  });
}

/**
 * Takes the oldest pending delivery of a lane for sending, if it is due and no worker holds it, and
 * holds it for `holdSeconds`. Concurrent callers serialize on the row: one gets it, the others none.
 */
export async function claimLaneHead(db: Db, lane: Lane, holdSeconds: number) {
  const d = webhookDeliveries;
  const head = db
    .select({ id: d.id })
    .from(d)
    .where(
      and(
        eq(d.workspaceId, lane.workspaceId),
        eq(d.webhookId, lane.webhookId),
        eq(d.object, lane.object),
        eq(d.recordId, lane.recordId),
        eq(d.state, "pending"),
      ),
    )
    .orderBy(d.eventSeq)
    .limit(1);
  const [row] = await db
    .update(d)
    .set({ lockedUntil: sql`now() + make_interval(secs => ${holdSeconds})` })
    .where(
      and(
        eq(d.workspaceId, lane.workspaceId),
        sql`${d.id} = (${head})`,
        eq(d.state, "pending"),
        sql`(${d.lockedUntil} is null or ${d.lockedUntil} < now())`,
        sql`${d.nextAttemptAt} <= now()`,
      ),
    )
    .returning();
  return row;
}

export async function findEvent(db: Db, workspaceId: string, id: string) {
  const [row] = await db
    .select()
    .from(outboxEvents)
    .where(and(eq(outboxEvents.workspaceId, workspaceId), eq(outboxEvents.id, id)));
  return row;
}

export type AttemptOutcome = {
  state: "pending" | "succeeded" | "failed";
  attempts: number;
  nextAttemptAt?: Date;
  responseStatus: number | null;
  latencyMs: number;
  responseSnippet: string | null;
  error: string | null;
};

/** Records an attempt and releases the delivery. */
export async function recordAttempt(db: Db, workspaceId: string, id: string, outcome: AttemptOutcome) {
  await db
    .update(webhookDeliveries)
    .set({
      ...outcome,
      lockedUntil: null,
      lastAttemptAt: sql`now()`,
      deliveredAt: outcome.state === "succeeded" ? sql`now()` : null,
    })
    .where(and(eq(webhookDeliveries.workspaceId, workspaceId), eq(webhookDeliveries.id, id)));
}

/** Newest first, by id (time-ordered); `before` is the last id of the previous page. */
export function listDeliveries(
  db: Db,
  workspaceId: string,
  webhookId: string,
  limit: number,
  before?: string,
) {
  const d = webhookDeliveries;
  return db
    .select()
    .from(d)
    .where(
      and(eq(d.workspaceId, workspaceId), eq(d.webhookId, webhookId), before ? lt(d.id, before) : undefined),
    )
    .orderBy(desc(d.id))
    .limit(limit);
}

export async function findDelivery(db: Db, workspaceId: string, webhookId: string, id: string) {
  const d = webhookDeliveries;
  const [row] = await db
    .select()
    .from(d)
    .where(and(eq(d.workspaceId, workspaceId), eq(d.webhookId, webhookId), eq(d.id, id)));
  return row;
}

/** Queues a delivery to be sent again now, whatever became of it. */
export async function resetDelivery(db: Db, workspaceId: string, id: string) {
  const [row] = await db
    .update(webhookDeliveries)
    .set({ state: "pending", attempts: 0, nextAttemptAt: sql`now()`, lockedUntil: null })
    .where(and(eq(webhookDeliveries.workspaceId, workspaceId), eq(webhookDeliveries.id, id)))
    .returning();
  return row!;
}

/** The lanes of a webhook with deliveries waiting, to start again once it is enabled. */
export function pendingLanes(db: Db, workspaceId: string, webhookId: string): Promise<Lane[]> {
  const d = webhookDeliveries;
  return db
    .selectDistinct({
      workspaceId: d.workspaceId,
      webhookId: d.webhookId,
      object: d.object,
      recordId: d.recordId,
    })
    .from(d)
    .where(and(eq(d.workspaceId, workspaceId), eq(d.webhookId, webhookId), eq(d.state, "pending")));
}
