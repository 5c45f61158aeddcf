import { type SQL, sql } from "drizzle-orm";
import PgBoss from "pg-boss";
import type { Database, Db } from "../db/index.ts";
import { OutboxRelay, type Subscriber } from "../events/relay.ts";
import { newId } from "../ids.ts";
import type { Logger } from "../log.ts";
import type { AnyJobDefinition, EnqueueOptions, JobDefinition } from "./job.ts";

/** pg-boss keeps its tables in this schema, beside Rapport's. */
export const JOBS_SCHEMA = "pgboss";

// A worker asks for new jobs this often when its queue is empty (pg-boss's floor is 0.5 s); a worker
// that just finished a job asks again at once, and enqueueing in the same process wakes it.
const POLL_SECONDS = 0.5;
// How often one of the worker processes fails jobs past their visibility timeout (so their retry
// can start) and archives finished ones. It is one cheap query per process per period, and only one
// process per period does the work.
const MAINTENANCE_SECONDS = 10;
// Failed jobs stay in the queue, visible to admins for retry, this long before pg-boss archives them.
const FAILED_KEPT_SECONDS = 30 * 24 * 3600;
const COMPLETED_KEPT_SECONDS = 24 * 3600;
// On stop, in-flight jobs get this long to finish before they are released (failed, so retried).
const STOP_GRACE_MS = 10_000;
// Any fixed number, distinct from the migration lock.
const INSTALL_LOCK = 7_214_614;

export type JobQueueOptions = {
  database: Database;
  log: Logger;
  definitions: readonly AnyJobDefinition[];
  /** Consumers of the outbox's record events; processes running workers also run the relay to them. */
  subscribers?: readonly Subscriber[];
};

/**
 * The background job queue, on pg-boss in the application's database (PGlite or PostgreSQL): jobs
 * are rows taken with `FOR UPDATE SKIP LOCKED`, so any number of worker processes share the work and
 * no job runs twice at once; one whose worker died is retried after its visibility timeout.
 */
export class JobQueue {
  readonly definitions: ReadonlyMap<string, AnyJobDefinition>;
  private boss: PgBoss | undefined;
  private readonly workerIds = new Map<string, string[]>();
  private readonly database: Database;
  private readonly log: Logger;
  /** Hands outbox events to the subscribers; started with the workers. */
  readonly relay: OutboxRelay;

  constructor({ database, log, definitions, subscribers = [] }: JobQueueOptions) {
    this.database = database;
    this.log = log.child({ component: "jobs" });
    // Jobs the subscribers write in the relay's transaction become visible when it commits: wake
    // their workers then rather than at their next poll.
    const enqueuedByRelay = new Set<string>();
    this.relay = new OutboxRelay({
      database,
      log,
      subscribers,
      enqueue: (job, payload, options) => {
        enqueuedByRelay.add(job.name);
        return this.enqueue(job, payload, options);
      },
      afterCommit: () => {
        for (const name of enqueuedByRelay) this.wake(name);
        enqueuedByRelay.clear();
      },
    });
    const byName = new Map<string, AnyJobDefinition>();
    for (const definition of definitions) {
      if (!/^[\w.-]+$/.test(definition.name)) throw new Error(`Bad job name '${definition.name}'`);
      if (byName.has(definition.name)) throw new Error(`Job '${definition.name}' is defined twice`);
      byName.set(definition.name, definition);
    }
    this.definitions = byName;
  }

