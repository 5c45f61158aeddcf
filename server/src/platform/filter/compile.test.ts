import { PGlite } from "@electric-sql/pglite";
import { evaluateFilter, type Filter, type FilterContext, FilterError, parseFilter } from "@rapport/core";
import { type SQL, sql } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import { drizzle } from "drizzle-orm/pglite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compileFilter, resolveField, type SqlField, type SqlRegistry } from "./compile.ts";

const ME = "11111111-1111-4111-8111-111111111111";
const OTHER = "22222222-2222-4222-8222-222222222222";
const INJECTION = "'; drop table people; --";

type Person = {
  id: number;
  name: string | null;
  score: number | null;
  born: string | null;
  seenAt: string | null;
  active: boolean | null;
  stage: string | null;
  ownerId: string | null;
  tags: string[] | null;
  custom: Record<string, unknown> | null;
  companyId: number | null;
};
type Firm = { id: number; industry: string | null; ownerId: string | null; parentId: number | null };
type Order = { id: number; personId: number; status: string | null; total: number | null };

// Monday 4 March 2024, 09:00 in Berlin (CET, +01:00). Berlin's Monday began at 2024-03-03T23:00Z.
const ctx: FilterContext = { userId: ME, now: new Date("2024-03-04T08:00:00Z"), timeZone: "Europe/Berlin" };

const firms: Firm[] = [
  { id: 1, industry: "Software", ownerId: ME, parentId: 3 },
  { id: 2, industry: "SOFTWARE", ownerId: OTHER, parentId: null },
  { id: 3, industry: "Hardware", ownerId: null, parentId: null },
  { id: 4, industry: null, ownerId: ME, parentId: 2 },
];

const person = (id: number, values: Partial<Person>): Person => ({
  id,
  name: null,
  score: null,
  born: null,
  seenAt: null,
  active: null,
  stage: null,
  ownerId: null,
  tags: null,
  custom: null,
  companyId: null,
  ...values,
});

const people: Person[] = [
  person(1, {
    name: "Ada Lovelace",
    score: 7.5,
    born: "2024-03-04",
    seenAt: "2024-03-03T23:00:00Z",
    active: true,
    stage: "lead",
    ownerId: ME,
    tags: ["vip", "speaker"],
    custom: { tier: "Gold", points: 10, level: "high" },
    companyId: 1,
  }),
  person(2, {
    name: "ada",
    score: 0,
    born: "2024-03-03",
    seenAt: "2024-03-03T22:59:59Z",
    active: false,
    stage: "customer",
    ownerId: OTHER,
    tags: ["VIP"],
    custom: { tier: "silver", points: 2.5 },
    companyId: 2,
  }),
  person(3, {
    name: "Grace Hopper",
    score: -3,
    born: "2024-02-29",
    seenAt: "2024-03-04T22:59:59.999Z",
    active: true,
    stage: "lead",
    ownerId: ME,
    tags: [],
    custom: {},
    companyId: 3,
  }),
  person(4, {
    name: "100% real",
    score: 100,
    born: "2023-12-31",
    seenAt: "2024-03-04T23:00:00Z",
    companyId: 4,
  }),
  person(5, {
    name: "under_score",
    score: 1e6,
    born: "2024-01-01",
    seenAt: "2024-02-26T10:00:00Z",
    stage: "churned",
  }),
  person(6, {
    name: "back\\slash",
    score: 7.5,
    born: "2024-04-01",
    seenAt: "2024-02-01T12:00:00Z",
    tags: ["a_b"],
  }),
  person(7, { name: INJECTION, score: 2, born: "2024-03-10", seenAt: "2023-06-15T12:00:00Z", active: false }),
  person(8, { name: "", score: 3, born: "2025-01-01", tags: ["%"], custom: { tier: "" } }),
  person(9, { companyId: 1, custom: { points: -1 } }),
  person(10, {
    name: "Émile Zola",
    score: 7.49,
    born: "2024-03-11",
    seenAt: "2024-03-10T23:00:00Z",
    active: true,
    ownerId: OTHER,
    tags: ["speaker", "author"],
    companyId: 2,
  }),
  person(11, {
    name: "Underscore",
    score: 50,
    born: "2024-03-01",
    seenAt: "2024-03-01T00:00:00+01:00",
    ownerId: ME,
  }),
  person(12, {
    name: "ADA LOVELACE",
    score: 7.5,
    born: "2023-03-04",
    seenAt: "2024-01-31T23:00:00Z",
    tags: ["vip"],
  }),
  person(13, {
    name: "Grace",
    stage: "lead",
    ownerId: ME,
    companyId: 3,
    custom: { tier: "GOLD", level: "low" },
  }),
  person(14, { name: "a%b_c", score: 12, born: "2024-03-05", seenAt: "2024-03-05T12:00:00Z", companyId: 4 }),
  person(15, { name: "zed", score: 7.5, active: false, stage: "customer", tags: ["vip", "%"], companyId: 1 }),
];

