import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Database, openPostgres } from "./client.ts";
import { queryRows } from "./index.ts";
import { StatementNames } from "./prepared-statements.ts";

describe("StatementNames", () => {
  it("names a text the second time it is seen, always with the same name", () => {
    const names = new StatementNames();
    expect(names.nameFor("select 1")).toBeUndefined();
    const name = names.nameFor("select 1");
    expect(name).toMatch(/^r_[\w-]{20}$/);
    expect(names.nameFor("select 1")).toBe(name);
    expect(names.nameFor("select 2")).toBeUndefined();
    expect(names.nameFor("select 2")).not.toBe(name);
  });

  it("names no more texts than its limit", () => {
    const names = new StatementNames(2);
    for (const text of ["a", "b", "c"]) names.nameFor(text);
    expect(names.nameFor("a")).toBeDefined();
    expect(names.nameFor("b")).toBeDefined();
    expect(names.nameFor("c")).toBeUndefined();
    expect(names.nameFor("a")).toBeDefined();
  });
});

describe.skipIf(!process.env.TEST_DATABASE_URL)("repeated statements on PostgreSQL", () => {
  let database: Database;
  // One connection, so the statements and the catalogue query share it.
  beforeAll(() => {
    database = openPostgres(process.env.TEST_DATABASE_URL!, { max: 1 });
  });
  afterAll(() => database.close());

  const preparedProbes = () =>
    queryRows<{ name: string }>(
      database.db,
      sql`select name from pg_prepared_statements where statement like ${"%repeated-probe%"} and statement not like ${"%pg_prepared_statements%"}`,
    );

  it("are prepared on the server once seen twice, and answer the same", async () => {
    const run = async () =>
      (
        await queryRows<{ n: number }>(database.db, sql`select ${41}::int + 1 as n, 'repeated-probe' as tag`)
      )[0]!.n;
    expect(await run()).toBe(42);
    expect(await preparedProbes()).toEqual([]);
    expect(await run()).toBe(42);
    expect(await run()).toBe(42);
    const prepared = await preparedProbes();
    expect(prepared).toHaveLength(1);
    expect(prepared[0]!.name).toMatch(/^r_/);
  });
});