  /**
   * Installs or upgrades the queue's tables, creates the queues and cron schedules, and with
   * `workers` runs this process's workers, cron clock and maintenance. Without, the process only
   * enqueues and reads (tests, or `rapport serve` with RAPPORT_WORKERS=off).
   */
  async start({ workers }: { workers: boolean }): Promise<void> {
    if (this.boss) throw new Error("The job queue is already started");
    const boss = new PgBoss({
      db: { executeSql: (text, values) => this.database.executeSql(text, values) },
      schema: JOBS_SCHEMA,
      migrate: true,
      supervise: workers,
      schedule: workers,
      maintenanceIntervalSeconds: MAINTENANCE_SECONDS,
      archiveCompletedAfterSeconds: COMPLETED_KEPT_SECONDS,
      archiveFailedAfterSeconds: FAILED_KEPT_SECONDS,
      cronMonitorIntervalSeconds: 30,
    });
    // pg-boss reports failures of its own loops (polling, maintenance) as events; without a
    // listener an EventEmitter would throw them.
    boss.on("error", (error) => this.log.error({ err: error }, "job queue error"));
    this.boss = boss;
    // pg-boss installs its schema under a transaction-level advisory lock, yet two processes
    // installing it at once can still collide on `CREATE SCHEMA` (seen with a server and workers
    // starting together on a fresh database): a session lock of our own serializes installing.
    await this.database.withConnection(async (runner) => {
      await runner.rows("select pg_advisory_lock($1)", [INSTALL_LOCK]);
      try {
        await boss.start();
        await this.createQueues(boss);
      } finally {
        await runner.rows("select pg_advisory_unlock($1)", [INSTALL_LOCK]);
      }
    });
    if (workers) {
      // Jobs left running by a crashed worker whose visibility timeout has passed are released for
      // their retry now, rather than at the first maintenance.
      await boss.expire();
      for (const definition of this.definitions.values()) await this.work(definition);
      await this.relay.start();
      await this.catchUpCron();
    }
    this.log.info({ queues: [...this.definitions.keys()], workers }, "job queue started");
  }

  /** Adds a job; its id, or null when a singleton rule dropped it as a duplicate. */
  async enqueue<P>(job: JobDefinition<P>, payload: P, options: EnqueueOptions = {}): Promise<string | null> {
    const boss = this.started();
    const definition = this.definitions.get(job.name);
    if (definition !== job) throw new Error(`Job '${job.name}' is not registered with this queue`);
    const data = job.payload.parse(payload) as object;
    if (job.scope === "workspace" && typeof (data as { workspaceId?: unknown }).workspaceId !== "string") {
      throw new Error(`Job '${job.name}' is a workspace job: its payload needs a workspaceId`);
    }
    const singletonKey = options.singletonKey ?? job.singletonKey?.(data as P);
    const id = await boss.send(job.name, data, {
      id: newId(),
      priority: options.priority ?? job.priority ?? 0,
      ...(options.startAfter !== undefined ? { startAfter: options.startAfter } : {}),
      ...(singletonKey !== undefined ? { singletonKey } : {}),
      ...(options.singletonSeconds !== undefined ? { singletonSeconds: options.singletonSeconds } : {}),
      ...(options.tx ? { db: transactionSql(options.tx) } : {}),
    });
    this.log.debug({ job: job.name, jobId: id }, id ? "job enqueued" : "job dropped as a duplicate");
    // Workers of this process pick it up now rather than at their next poll; a job written in a
    // transaction is not visible yet, so they will find it at their next poll instead.
    if (id && !options.tx && options.startAfter === undefined) this.wake(job.name);
    return id;
  }

  /** Enqueues `job` on a cron schedule (UTC), replacing its previous schedule. */
  async schedule<P>(job: JobDefinition<P>, cron: string, payload: P): Promise<void> {
    await this.started().schedule(job.name, cron, job.payload.parse(payload) as object, { tz: "UTC" });
  }

  /** Makes a failed job run again (one more attempt). False if it is not failed. */
  async retry(name: string, id: string): Promise<boolean> {
    const result = (await this.started().retry(name, id)) as unknown as { affected: number };
    return result.affected > 0;
  }

  /** Cancels a job that has not finished. False if it had. */
  async cancel(name: string, id: string): Promise<boolean> {
    const result = (await this.started().cancel(name, id)) as unknown as { affected: number };
    return result.affected > 0;
  }

  /**
   * Stops polling and lets in-flight jobs finish for a few seconds; those still running are released
   * (failed, so retried by a worker elsewhere or after a restart). The database stays open.
   */
  async stop(): Promise<void> {
    const boss = this.boss;
    if (!boss) return;
    await this.relay.stop();
    this.workerIds.clear();
    // Still usable meanwhile: a job finishing during the grace period may enqueue its follow-up.
    await boss.stop({ graceful: true, wait: true, close: false, timeout: STOP_GRACE_MS });
    this.boss = undefined;
    this.log.info("job queue stopped");
  }

