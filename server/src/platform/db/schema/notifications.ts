import { sql } from "drizzle-orm";
import { check, index, pgTable, primaryKey, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { users, workspaces } from "./accounts.ts";
import { tz } from "./columns.ts";

/** In-app notifications, each addressed to one user of one workspace. */
export const notifications = pgTable(
  "notifications",
  {
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    id: uuid("id").notNull(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: text("kind").notNull(),
    title: text("title").notNull(),
    body: text("body"),
    recordType: text("record_type"),
    recordId: uuid("record_id"),
    // When the event it reports happened, such as the reminder time.
    at: tz("at"),
    // What makes it once-only, such as `task.reminder:<task id>:<epoch ms>`: the scheduler's job and
    // its sweep may both get there, and only the first insert counts.
    dedupeKey: text("dedupe_key"),
    createdAt: tz("created_at").notNull().defaultNow(),
    readAt: tz("read_at"),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    uniqueIndex("notifications_dedupe_idx").on(t.workspaceId, t.dedupeKey),
    // The bell's list, newest first (ids are time-ordered), and its unread count.
    index("notifications_user_idx").on(t.workspaceId, t.userId, t.id),
    index("notifications_unread_idx").on(t.workspaceId, t.userId, t.id).where(sql`${t.readAt} is null`),
    check("notifications_record_check", sql`(${t.recordType} is null) = (${t.recordId} is null)`),
  ],
);
