import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { workspaces } from "./accounts.ts";
import { tz } from "./columns.ts";

export const tags = pgTable(
  "tags",
  {
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    id: uuid("id").notNull(),
    name: text("name").notNull(),
    color: text("color").notNull(),
    createdAt: tz("created_at").notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    uniqueIndex("tags_name_key").on(t.workspaceId, sql`lower(${t.name})`),
  ],
);

/** Admin-defined fields per object; values live in each record's `custom` JSONB, keyed by `key`. */
export const customFields = pgTable(
  "custom_fields",
  {
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    id: uuid("id").notNull(),
    object: text("object").notNull(),
    key: text("key").notNull(),
    label: text("label").notNull(),
    type: text("type").notNull(),
    required: boolean("required").notNull().default(false),
    isUnique: boolean("is_unique").notNull().default(false),
    // Values are stored sealed (AES-256-GCM) with a keyed hash for exact-match filters.
    sensitive: boolean("sensitive").notNull().default(false),
    options: jsonb("options")
      .$type<{ value: string; label: string; color?: string }[]>()
      .notNull()
      .default([]),
    currency: text("currency"),
    target: text("target"),
    description: text("description"),
    position: integer("position").notNull().default(0),
    createdAt: tz("created_at").notNull().defaultNow(),
    updatedAt: tz("updated_at").notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    uniqueIndex("custom_fields_key").on(t.workspaceId, t.object, t.key),
  ],
);

/** Every change to a record's fields: who, when, field, old and new value. */
export const fieldHistory = pgTable(
  "field_history",
  {
    workspaceId: uuid("workspace_id").notNull(),
    id: uuid("id").notNull(),
    object: text("object").notNull(),
    recordId: uuid("record_id").notNull(),
    // Fields changed by one write share a change id.
    changeId: uuid("change_id").notNull(),
    field: text("field").notNull(),
    oldValue: jsonb("old_value"),
    newValue: jsonb("new_value"),
    actorUserId: uuid("actor_user_id"),
    actorApiKeyId: uuid("actor_api_key_id"),
    changedAt: tz("changed_at").notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index("field_history_record_idx").on(t.workspaceId, t.object, t.recordId, t.changedAt),
  ],
);

/**
 * Events written in the same transaction as the change they describe; the relay delivers them in
 * `seq` order to automation, webhooks and search.
 */
export const outboxEvents = pgTable(
  "outbox_events",
  {
    seq: bigint("seq", { mode: "number" }).generatedAlwaysAsIdentity(),
    workspaceId: uuid("workspace_id").notNull(),
    id: uuid("id").notNull(),
    type: text("type").notNull(),
    object: text("object").notNull(),
    recordId: uuid("record_id").notNull(),
    changedFields: text("changed_fields").array().notNull().default(sql`'{}'::text[]`),
    // The field_history rows written by the same change.
    changeId: uuid("change_id"),
    actorUserId: uuid("actor_user_id"),
    actorApiKeyId: uuid("actor_api_key_id"),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull(),
    createdAt: tz("created_at").notNull().defaultNow(),
    // Set by the outbox relay in the transaction that handed the event to its subscribers (see
    // platform/events/relay.ts): a per-event marker rather than a cursor on seq, which could skip an
    // event whose transaction commits after one with a higher seq.
    relayed: boolean("relayed").notNull().default(false),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index("outbox_events_seq_idx").on(t.seq),
    index("outbox_events_unrelayed_idx").on(t.seq).where(sql`not ${t.relayed}`),
    index("outbox_events_record_idx").on(t.workspaceId, t.object, t.recordId, t.seq),
  ],
);

/** Stored answers to POSTs sent with an Idempotency-Key, so a retried request creates one record. */
export const idempotencyKeys = pgTable(
  "idempotency_keys",
  {
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    key: text("key").notNull(),
    scope: text("scope").notNull(),
    requestHash: text("request_hash").notNull(),
    status: integer("status"),
    response: jsonb("response"),
    createdAt: tz("created_at").notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.scope, t.key] }),
    index("idempotency_keys_created_idx").on(t.createdAt),
  ],
);
