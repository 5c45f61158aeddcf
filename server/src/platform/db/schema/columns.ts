import { type SQL, sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  type ExtraConfigColumn,
  index,
  integer,
  jsonb,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";
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

/**
 * What search matches in a record: its names, emails, phone digits, domains and tags, lower-cased and
 * unaccented by SQL functions that the search migration defines. PostgreSQL keeps it current on
 * every write, whoever writes (services, imports, the bench seeder).
 */
export const searchTextColumn = (expression: SQL) =>
  text("search_text")
    .notNull()
    .generatedAlwaysAs(() => expression);

/**
 * Trigram index for search, with the workspace in the same GIN index (btree_gin) so a small tenant's
 * search reads only its own entries. Its pending list is kept short (migration 0018), since every
 * search reads it.
 */
export const searchIndex = (
  name: string,
  t: { workspaceId: AnyPgColumn; searchText: ExtraConfigColumn; deletedAt: AnyPgColumn },
) =>
  index(name).using("gin", t.workspaceId, t.searchText.op("gin_trgm_ops")).where(sql`${t.deletedAt} is null`);
