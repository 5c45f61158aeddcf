import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type SignedIn, signUp, type TestApp } from "../../../test/index.ts";

let t: TestApp;
let owner: SignedIn;
let companyIds: { acme: string; globex: string };

beforeAll(async () => {
  t = await createTestApp();
  owner = await signUp(t.app, { workspaceName: "Lists" });
  await owner.caller.post("/api/v1/fields/contacts", {
    label: "Tier",
    type: "single_select",
    options: [
      { value: "gold", label: "Gold" },
      { value: "silver", label: "Silver" },
    ],
  });
  await owner.caller.post("/api/v1/fields/contacts", { label: "Score", type: "number" });
  const acme = await t.database.withConnection((r) =>
    r.rows<{ id: string }>(
      "insert into companies (workspace_id, id, name, industry) values ($1, gen_random_uuid(), 'Acme', 'Software') returning id",
      [owner.session.workspace.id],
    ),
  );
  const globex = await t.database.withConnection((r) =>
    r.rows<{ id: string }>(
      "insert into companies (workspace_id, id, name, industry) values ($1, gen_random_uuid(), 'Globex', 'Energy') returning id",
      [owner.session.workspace.id],
    ),
  );
  companyIds = { acme: acme[0]!.id, globex: globex[0]!.id };
  const people = [
    {
      firstName: "Ada",
      lastName: "Lovelace",
      jobTitle: "Analyst",
      custom: { tier: "gold", score: 90 },
      companies: [{ companyId: companyIds.acme }],
    },
    {
      firstName: "Alan",
      lastName: "Turing",
      jobTitle: "Mathematician",
      custom: { tier: "silver", score: 75 },
      companies: [{ companyId: companyIds.globex }],
    },
    {
      firstName: "Grace",
      lastName: "Hopper",
      jobTitle: "Admiral",
      custom: { score: 80 },
      tags: ["navy"],
      companies: [{ companyId: companyIds.acme }],
    },
    { firstName: "Edsger", lastName: "Dijkstra", custom: { tier: "gold" } },
    { firstName: "barbara", lastName: "Liskov", jobTitle: "Professor" },
  ];
  const response = await owner.caller.post("/api/v1/contacts/batch", { create: people });
  if (response.statusCode !== 200) throw new Error(response.body);
});
afterAll(() => t.close());

