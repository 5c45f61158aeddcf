import { performance } from "node:perf_hooks";
import pg from "pg";
import { z } from "zod";
import { type Database, openPglite, openPostgres } from "../../server/src/platform/db/client.ts";
import { migrate } from "../../server/src/platform/db/migrate.ts";
import { defineJob } from "../../server/src/platform/jobs/job.ts";
import { JobQueue } from "../../server/src/platform/jobs/queue.ts";
import { createLogger } from "../../server/src/platform/log.ts";
import { measure } from "./measure.ts";

type Target = { label: string; open: () => Promise<Database>; dispose: () => Promise<void> };

/** A fresh database per run: an in-memory PGlite, or a scratch database on the server (dropped after). */
export function jobTargets(wanted = new Set(["pglite", "postgres"])): Target[] {
  const list: Target[] = [];
  if (wanted.has("pglite")) {
    list.push({ label: "PGlite (embedded)", open: () => openPglite(undefined), dispose: async () => {} });
  }
  const url = process.env.BENCH_DATABASE_URL;
  if (url && wanted.has("postgres")) {
    const name = "rapport_bench_jobs";
    const admin = async (text: string) => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query(text);
      await client.end();
    };
    list.push({
      label: "PostgreSQL",
      open: async () => {
        await admin(`drop database if exists ${name} with (force)`);
        await admin(`create database ${name}`);
        const target = new URL(url);
        target.pathname = `/${name}`;
        return openPostgres(target.toString(), { max: 10 });
      },
      dispose: () => admin(`drop database if exists ${name} with (force)`),
    });
  }
  return list;
}

const CONCURRENCY = 4;

/**
 * Jobs per second through the real queue (pg-boss on the target database): enqueueing one at a
 * time, draining a backlog with one worker process of CONCURRENCY loops, and the delay from enqueue
 * to the handler starting on an idle worker.
 */
export async function jobsBenchmark(target: Target, { n }: { n: number }) {
  const database = await target.open();
  await database.withConnection(migrate);
  const waiters = new Map<string, () => void>();
  const noop = defineJob({
    name: "bench.noop",
    description: "Does nothing (benchmark)",
    scope: "system",
    payload: z.object({ i: z.number(), key: z.string().optional() }),
    concurrency: CONCURRENCY,
    retryLimit: 0,
    handler: async ({ key }) => {
      if (key) waiters.get(key)?.();
      return undefined;
    },
  });
  const log = createLogger("silent");
  const count = async (states: string) =>
    Number(
      (
        await database.executeSql(
          `select count(*) as c from pgboss.job where name = 'bench.noop' and state in (${states})`,
        )
      ).rows[0]!.c,
    );
  try {
    const producer = new JobQueue({ database, log, definitions: [noop] });
    await producer.start({ workers: false });
    const enqueue = await measure("enqueue (one job per call)", n, (i) => producer.enqueue(noop, { i }));
    const tx = await measure("enqueue in the caller's transaction", Math.min(n, 200), (i) =>
      database.db.transaction((t) => producer.enqueue(noop, { i }, { tx: t })),
    );
    await producer.stop();

    const backlog = await count("'created'");
    const workers = new JobQueue({ database, log, definitions: [noop] });
    const started = performance.now();
    await workers.start({ workers: true });
    while ((await count("'created', 'retry', 'active'")) > 0) await new Promise((r) => setTimeout(r, 20));
    const drainSeconds = (performance.now() - started) / 1000;

    const latency = await measure("enqueue → handler starts (idle worker)", Math.min(n, 200), async (i) => {
      const key = `k${i}`;
      const ran = new Promise<void>((resolve) => waiters.set(key, resolve));
      await workers.enqueue(noop, { i, key });
      await ran;
      waiters.delete(key);
    });
    await workers.stop();

    const f = (x: number) => x.toFixed(2).padStart(8);
    console.log(`\nJobs — ${target.label}, ${CONCURRENCY} worker loops in one process`);
    console.log(
      `${"operation".padEnd(44)} ${"p50 ms".padStart(8)} ${"p95 ms".padStart(8)} ${"jobs/s".padStart(8)}`,
    );
    for (const m of [enqueue, tx, latency]) {
      console.log(`${m.name.padEnd(44)} ${f(m.p50)} ${f(m.p95)} ${m.perSecond.toFixed(0).padStart(8)}`);
    }
    console.log(
      `${`process a backlog of ${backlog} jobs`.padEnd(44)} ${"—".padStart(8)} ${"—".padStart(8)} ${(backlog / drainSeconds).toFixed(0).padStart(8)}`,
    );
  } finally {
    await database.close();
    await target.dispose();
  }
}
