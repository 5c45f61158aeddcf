import { BUILTIN_ROLE_DEFAULTS, type RolePermissions, type Visibility } from "@rapport/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../test/app.ts";
import { addMember, type SignedIn, signUp } from "../../../test/client.ts";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

const salesRep = BUILTIN_ROLE_DEFAULTS.sales_rep.permissions;
const contactsVisibility = (visibility: Visibility): RolePermissions => ({
  ...salesRep,
  objects: { ...salesRep.objects, contacts: { ...salesRep.objects.contacts, visibility } },
});

async function role(owner: SignedIn, key: string, permissions: RolePermissions) {
  const response = await owner.caller.post("/api/v1/roles", { key, name: key, permissions });
  expect(response.statusCode, response.body).toBe(201);
}

const contactIds = async (caller: SignedIn) =>
  ((await caller.caller.get("/api/v1/contacts?sort=firstName")).json().data as { firstName: string }[]).map(
    (c) => c.firstName,
  );

describe("teams", () => {
  it("lets admins manage teams, checking members and names, audited; others get 403", async () => {
    const owner = await signUp(t.app);
    const rep = await addMember(t.app, owner, "sales_rep");
    const denied = await rep.caller.post("/api/v1/teams", { name: "East" });
    expect(denied.statusCode).toBe(403);

    const bad = await owner.caller.post("/api/v1/teams", {
      name: "East",
      memberIds: [rep.session.user.id, "01900000-0000-7000-8000-000000000000"],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors).toEqual([
      { path: "memberIds[1]", message: "No member of this workspace has that id" },
    ]);
    expect((await owner.caller.get("/api/v1/teams")).json().data).toEqual([]);

    const created = await owner.caller.post("/api/v1/teams", {
      name: "East",
      memberIds: [rep.session.user.id],
      managerId: owner.session.user.id,
    });
    expect(created.statusCode, created.body).toBe(201);
    const team = created.json();
    expect(team.memberIds.sort()).toEqual([owner.session.user.id, rep.session.user.id].sort());
    expect(team.managerId).toBe(owner.session.user.id);
    const twice = await owner.caller.post("/api/v1/teams", { name: "east" });
    expect(twice.json().errors).toEqual([{ path: "name", message: "Another team has this name" }]);

    const changed = await owner.caller.patch(`/api/v1/teams/${team.id}`, {
      managerId: null,
      name: "East coast",
    });
    expect(changed.json()).toMatchObject({ name: "East coast", managerId: null });
    expect((await rep.caller.get("/api/v1/teams")).json().data).toHaveLength(1);

    const outsider = await signUp(t.app, { workspaceName: "Other" });
    expect((await outsider.caller.patch(`/api/v1/teams/${team.id}`, { name: "Mine" })).statusCode).toBe(404);
    expect((await outsider.caller.delete(`/api/v1/teams/${team.id}`)).statusCode).toBe(404);

    expect((await owner.caller.delete(`/api/v1/teams/${team.id}`)).statusCode).toBe(204);
    const actions = (await owner.caller.get("/api/v1/audit?limit=50"))
      .json()
      .data.map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(["team.created", "team.updated", "team.deleted"]));
  });

  it("shows team visibility its teams' records, and a manager their team's even with own visibility", async () => {
    const owner = await signUp(t.app);
    await role(owner, "team_rep", contactsVisibility("team"));
    await role(owner, "own_rep", contactsVisibility("own"));
    const ann = await addMember(t.app, owner, "team_rep");
    const bob = await addMember(t.app, owner, "own_rep");
    const cyd = await addMember(t.app, owner, "own_rep");
    for (const [who, name] of [
      [ann, "Ann's"],
      [bob, "Bob's"],
      [cyd, "Cyd's"],
    ] as const) {
      expect((await who.caller.post("/api/v1/contacts", { firstName: name })).statusCode).toBe(201);
    }
    expect(await contactIds(ann)).toEqual(["Ann's"]);
    expect(await contactIds(bob)).toEqual(["Bob's"]);

    const team = await owner.caller.post("/api/v1/teams", {
      name: "North",
      memberIds: [ann.session.user.id, cyd.session.user.id],
      managerId: bob.session.user.id,
    });
    expect(team.statusCode).toBe(201);
    // Ann (team visibility) sees her team: Bob (its manager) and Cyd; Cyd (own) still only hers;
    // Bob manages the team, so he sees its members' records too.
    expect(await contactIds(ann)).toEqual(["Ann's", "Bob's", "Cyd's"]);
    expect(await contactIds(cyd)).toEqual(["Cyd's"]);
    expect(await contactIds(bob)).toEqual(["Ann's", "Bob's", "Cyd's"]);

    await owner.caller.patch(`/api/v1/teams/${team.json().id}`, {
      memberIds: [ann.session.user.id],
      managerId: null,
    });
    expect(await contactIds(ann)).toEqual(["Ann's"]);
    expect(await contactIds(bob)).toEqual(["Bob's"]);
  });
});
