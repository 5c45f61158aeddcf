import { randomBytes } from "node:crypto";
import pg from "pg";
import { type Database, openPglite, openPostgres } from "../src/platform/db/client.ts";
import { migrate } from "../src/platform/db/migrate.ts";

/**
 * A fresh, migrated database for one test file: in-memory PGlite by default, or a new database on
 * the server named by TEST_DATABASE_URL (dropped on close), so test files can run in parallel.
 */
export async function createTestDatabase(): Promise<Database> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    const database = await openPglite(undefined);
    await database.withConnection(migrate);
    return database;
  }
  const name = `rapport_test_${randomBytes(6).toString("hex")}`;
  await adminQuery(serverUrl, `create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = openPostgres(url.toString(), { max: 5 });
  await database.withConnection(migrate);
  return {
    ...database,
    async close() {
      await database.close();
      await adminQuery(serverUrl, `drop database if exists ${name} with (force)`);
    },
  };
}

async function adminQuery(url: string, text: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** Runs raw SQL against a test database, for assertions on what was (not) written. */
export function queryRows<T = Record<string, unknown>>(
  database: Database,
  text: string,
  params: unknown[] = [],
) {
  return database.withConnection((runner) => runner.rows<T>(text, params));
}