  private async createQueues(boss: PgBoss) {
    for (const definition of this.definitions.values()) {
      const options = {
        name: definition.name,
        policy: definition.policy ?? "standard",
        retryLimit: definition.retryLimit ?? 3,
        retryDelay: definition.retryDelaySeconds ?? 10,
        retryBackoff: definition.retryBackoff ?? true,
        expireInSeconds: definition.expireInSeconds ?? 15 * 60,
      };
      await boss.createQueue(definition.name, options);
      await boss.updateQueue(definition.name, options);
      if (definition.cron) {
        await boss.schedule(
          definition.name,
          definition.cron.schedule,
          definition.payload.parse(definition.cron.payload),
          {
            tz: "UTC",
          },
        );
      }
    }
  }

  /** Enqueues the cron jobs that run at start (see JobDefinition.cron.atStart), once per their window. */
  private async catchUpCron() {
    for (const definition of this.definitions.values()) {
      const atStart = definition.cron?.atStart;
      if (!atStart) continue;
      await this.enqueue(definition, definition.cron!.payload, {
        singletonKey: "at-start",
        singletonSeconds: atStart.onceInSeconds,
      });
    }
  }

  private started(): PgBoss {
    if (!this.boss) throw new Error("The job queue is not started");
    return this.boss;
  }

  private wake(name: string) {
    for (const id of this.workerIds.get(name) ?? []) this.boss?.notifyWorker(id);
  }

  // One polling loop per unit of concurrency, each taking one job at a time, so a slow job holds up
  // only its own loop.
  private async work(definition: AnyJobDefinition) {
    const boss = this.started();
    const ids: string[] = [];
    this.workerIds.set(definition.name, ids);
    for (let i = 0; i < (definition.concurrency ?? 1); i++) {
      let workerId: string | undefined;
      workerId = await boss.work<object>(
        definition.name,
        { batchSize: 1, includeMetadata: true, pollingIntervalSeconds: POLL_SECONDS },
        async ([job]) => {
          try {
            return job ? await this.run(definition, job) : undefined;
          } finally {
            // A job was there, so more may be: ask again now instead of sleeping out the interval.
            if (workerId) boss.notifyWorker(workerId);
          }
        },
      );
      ids.push(workerId);
    }
  }

  private async run(definition: AnyJobDefinition, job: PgBoss.JobWithMetadata<object>) {
    const attempt = job.retryCount + 1;
    const log = this.log.child({ job: definition.name, jobId: job.id, attempt });
    const started = performance.now();
    try {
      const payload = definition.payload.parse(job.data);
      const output = await definition.handler(payload, {
        db: this.database.db,
        log,
        jobId: job.id,
        attempt,
        enqueue: (next, nextPayload, options) => this.enqueue(next, nextPayload, options),
      });
      log.debug({ durationMs: Math.round(performance.now() - started) }, "job completed");
      return output;
    } catch (error) {
      const final = job.retryCount >= job.retryLimit;
      log[final ? "error" : "warn"](
        { err: error, durationMs: Math.round(performance.now() - started) },
        final ? "job failed for good" : "job failed; it will be retried",
      );
      throw error;
    }
  }
}

/**
 * pg-boss's `db` option over a Drizzle transaction, so a job is written in the caller's transaction.
 * pg-boss numbers its parameters ($1…$19, some used twice); Drizzle numbers its own, so each `$n` is
 * replaced by a Drizzle parameter holding the nth value.
 */
export function transactionSql(tx: Db): PgBoss.Db {
  return {
    async executeSql(text, values = []) {
      const parts = text.split(/\$(\d+)/);
      const chunks: SQL[] = [];
      for (let i = 0; i < parts.length; i++) {
        if (i % 2 === 0) chunks.push(sql.raw(parts[i]!));
        else chunks.push(sql`${sql.param(values[Number(parts[i]) - 1])}`);
      }
      const result = (await tx.execute(sql.join(chunks))) as unknown as { rows: unknown[] };
      return { rows: result.rows };
    },
  };
}
