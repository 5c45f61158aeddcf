import type { ImportObject } from "@rapport/core";
import { and, desc, eq, type SQL, sql } from "drizzle-orm";
import { copyInto } from "../../platform/db/copy.ts";
import { type Db, queryRows } from "../../platform/db/index.ts";
import { importRows, imports } from "../../platform/db/schema/index.ts";

export type ImportRow = typeof imports.$inferSelect;
export type ImportInsert = typeof imports.$inferInsert;
export type Outcome = "pending" | "created" | "updated" | "skipped" | "rejected" | "undone";
export type StagedRow = { rowNo: number; cells: unknown; outcome: Outcome; reason: string | null };
export type RowResult = {
  rowNo: number;
  outcome: Outcome;
  reason: string | null;
  recordId: string | null;
  before: Record<string, unknown> | null;
};

export async function insertImport(db: Db, row: ImportInsert): Promise<ImportRow> {
  const [created] = await db.insert(imports).values(row).returning();
  return created!;
}

export async function findImport(db: Db, workspaceId: string, id: string, options: { lock?: boolean } = {}) {
  const query = db
    .select()
    .from(imports)
    .where(and(eq(imports.workspaceId, workspaceId), eq(imports.id, id)));
  const [row] = options.lock ? await query.for("update") : await query;
  return row;
}

export async function listImports(db: Db, workspaceId: string, limit = 50) {
  return db
    .select()
    .from(imports)
    .where(eq(imports.workspaceId, workspaceId))
    .orderBy(desc(imports.createdAt))
    .limit(limit);
}

export async function updateImport(db: Db, workspaceId: string, id: string, patch: Partial<ImportInsert>) {
  const [row] = await db
    .update(imports)
    .set(patch)
    .where(and(eq(imports.workspaceId, workspaceId), eq(imports.id, id)))
    .returning();
  return row!;
}

/** Adds to the run's counters in one statement, so concurrent readers see consistent totals. */
export async function addProgress(
  db: Db,
  workspaceId: string,
  id: string,
  counts: { rows: number; created: number; updated: number; skipped: number; rejected: number },
) {
  await db
    .update(imports)
    .set({
      rowsDone: sql`${imports.rowsDone} + ${counts.rows}`,
      created: sql`${imports.created} + ${counts.created}`,
      updated: sql`${imports.updated} + ${counts.updated}`,
      skipped: sql`${imports.skipped} + ${counts.skipped}`,
      rejected: sql`${imports.rejected} + ${counts.rejected}`,
      rowsPerSecond: sql`(${imports.rowsDone} + ${counts.rows}) / greatest(extract(epoch from now() - ${imports.startedAt}), 0.001)`,
    })
    .where(and(eq(imports.workspaceId, workspaceId), eq(imports.id, id)));
}

/** Stages a batch of rows with one COPY, in a transaction of its own. */
export async function insertRows(db: Db, workspaceId: string, importId: string, rows: StagedRow[]) {
  if (rows.length === 0) return;
  await db.transaction((tx) =>
    copyInto(
      tx,
      importRows,
      rows.map((r) => ({
        workspaceId,
        importId,
        rowNo: r.rowNo,
        cells: r.cells,
        outcome: r.outcome,
        reason: r.reason,
      })),
    ),
  );
}

/** Rows after `afterRowNo` in file order, whatever their outcome. */
export async function rowsAfter(
  db: Db,
  workspaceId: string,
  importId: string,
  afterRowNo: number,
  limit: number,
) {
  return queryRows<{ row_no: number; cells: unknown; outcome: Outcome; reason: string | null }>(
    db,
    sql`select row_no, cells, outcome, reason from import_rows
        where workspace_id = ${workspaceId} and import_id = ${importId} and row_no > ${afterRowNo}
        order by row_no limit ${limit}`,
  );
}

