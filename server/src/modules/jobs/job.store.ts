import type { JobState } from "@rapport/core";
import { type SQL, sql } from "drizzle-orm";
import { type Db, queryRows } from "../../platform/db/index.ts";

/** A row of pg-boss's job table, as the admin screens read it. */
export type JobRow = {
  id: string;
  name: string;
  state: JobState;
  data: Record<string, unknown> | null;
  output: Record<string, unknown> | null;
  retry_count: number;
  retry_limit: number;
  priority: number;
  created_on: Date;
  start_after: Date;
  started_on: Date | null;
  completed_on: Date | null;
  /** created_on as text, exact to the microsecond, for the page cursor. */
  created_key: string;
};

const COLUMNS = sql.raw(
  "id, name, state, data, output, retry_count, retry_limit, priority, created_on, start_after, started_on, completed_on, created_on::text as created_key",
);

// Jobs are a workspace's when their payload names it; pg-boss has no tenant column of its own.
const ofWorkspace = (workspaceId: string, queues: string[]) =>
  sql`name = any(${sql.param(queues)}::text[]) and data->>'workspaceId' = ${workspaceId}`;

/** Jobs of a workspace in these queues, counted by queue and state. */
export async function countJobs(db: Db, workspaceId: string, queues: string[]) {
  return queryRows<{ name: string; state: JobState; count: number }>(
    db,
    sql`select name, state, count(*)::int as count from pgboss.job
        where ${ofWorkspace(workspaceId, queues)} group by name, state`,
  );
}

/** A page of a workspace's jobs, newest first, after the (created_key, id) of `after`. */
export async function listJobs(
  db: Db,
  workspaceId: string,
  queues: string[],
  query: { state?: JobState; limit: number; after?: { createdKey: string; id: string } },
) {
  const conditions: SQL[] = [ofWorkspace(workspaceId, queues)];
  if (query.state) conditions.push(sql`state = ${query.state}::pgboss.job_state`);
  if (query.after) {
    conditions.push(
      sql`(created_on, id) < (${query.after.createdKey}::timestamptz, ${query.after.id}::uuid)`,
    );
  }
  return queryRows<JobRow>(
    db,
    sql`select ${COLUMNS} from pgboss.job where ${sql.join(conditions, sql` and `)}
        order by created_on desc, id desc limit ${query.limit}`,
  );
}

export async function findJob(db: Db, workspaceId: string, queues: string[], id: string) {
  const [row] = await queryRows<JobRow>(
    db,
    sql`select ${COLUMNS} from pgboss.job where ${ofWorkspace(workspaceId, queues)} and id = ${id}::uuid`,
  );
  return row;
}
