import { appendFileSync, createReadStream, mkdtempSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import type { ImportObject } from "@rapport/core";
import { sql } from "drizzle-orm";
import pg from "pg";
import { checkSettings, stageImport } from "../../server/src/modules/imports/import.service.ts";
import * as store from "../../server/src/modules/imports/import.store.ts";
import { runImport, runUndo } from "../../server/src/modules/imports/run-import.ts";
import { systemPrincipal } from "../../server/src/platform/auth/principal.ts";
import { type Database, openPglite, openPostgres } from "../../server/src/platform/db/client.ts";
import { copyFromText } from "../../server/src/platform/db/copy.ts";
import { migrate } from "../../server/src/platform/db/migrate.ts";
import { workspaces } from "../../server/src/platform/db/schema/index.ts";
import { newId } from "../../server/src/platform/ids.ts";

type Target = { label: string; open(): Promise<Database>; dispose(): Promise<void> };

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
    });
  }
  return list;
}

/** Six columns a row, each row a different record (the phone's digits repeat). */
const FILES: Record<ImportObject, { header: string; line: (i: number, phone: string) => string }> = {
  contacts: {
    header: "First Name,Last Name,Email,Phone,City,Job Title",
    line: (i, phone) => `First${i},Last${i},person${i}@example.org,${phone},Springfield,Engineer`,
  },
  companies: {
    header: "Company name,Website,Industry,Employees,Phone,City",
    line: (i, phone) => `Company ${i},company${i}.example.org,Software,${i % 5000},${phone},Springfield`,
  },
};

function writeCsv(object: ImportObject, rows: number): string {
  const dir = mkdtempSync(path.join(tmpdir(), "rapport-import-bench-"));
  const file = path.join(dir, `${object}.csv`);
  writeFileSync(file, `${FILES[object].header}\n`);
  // Written in slices, so that the file's text never sits whole in this process's memory.
  for (let from = 0; from < rows; from += 10_000) {
    const lines: string[] = [];
    for (let i = from; i < Math.min(rows, from + 10_000); i++)
      lines.push(`${FILES[object].line(i, `+1 415 555 ${String(i % 10000).padStart(4, "0")}`)}\n`);
    appendFileSync(file, lines.join(""));
  }
  return file;
}

const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

/**
 * Records (contacts, or companies with BENCH_IMPORT_OBJECT=companies) imported per second from one CSV file through the whole import (streamed staging by
 * COPY, then the run: mapping, validation, matching and the set-based write — a COPY per table
 * with history and outbox — chunk by chunk), beside a raw COPY of the same file into a bare table
 * through the same driver. Peak RSS of this process (it does the server's work) is sampled
 * during the import.
 */
export async function importBenchmark(
  target: Target,
  { rows, object = "contacts" }: { rows: number; object?: ImportObject },
) {
  const file = writeCsv(object, rows);
  const database = await target.open();
  await database.withConnection(migrate);
  let peakRss = 0;
  let sampler: NodeJS.Timeout | undefined;
  try {
    await database.db.execute(
      sql.raw("create table copy_bench (c1 text, c2 text, c3 text, c4 text, c5 text, c6 text)"),
    );
    const copyStarted = performance.now();
    await database.db.transaction((tx) =>
      copyFromText(tx, "copy_bench", createReadStream(file), "with (format csv, header true)"),
    );
    const copySeconds = (performance.now() - copyStarted) / 1000;
    await database.db.execute(sql.raw("drop table copy_bench"));

    const baselineRss = process.memoryUsage().rss;
    sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
    const workspaceId = newId();
    await database.db.insert(workspaces).values({ id: workspaceId, name: "Import bench" });
    const principal = systemPrincipal(workspaceId);
    const stageStarted = performance.now();
    const staged = await stageImport(database.db, principal, {
      object,
      fileName: `${object}.csv`,
      body: createReadStream(file),
      declaredBytes: statSync(file).size,
    });
    const stageSeconds = (performance.now() - stageStarted) / 1000;
    const stagePeak = peakRss;
    peakRss = 0;
    const imp = await store.findImport(database.db, workspaceId, staged.id);
    const { settings } = await checkSettings(database.db, imp!, staged.suggested);
    await store.updateImport(database.db, workspaceId, staged.id, { settings, status: "queued" });
    const runStarted = performance.now();
    const result = await runImport(database.db, staged.id, workspaceId);
    const runSeconds = (performance.now() - runStarted) / 1000;
    const runPeak = peakRss;
    peakRss = 0;
    if (!("created" in result) || result.created !== rows)
      throw new Error(`expected ${rows} created, got ${JSON.stringify(result)}`);
    const undoStarted = performance.now();
    await store.updateImport(database.db, workspaceId, staged.id, { status: "undoing" });
    await runUndo(database.db, staged.id, workspaceId);
    const undoSeconds = (performance.now() - undoStarted) / 1000;
    clearInterval(sampler);
    const undoPeak = peakRss;
    const perSecond = (seconds: number) => Math.round(rows / seconds);
    console.log(`\nImport of ${rows.toLocaleString()} CSV rows into ${object} — ${target.label}`);
    console.table([
      { step: "raw COPY of the file into a bare table", "rows/s": perSecond(copySeconds), "peak RSS MB": "" },
      {
        step: "stage (stream, decode, parse, COPY the rows)",
        "rows/s": perSecond(stageSeconds),
        "peak RSS MB": mb(stagePeak),
      },
      {
        step: "run (map, validate, match, COPY with history + outbox)",
        "rows/s": perSecond(runSeconds),
        "peak RSS MB": mb(runPeak),
      },
      {
        step: "import end to end (stage + run)",
        "rows/s": perSecond(stageSeconds + runSeconds),
        "peak RSS MB": "",
      },
      {
        step: "undo (trash every record, an event each)",
        "rows/s": perSecond(undoSeconds),
        "peak RSS MB": mb(undoPeak),
      },
    ]);
    console.log(
      `import end to end at ${((100 * copySeconds) / (stageSeconds + runSeconds)).toFixed(1)}% of raw COPY's rate; RSS ${mb(baselineRss)} MB before the import`,
    );
  } finally {
    clearInterval(sampler);
    await database.close();
    await target.dispose();
  }
}
