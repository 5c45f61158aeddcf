import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type SignedIn, signUp, type TestApp } from "../../../test/index.ts";

let t: TestApp;
let owner: SignedIn;
const ids: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestApp();
  owner = await signUp(t.app, { workspaceName: "Company lists" });
  await owner.caller.post("/api/v1/fields/companies", {
    label: "Segment",
    type: "single_select",
    options: [
      { value: "smb", label: "SMB" },
      { value: "enterprise", label: "Enterprise" },
    ],
  });
  await owner.caller.post("/api/v1/fields/companies", { label: "Health", type: "number" });
  const create = async (body: object) => {
    const response = await owner.caller.post("/api/v1/companies", body);
    if (response.statusCode !== 201) throw new Error(response.body);
    return response.json().id as string;
  };
  ids.initech = await create({
    name: "Initech",
    domains: ["initech.com"],
    industry: "Software",
    employeeCount: 300,
    annualRevenue: 40_000_000,
    address: { city: "Austin", country: "US" },
    custom: { segment: "enterprise", health: 70 },
  });
  ids.globex = await create({
    name: "Globex",
    domains: ["globex.com", "globex.io"],
    industry: "Energy",
    employeeCount: 5000,
    annualRevenue: 900_000_000,
    address: { city: "Cypress Creek" },
    custom: { segment: "enterprise", health: 90 },
    tags: ["strategic"],
  });
  ids.acme = await create({
    name: "acme",
    industry: "Software",
    employeeCount: 12,
    custom: { segment: "smb" },
    parentCompanyId: ids.globex,
  });
  ids.hooli = await create({
    name: "Hooli",
    industry: "software",
    employeeCount: 800,
    annualRevenue: 75_000_000.25,
    parentCompanyId: ids.initech,
  });
  ids.vandelay = await create({ name: "Vandelay Industries", custom: { health: 40 } });
  ids.gone = await create({ name: "Gone Ltd", industry: "Software", parentCompanyId: ids.globex });
  await owner.caller.delete(`/api/v1/companies/${ids.gone}`);
  const contacts = [
    { firstName: "Ada", lastName: "Lovelace", companies: [{ companyId: ids.acme, role: "CTO" }] },
    { firstName: "Alan", lastName: "Turing", companies: [{ companyId: ids.hooli }] },
    {
      firstName: "Grace",
      lastName: "Hopper",
      companies: [{ companyId: ids.globex }, { companyId: ids.acme }],
    },
  ];
  const response = await owner.caller.post("/api/v1/contacts/batch", { create: contacts });
  if (response.statusCode !== 200) throw new Error(response.body);
  // A trashed contact does not count as one of its companies' contacts.
  const trashed = await owner.caller.post("/api/v1/contacts", {
    firstName: "Zed",
    lastName: "Trashed",
    companies: [{ companyId: ids.vandelay }],
  });
  await owner.caller.delete(`/api/v1/contacts/${trashed.json().id}`);
  await t.database.withConnection(async (r) => {
    const workspaceId = owner.session.workspace.id;
    const [pipeline] = await r.rows<{ id: string }>(
      "insert into pipelines (workspace_id, id, name) values ($1, gen_random_uuid(), 'Sales') returning id",
      [workspaceId],
    );
    const [stage] = await r.rows<{ id: string }>(
      "insert into stages (workspace_id, id, pipeline_id, name, position, probability, kind) values ($1, gen_random_uuid(), $2, 'Won', 0, 100, 'won') returning id",
      [workspaceId, pipeline!.id],
    );
    await r.rows(
      "insert into deals (workspace_id, id, name, currency, amount, status, pipeline_id, stage_id, company_id) values ($1, gen_random_uuid(), 'Renewal', 'USD', 50000, 'won', $2, $3, $4), ($1, gen_random_uuid(), 'Pilot', 'USD', 5000, 'open', $2, $3, $5)",
      [workspaceId, pipeline!.id, stage!.id, ids.initech, ids.acme],
    );
  });
});
afterAll(() => t.close());

