import type { PermissionObject } from "@rapport/core";
import { and, asc, eq, isNull, type SQL, sql } from "drizzle-orm";
import { tableOf } from "../../platform/auth/permissions.ts";
import type { Db } from "../../platform/db/index.ts";
import { recordShares, teams } from "../../platform/db/schema/index.ts";

export type ShareRow = typeof recordShares.$inferSelect;

/** True when the live record exists in the workspace and `visible` (the caller's visibility) holds. */
export async function recordVisible(
  db: Db,
  workspaceId: string,
  object: PermissionObject,
  id: string,
  visible: SQL | undefined,
) {
  const table = tableOf(object);
  const rows = await db
    .select({ id: table.id })
    .from(table)
    .where(and(eq(table.workspaceId, workspaceId), eq(table.id, id), isNull(table.deletedAt), visible));
  return rows.length > 0;
}

export async function listShares(db: Db, workspaceId: string, object: PermissionObject, recordId: string) {
  return db
    .select()
    .from(recordShares)
    .where(
      and(
        eq(recordShares.workspaceId, workspaceId),
        eq(recordShares.object, object),
        eq(recordShares.recordId, recordId),
      ),
    )
    .orderBy(asc(recordShares.createdAt), asc(recordShares.id));
}

/** Inserts a share; undefined when the record is already shared with that user or team. */
export async function insertShare(db: Db, row: typeof recordShares.$inferInsert) {
  const [created] = await db.insert(recordShares).values(row).onConflictDoNothing().returning();
  return created;
}

export async function deleteShare(
  db: Db,
  workspaceId: string,
  object: PermissionObject,
  recordId: string,
  id: string,
) {
  const rows = await db
    .delete(recordShares)
    .where(
      and(
        eq(recordShares.workspaceId, workspaceId),
        eq(recordShares.object, object),
        eq(recordShares.recordId, recordId),
        eq(recordShares.id, id),
      ),
    )
    .returning();
  return rows[0];
}

export async function teamExists(db: Db, workspaceId: string, id: string) {
  const rows = await db
    .select({ n: sql`1` })
    .from(teams)
    .where(and(eq(teams.workspaceId, workspaceId), eq(teams.id, id)));
  return rows.length > 0;
}