/** Records what became of each row of a chunk. */
export async function setOutcomes(db: Db, workspaceId: string, importId: string, results: RowResult[]) {
  if (results.length === 0) return;
  // The chunk's range of rows, said outright: from the row numbers alone PostgreSQL, which knows
  // nothing of the values inside the JSON, hashed every staged row of the import for each chunk
  // (75 ms a chunk at 300,000 rows; 4 with the range).
  let first = results[0]!.rowNo;
  let last = first;
  for (const r of results) {
    if (r.rowNo < first) first = r.rowNo;
    if (r.rowNo > last) last = r.rowNo;
  }
  await db.execute(sql`
    update import_rows t set outcome = r.outcome, reason = r.reason, record_id = r.record_id, before = r.before
    from jsonb_to_recordset(${JSON.stringify(
      results.map((r) => ({
        row_no: r.rowNo,
        outcome: r.outcome,
        reason: r.reason,
        record_id: r.recordId,
        before: r.before,
      })),
    )}::jsonb) as r(row_no int, outcome text, reason text, record_id uuid, before jsonb)
    where t.workspace_id = ${workspaceId} and t.import_id = ${importId} and t.row_no = r.row_no
      and t.row_no between ${first} and ${last}`);
}

/** Replaces an updated row's before image (undo puts these fields back). */
export async function setBefore(
  db: Db,
  workspaceId: string,
  importId: string,
  rowNo: number,
  before: Record<string, unknown>,
) {
  await db.execute(sql`update import_rows set before = ${JSON.stringify(before)}::jsonb
    where workspace_id = ${workspaceId} and import_id = ${importId} and row_no = ${rowNo}`);
}

/** Rejected rows after `afterRowNo`, for the download. */
export async function rejectedAfter(
  db: Db,
  workspaceId: string,
  importId: string,
  afterRowNo: number,
  limit: number,
) {
  return queryRows<{ row_no: number; cells: unknown; reason: string | null }>(
    db,
    sql`select row_no, cells, reason from import_rows
        where workspace_id = ${workspaceId} and import_id = ${importId} and outcome = 'rejected'
          and row_no > ${afterRowNo}
        order by row_no limit ${limit}`,
  );
}

/**
 * Rows the run created or updated among rows `afterRowNo` + 1 to `throughRowNo`, for undo and for
 * links made after the run. A range of row numbers, not "the next n such rows": PostgreSQL, taking
 * the import for the few rows its statistics knew, collected and sorted every written row of the
 * import for each chunk (186 ms a chunk at the start of a 1,000,000-row undo).
 */
export async function writtenBetween(
  db: Db,
  workspaceId: string,
  importId: string,
  afterRowNo: number,
  throughRowNo: number,
) {
  return queryRows<{
    row_no: number;
    outcome: "created" | "updated";
    record_id: string;
    before: Record<string, unknown> | null;
    cells: unknown;
  }>(
    db,
    sql`select row_no, outcome, record_id, before, cells from import_rows
        where workspace_id = ${workspaceId} and import_id = ${importId}
          and row_no > ${afterRowNo} and row_no <= ${throughRowNo} and outcome in ('created', 'updated')
        order by row_no`,
  );
}

/** The number of an import's last staged row (0 if none). */
export async function lastRowNo(db: Db, workspaceId: string, importId: string) {
  const [row] = await queryRows<{ last: number | null }>(
    db,
    sql`select max(row_no) as last from import_rows where workspace_id = ${workspaceId} and import_id = ${importId}`,
  );
  return row?.last ?? 0;
}

export async function contactsMatching(
  db: Db,
  workspaceId: string,
  matchBy: string,
  values: string[],
): Promise<Map<string, string>> {
  const key = matchBy.startsWith("custom.") ? matchBy.slice("custom.".length) : null;
  return oldestMatching(
    db,
    sql`contacts`,
    workspaceId,
    values,
    key ? sql`c.custom ->> ${key}` : sql`c.email`,
  );
}

/**
 * The oldest live record of the table per value. A join on the values (not `in (subquery)`): with
 * statistics that know the workspace's size, the planner probes the column's index per value; with
 * statistics from before an import grew the workspace, it hashes the workspace's records, which
 * costs more but stays bounded (a probe per value planned from such statistics walked the whole
 * workspace per value). An import refreshes them as it doubles the table (see `runImport`).
 */
