import type { NotificationDto } from "@rapport/core";
import { sql } from "drizzle-orm";
import type { Db } from "../../platform/db/index.ts";

/** The PostgreSQL NOTIFY channel every server process listens on for notification changes. */
export const NOTIFICATION_CHANNEL = "rapport_notifications";

/** What travels on the channel: a new notification for a user, or some of theirs read. */
export type ChannelMessage = { workspaceId: string; userId: string } & (
  | { event: "notification"; data: NotificationDto }
  | { event: "read"; data: { ids: string[] | "all" } }
);

/**
 * Tells every server process, through NOTIFY, when `db`'s transaction commits (at once outside one).
 * A notification's title is a task title (at most 500 characters), well inside NOTIFY's 8000 bytes.
 */
export async function publish(db: Db, message: ChannelMessage): Promise<void> {
  await db.execute(sql`select pg_notify(${NOTIFICATION_CHANNEL}, ${JSON.stringify(message)})`);
}
