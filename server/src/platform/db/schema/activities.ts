import { sql } from "drizzle-orm";
import { boolean, check, index, integer, jsonb, pgTable, primaryKey, text, uuid } from "drizzle-orm/pg-core";
import { users } from "./accounts.ts";
import { recordColumns, tz } from "./columns.ts";

export type Attendee = { email: string | null; name: string | null; contactId: string | null };
export type EmailEnvelope = { from: string | null; to: string[]; cc: string[]; messageId: string | null };

/** Notes, calls, meetings and emails, linked to any number of contacts, companies and deals. */
export const activities = pgTable(
  "activities",
  {
    ...recordColumns(),
    type: text("type").notNull().$type<"note" | "call" | "meeting" | "email">(),
    subject: text("subject"),
    // Sanitized HTML.
    body: text("body"),
    // When it happened (note, call, email) or starts (meeting).
    occurredAt: tz("occurred_at").notNull(),
    endsAt: tz("ends_at"),
    durationSeconds: integer("duration_seconds"),
    direction: text("direction").$type<"inbound" | "outbound">(),
    outcome: text("outcome"),
    location: text("location"),
    attendees: jsonb("attendees").$type<Attendee[]>().notNull().default([]),
    email: jsonb("email").$type<EmailEnvelope>(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index("activities_occurred_idx").on(t.workspaceId, t.occurredAt, t.id).where(sql`${t.deletedAt} is null`),
    index("activities_type_idx").on(t.workspaceId, t.type, t.occurredAt).where(sql`${t.deletedAt} is null`),
    // The trash purge finds what has been trashed long enough.
    index("activities_deleted_idx").on(t.workspaceId, t.deletedAt).where(sql`${t.deletedAt} is not null`),
    check("activities_type_check", sql`${t.type} in ('note', 'call', 'meeting', 'email')`),
    check(
      "activities_direction_check",
      sql`${t.direction} is null or ${t.direction} in ('inbound', 'outbound')`,
    ),
  ],
);

export const tasks = pgTable(
  "tasks",
  {
    ...recordColumns(),
    title: text("title").notNull(),
    description: text("description"),
    dueAt: tz("due_at"),
    // A due date without a time of day; due_at then holds the start of that day in UTC.
    allDay: boolean("all_day").notNull().default(false),
    remindAt: tz("remind_at"),
    priority: text("priority").notNull().$type<"low" | "normal" | "high" | "urgent">().default("normal"),
    status: text("status").notNull().$type<"open" | "in_progress" | "done" | "cancelled">().default("open"),
    completedAt: tz("completed_at"),
    assigneeId: uuid("assignee_id").references(() => users.id, { onDelete: "set null" }),
    // An RFC 5545 RRULE; completing a recurring task creates the next occurrence.
    recurrence: text("recurrence"),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index("tasks_assignee_idx")
      .on(t.workspaceId, t.assigneeId, t.status, t.dueAt)
      .where(sql`${t.deletedAt} is null`),
    index("tasks_due_idx").on(t.workspaceId, t.dueAt, t.id).where(sql`${t.deletedAt} is null`),
    index("tasks_deleted_idx").on(t.workspaceId, t.deletedAt).where(sql`${t.deletedAt} is not null`),
    index("tasks_remind_idx")
      .on(t.remindAt)
      .where(sql`${t.deletedAt} is null and ${t.status} in ('open', 'in_progress')`),
    // The notification sweep's "fell due" scan across workspaces (all-day tasks get no due alert).
    index("tasks_due_alert_idx")
      .on(t.dueAt)
      .where(sql`${t.deletedAt} is null and ${t.status} in ('open', 'in_progress') and not ${t.allDay}`),
    check("tasks_priority_check", sql`${t.priority} in ('low', 'normal', 'high', 'urgent')`),
    check("tasks_status_check", sql`${t.status} in ('open', 'in_progress', 'done', 'cancelled')`),
  ],
);

/** Which contacts, companies and deals an activity or task concerns. */
export const recordLinks = pgTable(
  "record_links",
  {
    workspaceId: uuid("workspace_id").notNull(),
    sourceType: text("source_type").notNull().$type<"activity" | "task">(),
    sourceId: uuid("source_id").notNull(),
    targetType: text("target_type").notNull().$type<"contact" | "company" | "deal">(),
    targetId: uuid("target_id").notNull(),
    createdAt: tz("created_at").notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.sourceType, t.sourceId, t.targetType, t.targetId] }),
    index("record_links_target_idx").on(t.workspaceId, t.targetType, t.targetId, t.sourceType),
    check("record_links_source_check", sql`${t.sourceType} in ('activity', 'task')`),
    check("record_links_target_check", sql`${t.targetType} in ('contact', 'company', 'deal')`),
  ],
);