const orders: Order[] = [
  { id: 1, personId: 1, status: "open", total: 100 },
  { id: 2, personId: 1, status: "won", total: 5000 },
  { id: 3, personId: 2, status: "lost", total: 50 },
  { id: 4, personId: 3, status: null, total: null },
  { id: 5, personId: 10, status: "Won", total: 20000 },
  { id: 6, personId: 14, status: "open", total: 7.5 },
];

const col = (table: string, column: string): SQL => sql`${sql.identifier(table)}.${sql.identifier(column)}`;

function firmRegistry(alias: string, depth: number): SqlRegistry {
  const parent = `${alias}_parent`;
  return {
    fields: {
      industry: { type: "text", sql: col(alias, "industry") },
      ownerId: { type: "user", sql: col(alias, "owner_id") },
    },
    relations:
      depth > 1
        ? {}
        : {
            parent: {
              kind: "one",
              registry: firmRegistry(parent, depth + 1),
              exists: (inner) =>
                sql`exists (select 1 from firms as ${sql.identifier(parent)} where ${col(parent, "workspace_id")} = ${col(alias, "workspace_id")} and ${col(parent, "id")} = ${col(alias, "parent_id")} and ${inner})`,
            },
          },
  };
}

const CUSTOM: Record<string, SqlField> = {
  tier: { type: "text", sql: sql`(${col("people", "custom")} ->> ${"tier"})` },
  points: { type: "number", sql: sql`((${col("people", "custom")} ->> ${"points"})::numeric)` },
  level: { type: "enum", options: ["low", "high"], sql: sql`(${col("people", "custom")} ->> ${"level"})` },
};

const registry: SqlRegistry = {
  fields: {
    id: { type: "number", sql: col("people", "id") },
    name: { type: "text", sql: col("people", "name") },
    score: { type: "number", sql: col("people", "score") },
    born: { type: "date", sql: col("people", "born") },
    seenAt: { type: "datetime", sql: col("people", "seen_at") },
    active: { type: "boolean", sql: col("people", "active") },
    stage: { type: "enum", options: ["lead", "customer", "churned"], sql: col("people", "stage") },
    ownerId: { type: "user", sql: col("people", "owner_id") },
    tags: { type: "tags", sql: col("people", "tags") },
  },
  relations: {
    company: {
      kind: "one",
      registry: firmRegistry("f", 1),
      exists: (inner) =>
        sql`exists (select 1 from firms as f where f.workspace_id = ${col("people", "workspace_id")} and f.id = ${col("people", "company_id")} and ${inner})`,
    },
    orders: {
      kind: "many",
      registry: {
        fields: {
          status: { type: "text", sql: col("o", "status") },
          total: { type: "money", sql: col("o", "total") },
        },
      },
      exists: (inner) =>
        sql`exists (select 1 from orders as o where o.person_id = ${col("people", "id")} and ${inner})`,
    },
  },
  custom: (key) => (Object.hasOwn(CUSTOM, key) ? CUSTOM[key] : undefined),
};

/** What the application would hand evaluateFilter: the row, with its relations loaded. */
function inMemory(p: Person): Record<string, unknown> {
  const firm = (id: number | null): Record<string, unknown> | null => {
    const found = firms.find((f) => f.id === id);
    return found ? { industry: found.industry, ownerId: found.ownerId, parent: firm(found.parentId) } : null;
  };
  return { ...p, company: firm(p.companyId), orders: orders.filter((o) => o.personId === p.id) };
}

const client = new PGlite();
const db = drizzle({ client });

