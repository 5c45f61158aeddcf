import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  addMember,
  createTestApp,
  expectTenantIsolation,
  queryRows,
  type SignedIn,
  signUp,
  type TestApp,
} from "../../../test/index.ts";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

type Stage = { id: string; name: string; probability: number; kind: string; position: number };
type Pipeline = { id: string; name: string; isDefault: boolean; stages: Stage[] };

const renovation = {
  name: "Renovations",
  stages: [
    { name: "Site visit", probability: 20 },
    { name: "Quote", probability: 60 },
    { name: "Signed", kind: "won" },
    { name: "Declined", kind: "lost" },
  ],
};

async function createPipeline(owner: SignedIn, body: object = renovation): Promise<Pipeline> {
  const response = await owner.caller.post("/api/v1/pipelines", body);
  if (response.statusCode !== 201) throw new Error(`create failed: ${response.statusCode} ${response.body}`);
  return response.json();
}

async function createDeal(owner: SignedIn, body: object) {
  const response = await owner.caller.post("/api/v1/deals", body);
  if (response.statusCode !== 201) throw new Error(`deal failed: ${response.statusCode} ${response.body}`);
  return response.json();
}

describe("pipelines", () => {
  it("gives every new workspace a default Sales pipeline", async () => {
    const owner = await signUp(t.app);
    const response = await owner.caller.get("/api/v1/pipelines");
    expect(response.statusCode).toBe(200);
    const [sales, ...others] = response.json().data as Pipeline[];
    expect(others).toHaveLength(0);
    expect(sales).toMatchObject({ name: "Sales", isDefault: true });
    expect(sales!.stages.map((s) => [s.name, s.probability, s.kind, s.position])).toEqual([
      ["Lead in", 10, "open", 0],
      ["Qualified", 25, "open", 1],
      ["Proposal sent", 50, "open", 2],
      ["Negotiation", 75, "open", 3],
      ["Won", 100, "won", 4],
      ["Lost", 0, "lost", 5],
    ]);
  });

  it("creates, reads, renames and deletes a pipeline", async () => {
    const owner = await signUp(t.app);
    const created = await createPipeline(owner);
    expect(created).toMatchObject({ name: "Renovations", isDefault: false });
    expect(created.stages.map((s) => [s.name, s.probability, s.kind])).toEqual([
      ["Site visit", 20, "open"],
      ["Quote", 60, "open"],
      ["Signed", 100, "won"],
      ["Declined", 0, "lost"],
    ]);
    expect((await owner.caller.get(`/api/v1/pipelines/${created.id}`)).json()).toEqual(created);
    const renamed = await owner.caller.patch(`/api/v1/pipelines/${created.id}`, { name: "Refits" });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json().name).toBe("Refits");
    expect((await owner.caller.delete(`/api/v1/pipelines/${created.id}`)).statusCode).toBe(204);
    expect((await owner.caller.get(`/api/v1/pipelines/${created.id}`)).statusCode).toBe(404);
  });

  it("names every problem of a stage list", async () => {
    const owner = await signUp(t.app);
    const response = await owner.caller.post("/api/v1/pipelines", {
      name: "Closed only",
      stages: [
        { name: "Won", kind: "won", probability: 50 },
        { name: "Lost", kind: "lost" },
      ],
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors.map((e: { path: string }) => e.path)).toEqual([
      "stages",
      "stages[0].probability",
    ]);
    const noProbability = await owner.caller.post("/api/v1/pipelines", {
      name: "X",
      stages: [{ name: "Open" }],
    });
    expect(noProbability.json().errors.map((e: { path: string }) => e.path)).toEqual([
      "stages[0].probability",
    ]);
    const empty = await owner.caller.post("/api/v1/pipelines", { name: "", stages: [] });
    expect(empty.json().errors.map((e: { path: string }) => e.path)).toEqual(
      expect.arrayContaining(["name", "stages"]),
    );
  });

  it("switches the default pipeline in one step and keeps exactly one", async () => {
    const owner = await signUp(t.app);
    const sales = (await owner.caller.get("/api/v1/pipelines")).json().data[0] as Pipeline;
    const other = await createPipeline(owner, { ...renovation, isDefault: true });
    expect(other.isDefault).toBe(true);
    expect((await owner.caller.get(`/api/v1/pipelines/${sales.id}`)).json().isDefault).toBe(false);

    const back = await owner.caller.patch(`/api/v1/pipelines/${sales.id}`, { isDefault: true });
    expect(back.json().isDefault).toBe(true);
    const all = (await owner.caller.get("/api/v1/pipelines")).json().data as Pipeline[];
    expect(all.filter((p) => p.isDefault).map((p) => p.id)).toEqual([sales.id]);

    const unset = await owner.caller.patch(`/api/v1/pipelines/${sales.id}`, { isDefault: false });
    expect(unset.statusCode).toBe(400);
    expect(unset.json().errors[0].path).toBe("isDefault");
    const deleteDefault = await owner.caller.delete(`/api/v1/pipelines/${sales.id}`);
    expect(deleteDefault.statusCode).toBe(409);
    expect(deleteDefault.json().code).toBe("conflict");
    // New deals go to the default pipeline.
    const deal = await createDeal(owner, { name: "Default" });
    expect(deal.pipelineId).toBe(sales.id);
  });

  it("refuses to delete a pipeline that holds deals, trashed ones included", async () => {
    const owner = await signUp(t.app);
    const pipeline = await createPipeline(owner);
    const deal = await createDeal(owner, { name: "Kitchen", pipelineId: pipeline.id });
    await owner.caller.delete(`/api/v1/deals/${deal.id}`);
    const refused = await owner.caller.delete(`/api/v1/pipelines/${pipeline.id}`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().detail).toContain("1 deal(s)");
    await owner.caller.delete(`/api/v1/deals/${deal.id}/purge`);
    expect((await owner.caller.delete(`/api/v1/pipelines/${pipeline.id}`)).statusCode).toBe(204);
  });
});

