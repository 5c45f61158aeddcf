import { sql } from "drizzle-orm";
import {
  check,
  doublePrecision,
  foreignKey,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  uuid,
} from "drizzle-orm/pg-core";
import { users, workspaces } from "./accounts.ts";
import { tz } from "./columns.ts";

/**
 * One import of a file into contacts: the file's detected shape, the mapping chosen,
 * and the run's progress (kept here so a reloaded page, or another process, sees it).
 */
export const imports = pgTable(
  "imports",
  {
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    id: uuid("id").notNull(),
    object: text("object").notNull(),
    // csv | vcard
    format: text("format").notNull(),
    fileName: text("file_name").notNull(),
    fileBytes: integer("file_bytes").notNull(),
    encoding: text("encoding"),
    delimiter: text("delimiter"),
    headers: text("headers").array().notNull().default(sql`'{}'::text[]`),
    totalRows: integer("total_rows").notNull().default(0),
    // The column mapping and transforms (ImportSettings in core), set before a run.
    settings: jsonb("settings").$type<Record<string, unknown>>(),
    // staged | queued | running | completed | failed | undoing | undone
    status: text("status").notNull().default("staged"),
    rowsDone: integer("rows_done").notNull().default(0),
    created: integer("created").notNull().default(0),
    updated: integer("updated").notNull().default(0),
    skipped: integer("skipped").notNull().default(0),
    rejected: integer("rejected").notNull().default(0),
    rowsPerSecond: doublePrecision("rows_per_second"),
    error: text("error"),
    jobId: uuid("job_id"),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: tz("created_at").notNull().defaultNow(),
    startedAt: tz("started_at"),
    finishedAt: tz("finished_at"),
    undoneAt: tz("undone_at"),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    check("imports_object", sql`${t.object} in ('contacts', 'companies')`),
  ],
);

/**
 * The staged rows of an import: for CSV the raw cells, for vCard the contact already read from the
 * card; after the run, what became of each (created, updated, skipped, rejected with a reason).
 * Pages are kept half full (migration 0024) so that writing a row's outcome updates it in place.
 */
export const importRows = pgTable(
  "import_rows",
  {
    workspaceId: uuid("workspace_id").notNull(),
    importId: uuid("import_id").notNull(),
    // 1-based, the data row's place in the file (the header is row 0).
    rowNo: integer("row_no").notNull(),
    cells: jsonb("cells").$type<unknown>().notNull(),
    // pending | created | updated | skipped | rejected
    outcome: text("outcome").notNull().default("pending"),
    reason: text("reason"),
    recordId: uuid("record_id"),
    // The updated record's mapped fields before the import changed them, for undo.
    before: jsonb("before").$type<Record<string, unknown>>(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.importId, t.rowNo] }),
    foreignKey({
      name: "import_rows_import_fk",
      columns: [t.workspaceId, t.importId],
      foreignColumns: [imports.workspaceId, imports.id],
    }).onDelete("cascade"),
  ],
);