beforeAll(async () => {
  await client.exec(`
    create table people(id int primary key, workspace_id int not null, name text, score numeric, born date,
      seen_at timestamptz, active boolean, stage text, owner_id uuid, tags text[], custom jsonb, company_id int);
    create table firms(id int primary key, workspace_id int not null, industry text, owner_id uuid, parent_id int);
    create table orders(id int primary key, person_id int not null, status text, total numeric);
  `);
  for (const f of firms) {
    await db.execute(sql`insert into firms values (${f.id}, 1, ${f.industry}, ${f.ownerId}, ${f.parentId})`);
  }
  // A firm of another workspace with the same id must never be joined.
  await db.execute(sql`insert into firms values (100, 2, 'Software', ${ME}, null)`);
  for (const p of people) {
    await db.execute(sql`insert into people values (${p.id}, 1, ${p.name}, ${p.score}, ${p.born}, ${p.seenAt},
      ${p.active}, ${p.stage}, ${p.ownerId}, ${p.tags === null ? null : sql.param(p.tags)}::text[],
      ${p.custom === null ? null : JSON.stringify(p.custom)}::jsonb, ${p.companyId})`);
  }
  await db.execute(sql`update people set company_id = 100 where id = 8`);
  for (const o of orders)
    await db.execute(sql`insert into orders values (${o.id}, ${o.personId}, ${o.status}, ${o.total})`);
});

afterAll(async () => {
  await client.close();
});

async function sqlIds(filter: Filter, context = ctx): Promise<number[]> {
  const result = await db.execute<{ id: number }>(
    sql`select id from people where ${compileFilter(filter, registry, context)} order by id`,
  );
  return result.rows.map((row) => row.id);
}

function memoryIds(filter: Filter, context = ctx): number[] {
  const resolve = resolveField(registry);
  return people.filter((p) => evaluateFilter(filter, inMemory(p), context, resolve)).map((p) => p.id);
}

const c = (field: string, op: string, value?: unknown): Filter => parseFilter({ field, op, value });

