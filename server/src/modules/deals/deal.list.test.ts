import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, queryRows, type SignedIn, signUp, type TestApp } from "../../../test/index.ts";

let t: TestApp;
let owner: SignedIn;
let stage: (name: string) => string;
let pipelineId: string;

beforeAll(async () => {
  t = await createTestApp();
  owner = await signUp(t.app, { workspaceName: "Deal lists" });
  const pipeline = (await owner.caller.get("/api/v1/pipelines")).json().data[0];
  pipelineId = pipeline.id;
  stage = (name) => pipeline.stages.find((s: { name: string }) => s.name === name).id;
  await owner.caller.post("/api/v1/fields/deals", {
    label: "Source",
    type: "single_select",
    options: [
      { value: "inbound", label: "Inbound" },
      { value: "outbound", label: "Outbound" },
    ],
  });
  const [acme] = await queryRows<{ id: string }>(
    t.database,
    "insert into companies (workspace_id, id, name, industry) values ($1, gen_random_uuid(), 'Acme', 'Software') returning id",
    [owner.session.workspace.id],
  );
  const contacts = await owner.caller.post("/api/v1/contacts/batch", {
    create: [
      { firstName: "Ada", lastName: "Lovelace" },
      { firstName: "Alan", lastName: "Turing" },
    ],
  });
  const [ada, alan] = contacts.json().created;
  const deals = [
    {
      name: "Alpha",
      amount: 1000,
      stageId: stage("Lead in"),
      companyId: acme!.id,
      contacts: [{ contactId: ada.id, role: "Champion" }],
      custom: { source: "inbound" },
    },
    { name: "Bravo", amount: 2500.5, stageId: stage("Qualified"), contacts: [{ contactId: alan.id }] },
    {
      name: "Charlie",
      amount: 800,
      currency: "EUR",
      stageId: stage("Qualified"),
      custom: { source: "outbound" },
    },
    { name: "Delta", amount: 300, currency: "GBP", stageId: stage("Negotiation"), probability: 90 },
    { name: "Echo", amount: 4000, stageId: stage("Won"), companyId: acme!.id },
    { name: "Foxtrot", stageId: stage("Lost"), lostReason: "No budget", custom: { source: "inbound" } },
  ];
  const response = await owner.caller.post("/api/v1/deals/batch", { create: deals });
  if (response.statusCode !== 200) throw new Error(response.body);
  await owner.caller.post("/api/v1/currencies", { currency: "EUR", rate: 1.1 });
});
afterAll(() => t.close());

