import { sql } from "drizzle-orm";
import { integer, jsonb, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users, workspaces } from "./accounts.ts";

export const tz = (name: string) => timestamp(name, { withTimezone: true });

/** Columns every CRM record has: tenant, ownership, tags, custom values, audit stamps, version, trash. */
export const recordColumns = () => ({
  workspaceId: uuid("workspace_id")
    .notNull()
    .references(() => workspaces.id, { onDelete: "cascade" }),
  id: uuid("id").notNull(),
  ownerId: uuid("owner_id").references(() => users.id, { onDelete: "set null" }),
  tags: text("tags").array().notNull().default(sql`'{}'::text[]`),
  custom: jsonb("custom").$type<Record<string, unknown>>().notNull().default({}),
  createdAt: tz("created_at").notNull().defaultNow(),
  createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
  updatedAt: tz("updated_at").notNull().defaultNow(),
  updatedBy: uuid("updated_by").references(() => users.id, { onDelete: "set null" }),
  version: integer("version").notNull().default(1),
  deletedAt: tz("deleted_at"),
  deletedBy: uuid("deleted_by").references(() => users.id, { onDelete: "set null" }),
});
