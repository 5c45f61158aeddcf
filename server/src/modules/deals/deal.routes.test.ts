import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  addMember,
  createApiKey,
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

type Stage = { id: string; name: string; kind: string };
type Pipeline = { id: string; isDefault: boolean; stages: Stage[] };

async function salesPipeline(owner: SignedIn) {
  const pipeline = (await owner.caller.get("/api/v1/pipelines")).json().data[0] as Pipeline;
  const stage = (name: string) => pipeline.stages.find((s) => s.name === name)!.id;
  return { id: pipeline.id, stage };
}

async function createDeal(owner: SignedIn, body: object = { name: "Acme renewal", amount: 1200 }) {
  const response = await owner.caller.post("/api/v1/deals", body);
  if (response.statusCode !== 201) throw new Error(`create failed: ${response.statusCode} ${response.body}`);
  return response.json();
}

const paths = (response: { json(): { errors: { path: string }[] } }) =>
  response.json().errors.map((e) => e.path);

describe("deals: create, read, update", () => {
  it("fills in the default pipeline, first open stage, base currency and the creator as owner", async () => {
    const owner = await signUp(t.app);
    const sales = await salesPipeline(owner);
    const response = await owner.caller.post("/api/v1/deals", {
      name: "Acme renewal",
      amount: 1200.5,
      tags: ["q3"],
    });
    expect(response.statusCode).toBe(201);
    const deal = response.json();
    expect(deal).toMatchObject({
      name: "Acme renewal",
      amount: 1200.5,
      currency: "USD",
      pipelineId: sales.id,
      stageId: sales.stage("Lead in"),
      status: "open",
      probability: 10,
      probabilityOverride: null,
      closedAt: null,
      lostReason: null,
      contacts: [],
      ownerId: owner.session.user.id,
      tags: ["q3"],
      version: 1,
    });
    expect(response.headers.etag).toBe('"1"');
    expect((await owner.caller.get(`/api/v1/deals/${deal.id}`)).json()).toEqual(deal);

    await owner.caller.patch("/api/v1/workspace", { baseCurrency: "EUR" });
    const euro = await createDeal(owner, { name: "In euros", probability: 40 });
    expect(euro).toMatchObject({ currency: "EUR", amount: null, probability: 40, probabilityOverride: 40 });
    const reset = await owner.caller.patch(`/api/v1/deals/${euro.id}`, { probability: null });
    expect(reset.json()).toMatchObject({ probability: 10, probabilityOverride: null });
  });

  it("links contacts with roles and a company that must be live records of the workspace", async () => {
    const owner = await signUp(t.app);
    const contact = (await owner.caller.post("/api/v1/contacts", { firstName: "Ada" })).json();
    const [company] = await queryRows<{ id: string }>(
      t.database,
      "insert into companies (workspace_id, id, name) values ($1, gen_random_uuid(), 'Acme') returning id",
      [owner.session.workspace.id],
    );
    const deal = await createDeal(owner, {
      name: "Linked",
      companyId: company!.id,
      contacts: [{ contactId: contact.id, role: "Decision maker" }],
    });
    expect(deal).toMatchObject({
      companyId: company!.id,
      contacts: [{ contactId: contact.id, role: "Decision maker" }],
    });
    await owner.caller.delete(`/api/v1/contacts/${contact.id}`);
    const trashed = await owner.caller.post("/api/v1/deals", {
      name: "Trashed contact",
      contacts: [{ contactId: contact.id }],
    });
    expect(trashed.statusCode).toBe(400);
    expect(paths(trashed)).toEqual(["contacts[0].contactId"]);
  });

  it("names every invalid field and writes nothing", async () => {
    const owner = await signUp(t.app);
    const shape = await owner.caller.post("/api/v1/deals", {
      amount: -1,
      currency: "eur",
      probability: 101,
      expectedCloseDate: "31/12/2026",
      colour: "red",
    });
    expect(shape.statusCode).toBe(400);
    expect(paths(shape)).toEqual(
      expect.arrayContaining(["name", "amount", "currency", "probability", "expectedCloseDate", "colour"]),
    );
    const decimals = await owner.caller.post("/api/v1/deals", { name: "x", amount: 10.005 });
    expect(paths(decimals)).toEqual(["amount"]);

    const ghost = "01900000-0000-7000-8000-000000000000";
    const rules = await owner.caller.post("/api/v1/deals", {
      name: "Rules",
      stageId: ghost,
      companyId: ghost,
      ownerId: ghost,
      contacts: [{ contactId: ghost }, { contactId: ghost }],
      custom: { nope: 1 },
    });
    expect(rules.statusCode).toBe(400);
    expect(paths(rules)).toEqual([
      "stageId",
      "ownerId",
      "companyId",
      "contacts[1].contactId",
      "contacts[0].contactId",
      "contacts[1].contactId",
      "custom.nope",
    ]);
    const rows = await queryRows<{ n: number }>(
      t.database,
      "select count(*)::int as n from deals where workspace_id = $1",
      [owner.session.workspace.id],
    );
    expect(rows[0]!.n).toBe(0);
  });

  it("refuses a stage of another pipeline, and a stage that disagrees with the status", async () => {
    const owner = await signUp(t.app);
    const sales = await salesPipeline(owner);
    const other = (
      await owner.caller.post("/api/v1/pipelines", {
        name: "Partners",
        stages: [{ name: "Intro", probability: 5 }],
      })
    ).json() as Pipeline;
    const mismatch = await owner.caller.post("/api/v1/deals", {
      name: "x",
      pipelineId: other.id,
      stageId: sales.stage("Qualified"),
    });
    expect(mismatch.statusCode).toBe(400);
    expect(paths(mismatch)).toEqual(["stageId"]);
    const disagree = await owner.caller.post("/api/v1/deals", {
      name: "x",
      stageId: sales.stage("Qualified"),
      status: "won",
    });
    expect(paths(disagree)).toEqual(["status"]);
    const noWon = await owner.caller.post("/api/v1/deals", {
      name: "x",
      pipelineId: other.id,
      status: "won",
    });
    expect(paths(noWon)).toEqual(["status"]);

    const moved = await owner.caller.patch(`/api/v1/deals/${(await createDeal(owner)).id}`, {
      pipelineId: other.id,
    });
    expect(moved.json()).toMatchObject({
      pipelineId: other.id,
      stageId: other.stages[0]!.id,
      probability: 5,
    });
  });

  it("follows the stage kind: won and lost close the deal, lost needs a reason, reopening goes back", async () => {
    const owner = await signUp(t.app);
    const sales = await salesPipeline(owner);
    const deal = await createDeal(owner, {
      name: "Big one",
      amount: 5000,
      stageId: sales.stage("Negotiation"),
    });
    expect(deal.probability).toBe(75);

    const won = (await owner.caller.patch(`/api/v1/deals/${deal.id}`, { status: "won" })).json();
    expect(won).toMatchObject({ stageId: sales.stage("Won"), status: "won", probability: 100 });
    expect(won.closedAt).not.toBeNull();

    const noReason = await owner.caller.patch(`/api/v1/deals/${deal.id}`, { status: "lost" });
    expect(noReason.statusCode).toBe(400);
    expect(paths(noReason)).toEqual(["lostReason"]);
    const viaStage = await owner.caller.patch(`/api/v1/deals/${deal.id}`, { stageId: sales.stage("Lost") });
    expect(paths(viaStage)).toEqual(["lostReason"]);
    const reasonWhileOpen = await owner.caller.patch(`/api/v1/deals/${deal.id}`, { lostReason: "Price" });
    expect(paths(reasonWhileOpen)).toEqual(["lostReason"]);

    const lost = (
      await owner.caller.patch(`/api/v1/deals/${deal.id}`, {
        status: "lost",
        lostReason: "Went with a competitor",
      })
    ).json();
    expect(lost).toMatchObject({
      stageId: sales.stage("Lost"),
      status: "lost",
      lostReason: "Went with a competitor",
      probability: 0,
    });

    const reopened = (await owner.caller.patch(`/api/v1/deals/${deal.id}`, { status: "open" })).json();
    expect(reopened).toMatchObject({
      stageId: sales.stage("Negotiation"),
      status: "open",
      closedAt: null,
      lostReason: null,
      probability: 75,
    });
    const directly = (
      await owner.caller.patch(`/api/v1/deals/${deal.id}`, { stageId: sales.stage("Won") })
    ).json();
    expect(directly.status).toBe("won");
  });

  it("records each stage change with the time spent in the stage left, and a stage_changed event", async () => {
    const owner = await signUp(t.app);
    const sales = await salesPipeline(owner);
    const deal = await createDeal(owner);
    await queryRows(
      t.database,
      "update deals set stage_changed_at = now() - interval '2 hours' where id = $1",
      [deal.id],
    );
    await owner.caller.patch(`/api/v1/deals/${deal.id}`, { stageId: sales.stage("Qualified") });
    await owner.caller.patch(`/api/v1/deals/${deal.id}`, { name: "Renamed, same stage" });
    await owner.caller.patch(`/api/v1/deals/${deal.id}`, { status: "won" });

    const changes = (await owner.caller.get(`/api/v1/deals/${deal.id}/stage-changes`)).json().data;
    expect(
      changes.map((c: { fromStageId: string; toStageId: string; fromStatus: string; toStatus: string }) => [
        c.fromStageId,
        c.toStageId,
        c.fromStatus,
        c.toStatus,
      ]),
    ).toEqual([
      [null, sales.stage("Lead in"), null, "open"],
      [sales.stage("Lead in"), sales.stage("Qualified"), "open", "open"],
      [sales.stage("Qualified"), sales.stage("Won"), "open", "won"],
    ]);
    expect(changes[0].secondsInFromStage).toBeNull();
    expect(changes[1].secondsInFromStage).toBeGreaterThanOrEqual(7200);
    expect(changes[1].secondsInFromStage).toBeLessThan(7300);
    expect(changes[2].secondsInFromStage).toBeLessThan(60);
    expect(changes[1].actorUserId).toBe(owner.session.user.id);

    const events = await queryRows<{
      type: string;
      changed_fields: string[];
      payload: Record<string, unknown>;
    }>(
      t.database,
      "select type, changed_fields, payload from outbox_events where record_id = $1 order by seq",
      [deal.id],
    );
    expect(events.map((e) => e.type)).toEqual([
      "deal.created",
      "deal.updated",
      "deal.stage_changed",
      "deal.updated",
      "deal.updated",
      "deal.stage_changed",
    ]);
    expect(events[1]!.changed_fields).toEqual(["stageId"]);
    expect(events[2]!.payload).toMatchObject({
      fromStageId: sales.stage("Lead in"),
      toStageId: sales.stage("Qualified"),
      fromStatus: "open",
      toStatus: "open",
    });
    expect(events[4]!.changed_fields.sort()).toEqual(["closedAt", "stageId", "status"]);
  });

  it("refuses a stale If-Match with 412", async () => {
    const owner = await signUp(t.app);
    const deal = await createDeal(owner);
    const first = await owner.caller.patch(`/api/v1/deals/${deal.id}`, { amount: 10 }, { "if-match": '"1"' });
    expect(first.statusCode).toBe(200);
    expect(first.headers.etag).toBe('"2"');
    const stale = await owner.caller.patch(`/api/v1/deals/${deal.id}`, { amount: 20 }, { "if-match": '"1"' });
    expect(stale.statusCode).toBe(412);
    expect(stale.json().code).toBe("precondition_failed");
    const staleDelete = await owner.caller.delete(`/api/v1/deals/${deal.id}`, { "if-match": '"1"' });
    expect(staleDelete.statusCode).toBe(412);
    expect((await owner.caller.get(`/api/v1/deals/${deal.id}`)).json().amount).toBe(10);
  });

  it("creates one deal for a retried POST with the same Idempotency-Key", async () => {
    const owner = await signUp(t.app);
    const headers = { "idempotency-key": "deal-retry-1" };
    const body = { name: "Once", amount: 1 };
    const [a, b] = await Promise.all([
      owner.caller.post("/api/v1/deals", body, headers),
      owner.caller.post("/api/v1/deals", body, headers),
    ]);
    expect(a.statusCode).toBe(201);
    expect(b.json().id).toBe(a.json().id);
    const replay = await owner.caller.post("/api/v1/deals", body, headers);
    expect(replay.headers["idempotent-replayed"]).toBe("true");
    expect((await owner.caller.post("/api/v1/deals", { name: "Other" }, headers)).statusCode).toBe(422);
    expect((await owner.caller.get("/api/v1/deals?count=true")).json().total).toBe(1);
  });
});

