import http from "node:http";
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";
import { sql } from "drizzle-orm";
import pg from "pg";
import { to as copyTo } from "pg-copy-streams";
import type { Database } from "../../server/src/platform/db/client.ts";
import { benchApp, type Target } from "./records.bench.ts";

type Run = { rows: number; seconds: number; peakRssMb: number; startRssMb: number };

const mb = (bytes: number) => bytes / 1024 / 1024;

/** Samples the process's resident memory while `work` runs; the peak is what a download costs. */
async function withPeakRss(work: () => Promise<number>): Promise<Run> {
  globalThis.gc?.();
  const start = process.memoryUsage().rss;
  let peak = start;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  const t0 = performance.now();
  try {
    const rows = await work();
    return { rows, seconds: (performance.now() - t0) / 1000, peakRssMb: mb(peak), startRssMb: mb(start) };
  } finally {
    clearInterval(timer);
  }
}

/** Downloads a URL over a real socket, counting lines as they arrive and keeping none of them. */
function download(url: string, headers: Record<string, string>, separator: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers }, (response) => {
        if (response.statusCode !== 200) reject(new Error(`${url}: ${response.statusCode}`));
        let lines = 0;
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => {
          lines += chunk.split(separator).length - 1;
        });
        response.on("end", () => resolve(lines));
        response.on("error", reject);
      })
      .on("error", reject);
  });
}

/** The same rows as CSV by the database itself: COPY … TO, the floor an export cannot beat. */
async function rawCopy(database: Database, workspaceId: string, url: string | undefined): Promise<number> {
  const query = `copy (select * from contacts where workspace_id = '${workspaceId}' and deleted_at is null order by created_at desc, id desc) to stdout with (format csv, header)`;
  if (database.kind === "pglite" || !url) {
    // PGlite writes COPY … TO '/dev/blob' into memory; the work is the same.
    await database.executeSql(query.replace("to stdout", "to '/dev/blob'"), []);
    const [row] = await database
      .executeSql(
        `select count(*)::int as n from contacts where workspace_id = '${workspaceId}' and deleted_at is null`,
        [],
      )
      .then((r) => r.rows as { n: number }[]);
    return row!.n;
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const stream = client.query(copyTo(query));
    let lines = 0;
    for await (const chunk of stream) lines += (chunk as Buffer).toString("utf8").split("\n").length - 1;
    return lines - 1;
  } finally {
    await client.end();
  }
}

/**
 * Exports every contact of the seeded workspace through the API, streamed over a socket (as a
 * browser downloads it), in CSV and JSON, beside PostgreSQL's own COPY TO of the same rows; reports
 * rows per second and the process's peak resident memory during each.
 */
export async function exportBenchmark(target: Target, options: { contacts: number }) {
  const database = await target.open();
  try {
    const { ws, app, headers, close } = await benchApp(database, options.contacts);
    await app.listen({ port: 0, host: "127.0.0.1" });
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/api/v1/contacts/export`;
    let dbUrl: string | undefined;
    if (database.kind === "postgres" && process.env.BENCH_DATABASE_URL) {
      const u = new URL(process.env.BENCH_DATABASE_URL);
      u.pathname = `/rapport_bench_${options.contacts}`;
      dbUrl = u.toString();
    }
    await database.db.execute(sql`select 1`);
    const runs: [string, Run][] = [
      [
        "API export, CSV",
        await withPeakRss(async () => (await download(`${base}?format=csv`, headers, "\r\n")) - 1),
      ],
      [
        "API export, JSON",
        await withPeakRss(async () => (await download(`${base}?format=json`, headers, "\n")) - 2),
      ],
      ["SQL COPY TO (CSV)", await withPeakRss(() => rawCopy(database, ws, dbUrl))],
    ];
    console.log(`\nExport on ${target.label}: ${options.contacts.toLocaleString("en")} contacts`);
    console.log(
      `${"operation".padEnd(24)} ${"rows".padStart(10)} ${"seconds".padStart(8)} ${"rows/s".padStart(9)} ${"RSS start MB".padStart(13)} ${"RSS peak MB".padStart(12)}`,
    );
    for (const [name, r] of runs) {
      console.log(
        `${name.padEnd(24)} ${r.rows.toLocaleString("en").padStart(10)} ${r.seconds.toFixed(2).padStart(8)} ${Math.round(
          r.rows / r.seconds,
        )
          .toLocaleString("en")
          .padStart(9)} ${r.startRssMb.toFixed(0).padStart(13)} ${r.peakRssMb.toFixed(0).padStart(12)}`,
      );
    }
    await close();
  } finally {
    await database.close();
  }
}
