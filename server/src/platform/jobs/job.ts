import type { z } from "zod";
import type { Db } from "../db/index.ts";
import type { Logger } from "../log.ts";

/**
 * What a queue guarantees to the jobs sharing it: `standard` runs every job; `short` keeps at most
 * one job per singleton key waiting; `singleton` runs at most one per key at a time; `stately` both.
 */
export type QueuePolicy = "standard" | "short" | "singleton" | "stately";

/** What a handler gets besides its payload. */
export type JobContext = {
  db: Db;
  log: Logger;
  jobId: string;
  /** 1 on the first run, 2 on the first retry, … */
  attempt: number;
  /** Enqueues follow-up jobs (for example the next batch of the same work). */
  enqueue: Enqueue;
};

export type EnqueueOptions = {
  /**
   * Writes the job in the caller's transaction, so it exists if and only if that commits. On PGlite
   * this is required inside a transaction: the embedded database has one connection, which the
   * transaction holds.
   */
  tx?: Db;
  /** Runs no earlier than this date, or this many seconds from now. */
  startAfter?: Date | number;
  priority?: number;
  /** With a `short`/`singleton`/`stately` queue: one job per key (see QueuePolicy). */
  singletonKey?: string;
  /** At most one job per key (or per queue without a key) in each window of this many seconds. */
  singletonSeconds?: number;
};

/** Adds a job; its id, or null when a singleton rule dropped it as a duplicate. */
export type Enqueue = <P>(
  job: JobDefinition<P>,
  payload: P,
  options?: EnqueueOptions,
) => Promise<string | null>;

/**
 * One kind of background work. `workspace` jobs carry `workspaceId` in their payload and are shown to
 * that workspace's admins; `system` jobs (sweeps across workspaces) are shown to no workspace.
 */
export type JobDefinition<P> = {
  /** The queue name, such as `trash.purge`: letters, digits, dots, dashes and underscores. */
  name: string;
  /** What it does, for admins (Settings → Jobs). */
  description: string;
  scope: P extends { workspaceId: string } ? "workspace" | "system" : "system";
  payload: z.ZodType<P>;
  /** Does the work; must be safe to run twice for one job (a crash after the work, before it is marked done, reruns it). Its result is kept as the job's output. */
  handler(payload: P, context: JobContext): Promise<Record<string, unknown> | undefined>;
  /** Retries after the first failure before the job ends `failed` (default 3). */
  retryLimit?: number;
  /** Seconds before the first retry (default 10); with `retryBackoff` (default true) it doubles each time, with jitter. */
  retryDelaySeconds?: number;
  retryBackoff?: boolean;
  /**
   * The visibility timeout: a run taking longer fails (and is retried), and a job whose worker died
   * is retried once this has passed (default 15 minutes).
   */
  expireInSeconds?: number;
  /** Default priority of its jobs; higher runs first (default 0). */
  priority?: number;
  policy?: QueuePolicy;
  /** The singleton key of a job unless `enqueue` gives one, such as its workspace (see QueuePolicy). */
  singletonKey?: (payload: P) => string;
  /** Jobs of this queue a worker process runs at once (default 1). */
  concurrency?: number;
  /**
   * Enqueued on this cron schedule (UTC) with `payload`, by whichever worker process gets there
   * first. A schedule passes unnoticed when no worker runs at that moment (a laptop asleep at
   * 03:17); with `atStart` a worker starting up enqueues it too (once per `atStart` seconds across
   * processes), so daily housekeeping is not skipped for as long as nothing runs at the hour.
   */
  cron?: { schedule: string; payload: P; atStart?: { onceInSeconds: number } };
};

/** Declares a job; the identity function, for type inference. */
export const defineJob = <P>(definition: JobDefinition<P>): JobDefinition<P> => definition;

// A type-erased definition, for registries holding jobs of several payload types.
// biome-ignore lint/suspicious/noExplicitAny: the payload type is checked by each definition's schema.
export type AnyJobDefinition = JobDefinition<any>;
