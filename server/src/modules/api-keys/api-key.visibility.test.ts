import { BUILTIN_ROLE_DEFAULTS, type RolePermissions } from "@rapport/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  addMember,
  Caller,
  createApiKey,
  createTestApp,
  type SignedIn,
  signUp,
  type TestApp,
} from "../../../test/index.ts";
import { createApiKeyRecord } from "./api-key.service.ts";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

const salesRep = BUILTIN_ROLE_DEFAULTS.sales_rep.permissions;
/** Sees only its own contacts; every other object in full. */
const ownContacts: RolePermissions = {
  ...salesRep,
  objects: { ...salesRep.objects, contacts: { ...salesRep.objects.contacts, visibility: "own" } },
};
const teamContacts: RolePermissions = {
  ...salesRep,
  objects: { ...salesRep.objects, contacts: { ...salesRep.objects.contacts, visibility: "team" } },
};

async function createRole(owner: SignedIn, key: string, permissions: RolePermissions) {
  const response = await owner.caller.post("/api/v1/roles", { key, name: key, permissions });
  expect(response.statusCode, response.body).toBe(201);
}

async function contactOf(who: SignedIn, firstName: string): Promise<string> {
  const response = await who.caller.post("/api/v1/contacts", { firstName, lastName: "Keyed" });
  expect(response.statusCode, response.body).toBe(201);
  return response.json().id;
}

const listed = async (caller: Caller, query = "") => {
  const response = await caller.get(`/api/v1/contacts${query}`);
  expect(response.statusCode, response.body).toBe(200);
  return (response.json().data as { id: string }[]).map((c) => c.id).sort();
};

/** Workspace with an admin A (who creates the key) and a member B, each owning a contact. */
async function setup() {
  const owner = await signUp(t.app);
  await createRole(owner, "own_rep", ownContacts);
  await createRole(owner, "team_rep", teamContacts);
  const a = await addMember(t.app, owner, "admin");
  const b = await addMember(t.app, owner, "sales_rep");
  const ofA = await contactOf(a, "Ada");
  const ofB = await contactOf(b, "Bea");
  const ofOwner = await contactOf(owner, "Olga");
  return { owner, a, b, ofA, ofB, ofOwner };
}

describe("an API key with a role limited to own or team records", () => {
  it("sees what its creator owns or is shared with, and `me` means its creator", async () => {
    const { owner, a, b, ofA, ofB, ofOwner } = await setup();
    const { caller: key } = await createApiKey(a, "own_rep");

    expect(await listed(key)).toEqual([ofA]);
    expect((await key.get(`/api/v1/contacts/${ofA}`)).statusCode).toBe(200);
    expect((await key.get(`/api/v1/contacts/${ofB}`)).statusCode).toBe(404);
    const mine = await key.post("/api/v1/contacts/query", {
      filter: { field: "ownerId", op: "eq", value: "me" },
      count: true,
    });
    expect(mine.json().total).toBe(1);

    // A record shared with the creator is visible through the key as well.
    const shared = await owner.caller.post(`/api/v1/contacts/${ofB}/shares`, { userId: a.session.user.id });
    expect(shared.statusCode, shared.body).toBe(201);
    expect(await listed(key)).toEqual([ofA, ofB].sort());
    expect((await key.get(`/api/v1/contacts/${ofOwner}`)).statusCode).toBe(404);

    // The key's own role still bounds it: the creator administers, the key may not.
    expect((await key.patch("/api/v1/workspace", { name: "Renamed" })).statusCode).toBe(403);
    expect(b.session.user.id).not.toBe(a.session.user.id);
  });

  it("sees its creator's team's records with team visibility", async () => {
    const { owner, a, b, ofA, ofB } = await setup();
    const { caller: key } = await createApiKey(a, "team_rep");
    expect(await listed(key)).toEqual([ofA]);
    const team = await owner.caller.post("/api/v1/teams", {
      name: "North",
      memberIds: [a.session.user.id, b.session.user.id],
    });
    expect(team.statusCode, team.body).toBe(201);
    expect(await listed(key)).toEqual([ofA, ofB].sort());
  });

  it("sees none of the own-visibility records once its creator has left, but still the objects shown in full", async () => {
    const { owner, a, ofA } = await setup();
    const { caller: key } = await createApiKey(a, "own_rep");
    const deal = (await owner.caller.post("/api/v1/deals", { name: "Everyone's deal" })).json();
    expect(await listed(key)).toEqual([ofA]);

    expect((await owner.caller.delete(`/api/v1/members/${a.session.user.id}`)).statusCode).toBe(204);
    expect(await listed(key)).toEqual([]);
    expect((await key.get(`/api/v1/contacts/${ofA}`)).statusCode).toBe(404);
    const mine = await key.post("/api/v1/contacts/query", {
      filter: { field: "ownerId", op: "eq", value: "me" },
      count: true,
    });
    expect(mine.json().total).toBe(0);
    const deals = (await key.get("/api/v1/deals")).json().data as { id: string }[];
    expect(deals.map((d) => d.id)).toEqual([deal.id]);
  });

  it("sees only objects shown in full when its creator is unknown", async () => {
    const { owner, ofA } = await setup();
    const { key } = await createApiKeyRecord(t.database.db, {
      workspaceId: owner.session.workspace.id,
      name: "Seeded",
      role: "own_rep",
      createdBy: null,
    });
    const caller = new Caller(t.app, { apiKey: key });
    expect(await listed(caller)).toEqual([]);
    expect((await caller.get(`/api/v1/contacts/${ofA}`)).statusCode).toBe(404);
    expect((await caller.get("/api/v1/deals")).statusCode).toBe(200);
  });

  it("sees nothing of another workspace, whose own keys see nothing of this one", async () => {
    const { a, ofA } = await setup();
    const { caller: key } = await createApiKey(a, "own_rep");
    const other = await signUp(t.app, { workspaceName: "Elsewhere" });
    await createRole(other, "own_rep", ownContacts);
    const elsewhere = await contactOf(other, "Xena");
    expect((await key.get(`/api/v1/contacts/${elsewhere}`)).statusCode).toBe(404);
    expect(await listed(key)).toEqual([ofA]);
    const { caller: otherKey } = await createApiKey(other, "own_rep");
    expect(await listed(otherKey)).toEqual([elsewhere]);
    expect((await otherKey.get(`/api/v1/contacts/${ofA}`)).statusCode).toBe(404);
  });
});
