import { and, asc, eq, isNull, lt } from "drizzle-orm";
import type { Db } from "../../platform/db/index.ts";
import { activities, companies, contacts, deals, tasks } from "../../platform/db/schema/index.ts";

/** The record tables with a trash, by object name. */
export const TRASHABLE = {
  activity: activities,
  task: tasks,
  deal: deals,
  contact: contacts,
  company: companies,
};

export type TrashableObject = keyof typeof TRASHABLE;

type TrashTable = (typeof TRASHABLE)[TrashableObject];

/** Trashed before `cutoff`; a merged record stays (its id answers with the survivor), so it is never purged. */
const expired = (table: TrashTable, cutoff: Date) =>
  and(lt(table.deletedAt, cutoff), "mergedIntoId" in table ? isNull(table.mergedIntoId) : undefined);

/** Workspaces holding records trashed before `cutoff` (on the partial `*_deleted_idx` indexes). */
export async function workspacesWithExpiredTrash(db: Db, cutoff: Date): Promise<string[]> {
  const found = new Set<string>();
  for (const table of Object.values(TRASHABLE)) {
    const rows = await db
      .selectDistinct({ workspaceId: table.workspaceId })
      .from(table)
      .where(expired(table, cutoff));
    for (const row of rows) found.add(row.workspaceId);
  }
  return [...found];
}

/** Up to `limit` ids of one object trashed before `cutoff` in a workspace, oldest first. */
export async function expiredTrashIds(
  db: Db,
  workspaceId: string,
  object: TrashableObject,
  cutoff: Date,
  limit: number,
): Promise<string[]> {
  const table = TRASHABLE[object];
  const rows = await db
    .select({ id: table.id })
    .from(table)
    .where(and(eq(table.workspaceId, workspaceId), expired(table, cutoff)))
    .orderBy(asc(table.deletedAt))
    .limit(limit);
  return rows.map((r) => r.id);
}