describe("pipelines: replacing stages", () => {
  it("keeps, renames, reorders, adds and removes stages", async () => {
    const owner = await signUp(t.app);
    const p = await createPipeline(owner);
    const [visit, quote, signed, declined] = p.stages;
    const response = await owner.caller.patch(`/api/v1/pipelines/${p.id}`, {
      stages: [
        { id: quote!.id, name: "Quote sent", probability: 55 },
        { name: "Contract", probability: 80 },
        { id: signed!.id, name: "Signed", kind: "won" },
        { id: declined!.id, name: "Declined", kind: "lost" },
      ],
    });
    expect(response.statusCode, response.body).toBe(200);
    const stages = response.json().stages as Stage[];
    expect(stages.map((s) => [s.name, s.probability, s.position])).toEqual([
      ["Quote sent", 55, 0],
      ["Contract", 80, 1],
      ["Signed", 100, 2],
      ["Declined", 0, 3],
    ]);
    expect(stages[0]!.id).toBe(quote!.id);
    expect(stages.some((s) => s.id === visit!.id)).toBe(false);

    const foreign = (await owner.caller.get("/api/v1/pipelines")).json().data[0].stages[0].id;
    const bad = await owner.caller.patch(`/api/v1/pipelines/${p.id}`, {
      stages: [
        { id: foreign, name: "Stolen", probability: 5 },
        { id: quote!.id, name: "A", probability: 5 },
        { id: quote!.id, name: "B", probability: 5 },
      ],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map((e: { path: string }) => e.path)).toEqual(["stages[0].id", "stages[2].id"]);
  });

  it("refuses to remove a stage holding deals until moveDealsTo says where they go, then records the moves", async () => {
    const owner = await signUp(t.app);
    const p = await createPipeline(owner);
    const [visit, quote, signed, declined] = p.stages;
    const a = await createDeal(owner, { name: "Bathroom", pipelineId: p.id, stageId: visit!.id });
    const b = await createDeal(owner, { name: "Attic", pipelineId: p.id, stageId: visit!.id });
    const kept = [
      { id: quote!.id, name: "Quote", probability: 60 },
      { id: signed!.id, name: "Signed", kind: "won" },
      { id: declined!.id, name: "Declined", kind: "lost" },
    ];

    const refused = await owner.caller.patch(`/api/v1/pipelines/${p.id}`, { stages: kept });
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: "conflict" });
    expect(refused.json().errors[0].path).toBe(`moveDealsTo.${visit!.id}`);
    expect((await owner.caller.get(`/api/v1/pipelines/${p.id}`)).json().stages).toHaveLength(4);

    const wrongKind = await owner.caller.patch(`/api/v1/pipelines/${p.id}`, {
      stages: kept,
      moveDealsTo: { [visit!.id]: signed!.id },
    });
    expect(wrongKind.statusCode).toBe(400);

    const moved = await owner.caller.patch(`/api/v1/pipelines/${p.id}`, {
      stages: kept,
      moveDealsTo: { [visit!.id]: quote!.id },
    });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json().stages).toHaveLength(3);
    for (const deal of [a, b]) {
      const now = (await owner.caller.get(`/api/v1/deals/${deal.id}`)).json();
      expect(now).toMatchObject({ stageId: quote!.id, status: "open", probability: 60, version: 2 });
      const changes = (await owner.caller.get(`/api/v1/deals/${deal.id}/stage-changes`)).json().data;
      expect(
        changes.map((c: { fromStageId: string | null; toStageId: string }) => [c.fromStageId, c.toStageId]),
      ).toEqual([
        [null, visit!.id],
        [visit!.id, quote!.id],
      ]);
    }
    const events = await queryRows<{ type: string }>(
      t.database,
      "select type from outbox_events where record_id = $1 order by seq",
      [a.id],
    );
    expect(events.map((e) => e.type)).toEqual(["deal.created", "deal.updated", "deal.stage_changed"]);
  });

  it("refuses to change the kind of a stage that holds deals", async () => {
    const owner = await signUp(t.app);
    const p = await createPipeline(owner);
    const [visit, quote, signed, declined] = p.stages;
    await createDeal(owner, { name: "Porch", pipelineId: p.id, stageId: quote!.id });
    const response = await owner.caller.patch(`/api/v1/pipelines/${p.id}`, {
      stages: [
        { id: visit!.id, name: "Site visit", probability: 20 },
        { id: quote!.id, name: "Quote", kind: "won" },
        { id: signed!.id, name: "Signed", kind: "won" },
        { id: declined!.id, name: "Declined", kind: "lost" },
      ],
    });
    expect(response.statusCode).toBe(409);
    expect(response.json().errors[0].path).toBe("stages[1].kind");
  });
});

