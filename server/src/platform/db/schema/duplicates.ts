import { sql } from "drizzle-orm";
import { check, index, jsonb, pgTable, primaryKey, real, text, uuid } from "drizzle-orm/pg-core";
import { users, workspaces } from "./accounts.ts";
import { tz } from "./columns.ts";

export type DuplicatePair = { a: string; b: string; score: number; reasons: string[] };

/** Groups of likely duplicate records found by the last scan of a workspace's contacts or companies. */
export const duplicateGroups = pgTable(
  "duplicate_groups",
  {
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    id: uuid("id").notNull(),
    object: text("object").notNull().$type<"contact" | "company">(),
    recordIds: uuid("record_ids").array().notNull(),
    score: real("score").notNull(),
    pairs: jsonb("pairs").$type<DuplicatePair[]>().notNull(),
    foundAt: tz("found_at").notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index("duplicate_groups_list_idx").on(t.workspaceId, t.object, t.score),
    index("duplicate_groups_records_idx").using("gin", t.recordIds),
  ],
);

/** Pairs someone marked "not a duplicate": the scan and the check on create leave them alone. */
export const duplicateDismissals = pgTable(
  "duplicate_dismissals",
  {
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    object: text("object").notNull().$type<"contact" | "company">(),
    // The smaller id first, so a pair has one row.
    recordA: uuid("record_a").notNull(),
    recordB: uuid("record_b").notNull(),
    dismissedBy: uuid("dismissed_by").references(() => users.id, { onDelete: "set null" }),
    dismissedAt: tz("dismissed_at").notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.object, t.recordA, t.recordB] }),
    check("duplicate_dismissals_ordered", sql`${t.recordA} < ${t.recordB}`),
  ],
);
