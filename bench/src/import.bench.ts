import { chmodSync, createReadStream, mkdtempSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import pg from "pg";
import { checkSettings, stageImport } from "../../server/src/modules/imports/import.service.ts";
import * as store from "../../server/src/modules/imports/import.store.ts";
import { runImport } from "../../server/src/modules/imports/run-import.ts";
import { systemPrincipal } from "../../server/src/platform/auth/principal.ts";
import { type Database, openPglite, openPostgres } from "../../server/src/platform/db/client.ts";
import { migrate } from "../../server/src/platform/db/migrate.ts";
import { workspaces } from "../../server/src/platform/db/schema/index.ts";
import { newId } from "../../server/src/platform/ids.ts";

type Target = { label: string; open(): Promise<Database>; dispose(): Promise<void>; copyUrl?: string };

/** PGlite, and PostgreSQL in a database of its own (BENCH_IMPORT_DB, default rapport_bench_import). */
export function importTargets(wanted: Set<string>): Target[] {
  const list: Target[] = [];
  if (wanted.has("pglite"))
    list.push({ label: "PGlite (embedded)", open: () => openPglite(undefined), dispose: async () => {} });
  const url = process.env.BENCH_DATABASE_URL;
  if (url && wanted.has("postgres")) {
    const name = process.env.BENCH_IMPORT_DB ?? "rapport_bench_import";
    const admin = async (text: string) => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query(text);
      await client.end();
    };
    const target = new URL(url);
    target.pathname = `/${name}`;
    list.push({
      label: "PostgreSQL",
      open: async () => {
        await admin(`drop database if exists ${name} with (force)`);
        await admin(`create database ${name}`);
        return openPostgres(target.toString(), { max: 10 });
      },
      dispose: () => admin(`drop database if exists ${name} with (force)`),
      copyUrl: target.toString(),
    });
  }
  return list;
}

function writeCsv(rows: number): string {
  const dir = mkdtempSync(path.join(tmpdir(), "rapport-import-bench-"));
  // Readable by the PostgreSQL server process, for the raw COPY baseline.
  chmodSync(dir, 0o755);
  const file = path.join(dir, "contacts.csv");
  const lines = ["First Name,Last Name,Email,Phone,City,Job Title"];
  for (let i = 0; i < rows; i++)
    lines.push(
      `First${i},Last${i},person${i}@example.org,+1 415 555 ${String(i % 10000).padStart(4, "0")},Springfield,Engineer`,
    );
  writeFileSync(file, `${lines.join("\n")}\n`, { mode: 0o644 });
  return file;
}

/**
 * Contacts imported per second from one CSV file through the whole import (streamed staging, then
 * the run: mapping, validation and the contact service's batch create with history and outbox),
 * beside a raw server-side COPY of the same file into a bare table. Peak RSS of this process (it is
 * the server's work) is sampled throughout.
 */
export async function importBenchmark(target: Target, { rows }: { rows: number }) {
  const file = writeCsv(rows);
  const database = await target.open();
  await database.withConnection(migrate);
  let peakRss = 0;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
  try {
    let copyPerSecond: number | null = null;
    if (target.copyUrl) {
      const client = new pg.Client({ connectionString: target.copyUrl });
      await client.connect();
      await client.query(
        "create table copy_bench (first text, last text, email text, phone text, city text, title text)",
      );
      const started = performance.now();
      try {
        await client.query(`copy copy_bench from '${file}' with (format csv, header true)`);
        copyPerSecond = rows / ((performance.now() - started) / 1000);
      } catch (error) {
        console.log(`raw COPY unavailable (${(error as Error).message})`);
      }
      await client.end();
    }
    const workspaceId = newId();
    await database.db.insert(workspaces).values({ id: workspaceId, name: "Import bench" });
    const principal = systemPrincipal(workspaceId);
    const stageStarted = performance.now();
    const staged = await stageImport(database.db, principal, {
      object: "contacts",
      fileName: "contacts.csv",
      body: createReadStream(file),
      declaredBytes: statSync(file).size,
    });
    const stageSeconds = (performance.now() - stageStarted) / 1000;
    const imp = await store.findImport(database.db, workspaceId, staged.id);
    const { settings } = await checkSettings(database.db, imp!, staged.suggested);
    await store.updateImport(database.db, workspaceId, staged.id, { settings, status: "queued" });
    const runStarted = performance.now();
    const result = await runImport(database.db, staged.id, workspaceId);
    const runSeconds = (performance.now() - runStarted) / 1000;
    if (!("created" in result) || result.created !== rows)
      throw new Error(`expected ${rows} created, got ${JSON.stringify(result)}`);
    console.log(`\nImport of ${rows.toLocaleString()} CSV rows — ${target.label}`);
    console.table([
      { step: "raw COPY into a bare table", "rows/s": copyPerSecond ? Math.round(copyPerSecond) : "n/a" },
      { step: "stage (stream, decode, parse, store rows)", "rows/s": Math.round(rows / stageSeconds) },
      { step: "run (map, validate, create with history + outbox)", "rows/s": Math.round(rows / runSeconds) },
      { step: "import end to end", "rows/s": Math.round(rows / (stageSeconds + runSeconds)) },
    ]);
    console.log(`peak RSS ${Math.round(peakRss / 1024 / 1024)} MB`);
  } finally {
    clearInterval(sampler);
    await database.close();
    await target.dispose();
  }
}