const names = (body: { data: { name: string }[] }) => body.data.map((d) => d.name);
const list = async (query: string) => {
  const response = await owner.caller.get(`/api/v1/deals?${query}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
};
const filterQuery = (filter: object) => `filter=${encodeURIComponent(JSON.stringify(filter))}&sort=name`;

describe("listing deals", () => {
  it("filters on fields, relations and custom fields", async () => {
    const cases: [object, string[]][] = [
      [{ field: "stage.name", op: "eq", value: "qualified" }, ["Bravo", "Charlie"]],
      [{ field: "stage.kind", op: "in", value: ["won", "lost"] }, ["Echo", "Foxtrot"]],
      [
        { field: "pipeline.name", op: "eq", value: "Sales" },
        ["Alpha", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot"],
      ],
      [{ field: "contacts.lastName", op: "eq", value: "Turing" }, ["Bravo"]],
      [{ field: "contacts.role", op: "eq", value: "champion" }, ["Alpha"]],
      [{ field: "company.name", op: "eq", value: "Acme" }, ["Alpha", "Echo"]],
      [{ field: "company.industry", op: "startsWith", value: "soft" }, ["Alpha", "Echo"]],
      [{ field: "custom.source", op: "eq", value: "inbound" }, ["Alpha", "Foxtrot"]],
      [{ field: "amount", op: "between", value: [800, 2500.5] }, ["Alpha", "Bravo", "Charlie"]],
      [{ field: "amount", op: "gt", value: 2500 }, ["Bravo", "Echo"]],
      [{ field: "amount", op: "isEmpty" }, ["Foxtrot"]],
      [{ field: "currency", op: "neq", value: "USD" }, ["Charlie", "Delta"]],
      [{ field: "status", op: "eq", value: "open" }, ["Alpha", "Bravo", "Charlie", "Delta"]],
      [{ field: "probability", op: "gte", value: 75 }, ["Delta", "Echo"]],
      [{ field: "lostReason", op: "contains", value: "budget" }, ["Foxtrot"]],
      [{ field: "stageId", op: "eq", value: stage("Lead in") }, ["Alpha"]],
      [{ field: "closedAt", op: "isNotEmpty" }, ["Echo", "Foxtrot"]],
    ];
    for (const [filter, expected] of cases) {
      expect(names(await list(filterQuery(filter))), JSON.stringify(filter)).toEqual(expected);
    }
  });

  it("sorts by amount and probability and pages with a cursor", async () => {
    expect(names(await list("sort=-amount"))).toEqual([
      "Foxtrot",
      "Echo",
      "Bravo",
      "Alpha",
      "Charlie",
      "Delta",
    ]);
    expect(names(await list("sort=-probability,name"))).toEqual([
      "Echo",
      "Delta",
      "Bravo",
      "Charlie",
      "Alpha",
      "Foxtrot",
    ]);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const body = await list(`sort=amount&limit=2${cursor ? `&cursor=${cursor}` : ""}`);
      seen.push(...names(body));
      cursor = body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(["Delta", "Charlie", "Alpha", "Bravo", "Echo", "Foxtrot"]);
    const bad = await owner.caller.get("/api/v1/deals?sort=colour");
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe("sort");
  });

  it("takes the filter in the body of POST /deals/query and counts", async () => {
    const response = await owner.caller.post("/api/v1/deals/query", {
      filter: { field: "stage.kind", op: "eq", value: "open" },
      sort: "name",
      count: true,
      limit: 2,
    });
    expect(response.statusCode).toBe(200);
    expect(names(response.json())).toEqual(["Alpha", "Bravo"]);
    expect(response.json().total).toBe(4);
  });
});

describe("deal summary", () => {
  it("sums per stage in the base currency, leaving out currencies without a rate", async () => {
    const response = await owner.caller.get(`/api/v1/deals/summary?pipelineId=${pipelineId}`);
    expect(response.statusCode, response.body).toBe(200);
    const summary = response.json();
    expect(summary.baseCurrency).toBe("USD");
    expect(summary.missingRates).toEqual(["GBP"]);
    const byStage = Object.fromEntries(summary.stages.map((s: { stageId: string }) => [s.stageId, s]));
    expect(summary.stages).toHaveLength(6);
    expect(byStage[stage("Lead in")]).toMatchObject({ count: 1, amount: 1000, weightedAmount: 100 });
    // 2500.50 USD + 800 EUR × 1.1 = 3380.50, weighted at 25%.
    expect(byStage[stage("Qualified")]).toMatchObject({ count: 2, amount: 3380.5, weightedAmount: 845.13 });
    expect(byStage[stage("Proposal sent")]).toMatchObject({ count: 0, amount: 0, weightedAmount: 0 });
    expect(byStage[stage("Negotiation")]).toMatchObject({ count: 1, amount: 0, weightedAmount: 0 });
    expect(byStage[stage("Won")]).toMatchObject({ count: 1, amount: 4000, weightedAmount: 4000 });
    expect(byStage[stage("Lost")]).toMatchObject({ count: 1, amount: 0, weightedAmount: 0 });
    expect(summary.total).toEqual({ count: 6, amount: 8380.5, weightedAmount: 4945.13 });

    await owner.caller.post("/api/v1/currencies", { currency: "GBP", rate: 1.25 });
    const filtered = await owner.caller.get(
      `/api/v1/deals/summary?pipelineId=${pipelineId}&filter=${encodeURIComponent(
        JSON.stringify({ field: "status", op: "eq", value: "open" }),
      )}`,
    );
    const open = filtered.json();
    expect(open.missingRates).toEqual([]);
    // 1000 + 3380.50 + 300 GBP × 1.25; weighted 100 + 845.125 + 375 × 90%.
    expect(open.total).toEqual({ count: 4, amount: 4755.5, weightedAmount: 1282.63 });
    await owner.caller.delete("/api/v1/currencies/GBP");

    const unknown = await owner.caller.get(
      "/api/v1/deals/summary?pipelineId=01900000-0000-7000-8000-000000000000",
    );
    expect(unknown.statusCode).toBe(404);
  });
});
