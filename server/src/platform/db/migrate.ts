import { readFileSync } from "node:fs";
import path from "node:path";

/** The little a migration needs from a connection; implemented for node-postgres and PGlite. */
export type SqlRunner = {
  exec(text: string): Promise<void>;
  rows<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
};

type JournalEntry = { idx: number; tag: string };

export const MIGRATIONS_DIR = path.join(import.meta.dirname, "../../../migrations");
// Any fixed number: every Rapport process asks for the same lock before migrating.
const MIGRATION_LOCK = 7_214_613;

export function listMigrations(dir = MIGRATIONS_DIR): JournalEntry[] {
  const journal = JSON.parse(readFileSync(path.join(dir, "meta/_journal.json"), "utf8")) as {
    entries: JournalEntry[];
  };
  return journal.entries.sort((a, b) => a.idx - b.idx);
}

/**
 * Applies the checked-in migrations that are not yet applied, each in its own transaction, under an
 * advisory lock so that processes starting together migrate exactly once.
 */
export async function migrate(runner: SqlRunner, dir = MIGRATIONS_DIR): Promise<string[]> {
  await runner.rows("select pg_advisory_lock($1)", [MIGRATION_LOCK]);
  try {
    await runner.exec(`create table if not exists rapport_migrations (
      idx integer primary key,
      tag text not null,
      applied_at timestamptz not null default now()
    )`);
    const done = new Set(
      (await runner.rows<{ idx: number }>("select idx from rapport_migrations")).map((r) => r.idx),
    );
    const applied: string[] = [];
    for (const entry of listMigrations(dir)) {
      if (done.has(entry.idx)) continue;
      const text = readFileSync(path.join(dir, `${entry.tag}.sql`), "utf8").replaceAll(
        "--> statement-breakpoint",
        "",
      );
      await runner.exec("begin");
      try {
        await runner.exec(text);
        await runner.rows("insert into rapport_migrations (idx, tag) values ($1, $2)", [
          entry.idx,
          entry.tag,
        ]);
        await runner.exec("commit");
      } catch (error) {
        await runner.exec("rollback");
        throw new Error(`Migration ${entry.tag} failed: ${(error as Error).message}`, { cause: error });
      }
      applied.push(entry.tag);
    }
    return applied;
  } finally {
    await runner.rows("select pg_advisory_unlock($1)", [MIGRATION_LOCK]);
  }
}

/** Number of checked-in migrations not yet applied (for /readyz). */
export async function pendingMigrations(runner: SqlRunner, dir = MIGRATIONS_DIR): Promise<number> {
  const exists = await runner.rows<{ t: string | null }>("select to_regclass('rapport_migrations') as t");
  if (!exists[0]?.t) return listMigrations(dir).length;
  const done = new Set(
    (await runner.rows<{ idx: number }>("select idx from rapport_migrations")).map((r) => r.idx),
  );
  return listMigrations(dir).filter((e) => !done.has(e.idx)).length;
}
