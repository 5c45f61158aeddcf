import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { getTableColumns, getTableName, is, SQL } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import type { Db } from "./client.ts";

/** One value in COPY's text format: `\N` for null, backslash escapes for the four special characters. */
function encode(value: unknown): string {
  if (value === null || value === undefined) return "\\N";
  const text = typeof value === "string" ? value : String(value);
  return /[\\\n\r\t]/.test(text)
    ? text.replace(/[\\\n\r\t]/g, (c) =>
        c === "\\" ? "\\\\" : c === "\n" ? "\\n" : c === "\r" ? "\\r" : "\\t",
      )
    : text;
}

type PgliteTransaction = {
  query(text: string, params: unknown[], options: { blob: Blob }): Promise<unknown>;
};

/** The connection under a Drizzle transaction: a node-postgres client, or PGlite's transaction. */
function connectionOf(tx: Db): pg.Client | PgliteTransaction {
  const client = (tx as unknown as { session: { client: unknown } }).session.client;
  if (client instanceof pg.Pool)
    throw new Error("copyInto runs inside a transaction (COPY needs one connection)");
  return client as pg.Client | PgliteTransaction;
}

/**
 * Inserts rows with one COPY … FROM STDIN (PGlite: from a blob), the fastest way into a table: no
 * statement per row, no parameter limit. Values go through each column's own driver mapping (JSON,
 * arrays, timestamps), so rows are written as Drizzle's insert would; columns a row leaves undefined
 * take the column's plain default, else null, and columns no row sets (or named in `except`, such as
 * those PostgreSQL computes) are left to the table. Runs in the caller's transaction; constraints,
 * generated columns and statement triggers (with their transition tables) apply as for an INSERT.
 */
export async function copyInto<T extends PgTable>(
  tx: Db,
  table: T,
  rows: T["$inferInsert"][],
  options: { except?: (keyof T["$inferSelect"])[] } = {},
) {
  if (rows.length === 0) return;
  const all = getTableColumns(table) as Record<string, PgColumn>;
  const except = new Set<string>(options.except as string[] | undefined);
  const keys = Object.keys(all).filter(
    (key) => !except.has(key) && rows.some((row) => (row as Record<string, unknown>)[key] !== undefined),
  );
  const columns = keys.map((key) => all[key]!);
  const defaults = columns.map((c) =>
    c.default !== undefined && !is(c.default, SQL) ? c.default : undefined,
  );
  // One string built cell by cell: a chunk's rows (thousands, tens of columns) would otherwise
  // allocate an array and a joined line per row.
  let text = "";
  for (const row of rows) {
    for (let i = 0; i < keys.length; i++) {
      let value = (row as Record<string, unknown>)[keys[i]!];
      if (value === undefined) value = defaults[i];
      if (i > 0) text += "\t";
      text += value === undefined || value === null ? "\\N" : encode(columns[i]!.mapToDriverValue(value));
    }
    text += "\n";
  }
  await copyFromText(
    tx,
    `${JSON.stringify(getTableName(table))} (${columns.map((c) => JSON.stringify(c.name)).join(", ")})`,
    [text],
  );
}

/**
 * `COPY target FROM STDIN [WITH options]` of data already in COPY's format, in the caller's
 * transaction: streamed on node-postgres, handed over as one blob on PGlite (which reads it whole).
 */
export async function copyFromText(
  tx: Db,
  target: string,
  data: Iterable<string | Buffer> | AsyncIterable<string | Buffer>,
  options = "",
) {
  const connection = connectionOf(tx);
  if (connection instanceof pg.Client) {
    await pipeline(Readable.from(data), connection.query(copyFrom(`COPY ${target} FROM STDIN ${options}`)));
    return;
  }
  const parts: (string | Uint8Array<ArrayBuffer>)[] = [];
  for await (const part of data) parts.push(typeof part === "string" ? part : new Uint8Array(part));
  await connection.query(`COPY ${target} FROM '/dev/blob' ${options}`, [], { blob: new Blob(parts) });
}
