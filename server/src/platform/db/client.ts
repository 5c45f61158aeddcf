import { mkdirSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { btree_gin } from "@electric-sql/pglite/contrib/btree_gin";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { unaccent } from "@electric-sql/pglite/contrib/unaccent";
import { FUZZY_MATCH_THRESHOLD } from "@rapport/core";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import pg from "pg";
import type { SqlRunner } from "./migrate.ts";
import { prepareRepeatedStatements } from "./prepared-statements.ts";
import * as schema from "./schema/index.ts";

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

/** An open database: Drizzle for the application, plus what operations need (migrations, stats, close). */
export type Database = {
  db: Db;
  kind: "pglite" | "postgres";
  /** Runs `work` on one dedicated connection (advisory locks are per connection). */
  withConnection<T>(work: (runner: SqlRunner) => Promise<T>): Promise<T>;
  /**
   * Raw SQL for libraries that bring their own (the pg-boss job queue): parameterless text may hold
   * several statements; the rows are those of the last one.
   */
  executeSql(text: string, values?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
  poolStats(): { total: number; idle: number; waiting: number };
  /**
   * Subscribes to a NOTIFY channel (a plain identifier) until the returned function is called.
   * `reset` runs whenever notifications may have been missed (the listening connection was lost).
   */
  listen(channel: string, handlers: ChannelHandlers): Promise<() => Promise<void>>;
  close(): Promise<void>;
};

/**
 * Every connection matches search text (`<%`) at the same pg_trgm word-similarity threshold, so the
 * search endpoint and list filters (`matches`) need no per-query setting.
 */
const SEARCH_SETTING = `pg_trgm.word_similarity_threshold=${FUZZY_MATCH_THRESHOLD}`;

export type ChannelHandlers = { message(payload: string): void; reset(): void };

const RELISTEN_DELAY_MS = 1000;

/** LISTEN on its own connection (not one of the pool's), reconnecting after a loss. */
function listenOnPostgres(url: string, channel: string, handlers: ChannelHandlers) {
  if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`Not a channel name: ${channel}`);
  let client: pg.Client | null = null;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;
  const lost = () => {
    if (stopped) return;
    client = null;
    handlers.reset();
    retry ??= setTimeout(() => {
      retry = undefined;
      void connect().catch(lost);
    }, RELISTEN_DELAY_MS);
    retry.unref();
  };
  const connect = async () => {
    const next = new pg.Client({ connectionString: url, application_name: "rapport-listen" });
    next.on("notification", (n) => n.channel === channel && handlers.message(n.payload ?? ""));
    next.on("error", lost);
    next.on("end", lost);
    await next.connect();
    await next.query(`LISTEN ${channel}`);
    if (stopped) return void (await next.end());
    client = next;
    handlers.reset();
  };
  return connect().then(() => async () => {
    stopped = true;
    clearTimeout(retry);
    await client?.end().catch(() => undefined);
  });
}

/** PostgreSQL server through a node-postgres pool. */
export function openPostgres(url: string, options: { max?: number } = {}): Database {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    application_name: "rapport",
    options: `-c ${SEARCH_SETTING}`,
  });
  // An idle client losing its connection must not crash the process; the pool replaces it.
  pool.on("error", () => {});
  prepareRepeatedStatements(pool);
  return {
    db: drizzlePg({ client: pool, schema }) as unknown as Db,
    kind: "postgres",
    async withConnection(work) {
      const client = await pool.connect();
      try {
        return await work({
          exec: async (text) => {
            await client.query(text);
          },
          rows: async (text, params) => (await client.query(text, params as unknown[])).rows,
        });
      } finally {
        client.release();
      }
    },
    async executeSql(text, values) {
      const result = (await pool.query(text, values)) as pg.QueryResult | pg.QueryResult[];
      return { rows: Array.isArray(result) ? (result.at(-1)?.rows ?? []) : result.rows };
    },
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    listen: (channel, handlers) => listenOnPostgres(url, channel, handlers),
    close: () => pool.end(),
  };
}

/** An embedded database, which can also be saved whole as an image (a tarball of its data directory). */
export type PgliteDatabase = Database & { image(): Promise<Blob> };

/**
 * Embedded PostgreSQL (PGlite). `dataDir` undefined keeps it in memory; `image` starts it from a
 * saved image instead of an empty cluster (tests start from a migrated one: quicker than initdb).
 */
export async function openPglite(
  dataDir: string | undefined,
  options: { image?: Blob } = {},
): Promise<PgliteDatabase> {
  if (dataDir) mkdirSync(path.dirname(dataDir), { recursive: true });
  // The extensions search needs (the search migration creates them); PostgreSQL ships them in contrib.
  const extensions = { pg_trgm, unaccent, btree_gin };
  const client = await PGlite.create({
    extensions,
    ...(dataDir ? { dataDir } : {}),
    ...(options.image ? { loadDataDir: options.image } : {}),
  });
  await client.exec(`set ${SEARCH_SETTING}`);
  let pending = 0;
  return {
    db: drizzlePglite({ client, schema }) as unknown as Db,
    kind: "pglite",
    async withConnection(work) {
      pending++;
      try {
        return await work({
          exec: async (text) => {
            await client.exec(text);
          },
          rows: async (text, params) => (await client.query(text, params as unknown[])).rows as never,
        });
      } finally {
        pending--;
      }
    },
    // PGlite's `query` takes one statement; `exec` takes several but no parameters.
    async executeSql(text, values) {
      if (values && values.length > 0) {
        return { rows: (await client.query<Record<string, unknown>>(text, values)).rows };
      }
      const results = await client.exec(text);
      return { rows: (results.at(-1)?.rows ?? []) as Record<string, unknown>[] };
    },
    poolStats: () => ({ total: 1, idle: pending === 0 ? 1 : 0, waiting: Math.max(0, pending - 1) }),
    async listen(channel, handlers) {
      // One process owns an embedded database, so no notification can be missed.
      const unlisten = await client.listen(channel, handlers.message);
      return () => unlisten();
    },
    image: () => client.dumpDataDir("none"),
    close: () => client.close(),
  };
}
