import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPostgres } from "../src/platform/db/client.ts";
import type { Database } from "../src/platform/db/index.ts";
import { migrate } from "../src/platform/db/migrate.ts";
import { JobQueue } from "../src/platform/jobs/queue.ts";
import { createLogger } from "../src/platform/log.ts";
import { queryRows } from "./database.ts";
import { FAULT_TABLES, faultJob } from "./fault-job.ts";

const serverUrl = process.env.TEST_DATABASE_URL;
const ENTRY = path.join(import.meta.dirname, "fault-worker.ts");
const JOBS = 60;
// Where the workers keep their generated secret.
const dataDir = mkdtempSync(path.join(tmpdir(), "rapport-crash-"));

type Worker = { child: ChildProcess; exited: Promise<number | null>; pid: number };

/** Starts a worker process and resolves once it polls. */
function startWorker(url: string): Promise<Worker> {
  const child = spawn(process.execPath, ["--import", "tsx", ENTRY], {
    env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: "warn", RAPPORT_DATA_DIR: dataDir },
    cwd: path.join(import.meta.dirname, ".."),
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    let out = "";
    let err = "";
    child.stdout!.on("data", (d) => {
      out += d;
      if (out.includes("worker is running")) resolve({ child, exited, pid: child.pid! });
    });
    child.stderr!.on("data", (d) => (err += d));
    void exited.then((code) => reject(new Error(`worker exited with ${code}: ${err}`)));
  });
}

async function until(check: () => Promise<boolean>, ms: number, what: string) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

// Several processes on one database: PGlite belongs to one process, so this needs PostgreSQL.
describe.skipIf(!serverUrl)("worker crash (PostgreSQL only: PGlite cannot be shared by processes)", () => {
  const name = `rapport_crash_${randomBytes(5).toString("hex")}`;
  let url: string;
  let database: Database;
  let queue: JobQueue;
  const workers: Worker[] = [];

  beforeAll(async () => {
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const u = new URL(serverUrl!);
    u.pathname = `/${name}`;
    url = u.toString();
    database = openPostgres(url, { max: 3 });
    await database.withConnection(migrate);
    await database.executeSql(FAULT_TABLES);
  });

  afterAll(async () => {
    for (const w of workers) w.child.kill("SIGKILL");
    await queue?.stop();
    await database?.close();
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  });

  it("SIGKILL mid-batch: another worker finishes the batch, each job's effect lands once", async () => {
    const [a, b] = await Promise.all([startWorker(url), startWorker(url)]);
    workers.push(a, b);
    queue = new JobQueue({ database, log: createLogger("silent"), definitions: [faultJob] });
    await queue.start({ workers: false });
    const ids: string[] = [];
    for (let n = 0; n < JOBS; n++) ids.push((await queue.enqueue(faultJob, { n }))!);

    const effects = async () =>
      Number((await queryRows<{ c: string }>(database, "select count(*) as c from fault_effects"))[0]!.c);
    // Kill A while it is busy: once the batch is under way and A has jobs in hand.
    await until(
      async () =>
        (await effects()) >= 10 &&
        (await queryRows(database, "select 1 from fault_runs where pid = $1", [a.pid])).length > 0,
      15_000,
      "the batch to be under way",
    );
    a.child.kill("SIGKILL");
    expect(await a.exited).toBe(null);
    const c = await startWorker(url);
    workers.push(c);

    await until(async () => (await effects()) === JOBS, 20_000, "every job's effect");

    const effectRows = await queryRows<{ job_id: string }>(database, "select job_id from fault_effects");
    expect(effectRows.map((r) => r.job_id).sort()).toEqual([...ids].sort());
    // Every job ran; one that ran twice started first in the killed worker (no two live workers
    // ever took the same job).
    const runs = await queryRows<{ job_id: string; pids: number[] }>(
      database,
      "select job_id, array_agg(pid order by at) as pids from fault_runs group by job_id",
    );
    expect(runs).toHaveLength(JOBS);
    for (const run of runs) {
      const live = run.pids.filter((pid) => pid !== a.pid);
      expect(live.length, `job ${run.job_id} runs ${run.pids.join(", ")}`).toBeLessThanOrEqual(1);
      if (run.pids.length > 1) expect(run.pids[0]).toBe(a.pid);
    }
    await until(
      async () =>
        (
          await queryRows(
            database,
            "select 1 from pgboss.job where name = 'fault.record' and state <> 'completed'",
          )
        ).length === 0,
      5_000,
      "every job marked completed",
    );

    // A graceful stop: the survivors exit cleanly on SIGTERM.
    b.child.kill("SIGTERM");
    c.child.kill("SIGTERM");
    expect(await Promise.all([b.exited, c.exited])).toEqual([0, 0]);
  }, 45_000);
});
