import type { LinkTargetType } from "@rapport/core";
import { and, desc, eq, isNotNull, isNull, lt, type SQL, sql } from "drizzle-orm";
import type { Db } from "../../platform/db/index.ts";
import { recordLinks, tasks } from "../../platform/db/schema/index.ts";

export type TaskRow = typeof tasks.$inferSelect;
export type TaskInsert = typeof tasks.$inferInsert;

export async function insertTask(db: Db, row: TaskInsert): Promise<TaskRow> {
  const [created] = await db.insert(tasks).values(row).returning();
  return created!;
}

/** A task of the workspace; trashed ones only when asked. */
export async function findTask(
  db: Db,
  workspaceId: string,
  id: string,
  options: { trashed?: boolean; lock?: boolean } = {},
) {
  const query = db
    .select()
    .from(tasks)
    .where(
      and(
        eq(tasks.workspaceId, workspaceId),
        eq(tasks.id, id),
        options.trashed ? isNotNull(tasks.deletedAt) : isNull(tasks.deletedAt),
      ),
    );
  const [row] = options.lock ? await query.for("update") : await query;
  return row;
}

export async function updateTask(db: Db, workspaceId: string, id: string, changes: Partial<TaskInsert>) {
  const [row] = await db
    .update(tasks)
    .set({ ...changes, updatedAt: sql`now()`, version: sql`${tasks.version} + 1` })
    .where(and(eq(tasks.workspaceId, workspaceId), eq(tasks.id, id)))
    .returning();
  return row!;
}

export async function purgeTask(db: Db, workspaceId: string, id: string) {
  await db.delete(tasks).where(and(eq(tasks.workspaceId, workspaceId), eq(tasks.id, id)));
}

/** A page of live (or trashed) tasks matching `where`, in `order`, with the sort values. */
export async function listTasks(
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
    .select({ row: tasks, ...query.sortValues })
    .from(tasks)
    .where(
      and(
        eq(tasks.workspaceId, workspaceId),
        query.trashed ? isNotNull(tasks.deletedAt) : isNull(tasks.deletedAt),
        query.where,
      ),
    )
    .orderBy(...query.order)
    .limit(query.limit);
}

export async function countTasks(db: Db, workspaceId: string, where: SQL | undefined) {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(tasks)
    .where(and(eq(tasks.workspaceId, workspaceId), isNull(tasks.deletedAt), where));
  return row?.n ?? 0;
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
