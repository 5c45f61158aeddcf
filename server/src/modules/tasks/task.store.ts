import type { LinkTargetType } from "@rapport/core";
import { and, desc, eq, isNull, lt } from "drizzle-orm";
import type { Db } from "../../platform/db/index.ts";
import { recordLinks, tasks } from "../../platform/db/schema/index.ts";
import { recordStore } from "../../platform/records/record-store.ts";

export type TaskRow = typeof tasks.$inferSelect;
export type TaskInsert = typeof tasks.$inferInsert;

/** Find, update, purge, list and count, shared by every record table. */
export const taskRecords = recordStore(tasks);

export async function insertTask(db: Db, row: TaskInsert): Promise<TaskRow> {
  const [created] = await db.insert(tasks).values(row).returning();
  return created!;
}

/**
 * The live tasks linked to one contact, company or deal, latest due first (undated ones first, as
 * PostgreSQL sorts NULL descending), for the timeline: found through record_links_target_idx, then
 * `before` (exclusive) pages back through the due dates.
 */
export async function listTasksForRecord(
  db: Db,
  workspaceId: string,
  targetType: LinkTargetType,
  targetId: string,
  options: { before?: Date; limit: number },
): Promise<TaskRow[]> {
  const rows = await db
    .select({ row: tasks })
    .from(recordLinks)
    .innerJoin(tasks, and(eq(tasks.workspaceId, recordLinks.workspaceId), eq(tasks.id, recordLinks.sourceId)))
    .where(
      and(
        eq(recordLinks.workspaceId, workspaceId),
        eq(recordLinks.targetType, targetType),
        eq(recordLinks.targetId, targetId),
        eq(recordLinks.sourceType, "task"),
        isNull(tasks.deletedAt),
        options.before ? lt(tasks.dueAt, options.before) : undefined,
      ),
    )
    .orderBy(desc(tasks.dueAt), desc(tasks.id))
    .limit(options.limit);
  return rows.map((r) => r.row);
}
