import path from "node:path";
import { type SQL, sql } from "drizzle-orm";
import type { Config } from "../config.ts";
import { type Database, type Db, openPglite, openPostgres } from "./client.ts";
import { lockDataDir } from "./data-dir-lock.ts";
import { migrate } from "./migrate.ts";

export type { Database, Db } from "./client.ts";

/** Opens the configured database (PostgreSQL when DATABASE_URL is set, else embedded) and migrates it. */
export async function openDatabase(config: Pick<Config, "databaseUrl" | "dataDir">): Promise<Database> {
  if (config.databaseUrl) {
    const database = openPostgres(config.databaseUrl);
    await database.withConnection(migrate);
    return database;
  }
  const unlock = lockDataDir(config.dataDir);
  try {
    const database = await openPglite(path.join(config.dataDir, "pglite"));
    await database.withConnection(migrate);
    return {
      ...database,
      async close() {
        await database.close();
        unlock();
      },
    };
  } catch (error) {
    unlock();
    throw error;
  }
}

/** Rows of a raw SQL query, the same on PGlite and node-postgres. */
export async function queryRows<T>(db: Db, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

/**
 * The transaction's clock (`now()`, what the columns' defaults write), to the millisecond as the API
 * shows times: for building the records a set-based write returns without reading them back.
 */
export async function transactionClock(db: Db): Promise<Date> {
  const [clock] = await queryRows<{ now: string }>(
    db,
    sql`select to_char(now() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as now`,
  );
  return new Date(clock!.now);
}

/**
 * A text as a constant in the statement (dollar-quoted, with a tag the text does not hold), not a
 * parameter: for LIKE patterns whose selectivity decides the plan. PostgreSQL estimates a constant
 * from the column's statistics, and each distinct text is planned for itself, where a prepared
 * statement's generic plan would assume one selectivity for every pattern.
 */
export function textLiteral(text: string): SQL {
  let tag = "$t$";
  // The closing tag must first occur where it is put, also when the text ends in part of it.
  while ((text + tag).indexOf(tag) !== text.length) tag = `$${"t".repeat(tag.length - 1)}$`;
  return sql.raw(`${tag}${text}${tag}::text`);
}