const names = (body: { data: { name: string }[] }) => body.data.map((c) => c.name);
const list = async (query: string) => {
  const response = await owner.caller.get(`/api/v1/companies?${query}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
};
const filtered = async (filter: object, sort = "name") =>
  names(await list(`filter=${encodeURIComponent(JSON.stringify(filter))}&sort=${sort}`));

describe("listing companies", () => {
  it("sorts by built-in and custom fields, case-insensitively, newest first by default, and counts", async () => {
    const body = await list("count=true");
    expect(names(body)).toEqual(["Vandelay Industries", "Hooli", "acme", "Globex", "Initech"]);
    expect(body.total).toBe(5);
    expect(names(await list("sort=name"))).toEqual([
      "acme",
      "Globex",
      "Hooli",
      "Initech",
      "Vandelay Industries",
    ]);
    expect(names(await list("sort=-annualRevenue,name"))).toEqual([
      "acme",
      "Vandelay Industries",
      "Globex",
      "Hooli",
      "Initech",
    ]);
    expect(names(await list("sort=industry,-employeeCount"))).toEqual([
      "Globex",
      "Hooli",
      "Initech",
      "acme",
      "Vandelay Industries",
    ]);
    expect(names(await list("sort=-custom.health,name"))).toEqual([
      "acme",
      "Hooli",
      "Globex",
      "Initech",
      "Vandelay Industries",
    ]);
  });

  it("filters on built-in fields, domains, address and custom fields", async () => {
    expect(await filtered({ field: "industry", op: "eq", value: "SOFTWARE" })).toEqual([
      "acme",
      "Hooli",
      "Initech",
    ]);
    expect(await filtered({ field: "domains", op: "contains", value: "globex.io" })).toEqual(["Globex"]);
    expect(await filtered({ field: "employeeCount", op: "between", value: [100, 1000] })).toEqual([
      "Hooli",
      "Initech",
    ]);
    expect(await filtered({ field: "annualRevenue", op: "gt", value: 50_000_000 })).toEqual([
      "Globex",
      "Hooli",
    ]);
    expect(await filtered({ field: "address.city", op: "startsWith", value: "aus" })).toEqual(["Initech"]);
    expect(await filtered({ not: { field: "address.country", op: "eq", value: "US" } })).toEqual([
      "acme",
      "Globex",
      "Hooli",
      "Vandelay Industries",
    ]);
    expect(await filtered({ field: "custom.segment", op: "eq", value: "enterprise" })).toEqual([
      "Globex",
      "Initech",
    ]);
    expect(await filtered({ field: "custom.health", op: "lt", value: 80 })).toEqual([
      "Initech",
      "Vandelay Industries",
    ]);
    expect(await filtered({ field: "tags", op: "contains", value: "strategic" })).toEqual(["Globex"]);
    expect(await filtered({ field: "parentCompanyId", op: "eq", value: ids.globex })).toEqual(["acme"]);
    expect(await filtered({ field: "ownerId", op: "eq", value: "me" })).toHaveLength(5);
  });

  it("filters through the parent, contacts and deals, counting live records only", async () => {
    expect(await filtered({ field: "parent.name", op: "eq", value: "globex" })).toEqual(["acme"]);
    expect(await filtered({ field: "parent.custom.segment", op: "eq", value: "enterprise" })).toEqual([
      "acme",
      "Hooli",
    ]);
    expect(await filtered({ field: "parent.industry", op: "isNotEmpty" })).toEqual(["acme", "Hooli"]);
    expect(await filtered({ field: "contacts.lastName", op: "eq", value: "hopper" })).toEqual([
      "acme",
      "Globex",
    ]);
    expect(
      await filtered({
        and: [
          { field: "contacts.lastName", op: "eq", value: "Lovelace" },
          { field: "contacts.role", op: "eq", value: "cto" },
        ],
      }),
    ).toEqual(["acme"]);
    expect(await filtered({ field: "contacts.lastName", op: "eq", value: "Trashed" })).toEqual([]);
    expect(await filtered({ not: { field: "contacts.id", op: "isNotEmpty" } })).toEqual([
      "Initech",
      "Vandelay Industries",
    ]);
    expect(await filtered({ field: "deals.status", op: "eq", value: "won" })).toEqual(["Initech"]);
    expect(await filtered({ field: "deals.amount", op: "gte", value: 1000 })).toEqual(["acme", "Initech"]);
  });

  it("takes the filter in the body of POST /companies/query", async () => {
    const response = await owner.caller.post("/api/v1/companies/query", {
      filter: { field: "name", op: "in", value: ["GLOBEX", "hooli"] },
      sort: "-name",
      count: true,
    });
    expect(response.statusCode).toBe(200);
    expect(names(response.json())).toEqual(["Hooli", "Globex"]);
    expect(response.json().total).toBe(2);
  });

  it("lists the trash with the same filters", async () => {
    const response = await owner.caller.get(
      `/api/v1/companies/trash?filter=${encodeURIComponent(JSON.stringify({ field: "parent.name", op: "eq", value: "Globex" }))}`,
    );
    expect(response.statusCode).toBe(200);
    expect(names(response.json())).toEqual(["Gone Ltd"]);
  });

  it("pages with a cursor without gaps or repeats, even while rows are inserted", async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let page = 0;
    do {
      const body = await list(`sort=-custom.health,name&limit=2${cursor ? `&cursor=${cursor}` : ""}`);
      seen.push(...names(body));
      cursor = body.nextCursor;
      if (page++ === 0) {
        // A company created meanwhile sorts before the cursor and must not shift later pages.
        await owner.caller.post("/api/v1/companies", { name: "Aardvark Inc" });
      }
    } while (cursor);
    expect(seen).toEqual(["acme", "Hooli", "Globex", "Initech", "Vandelay Industries"]);
    await owner.caller.delete(
      `/api/v1/companies/${(await list("sort=-createdAt&limit=1")).data[0].id as string}`,
    );
  });

  it("rejects unknown fields, bad operators, unknown sorts and foreign cursors with the path", async () => {
    const cases: [string, string][] = [
      [
        `filter=${encodeURIComponent(JSON.stringify({ field: "shoeSize", op: "eq", value: 1 }))}`,
        "filter.field",
      ],
      [
        `filter=${encodeURIComponent(JSON.stringify({ field: "parent.shoeSize", op: "eq", value: 1 }))}`,
        "filter.field",
      ],
      [`filter=${encodeURIComponent(JSON.stringify({ field: "name", op: "lt", value: "A" }))}`, "filter.op"],
      [
        `filter=${encodeURIComponent(JSON.stringify({ field: "deals.status", op: "eq", value: "maybe" }))}`,
        "filter.value",
      ],
      ["filter=%7Bnot-json", "query.filter"],
      ["sort=domains", "sort"],
    ];
    for (const [query, path] of cases) {
      const response = await owner.caller.get(`/api/v1/companies?${query}`);
      expect(response.statusCode, query).toBe(400);
      expect(response.json().errors[0].path, query).toBe(path);
    }
    const first = await list("sort=name&limit=1");
    const foreign = await owner.caller.get(
      `/api/v1/companies?sort=industry&limit=1&cursor=${first.nextCursor}`,
    );
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().errors[0].path).toBe("cursor");
  });
});
