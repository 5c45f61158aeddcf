import { JOB_STATES, type JobCounts, type JobDto, type JobListQuery, type JobQueueDto } from "@rapport/core";
import type { z } from "zod";
import type { Principal } from "../../platform/auth/principal.ts";
import type { Db } from "../../platform/db/index.ts";
import { AppError, invalidFields, notFound } from "../../platform/errors.ts";
import type { JobQueue } from "../../platform/jobs/queue.ts";
import { toJobDto } from "./job.presenter.ts";
import * as store from "./job.store.ts";

type Deps = { db: Db; jobs: JobQueue };

/** The queues a workspace may see: those of workspace jobs. System-wide jobs belong to no workspace. */
const workspaceQueues = (jobs: JobQueue) =>
  [...jobs.definitions.values()].filter((d) => d.scope === "workspace");

const zeroCounts = (): JobCounts => Object.fromEntries(JOB_STATES.map((s) => [s, 0])) as JobCounts;

export async function listQueues({ db, jobs }: Deps, principal: Principal): Promise<JobQueueDto[]> {
  const queues = workspaceQueues(jobs);
  const rows = await store.countJobs(
    db,
    principal.workspaceId,
    queues.map((q) => q.name),
  );
  return queues.map((queue) => {
    const counts = zeroCounts();
    for (const row of rows) if (row.name === queue.name) counts[row.state] = row.count;
    return { name: queue.name, description: queue.description, counts };
  });
}

export async function listJobs(
  { db, jobs }: Deps,
  principal: Principal,
  query: z.output<typeof JobListQuery>,
): Promise<{ data: JobDto[]; nextCursor: string | null }> {
  const names = workspaceQueues(jobs).map((q) => q.name);
  if (query.queue !== undefined && !names.includes(query.queue)) {
    throw invalidFields([{ path: "query.queue", message: `No such queue; one of ${names.join(", ")}` }]);
  }
  const rows = await store.listJobs(db, principal.workspaceId, query.queue ? [query.queue] : names, {
    state: query.state,
    limit: query.limit + 1,
    after: query.cursor === undefined ? undefined : decodeCursor(query.cursor),
  });
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    data: page.map(toJobDto),
    nextCursor: rows.length > query.limit && last ? encodeCursor(last.created_key, last.id) : null,
  };
}

/** Makes a failed job run again, with one more attempt. */
export async function retryJob(deps: Deps, principal: Principal, id: string): Promise<JobDto> {
  const job = await findOwnJob(deps, principal, id);
  if (job.state !== "failed" || !(await deps.jobs.retry(job.name, id))) {
    throw new AppError("conflict", `Only a failed job can be retried; this one is ${job.state}.`);
  }
  return toJobDto(await findOwnJob(deps, principal, id));
}

/**
 * Cancels a job that has not finished. A running job's handler is not interrupted, but its result
 * is discarded and it is not retried.
 */
export async function cancelJob(deps: Deps, principal: Principal, id: string): Promise<JobDto> {
  const job = await findOwnJob(deps, principal, id);
  const open = job.state === "created" || job.state === "retry" || job.state === "active";
  if (!open || !(await deps.jobs.cancel(job.name, id))) {
    throw new AppError(
      "conflict",
      `Only a waiting or running job can be cancelled; this one is ${job.state}.`,
    );
  }
  return toJobDto(await findOwnJob(deps, principal, id));
}

async function findOwnJob({ db, jobs }: Deps, principal: Principal, id: string) {
  const names = workspaceQueues(jobs).map((q) => q.name);
  const job = await store.findJob(db, principal.workspaceId, names, id);
  if (!job) throw notFound("job");
  return job;
}

const encodeCursor = (createdKey: string, id: string) =>
  Buffer.from(JSON.stringify([createdKey, id])).toString("base64url");

function decodeCursor(cursor: string): { createdKey: string; id: string } {
  try {
    const [createdKey, id] = JSON.parse(Buffer.from(cursor, "base64url").toString()) as unknown[];
    if (
      typeof createdKey === "string" &&
      /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d+)?[+-]\d{2}(:\d{2})?$/.test(createdKey) &&
      typeof id === "string" &&
      /^[0-9a-f-]{36}$/i.test(id)
    ) {
      return { createdKey, id };
    }
  } catch {
    // Falls through to the field error.
  }
  throw invalidFields([{ path: "query.cursor", message: "Not a cursor from this list; start without one" }]);
}
