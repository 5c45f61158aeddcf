import { and, count, desc, eq, inArray, isNull, lt, sql } from "drizzle-orm";
import type { Db } from "../../platform/db/index.ts";
import { notifications } from "../../platform/db/schema/index.ts";

export type NotificationRow = typeof notifications.$inferSelect;
export type NotificationInsert = typeof notifications.$inferInsert;

/** Inserts a notification; null when one with the same dedupe key exists already. */
export async function insertNotification(db: Db, row: NotificationInsert): Promise<NotificationRow | null> {
  const [created] = await db
    .insert(notifications)
    .values(row)
    .onConflictDoNothing({ target: [notifications.workspaceId, notifications.dedupeKey] })
    .returning();
  return created ?? null;
}

const mine = (workspaceId: string, userId: string) =>
  and(eq(notifications.workspaceId, workspaceId), eq(notifications.userId, userId));

/** One user's notifications, newest first, `limit + 1` so the caller knows whether more follow. */
export function listNotifications(
  db: Db,
  workspaceId: string,
  userId: string,
  options: { unread: boolean; before?: string; limit: number },
): Promise<NotificationRow[]> {
  return db
    .select()
    .from(notifications)
    .where(
      and(
        mine(workspaceId, userId),
        options.unread ? isNull(notifications.readAt) : undefined,
        options.before ? lt(notifications.id, options.before) : undefined,
      ),
    )
    .orderBy(desc(notifications.id))
    .limit(options.limit + 1);
}

export async function countUnread(db: Db, workspaceId: string, userId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(notifications)
    .where(and(mine(workspaceId, userId), isNull(notifications.readAt)));
  return row?.n ?? 0;
}

export async function findNotification(
  db: Db,
  workspaceId: string,
  userId: string,
  id: string,
): Promise<NotificationRow | null> {
  const [row] = await db
    .select()
    .from(notifications)
    .where(and(mine(workspaceId, userId), eq(notifications.id, id)));
  return row ?? null;
}

/** Marks unread notifications read (those of `ids`, or all); the ids it changed. */
export async function markRead(
  db: Db,
  workspaceId: string,
  userId: string,
  ids: string[] | "all",
): Promise<string[]> {
  const rows = await db
    .update(notifications)
    .set({ readAt: sql`now()` })
    .where(
      and(
        mine(workspaceId, userId),
        isNull(notifications.readAt),
        ids === "all" ? undefined : inArray(notifications.id, ids),
      ),
    )
    .returning({ id: notifications.id });
  return rows.map((r) => r.id);
}
