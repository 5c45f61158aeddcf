import { randomUUID } from "node:crypto";
import PgBoss from "pg-boss";
import type { Database } from "../src/platform/db/index.ts";
import { JOBS_SCHEMA } from "../src/platform/jobs/queue.ts";

/**
 * A job that ran and failed for good, as a worker leaves it: sent through pg-boss with no retries,
 * marked started, and failed through pg-boss with `message`. The queue must exist (the app's JobQueue started).
 */
export async function insertFailedJob(
  database: Database,
  queue: string,
  data: Record<string, unknown>,
  message: string,
): Promise<string> {
  const boss = new PgBoss({
    db: { executeSql: (text, values) => database.executeSql(text, values) },
    schema: JOBS_SCHEMA,
    migrate: false,
    supervise: false,
    schedule: false,
  });
  await boss.start();
  try {
    // A key of its own, so that a waiting job of a `short` queue does not make this a duplicate.
    const id = await boss.send(queue, data, { retryLimit: 0, singletonKey: randomUUID() });
    if (!id) throw new Error(`could not send a job to ${queue}`);
    // What pg-boss's fetch does to the job it takes; fetch itself would take whichever job is first.
    await database.executeSql(
      `update ${JOBS_SCHEMA}.job set state = 'active', started_on = now() where name = $1 and id = $2`,
      [queue, id],
    );
    await boss.fail(queue, id, { message });
    return id;
  } finally {
    await boss.stop({ graceful: false, close: false });
  }
}