describe("deals: batch and trash", () => {
  it("applies creates, updates and deletes together, or nothing with every failing path", async () => {
    const owner = await signUp(t.app);
    const sales = await salesPipeline(owner);
    const existing = await createDeal(owner);
    const doomed = await createDeal(owner, { name: "Doomed" });
    const ok = await owner.caller.post("/api/v1/deals/batch", {
      create: Array.from({ length: 10 }, (_, i) => ({ name: `Bulk ${i}`, amount: i })),
      update: [{ id: existing.id, stageId: sales.stage("Proposal sent") }],
      delete: [doomed.id],
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().updated[0]).toMatchObject({ stageId: sales.stage("Proposal sent"), probability: 50 });
    expect((await owner.caller.get("/api/v1/deals?count=true")).json().total).toBe(11);

    const bad = await owner.caller.post("/api/v1/deals/batch", {
      create: [{ name: "Fine" }, { name: "Lost without reason", status: "lost" }],
      update: [
        { id: existing.id, amount: 99 },
        { id: "01900000-0000-7000-8000-000000000000", name: "Ghost" },
      ],
    });
    expect(bad.statusCode).toBe(400);
    expect(paths(bad)).toEqual(["create[1].lostReason", "update[1].id"]);
    expect((await owner.caller.get("/api/v1/deals?count=true")).json().total).toBe(11);
    expect((await owner.caller.get(`/api/v1/deals/${existing.id}`)).json().amount).toBe(1200);
  });

  it("trashes, lists the trash, restores and purges", async () => {
    const owner = await signUp(t.app);
    const deal = await createDeal(owner);
    expect((await owner.caller.delete(`/api/v1/deals/${deal.id}`)).statusCode).toBe(204);
    expect((await owner.caller.get(`/api/v1/deals/${deal.id}`)).statusCode).toBe(404);
    expect((await owner.caller.get("/api/v1/deals")).json().data).toHaveLength(0);
    expect(
      (await owner.caller.get("/api/v1/deals/trash")).json().data.map((d: { id: string }) => d.id),
    ).toEqual([deal.id]);
    expect((await owner.caller.post(`/api/v1/deals/${deal.id}/restore`)).json().id).toBe(deal.id);
    expect((await owner.caller.delete(`/api/v1/deals/${deal.id}/purge`)).statusCode).toBe(404);
    await owner.caller.delete(`/api/v1/deals/${deal.id}`);
    const member = await addMember(t.app, owner, "sales_rep");
    expect((await member.caller.delete(`/api/v1/deals/${deal.id}/purge`)).statusCode).toBe(403);
    expect((await owner.caller.delete(`/api/v1/deals/${deal.id}/purge`)).statusCode).toBe(204);
    expect((await owner.caller.post(`/api/v1/deals/${deal.id}/restore`)).statusCode).toBe(404);
    const left = await queryRows<{ n: number }>(
      t.database,
      "select count(*)::int as n from deal_stage_changes where deal_id = $1",
      [deal.id],
    );
    expect(left[0]!.n).toBe(0);
    const events = await queryRows<{ type: string }>(
      t.database,
      "select type from outbox_events where record_id = $1 order by seq",
      [deal.id],
    );
    expect(events.map((e) => e.type)).toEqual([
      "deal.created",
      "deal.deleted",
      "deal.restored",
      "deal.deleted",
      "deal.purged",
    ]);
  });
});

describe("deals: permissions and tenants", () => {
  it("lets viewers read but not write; members write", async () => {
    const owner = await signUp(t.app);
    const deal = await createDeal(owner);
    const viewer = await addMember(t.app, owner, "read_only");
    expect((await viewer.caller.get(`/api/v1/deals/${deal.id}`)).statusCode).toBe(200);
    expect((await viewer.caller.get("/api/v1/deals/summary")).statusCode).toBe(200);
    expect((await viewer.caller.post("/api/v1/deals", { name: "x" })).statusCode).toBe(403);
    expect((await viewer.caller.post("/api/v1/deals/batch", { create: [] })).statusCode).toBe(403);
    expect((await viewer.caller.patch(`/api/v1/deals/${deal.id}`, { name: "x" })).statusCode).toBe(403);
    expect((await viewer.caller.delete(`/api/v1/deals/${deal.id}`)).statusCode).toBe(403);
    expect((await viewer.caller.post(`/api/v1/deals/${deal.id}/restore`)).statusCode).toBe(403);
    const { caller: key } = await createApiKey(owner, "sales_rep");
    const byKey = await key.post("/api/v1/deals", { name: "By key" });
    expect(byKey.statusCode).toBe(201);
    const moved = await key.patch(`/api/v1/deals/${byKey.json().id}`, { status: "won" });
    expect(moved.statusCode).toBe(200);
    const changes = (await key.get(`/api/v1/deals/${byKey.json().id}/stage-changes`)).json().data;
    expect(changes[1].actorApiKeyId).not.toBeNull();
  });

  it("keeps deals inside their workspace on every route", async () => {
    const owner = await signUp(t.app);
    const create = async (o: SignedIn) => `/api/v1/deals/${(await createDeal(o)).id}`;
    await expectTenantIsolation(t.app, owner, { method: "GET", create });
    await expectTenantIsolation(t.app, owner, {
      method: "GET",
      create: async (o) => `${await create(o)}/stage-changes`,
    });
    await expectTenantIsolation(t.app, owner, { method: "PATCH", create, body: { name: "Hijacked" } });
    await expectTenantIsolation(t.app, owner, { method: "DELETE", create });
    await expectTenantIsolation(t.app, owner, {
      method: "POST",
      create: async (o) => {
        const url = await create(o);
        await o.caller.delete(url);
        return `${url}/restore`;
      },
    });
    await expectTenantIsolation(t.app, owner, {
      method: "DELETE",
      create: async (o) => {
        const url = await create(o);
        await o.caller.delete(url);
        return `${url}/purge`;
      },
    });
    await expectTenantIsolation(t.app, owner, {
      method: "GET",
      create: async (o) => `/api/v1/deals/summary?pipelineId=${(await salesPipeline(o)).id}`,
    });

    const outsider = await signUp(t.app);
    const deal = await createDeal(owner);
    const theirs = await salesPipeline(owner);
    const batch = await outsider.caller.post("/api/v1/deals/batch", {
      update: [{ id: deal.id, name: "x" }],
      delete: [deal.id],
    });
    expect(batch.statusCode).toBe(400);
    const foreignStage = await outsider.caller.post("/api/v1/deals", {
      name: "x",
      stageId: theirs.stage("Won"),
    });
    expect(paths(foreignStage)).toEqual(["stageId"]);
    const foreignPipeline = await outsider.caller.post("/api/v1/deals", { name: "x", pipelineId: theirs.id });
    expect(paths(foreignPipeline)).toEqual(["pipelineId"]);
    expect((await outsider.caller.get("/api/v1/deals")).json().data).toHaveLength(0);
    expect((await outsider.caller.get("/api/v1/deals/summary")).json().total.count).toBe(0);
    expect((await owner.caller.get(`/api/v1/deals/${deal.id}`)).json().name).toBe("Acme renewal");
  });
});
