import { sql } from "drizzle-orm";
import {
  check,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  uuid,
} from "drizzle-orm/pg-core";
import { users, workspaces } from "./accounts.ts";
import { tz } from "./columns.ts";

/** A saved table view: a named filter, sort and column layout of one object, personal or shared. */
export const views = pgTable(
  "views",
  {
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    id: uuid("id").notNull(),
    object: text("object").notNull(),
    name: text("name").notNull(),
    filter: jsonb("filter").$type<unknown>(),
    sort: text("sort").notNull().default(""),
    columns: jsonb("columns").$type<{ key: string; width?: number }[]>().notNull().default([]),
    visibility: text("visibility").notNull(),
    // A personal view whose creator is deleted is seen by nobody; it goes with the workspace.
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: tz("created_at").notNull().defaultNow(),
    updatedAt: tz("updated_at").notNull().defaultNow(),
    version: integer("version").notNull().default(1),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index("views_object_idx").on(t.workspaceId, t.object),
    check("views_visibility_check", sql`${t.visibility} in ('personal', 'shared')`),
    check("views_object_check", sql`${t.object} in ('contacts', 'companies', 'deals', 'tasks')`),
  ],
);

/** Each user's default view per object; deleting the view clears the default. */
export const viewDefaults = pgTable(
  "view_defaults",
  {
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    object: text("object").notNull(),
    viewId: uuid("view_id").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.userId, t.object] }),
    foreignKey({
      columns: [t.workspaceId, t.viewId],
      foreignColumns: [views.workspaceId, views.id],
    }).onDelete("cascade"),
  ],
);
