import { asc, inArray, not, sql } from "drizzle-orm";
import type { Database, Db } from "../db/index.ts";
import { outboxEvents } from "../db/schema/index.ts";
import type { Enqueue } from "../jobs/job.ts";
import type { Logger } from "../log.ts";

export type OutboxEvent = typeof outboxEvents.$inferSelect;

/**
 * A consumer of record events (webhooks now; workflows, search and scoring later). `handle` runs in
 * the relay's transaction, which also marks the events relayed: whatever it writes there (rows,
 * jobs through `enqueue` with `tx`) happens exactly once per event. Work outside the database
 * belongs in a job it enqueues, and that job must be idempotent by event id.
 */
export type Subscriber = {
  name: string;
  handle(events: readonly OutboxEvent[], context: { tx: Db; enqueue: Enqueue; log: Logger }): Promise<void>;
};

/** The NOTIFY channel the outbox trigger (migration 0007) signals on each insert. */
export const OUTBOX_CHANNEL = "rapport_outbox";
const BATCH = 500;
// Any fixed number, distinct from the migration and job-install locks.
const RELAY_LOCK = 7_214_615;
// The safety net: a pass this often even without a notification (one lost with a connection).
const SWEEP_MS = 10_000;
// Another process holds the relay lock: try again this soon, in case it finished before our events committed.
const BUSY_RETRY_MS = 200;

/**
 * Hands committed outbox events to the subscribers, in `seq` order, in batches.
 *
 * Correctness rests on a per-event `relayed` marker, set in the same transaction as the subscribers'
 * writes, instead of a cursor on `seq`: identity values are taken at insert and transactions commit
 * in any order, so an event with a lower seq can become visible after a higher one was relayed; a
 * cursor would skip it, the marker leaves it unrelayed for the next pass. Only one process relays
 * at a time (a transaction-level advisory lock), so events of one record are handed over in order:
 * every change to a record locks its row before writing its event, so two events of one record
 * commit in seq order, and the earlier is visible whenever the later is.
 */
export class OutboxRelay {
  private readonly database: Database;
  private readonly log: Logger;
  private readonly subscribers: readonly Subscriber[];
  private readonly enqueue: Enqueue;
  private readonly afterCommit: () => void;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = true;
  private unlisten: (() => Promise<void>) | undefined;
  private sweep: NodeJS.Timeout | undefined;
  private retry: NodeJS.Timeout | undefined;

  constructor(options: {
    database: Database;
    log: Logger;
    subscribers: readonly Subscriber[];
    enqueue: Enqueue;
    /** Runs after each batch commits, such as to wake the workers of jobs the subscribers enqueued. */
    afterCommit?: () => void;
  }) {
    this.database = options.database;
    this.log = options.log.child({ component: "outbox-relay" });
    this.subscribers = options.subscribers;
    this.enqueue = options.enqueue;
    this.afterCommit = options.afterCommit ?? (() => {});
  }

  /** Listens for new events, relays those waiting, and sweeps periodically until `stop`. */
  async start(): Promise<void> {
    this.stopped = false;
    this.unlisten = await this.database.listen(OUTBOX_CHANNEL, {
      message: () => this.wake(),
      reset: () => this.wake(),
    });
    this.sweep = setInterval(() => this.wake(), SWEEP_MS);
    this.sweep.unref();
    this.wake();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.sweep);
    clearTimeout(this.retry);
    await this.unlisten?.();
    this.unlisten = undefined;
    await this.running;
  }

  /** Starts a pass, or asks the running one for another round. */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.loop().finally(() => {
      this.running = undefined;
    });
  }

  /** Relays until nothing is waiting (for tests and tools); false when another process holds the relay. */
  async drain(): Promise<boolean> {
    for (;;) {
      const result = await this.relayBatch();
      if (result === "busy") return false;
      if (result > 0) this.afterCommit();
      if (result < BATCH) return true;
    }
  }

  private async loop() {
    do {
      this.again = false;
      try {
        const result = await this.drain();
        if (!result && !this.stopped) {
          clearTimeout(this.retry);
          this.retry = setTimeout(() => this.wake(), BUSY_RETRY_MS);
          this.retry.unref();
        }
      } catch (error) {
        this.log.error({ err: error }, "outbox relay pass failed; the next sweep retries");
        return;
      }
    } while (this.again && !this.stopped);
  }

  /** One batch in one transaction: the events, the subscribers' writes, the markers. */
  private relayBatch(): Promise<number | "busy"> {
    return this.database.db.transaction(async (tx) => {
      const locked = (await tx.execute(
        sql`select pg_try_advisory_xact_lock(${RELAY_LOCK}) as locked`,
      )) as unknown as { rows: { locked: boolean }[] };
      if (!locked.rows[0]!.locked) return "busy";
      const events = await tx
        .select()
        .from(outboxEvents)
        .where(not(outboxEvents.relayed))
        .orderBy(asc(outboxEvents.seq))
        .limit(BATCH);
      if (events.length === 0) return 0;
      for (const subscriber of this.subscribers) {
        await subscriber.handle(events, {
          tx,
          enqueue: this.enqueue,
          log: this.log.child({ subscriber: subscriber.name }),
        });
      }
      await tx
        .update(outboxEvents)
        .set({ relayed: true })
        .where(
          inArray(
            outboxEvents.seq,
            events.map((e) => e.seq),
          ),
        );
      this.log.debug({ events: events.length }, "outbox events relayed");
      return events.length;
    });
  }
}
