import type { LinkTargetType } from "@rapport/core";
import { and, desc, eq, isNotNull, isNull, lt, type SQL, sql } from "drizzle-orm";
import type { Db } from "../../platform/db/index.ts";
import { activities, recordLinks } from "../../platform/db/schema/index.ts";

export type ActivityRow = typeof activities.$inferSelect;
export type ActivityInsert = typeof activities.$inferInsert;

export async function insertActivity(db: Db, row: ActivityInsert): Promise<ActivityRow> {
  const [created] = await db.insert(activities).values(row).returning();
  return created!;
}

/** An activity of the workspace; trashed ones only when asked. */
export async function findActivity(
  db: Db,
  workspaceId: string,
  id: string,
  options: { trashed?: boolean; lock?: boolean } = {},
) {
  const query = db
    .select()
    .from(activities)
    .where(
      and(
        eq(activities.workspaceId, workspaceId),
        eq(activities.id, id),
        options.trashed ? isNotNull(activities.deletedAt) : isNull(activities.deletedAt),
      ),
    );
  const [row] = options.lock ? await query.for("update") : await query;
  return row;
}

export async function updateActivity(
  db: Db,
  workspaceId: string,
  id: string,
  changes: Partial<ActivityInsert>,
) {
  const [row] = await db
    .update(activities)
    .set({ ...changes, updatedAt: sql`now()`, version: sql`${activities.version} + 1` })
    .where(and(eq(activities.workspaceId, workspaceId), eq(activities.id, id)))
    .returning();
  return row!;
}

export async function purgeActivity(db: Db, workspaceId: string, id: string) {
  await db.delete(activities).where(and(eq(activities.workspaceId, workspaceId), eq(activities.id, id)));
}

/** A page of live (or trashed) activities matching `where`, in `order`, with the sort values. */
export async function listActivities(
  db: Db,
  workspaceId: string,
  query: {
    where: SQL | undefined;
    order: SQL[];
    limit: number;
    sortValues: Record<string, SQL>;
    trashed?: boolean;
  },
) {
  return db
    .select({ row: activities, ...query.sortValues })
    .from(activities)
    .where(
      and(
        eq(activities.workspaceId, workspaceId),
        query.trashed ? isNotNull(activities.deletedAt) : isNull(activities.deletedAt),
        query.where,
      ),
    )
    .orderBy(...query.order)
    .limit(query.limit);
}

export async function countActivities(db: Db, workspaceId: string, where: SQL | undefined) {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(activities)
    .where(and(eq(activities.workspaceId, workspaceId), isNull(activities.deletedAt), where));
  return row?.n ?? 0;
}

/**
 * The live activities linked to one contact, company or deal, newest first, for the timeline:
 * found through record_links_target_idx, then `before` (exclusive) pages back in time.
 */
export async function listActivitiesForRecord(
  db: Db,
  workspaceId: string,
  targetType: LinkTargetType,
  targetId: string,
  options: { before?: Date; limit: number },
): Promise<ActivityRow[]> {
  const rows = await db
    .select({ row: activities })
    .from(recordLinks)
    .innerJoin(
      activities,
      and(eq(activities.workspaceId, recordLinks.workspaceId), eq(activities.id, recordLinks.sourceId)),
    )
    .where(
      and(
        eq(recordLinks.workspaceId, workspaceId),
        eq(recordLinks.targetType, targetType),
        eq(recordLinks.targetId, targetId),
        eq(recordLinks.sourceType, "activity"),
        isNull(activities.deletedAt),
        options.before ? lt(activities.occurredAt, options.before) : undefined,
      ),
    )
    .orderBy(desc(activities.occurredAt), desc(activities.id))
    .limit(options.limit);
  return rows.map((r) => r.row);
}
