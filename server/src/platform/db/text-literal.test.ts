import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../../test/database.ts";
import type { Database } from "./client.ts";
import { queryRows, textLiteral } from "./index.ts";

describe("textLiteral", () => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database?.close());

  it("reads back exactly the text it was given, whatever quotes and dollar signs it holds", async () => {
    const texts = ["abc", "it's", "%a\\_b%", "x$t", "$t$", "a$t$b$tt$", "ends in $", "$", "", "Zoë\nØ"];
    for (const text of texts) {
      const [row] = await queryRows<{ v: string }>(database.db, sql`select ${textLiteral(text)} as v`);
      expect(row?.v, JSON.stringify(text)).toBe(text);
    }
  });

  it("cannot be escaped from: a text that closes the quote stays a text", async () => {
    const hostile = "$t$::text; drop table workspaces; --";
    const [row] = await queryRows<{ v: string }>(database.db, sql`select ${textLiteral(hostile)} as v`);
    expect(row?.v).toBe(hostile);
    const [exists] = await queryRows<{ n: number }>(
      database.db,
      sql`select count(*)::int as n from pg_tables where tablename = 'workspaces'`,
    );
    expect(exists?.n).toBe(1);
  });
});