async function oldestMatching(db: Db, table: SQL, workspaceId: string, values: string[], column: SQL) {
  const matches = new Map<string, string>();
  if (values.length === 0) return matches;
  const rows = await queryRows<{ id: string; value: string }>(
    db,
    sql`select c.id, v.value from jsonb_array_elements_text(${JSON.stringify(values)}::jsonb) as v(value)
        join ${table} c on c.workspace_id = ${workspaceId} and c.deleted_at is null and ${column} = v.value
        order by c.created_at`,
  );
  for (const r of rows) if (!matches.has(r.value)) matches.set(r.value, r.id);
  return matches;
}

/** Live companies by one of their domains, lower-cased name or a custom field's value. */
export async function companiesMatching(
  db: Db,
  workspaceId: string,
  matchBy: string,
  values: string[],
): Promise<Map<string, string>> {
  if (values.length === 0) return new Map();
  if (matchBy === "domain") {
    // One overlap test against all the values, which the GIN index on domains answers in one scan
    // (a join probing it per value was planned as a scan of the workspace's companies per value).
    const { byDomain } = await companiesByNameOrDomain(db, workspaceId, [], values);
    return byDomain;
  }
  const key = matchBy.startsWith("custom.") ? matchBy.slice("custom.".length) : null;
  // The oldest company of a name wins, as when contacts are linked by name.
  return oldestMatching(
    db,
    sql`companies`,
    workspaceId,
    values,
    key ? sql`c.custom ->> ${key}` : sql`lower(c.name)`,
  );
}

/** Live companies by lower-cased name and by domain, for linking records to them. */
export async function companiesByNameOrDomain(
  db: Db,
  workspaceId: string,
  names: string[],
  domains: string[],
): Promise<{ byName: Map<string, string>; byDomain: Map<string, string> }> {
  const byName = new Map<string, string>();
  const byDomain = new Map<string, string>();
  if (names.length === 0 && domains.length === 0) return { byName, byDomain };
  const rows = await queryRows<{ id: string; name: string; domains: string[] }>(
    db,
    sql`select id, name, domains from companies
        where workspace_id = ${workspaceId} and deleted_at is null
          and (lower(name) in (select jsonb_array_elements_text(${JSON.stringify(names)}::jsonb))
            or domains && array(select jsonb_array_elements_text(${JSON.stringify(domains)}::jsonb)))
        order by created_at`,
  );
  for (const row of rows) {
    if (!byName.has(row.name.toLowerCase())) byName.set(row.name.toLowerCase(), row.id);
    for (const d of row.domains) if (!byDomain.has(d)) byDomain.set(d, row.id);
  }
  return { byName, byDomain };
}

/** The live companies among `ids` that have no parent company. */
export async function companiesWithoutParent(db: Db, workspaceId: string, ids: string[]) {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`select id from companies
        where workspace_id = ${workspaceId} and id = any(${sql.param(ids)}::uuid[])
          and parent_company_id is null and deleted_at is null`,
  );
  return new Set(rows.map((r) => r.id));
}

export async function deleteImport(db: Db, workspaceId: string, id: string) {
  await db.delete(imports).where(and(eq(imports.workspaceId, workspaceId), eq(imports.id, id)));
}

/**
 * Refreshes the planner's statistics of the table an import wrote many rows into. Until autovacuum
 * gets to it (after its nap, past its thresholds), PostgreSQL plans the next statements for the table
 * as it was, and a table it takes for a few rows it scans whole: measured, the undo of a 1,000,000-row
 * import into a new workspace trashed each 2,000-row chunk through a scan of every live contact (8 s a
 * chunk) instead of by primary key.
 */
export async function refreshStatistics(db: Db, object: ImportObject) {
  await db.execute(sql`analyze ${sql.identifier(object)}`);
  return estimatedRows(db, object);
}

/** The table's row count as its statistics last had it (0 if never analyzed). */
export async function estimatedRows(db: Db, object: ImportObject) {
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`select greatest(reltuples, 0)::float8 as n from pg_class where oid = ${object}::regclass`,
  );
  return Number(row?.n ?? 0);
}
