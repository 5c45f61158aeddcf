import { createHash, randomBytes } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { readFile, rename } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { type Database, openPglite, openPostgres } from "../src/platform/db/client.ts";
import { listMigrations, MIGRATIONS_DIR, migrate } from "../src/platform/db/migrate.ts";

/**
 * A fresh, migrated database for one test file: in-memory PGlite by default, or a new database on
 * the server named by TEST_DATABASE_URL (dropped on close), so test files can run in parallel.
 *
 * Both start from a copy of a database migrated once per set of migrations (a PGlite image in the
 * temporary directory; a template database on the server) rather than migrating every time: the
 * test run spends its time on tests, not on initdb and migrations.
 */
export async function createTestDatabase(): Promise<Database> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) return openPglite(undefined, { image: await migratedImage() });
  const name = `rapport_test_${randomBytes(6).toString("hex")}`;
  await adminQuery(serverUrl, `create database ${name} template ${await migratedTemplate(serverUrl)}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = openPostgres(url.toString(), { max: 5 });
  return {
    ...database,
    async close() {
      await database.close();
      await adminQuery(serverUrl, `drop database if exists ${name} with (force)`);
    },
  };
}

/** What the migrated copy depends on: the migrations' text and the PGlite build. */
function migrationsKey(): string {
  const hash = createHash("sha256");
  for (const entry of listMigrations()) {
    hash.update(entry.tag).update(readFileSync(path.join(MIGRATIONS_DIR, `${entry.tag}.sql`)));
  }
  // The package's entry point is dist/index.*; its package.json (not exported) names the version.
  const entry = createRequire(import.meta.url).resolve("@electric-sql/pglite");
  hash.update(readFileSync(path.join(path.dirname(entry), "../package.json")));
  return hash.digest("hex").slice(0, 16);
}

/** The migrated PGlite image, made by whichever test file needs it first (written atomically). */
async function migratedImage(): Promise<Blob> {
  const file = path.join(tmpdir(), `rapport-test-pglite-${migrationsKey()}.tar`);
  try {
    return new Blob([await readFile(file)]);
  } catch {
    const database = await openPglite(undefined);
    await database.withConnection(migrate);
    const image = await database.image();
    await database.close();
    const partial = `${file}.${randomBytes(4).toString("hex")}`;
    writeFileSync(partial, Buffer.from(await image.arrayBuffer()));
    await rename(partial, file);
    return image;
  }
}

/**
 * The migrated template database on the server: built under a private name, then renamed into place,
 * so concurrent test files never clone a half-migrated one (a second builder's rename loses, harmlessly).
 */
async function migratedTemplate(serverUrl: string): Promise<string> {
  const name = `rapport_test_template_${migrationsKey()}`;
  const [exists] = await adminQuery(serverUrl, "select 1 from pg_database where datname = $1", [name]);
  if (exists) return name;
  const building = `${name}_${randomBytes(4).toString("hex")}`;
  await adminQuery(serverUrl, `create database ${building}`);
  const url = new URL(serverUrl);
  url.pathname = `/${building}`;
  const database = openPostgres(url.toString(), { max: 1 });
  try {
    await database.withConnection(migrate);
  } finally {
    await database.close();
  }
  try {
    await adminQuery(serverUrl, `alter database ${building} rename to ${name}`);
  } catch {
    await adminQuery(serverUrl, `drop database if exists ${building} with (force)`);
  }
  return name;
}

async function adminQuery(url: string, text: string, params: unknown[] = []) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, params)).rows;
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