const names = (body: { data: { firstName: string }[] }) => body.data.map((c) => c.firstName);
const list = async (query: string) => {
  const response = await owner.caller.get(`/api/v1/contacts?${query}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
};
const filterQuery = (filter: object) => `filter=${encodeURIComponent(JSON.stringify(filter))}`;

describe("listing contacts", () => {
  it("sorts by several keys, case-insensitively, and counts", async () => {
    const body = await list("sort=firstName&count=true");
    expect(names(body)).toEqual(["Ada", "Alan", "barbara", "Edsger", "Grace"]);
    expect(body.total).toBe(5);
    // Descending puts contacts without a score first, as PostgreSQL does.
    expect(names(await list("sort=-custom.score,firstName"))).toEqual([
      "barbara",
      "Edsger",
      "Ada",
      "Grace",
      "Alan",
    ]);
  });

  it("filters on built-in fields, custom fields and relations", async () => {
    expect(
      names(await list(`${filterQuery({ field: "jobTitle", op: "contains", value: "an" })}&sort=firstName`)),
    ).toEqual(["Ada", "Alan"]);
    expect(
      names(await list(`${filterQuery({ field: "custom.tier", op: "eq", value: "gold" })}&sort=firstName`)),
    ).toEqual(["Ada", "Edsger"]);
    expect(
      names(await list(`${filterQuery({ field: "custom.score", op: "gte", value: 80 })}&sort=firstName`)),
    ).toEqual(["Ada", "Grace"]);
    expect(
      names(
        await list(
          `${filterQuery({ field: "company.industry", op: "eq", value: "software" })}&sort=firstName`,
        ),
      ),
    ).toEqual(["Ada", "Grace"]);
    const nested = {
      or: [
        {
          and: [
            { field: "companies.name", op: "eq", value: "Globex" },
            { not: { field: "jobTitle", op: "isEmpty" } },
          ],
        },
        { field: "tags", op: "contains", value: "navy" },
      ],
    };
    expect(names(await list(`${filterQuery(nested)}&sort=firstName`))).toEqual(["Alan", "Grace"]);
    expect(
      names(await list(`${filterQuery({ field: "ownerId", op: "eq", value: "me" })}&sort=firstName`)),
    ).toHaveLength(5);
    expect(
      names(await list(`${filterQuery({ field: "createdAt", op: "eq", value: { relative: "today" } })}`)),
    ).toHaveLength(5);
  });

  it("takes the filter in the body of POST /contacts/query", async () => {
    const response = await owner.caller.post("/api/v1/contacts/query", {
      filter: { field: "lastName", op: "in", value: ["turing", "HOPPER"] },
      sort: "lastName",
      count: true,
    });
    expect(response.statusCode).toBe(200);
    expect(names(response.json())).toEqual(["Grace", "Alan"]);
  });

  it("pages with a cursor without gaps or repeats, even while rows are inserted", async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let page = 0;
    do {
      const body = await list(`sort=-custom.score,firstName&limit=2${cursor ? `&cursor=${cursor}` : ""}`);
      seen.push(...names(body));
      cursor = body.nextCursor;
      if (page++ === 0) {
        // A contact created meanwhile sorts before the cursor and must not shift later pages.
        await owner.caller.post("/api/v1/contacts", { firstName: "Aaron" });
      }
    } while (cursor);
    expect(seen).toEqual(["barbara", "Edsger", "Ada", "Grace", "Alan"]);
  });

  it("pages a search box's matches in the list's order, as the same rows filtered another way", async () => {
    const searcher = await signUp(t.app, { workspaceName: "Search box pages" });
    const people = Array.from({ length: 30 }, (_, i) => ({
      firstName: `Person${String.fromCharCode(97 + (i % 26))}${i}`,
      lastName: i % 3 === 0 ? "Other" : "Quillfeather",
      ...(i % 4 === 0 ? {} : { jobTitle: `Title ${i % 5}` }),
    }));
    const created = await searcher.caller.post("/api/v1/contacts/batch", { create: people });
    expect(created.statusCode, created.body).toBe(200);
    const trashed = created.json().created[1].id;
    expect((await searcher.caller.delete(`/api/v1/contacts/${trashed}`)).statusCode).toBe(204);
    const pages = async (filter: object, sort: string) => {
      const ids: string[] = [];
      let cursor: string | null = null;
      do {
        const response = await searcher.caller.get(
          `/api/v1/contacts?${filterQuery(filter)}&sort=${sort}&limit=4${cursor ? `&cursor=${cursor}` : ""}`,
        );
        expect(response.statusCode, response.body).toBe(200);
        ids.push(...response.json().data.map((c: { id: string }) => c.id));
        cursor = response.json().nextCursor;
      } while (cursor);
      return ids;
    };
    // A typo, corrected from the workspace's words, as the tables' search box sends it.
    const searched = { field: "search", op: "matches", value: "Quilfaether" };
    const exact = { field: "lastName", op: "eq", value: "Quillfeather" };
    for (const sort of ["-createdAt", "jobTitle,-firstName", "-jobTitle"]) {
      const expected = await pages(exact, sort);
      expect(expected).toHaveLength(19);
      expect(await pages(searched, sort)).toEqual(expected);
    }
  });

  it("rejects unknown fields, bad operators, bad JSON, unknown sorts and foreign cursors with the path", async () => {
    const cases: [string, string][] = [
      [filterQuery({ field: "shoeSize", op: "eq", value: 1 }), "filter.field"],
      [filterQuery({ field: "firstName", op: "lt", value: "A" }), "filter.op"],
      [filterQuery({ field: "custom.score", op: "eq", value: "high" }), "filter.value"],
      ["filter=%7Bnot-json", "query.filter"],
      ["sort=shoeSize", "sort"],
      ["limit=501", "query.limit"],
    ];
    for (const [query, path] of cases) {
      const response = await owner.caller.get(`/api/v1/contacts?${query}`);
      expect(response.statusCode, query).toBe(400);
      expect(response.json().errors[0].path, query).toBe(path);
    }
    const first = await list("sort=firstName&limit=1");
    const foreign = await owner.caller.get(
      `/api/v1/contacts?sort=lastName&limit=1&cursor=${first.nextCursor}`,
    );
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().errors[0].path).toBe("cursor");
  });
});