describe("pipelines: permissions and tenants", () => {
  it("lets every member read but only admins write", async () => {
    const owner = await signUp(t.app);
    const p = await createPipeline(owner);
    for (const role of ["read_only", "sales_rep"] as const) {
      const user = await addMember(t.app, owner, role);
      expect((await user.caller.get("/api/v1/pipelines")).statusCode).toBe(200);
      expect((await user.caller.get(`/api/v1/pipelines/${p.id}`)).statusCode).toBe(200);
      expect((await user.caller.post("/api/v1/pipelines", renovation)).statusCode).toBe(403);
      expect((await user.caller.patch(`/api/v1/pipelines/${p.id}`, { name: "x" })).statusCode).toBe(403);
      expect((await user.caller.delete(`/api/v1/pipelines/${p.id}`)).statusCode).toBe(403);
    }
    const admin = await addMember(t.app, owner, "admin");
    expect((await admin.caller.patch(`/api/v1/pipelines/${p.id}`, { name: "By admin" })).statusCode).toBe(
      200,
    );
  });

  it("keeps pipelines inside their workspace on every route", async () => {
    const owner = await signUp(t.app);
    const create = async (o: SignedIn) => `/api/v1/pipelines/${(await createPipeline(o)).id}`;
    await expectTenantIsolation(t.app, owner, { method: "GET", create });
    await expectTenantIsolation(t.app, owner, { method: "PATCH", create, body: { name: "Hijacked" } });
    await expectTenantIsolation(t.app, owner, { method: "DELETE", create });
    const outsider = await signUp(t.app);
    const names = (await outsider.caller.get("/api/v1/pipelines")).json().data.map((p: Pipeline) => p.name);
    expect(names).toEqual(["Sales"]);
  });
});