const CASES: Filter[] = [
  // text
  c("name", "eq", "ada lovelace"),
  c("name", "eq", "ÉMILE ZOLA"),
  c("name", "neq", "ada"),
  c("name", "in", ["ADA", "grace", "nobody"]),
  c("name", "nin", ["ADA", "grace"]),
  c("name", "contains", "ace"),
  c("name", "contains", "ÉMILE"),
  c("name", "startsWith", "GRACE"),
  c("name", "contains", "%"),
  c("name", "contains", "_"),
  c("name", "contains", "\\"),
  c("name", "startsWith", "a%b_"),
  c("name", "eq", INJECTION),
  c("name", "contains", INJECTION),
  c("name", "in", [INJECTION, "x') or ('1'='1"]),
  c("name", "isEmpty"),
  c("name", "isNotEmpty"),
  // numbers
  c("score", "eq", 7.5),
  c("score", "neq", 7.5),
  c("score", "in", [0, 7.5, 100]),
  c("score", "nin", [0, 7.5, 100]),
  c("score", "lt", 0),
  c("score", "lte", 0),
  c("score", "gt", 7.49),
  c("score", "gte", 7.5),
  c("score", "between", [2, 12]),
  c("score", "isEmpty"),
  c("score", "isNotEmpty"),
  // dates
  c("born", "eq", "2024-03-04"),
  c("born", "neq", "2024-03-04"),
  c("born", "lt", "2024-03-01"),
  c("born", "lte", "2024-03-01"),
  c("born", "gt", "2024-03-04"),
  c("born", "gte", "2024-03-04"),
  c("born", "between", ["2024-02-29", "2024-03-05"]),
  c("born", "eq", { relative: "today" }),
  c("born", "eq", { relative: "yesterday" }),
  c("born", "eq", { relative: "tomorrow" }),
  c("born", "neq", { relative: "this_week" }),
  c("born", "lt", { relative: "this_week" }),
  c("born", "lte", { relative: "this_week" }),
  c("born", "gt", { relative: "this_week" }),
  c("born", "gte", { relative: "this_week" }),
  c("born", "eq", { relative: "last_week" }),
  c("born", "eq", { relative: "last_n_days", n: 5 }),
  c("born", "eq", { relative: "next_n_days", n: 8 }),
  c("born", "eq", { relative: "this_month" }),
  c("born", "eq", { relative: "last_month" }),
  c("born", "eq", { relative: "next_month" }),
  c("born", "eq", { relative: "this_quarter" }),
  c("born", "eq", { relative: "this_year" }),
  c("born", "eq", { relative: "last_year" }),
  c("born", "isEmpty"),
  // datetimes
  c("seenAt", "eq", { relative: "today" }),
  c("seenAt", "neq", { relative: "today" }),
  c("seenAt", "lt", { relative: "today" }),
  c("seenAt", "lte", { relative: "today" }),
  c("seenAt", "gt", { relative: "today" }),
  c("seenAt", "gte", { relative: "today" }),
  c("seenAt", "eq", { relative: "yesterday" }),
  c("seenAt", "eq", { relative: "this_week" }),
  c("seenAt", "eq", { relative: "last_week" }),
  c("seenAt", "eq", { relative: "last_n_days", n: 30 }),
  c("seenAt", "eq", { relative: "next_n_days", n: 7 }),
  c("seenAt", "eq", { relative: "last_month" }),
  c("seenAt", "eq", { relative: "this_year" }),
  c("seenAt", "eq", { relative: "last_year" }),
  c("seenAt", "eq", "2024-03-04"),
  c("seenAt", "eq", "2024-03-03T23:00:00Z"),
  c("seenAt", "lt", "2024-03-03T23:00:00Z"),
  c("seenAt", "lte", "2024-03-04T00:00:00+01:00"),
  c("seenAt", "gt", "2024-03-04"),
  c("seenAt", "between", ["2024-03-01", "2024-03-04"]),
  c("seenAt", "between", ["2024-02-26T10:00:00Z", "2024-03-03T22:59:59Z"]),
  c("seenAt", "isNotEmpty"),
  // booleans
  c("active", "eq", true),
  c("active", "neq", true),
  c("active", "eq", false),
  c("active", "isEmpty"),
  // enums
  c("stage", "eq", "lead"),
  c("stage", "neq", "lead"),
  c("stage", "in", ["lead", "churned"]),
  c("stage", "nin", ["lead", "churned"]),
  c("stage", "isEmpty"),
  // users and me
  c("ownerId", "eq", "me"),
  c("ownerId", "neq", "me"),
  c("ownerId", "in", ["me", OTHER.toUpperCase()]),
  c("ownerId", "nin", ["me"]),
  c("ownerId", "eq", OTHER.toUpperCase()),
  c("ownerId", "isEmpty"),
  // tags
  c("tags", "eq", "vip"),
  c("tags", "contains", "%"),
  c("tags", "neq", "vip"),
  c("tags", "in", ["speaker", "a_b"]),
  c("tags", "nin", ["speaker", "a_b"]),
  c("tags", "isEmpty"),
  c("tags", "isNotEmpty"),
  // to-one, nested, to-many
  c("company.industry", "eq", "software"),
  c("company.industry", "neq", "software"),
  c("company.industry", "isEmpty"),
  c("company.ownerId", "eq", "me"),
  c("company.parent.industry", "eq", "Hardware"),
  c("company.parent.ownerId", "isEmpty"),
  c("orders.status", "eq", "won"),
  c("orders.status", "neq", "won"),
  c("orders.status", "isEmpty"),
  c("orders.total", "gt", 1000),
  c("orders.total", "between", [7.5, 100]),
  parseFilter({ not: { field: "orders.status", op: "eq", value: "lost" } }),
  // custom fields
  c("custom.tier", "eq", "gold"),
  c("custom.tier", "isEmpty"),
  c("custom.tier", "neq", "gold"),
  c("custom.points", "gt", 2),
  c("custom.points", "isEmpty"),
  c("custom.level", "in", ["low", "high"]),
  // groups and null logic under not
  parseFilter({ and: [] }),
  parseFilter({ or: [] }),
  parseFilter({ not: { and: [] } }),
  parseFilter({ not: { field: "score", op: "gt", value: 5 } }),
  parseFilter({ not: { field: "name", op: "contains", value: "a" } }),
  parseFilter({ not: { field: "born", op: "eq", value: { relative: "this_month" } } }),
  parseFilter({
    not: {
      or: [
        { field: "active", op: "eq", value: true },
        { field: "score", op: "lt", value: 5 },
      ],
    },
  }),
  parseFilter({
    or: [
      {
        and: [
          { field: "name", op: "contains", value: "ada" },
          { not: { field: "active", op: "eq", value: false } },
        ],
      },
      {
        and: [
          { field: "orders.total", op: "gte", value: 100 },
          { field: "tags", op: "in", value: ["speaker"] },
        ],
      },
      { not: { not: { field: "custom.tier", op: "startsWith", value: "SIL" } } },
    ],
  }),
  parseFilter({
    and: [
      { field: "ownerId", op: "eq", value: "me" },
      {
        or: [
          { field: "company.industry", op: "isEmpty" },
          { not: { field: "orders.status", op: "isNotEmpty" } },
        ],
      },
    ],
  }),
];

