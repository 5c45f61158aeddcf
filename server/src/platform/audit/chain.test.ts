import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, queryRows } from "../../../test/database.ts";
import type { Database } from "../db/index.ts";
import { verifyChain } from "./verify.ts";

const insertEntry = (db: Database["db"], workspaceId: string, action: string) =>
  db.execute(
    sql`insert into audit_log (id, workspace_id, action) values (${randomUUID()}, ${workspaceId}, ${action})`,
  );

describe("the audit chain", () => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.close());

  it("chains entries when their transaction commits, several in one transaction in order", async () => {
    const ws = randomUUID();
    await database.db.transaction(async (tx) => {
      await insertEntry(tx, ws, "test.one");
      await insertEntry(tx, ws, "test.two");
      const open = await tx.execute(sql`select seq from audit_log where workspace_id = ${ws}`);
      // Inside the inserting transaction the entries are not chained yet.
      expect((open as unknown as { rows: { seq: unknown }[] }).rows.map((r) => r.seq)).toEqual([null, null]);
    });
    const rows = await queryRows<{ seq: string; action: string }>(
      database,
      "select seq, action from audit_log where workspace_id = $1 order by seq",
      [ws],
    );
    expect(rows.map((r) => [Number(r.seq), r.action])).toEqual([
      [1, "test.one"],
      [2, "test.two"],
    ]);
    expect(await verifyChain(database.db, ws)).toMatchObject({ ok: true, entries: 2, lastSeq: 2 });
  });

  it("chains many entries of several chains in one transaction, leaving out those rolled back", async () => {
    const [ws, other] = [randomUUID(), randomUUID()];
    await insertEntry(database.db, ws, "test.before");
    await database.db.transaction(async (tx) => {
      for (let i = 0; i < 30; i++) await insertEntry(tx, i % 3 === 0 ? other : ws, `test.${i}`);
      await tx
        .transaction(async (sp) => {
          await insertEntry(sp, ws, "test.undone");
          throw new Error("roll the savepoint back");
        })
        .catch(() => undefined);
      await tx.execute(
        sql`insert into audit_log (id, workspace_id, action)
            select gen_random_uuid(), ${ws}, 'test.many.' || g from generate_series(1, 200) g`,
      );
    });
    const actions = await queryRows<{ action: string }>(
      database,
      "select action from audit_log where workspace_id = $1 order by seq",
      [ws],
    );
    const mine = Array.from({ length: 30 }, (_, i) => i).filter((i) => i % 3 !== 0);
    expect(actions.slice(0, 21).map((r) => r.action)).toEqual([
      "test.before",
      ...mine.map((i) => `test.${i}`),
    ]);
    expect(actions.map((r) => r.action)).not.toContain("test.undone");
    expect(await verifyChain(database.db, ws)).toMatchObject({ ok: true, entries: 221, lastSeq: 221 });
    expect(await verifyChain(database.db, other)).toMatchObject({ ok: true, entries: 10, lastSeq: 10 });
    // The next commit goes on from the head the last one wrote.
    await insertEntry(database.db, ws, "test.after");
    expect(await verifyChain(database.db, ws)).toMatchObject({ ok: true, entries: 222, lastSeq: 222 });
  });

  it("refuses to chain entries before commit", async () => {
    const ws = randomUUID();
    await expect(
      database.db.transaction(async (tx) => {
        await tx.execute(sql`set constraints audit_log_chain immediate`);
        await insertEntry(tx, ws, "test.immediate");
      }),
    ).rejects.toThrow();
    expect(await verifyChain(database.db, ws)).toMatchObject({ ok: true, entries: 0 });
  });

  // Two connections are needed to hold one transaction open while another commits.
  it.skipIf(!process.env.TEST_DATABASE_URL)(
    "an open transaction holding an entry does not hold up another one's append (the chain lock is taken at commit)",
    async () => {
      const ws = randomUUID();
      let release!: () => void;
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      let inserted!: () => void;
      const firstInserted = new Promise<void>((resolve) => {
        inserted = resolve;
      });
      const first = database.db.transaction(async (tx) => {
        await insertEntry(tx, ws, "test.slow");
        inserted();
        await held;
      });
      await firstInserted;
      // Commits while the first transaction is still open: it would wait for it were the head row locked at insert.
      await insertEntry(database.db, ws, "test.quick");
      const quick = await queryRows<{ seq: string }>(
        database,
        "select seq from audit_log where workspace_id = $1 and action = 'test.quick'",
        [ws],
      );
      expect(quick.map((r) => Number(r.seq))).toEqual([1]);
      release();
      await first;
      expect(await verifyChain(database.db, ws)).toMatchObject({ ok: true, entries: 2, lastSeq: 2 });
    },
    20_000,
  );
});
