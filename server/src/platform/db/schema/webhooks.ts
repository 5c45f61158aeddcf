import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { users, workspaces } from "./accounts.ts";
import { tz } from "./columns.ts";

/** A URL subscribed to record events; deliveries are signed with its secret. */
export const webhooks = pgTable(
  "webhooks",
  {
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    id: uuid("id").notNull(),
    url: text("url").notNull(),
    description: text("description").notNull().default(""),
    // Event types such as contact.created; the relay matches events against them.
    events: text("events").array().notNull(),
    // A filter-language filter on the record of each event (null: every event); see webhook-filter.ts.
    filter: jsonb("filter").$type<unknown>(),
    // Kept in clear: signing needs it. It is shown to the admin once, at creation or rotation.
    secret: text("secret").notNull(),
    enabled: boolean("enabled").notNull().default(true),
    // Why Rapport disabled it (deliveries kept failing); cleared when an admin enables it again.
    disabledReason: text("disabled_reason"),
    disabledAt: tz("disabled_at"),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: tz("created_at").notNull().defaultNow(),
    updatedAt: tz("updated_at").notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index("webhooks_enabled_idx").on(t.workspaceId).where(sql`${t.enabled}`),
  ],
);

/**
 * One event to send to one webhook, and how its sending went. Deliveries of one record to one
 * webhook (a lane) are sent one at a time, in event order.
 */
export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    workspaceId: uuid("workspace_id").notNull(),
    id: uuid("id").notNull(),
    webhookId: uuid("webhook_id").notNull(),
    eventId: uuid("event_id").notNull(),
    eventSeq: bigint("event_seq", { mode: "number" }).notNull(),
    eventType: text("event_type").notNull(),
    object: text("object").notNull(),
    recordId: uuid("record_id").notNull(),
    state: text("state").notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: tz("next_attempt_at").notNull().defaultNow(),
    // A worker sending it holds it until then, so no two send it at once.
    lockedUntil: tz("locked_until"),
    lastAttemptAt: tz("last_attempt_at"),
    responseStatus: integer("response_status"),
    latencyMs: integer("latency_ms"),
    responseSnippet: text("response_snippet"),
    error: text("error"),
    deliveredAt: tz("delivered_at"),
    createdAt: tz("created_at").notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    foreignKey({
      columns: [t.workspaceId, t.webhookId],
      foreignColumns: [webhooks.workspaceId, webhooks.id],
      name: "webhook_deliveries_webhook_fk",
    }).onDelete("cascade"),
    uniqueIndex("webhook_deliveries_event_key").on(t.workspaceId, t.webhookId, t.eventId),
    index("webhook_deliveries_log_idx").on(t.workspaceId, t.webhookId, t.id),
    index("webhook_deliveries_lane_idx")
      .on(t.workspaceId, t.webhookId, t.object, t.recordId, t.eventSeq)
      .where(sql`${t.state} = 'pending'`),
    check("webhook_deliveries_state_check", sql`${t.state} in ('pending', 'succeeded', 'failed')`),
  ],
);
