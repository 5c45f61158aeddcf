import type { LinkTargetType } from "@rapport/core";
import { and, desc, eq, isNull, lt } from "drizzle-orm";
import type { Db } from "../../platform/db/index.ts";
import { activities, recordLinks } from "../../platform/db/schema/index.ts";
import { recordStore } from "../../platform/records/record-store.ts";

export type ActivityRow = typeof activities.$inferSelect;
export type ActivityInsert = typeof activities.$inferInsert;

/** Find, update, purge, list and count, shared by every record table. */
export const activityRecords = recordStore(activities);

export async function insertActivity(db: Db, row: ActivityInsert): Promise<ActivityRow> {
  const [created] = await db.insert(activities).values(row).returning();
  return created!;
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
