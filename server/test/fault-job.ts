import { sql } from "drizzle-orm";
import { z } from "zod";
import { defineJob } from "../src/platform/jobs/job.ts";

/** Tables the fault test's job writes: every run, and the effect, once per job (idempotent by job id). */
export const FAULT_TABLES = `
  create table fault_runs (job_id uuid not null, pid int not null, at timestamptz not null default clock_timestamp());
  create table fault_effects (job_id uuid primary key, n int not null);
`;

/**
 * A test-only job for the worker crash test: records each run with the worker's pid, works for a
 * while, then writes its effect keyed by job id, so a rerun after a crash changes nothing. A short
 * visibility timeout makes a job of a killed worker come back within seconds.
 */
export const faultJob = defineJob({
  name: "fault.record",
  description: "Records its runs (tests)",
  scope: "system",
  payload: z.object({ n: z.number().int() }),
  concurrency: 4,
  expireInSeconds: 2,
  retryLimit: 5,
  retryDelaySeconds: 0,
  retryBackoff: false,
  handler: async ({ n }, { db, jobId }) => {
    await db.execute(sql`insert into fault_runs (job_id, pid) values (${jobId}, ${process.pid})`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await db.execute(
      sql`insert into fault_effects (job_id, n) values (${jobId}, ${n}) on conflict do nothing`,
    );
    return { n };
  },
});
