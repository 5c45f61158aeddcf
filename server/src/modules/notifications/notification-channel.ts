import type { NotificationDto } from "@rapport/core";
import { sql } from "drizzle-orm";
import type { Db } from "../../platform/db/index.ts";

/** The PostgreSQL NOTIFY channel every server process listens on for notification changes. */
export const NOTIFICATION_CHANNEL = "rapport_notifications";

/** What travels on the channel: a new notification for a user, some of theirs read, or a sign-out. */
export type ChannelMessage = { workspaceId: string; userId: string } & (
  | { event: "notification"; data: NotificationDto }
  | { event: "read"; data: { ids: string[] | "all" } }
  | { event: "session-ended"; data: { sessionId: string } }
);

/**
 * Tells every server process, through NOTIFY, when `db`'s transaction commits (at once outside one).
 * A notification's title is a task title (at most 500 characters), well inside NOTIFY's 8000 bytes.
 */
export async function publish(db: Db, message: ChannelMessage): Promise<void> {
  await db.execute(sql`select pg_notify(${NOTIFICATION_CHANNEL}, ${JSON.stringify(message)})`);
}

/** Ends the streams a session holds open, in every server process (signing out). */
export function sessionEnded(db: Db, session: { workspaceId: string; userId: string; sessionId: string }) {
  return publish(db, {
    workspaceId: session.workspaceId,
    userId: session.userId,
    event: "session-ended",
    data: { sessionId: session.sessionId },
  });
}