describe("compileFilter against PGlite", () => {
  it.each(CASES.map((filter) => [JSON.stringify(filter), filter] as const))(
    "%s selects what evaluateFilter selects",
    async (_, filter) => {
      expect(await sqlIds(filter)).toEqual(memoryIds(filter));
    },
  );

  it("discriminates: most cases select some rows but not all", async () => {
    const sizes = await Promise.all(CASES.map(async (filter) => (await sqlIds(filter)).length));
    const discriminating = sizes.filter((size) => size > 0 && size < people.length).length;
    expect(discriminating / CASES.length).toBeGreaterThan(0.85);
  });

  it("selects the expected rows for pinned cases", async () => {
    expect(await sqlIds(c("name", "eq", "ada lovelace"))).toEqual([1, 12]);
    expect(await sqlIds(c("name", "contains", "%"))).toEqual([4, 14]);
    expect(await sqlIds(c("name", "contains", "_"))).toEqual([5, 14]);
    expect(await sqlIds(c("name", "contains", "\\"))).toEqual([6]);
    expect(await sqlIds(c("name", "eq", INJECTION))).toEqual([7]);
    expect(await sqlIds(c("name", "isEmpty"))).toEqual([8, 9]);
    expect(await sqlIds(c("score", "neq", 7.5))).toEqual([2, 3, 4, 5, 7, 8, 9, 10, 11, 13, 14]);
    expect(await sqlIds(c("born", "eq", { relative: "this_week" }))).toEqual([1, 7, 14]);
    expect(await sqlIds(c("seenAt", "eq", { relative: "today" }))).toEqual([1, 3]);
    expect(await sqlIds(c("ownerId", "eq", "me"))).toEqual([1, 3, 11, 13]);
    expect(await sqlIds(c("company.industry", "eq", "software"))).toEqual([1, 2, 9, 10, 15]);
    expect(await sqlIds(c("orders.status", "eq", "won"))).toEqual([1, 10]);
    expect(await sqlIds(c("custom.tier", "eq", "gold"))).toEqual([1, 13]);
    expect(await sqlIds(parseFilter({ not: { field: "score", op: "gt", value: 5 } }))).toEqual([
      2, 3, 7, 8, 9, 13,
    ]);
  });

  it("treats 'me' without a user as nobody, in SQL as in memory", async () => {
    const anonymous = { ...ctx, userId: null };
    for (const filter of [c("ownerId", "eq", "me"), c("ownerId", "neq", "me"), c("ownerId", "nin", ["me"])]) {
      expect(await sqlIds(filter, anonymous)).toEqual(memoryIds(filter, anonymous));
    }
    expect(await sqlIds(c("ownerId", "eq", "me"), anonymous)).toEqual([]);
  });

  it("agrees in another time zone", async () => {
    const newYork = { ...ctx, timeZone: "America/New_York" };
    for (const filter of [c("seenAt", "eq", { relative: "today" }), c("born", "eq", { relative: "today" })]) {
      expect(await sqlIds(filter, newYork)).toEqual(memoryIds(filter, newYork));
    }
  });

  it("sends every value as a parameter, never in the SQL text", () => {
    const filter = parseFilter({
      or: [
        { field: "name", op: "contains", value: INJECTION },
        { field: "tags", op: "in", value: [INJECTION] },
        { field: "custom.tier", op: "eq", value: "zz-secret" },
      ],
    });
    const query = new PgDialect().sqlToQuery(compileFilter(filter, registry, ctx));
    expect(query.sql).not.toContain("drop table");
    expect(query.sql).not.toContain("zz-secret");
    expect(query.params).toContain(`%${INJECTION}%`);
    expect(query.params).toContainEqual([INJECTION]);
  });

  it("left the table standing", async () => {
    expect((await db.execute(sql`select count(*)::int as n from people`)).rows).toEqual([{ n: 15 }]);
  });

  it("validates before compiling", () => {
    expect(() => compileFilter(c("score", "contains", "1"), registry, ctx)).toThrow(FilterError);
    expect(() => compileFilter(c("custom.nope", "eq", "x"), registry, ctx)).toThrow(
      /Unknown field 'custom\.nope' at field: filterable fields are id, name, .*company\.industry, company\.ownerId, company\.parent\.industry/,
    );
    expect(() => compileFilter(c("orders.nope", "eq", "x"), registry, ctx)).toThrow(FilterError);
  });

  it("resolves the registry's fields by path for validateFilter", () => {
    const resolve = resolveField(registry);
    expect(resolve("company.parent.industry")).toEqual({ type: "text" });
    expect(resolve("custom.level")).toEqual({ type: "enum", options: ["low", "high"] });
    expect(resolve("orders.total")).toEqual({ type: "money" });
    expect(resolve("toString")).toBeUndefined();
    expect(resolve("company.custom.tier")).toBeUndefined();
  });
});
