import { BUILTIN_ROLE_DEFAULTS, type RolePermissions } from "@rapport/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../test/app.ts";
import { addMember, type SignedIn, signUp } from "../../../test/client.ts";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

const salesRep = BUILTIN_ROLE_DEFAULTS.sales_rep.permissions;
const ownOnly: RolePermissions = {
  ...salesRep,
  objects: Object.fromEntries(
    Object.entries(salesRep.objects).map(([o, p]) => [o, { ...p, visibility: "own" }]),
  ) as RolePermissions["objects"],
};

async function setup() {
  const owner = await signUp(t.app);
  expect(
    (await owner.caller.post("/api/v1/roles", { key: "own_rep", name: "Own rep", permissions: ownOnly }))
      .statusCode,
  ).toBe(201);
  const rep = await addMember(t.app, owner, "own_rep");
  const deal = (await owner.caller.post("/api/v1/deals", { name: "Secret deal" })).json();
  return { owner, rep, deal };
}

const sees = async (who: SignedIn, id: string) => (await who.caller.get(`/api/v1/deals/${id}`)).statusCode;

describe("sharing a record", () => {
  it("lets a user with only their own records see one shared with them, until it is unshared", async () => {
    const { owner, rep, deal } = await setup();
    expect(await sees(rep, deal.id)).toBe(404);
    // Sharing what one cannot see is as impossible as sharing what does not exist.
    expect(
      (await rep.caller.post(`/api/v1/deals/${deal.id}/shares`, { userId: rep.session.user.id })).statusCode,
    ).toBe(404);

    const shared = await owner.caller.post(`/api/v1/deals/${deal.id}/shares`, {
      userId: rep.session.user.id,
    });
    expect(shared.statusCode, shared.body).toBe(201);
    expect(await sees(rep, deal.id)).toBe(200);
    expect((await rep.caller.get("/api/v1/deals")).json().data.map((d: { id: string }) => d.id)).toEqual([
      deal.id,
    ]);
    const again = await owner.caller.post(`/api/v1/deals/${deal.id}/shares`, { userId: rep.session.user.id });
    expect(again.statusCode).toBe(409);
    expect((await rep.caller.get(`/api/v1/deals/${deal.id}/shares`)).json().data).toHaveLength(1);

    const removed = await owner.caller.delete(`/api/v1/deals/${deal.id}/shares/${shared.json().id}`);
    expect(removed.statusCode).toBe(204);
    expect(await sees(rep, deal.id)).toBe(404);
    const actions = (await owner.caller.get("/api/v1/audit?limit=20"))
      .json()
      .data.map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(["record.shared", "record.unshared"]));
  });

  it("shares with a team, whose members then see the record", async () => {
    const { owner, rep, deal } = await setup();
    const team = (
      await owner.caller.post("/api/v1/teams", { name: "Closers", memberIds: [rep.session.user.id] })
    ).json();
    expect((await owner.caller.post(`/api/v1/deals/${deal.id}/shares`, { teamId: team.id })).statusCode).toBe(
      201,
    );
    expect(await sees(rep, deal.id)).toBe(200);
    const hits = (await rep.caller.get("/api/v1/search?q=secret"))
      .json()
      .data.map((h: { id: string }) => h.id);
    expect(hits).toEqual([deal.id]);
  });

  it("refuses bad targets naming the field, other workspaces, and roles that may not update", async () => {
    const { owner, deal } = await setup();
    const neither = await owner.caller.post(`/api/v1/deals/${deal.id}/shares`, {});
    expect(neither.statusCode).toBe(400);
    const stranger = await owner.caller.post(`/api/v1/deals/${deal.id}/shares`, {
      userId: "01900000-0000-7000-8000-000000000000",
    });
    expect(stranger.statusCode).toBe(400);
    expect(stranger.json().errors).toEqual([
      { path: "userId", message: "No member of this workspace has that id" },
    ]);

    const viewer = await addMember(t.app, owner, "read_only");
    const denied = await viewer.caller.post(`/api/v1/deals/${deal.id}/shares`, {
      userId: viewer.session.user.id,
    });
    expect(denied.statusCode).toBe(403);

    const outsider = await signUp(t.app, { workspaceName: "Other" });
    const foreign = await outsider.caller.post(`/api/v1/deals/${deal.id}/shares`, {
      userId: outsider.session.user.id,
    });
    expect(foreign.statusCode).toBe(404);
    expect((await outsider.caller.get(`/api/v1/deals/${deal.id}/shares`)).statusCode).toBe(404);
  });
});
