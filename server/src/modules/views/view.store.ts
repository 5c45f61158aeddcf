import { and, asc, eq, or, sql } from "drizzle-orm";
import type { Db } from "../../platform/db/index.ts";
import { viewDefaults, views } from "../../platform/db/schema/index.ts";

export type ViewRow = typeof views.$inferSelect;

/** The views of an object a user can see: the shared ones and their own personal ones. */
export async function listVisibleViews(db: Db, workspaceId: string, object: string, userId: string | null) {
  const visible =
    userId === null
      ? eq(views.visibility, "shared")
      : or(eq(views.visibility, "shared"), eq(views.createdBy, userId));
  return db
    .select()
    .from(views)
    .where(and(eq(views.workspaceId, workspaceId), eq(views.object, object), visible))
    .orderBy(asc(sql`lower(${views.name})`), asc(views.id));
}

export async function findView(db: Db, workspaceId: string, id: string) {
  const [row] = await db
    .select()
    .from(views)
    .where(and(eq(views.workspaceId, workspaceId), eq(views.id, id)));
  return row;
}

export async function insertView(db: Db, row: typeof views.$inferInsert) {
  const [created] = await db.insert(views).values(row).returning();
  return created!;
}

/** Applies changes and bumps the version, only if the version is still `version`. */
export async function updateView(
  db: Db,
  workspaceId: string,
  id: string,
  version: number,
  changes: Partial<Pick<ViewRow, "name" | "filter" | "sort" | "columns" | "visibility">>,
) {
  const [row] = await db
    .update(views)
    .set({ ...changes, updatedAt: new Date(), version: version + 1 })
    .where(and(eq(views.workspaceId, workspaceId), eq(views.id, id), eq(views.version, version)))
    .returning();
  return row;
}

export async function deleteView(db: Db, workspaceId: string, id: string) {
  await db.delete(views).where(and(eq(views.workspaceId, workspaceId), eq(views.id, id)));
}

/** The id of the user's default view of an object, if any. */
export async function findDefaultViewId(db: Db, workspaceId: string, userId: string, object: string) {
  const [row] = await db
    .select({ viewId: viewDefaults.viewId })
    .from(viewDefaults)
    .where(
      and(
        eq(viewDefaults.workspaceId, workspaceId),
        eq(viewDefaults.userId, userId),
        eq(viewDefaults.object, object),
      ),
    );
  return row?.viewId;
}

export async function setDefaultView(
  db: Db,
  workspaceId: string,
  userId: string,
  object: string,
  viewId: string,
) {
  await db
    .insert(viewDefaults)
    .values({ workspaceId, userId, object, viewId })
    .onConflictDoUpdate({
      target: [viewDefaults.workspaceId, viewDefaults.userId, viewDefaults.object],
      set: { viewId },
    });
}

export async function clearDefaultView(db: Db, workspaceId: string, userId: string, object: string) {
  await db
    .delete(viewDefaults)
    .where(
      and(
        eq(viewDefaults.workspaceId, workspaceId),
        eq(viewDefaults.userId, userId),
        eq(viewDefaults.object, object),
      ),
    );
}

/** A shared view becoming personal stops being anyone else's default. */
export async function clearOthersDefaults(db: Db, workspaceId: string, viewId: string, keepUserId: string) {
  await db
    .delete(viewDefaults)
    .where(
      and(
        eq(viewDefaults.workspaceId, workspaceId),
        eq(viewDefaults.viewId, viewId),
        sql`${viewDefaults.userId} <> ${keepUserId}`,
      ),
    );
}
