import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, queryRows, until } from "../../../test/index.ts";
import type { Database } from "../db/index.ts";
import { createLogger } from "../log.ts";
import { type OutboxEvent, OutboxRelay } from "./relay.ts";

let database: Database;
const seen: OutboxEvent[] = [];
let relay: OutboxRelay;
const workspaceId = randomUUID();

const insertEvents = (count: number, recordId = randomUUID()) =>
  queryRows(
    database,
    `insert into outbox_events (workspace_id, id, type, object, record_id, payload)
     select $1, gen_random_uuid(), 'contact.updated', 'contact', $2, jsonb_build_object('n', n)
     from generate_series(1, $3::int) n`,
    [workspaceId, recordId, count],
  );

beforeAll(async () => {
  database = await createTestDatabase();
  relay = new OutboxRelay({
    database,
    log: createLogger("silent"),
    subscribers: [{ name: "recorder", handle: async (events) => void seen.push(...events) }],
    enqueue: async () => null,
  });
});
afterAll(async () => {
  await relay.stop();
  await database.close();
});

describe("outbox relay", () => {
  it("hands every event over once, in seq order, across batches", async () => {
    seen.length = 0;
    await insertEvents(1203);
    expect(await relay.drain()).toBe(true);
    expect(seen).toHaveLength(1203);
    const seqs = seen.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(await relay.drain()).toBe(true);
    expect(seen).toHaveLength(1203);
    const [left] = await queryRows<{ n: number }>(
      database,
      "select count(*)::int as n from outbox_events where not relayed",
    );
    expect(left!.n).toBe(0);
  });

  it("wakes on a committed event without being asked", async () => {
    seen.length = 0;
    await relay.start();
    await insertEvents(2);
    await until(() => seen.length === 2, 5_000, "the notification to wake the relay");
    await relay.stop();
  });

  // Two transactions at once need two connections: PGlite has one.
  it.skipIf(!process.env.TEST_DATABASE_URL)(
    "does not skip an event whose transaction commits after one with a higher seq",
    async () => {
      seen.length = 0;
      let commitEarly!: () => void;
      const committing = new Promise<void>((resolve) => (commitEarly = resolve));
      let inserted!: () => void;
      const insertedEarly = new Promise<void>((resolve) => (inserted = resolve));
      const early = database.withConnection(async (runner) => {
        await runner.exec("begin");
        await runner.rows(
          `insert into outbox_events (workspace_id, id, type, object, record_id, payload)
           values ($1, gen_random_uuid(), 'contact.created', 'contact', gen_random_uuid(), '{"early": true}')`,
          [workspaceId],
        );
        inserted();
        await committing;
        await runner.exec("commit");
      });
      await insertedEarly;
      await insertEvents(1);
      await relay.drain();
      expect(seen.map((e) => e.payload)).toEqual([{ n: 1 }]);
      commitEarly();
      await early;
      await relay.drain();
      expect(seen.map((e) => e.payload)).toEqual([{ n: 1 }, { early: true }]);
      expect(seen[1]!.seq).toBeLessThan(seen[0]!.seq);
    },
  );

  it.skipIf(!process.env.TEST_DATABASE_URL)(
    "lets one process relay at a time: the other reports busy",
    async () => {
      await insertEvents(1);
      const other = await database.withConnection(async (runner) => {
        await runner.exec("begin");
        await runner.rows("select pg_advisory_xact_lock(7214615)");
        const busy = await relay.drain();
        await runner.exec("rollback");
        return busy;
      });
      expect(other).toBe(false);
      expect(await relay.drain()).toBe(true);
    },
  );
});
