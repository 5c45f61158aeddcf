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
