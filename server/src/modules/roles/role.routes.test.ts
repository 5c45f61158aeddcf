import { BUILTIN_ROLE_DEFAULTS, BUILTIN_ROLES, type RolePermissions, withFieldRules } from "@rapport/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../test/app.ts";
import { addMember, type SignedIn, signUp } from "../../../test/client.ts";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

const readOnly = BUILTIN_ROLE_DEFAULTS.read_only.permissions;
const salesRep = BUILTIN_ROLE_DEFAULTS.sales_rep.permissions;
/** A sales rep who sees only their own contacts (and every deal). */
const ownContacts: RolePermissions = {
  ...salesRep,
  objects: { ...salesRep.objects, contacts: { ...salesRep.objects.contacts, visibility: "own" } },
};

async function createRole(admin: SignedIn, key: string, permissions: RolePermissions) {
  const response = await admin.caller.post("/api/v1/roles", {
    key,
    name: key.replace(/_/g, " "),
    permissions,
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

describe("roles", () => {
  it("seeds the built-in roles in every workspace, each with its holders counted", async () => {
    const owner = await signUp(t.app);
    await addMember(t.app, owner, "sales_rep");
    const viewer = await addMember(t.app, owner, "read_only");
    const response = await viewer.caller.get("/api/v1/roles");
    expect(response.statusCode).toBe(200);
    const roles = response.json().data as { key: string; members: number; editable: boolean }[];
    expect(roles.map((r) => r.key)).toEqual([...BUILTIN_ROLES]);
    expect(Object.fromEntries(roles.map((r) => [r.key, r.members]))).toMatchObject({
      owner: 1,
      sales_rep: 1,
      read_only: 1,
      admin: 0,
    });
    expect(roles.filter((r) => !r.editable).map((r) => r.key)).toEqual(["owner", "admin"]);
  });

  it("lets admins add, change and delete custom roles, audited; others get 403", async () => {
    const owner = await signUp(t.app);
    const rep = await addMember(t.app, owner, "sales_rep");
    const denied = await rep.caller.post("/api/v1/roles", {
      key: "field_sales",
      name: "Field",
      permissions: readOnly,
    });
    expect(denied.statusCode).toBe(403);
    expect(denied.json().detail).toBe(
      "Your role Sales rep does not administer this workspace. Ask a workspace admin.",
    );

    const created = await createRole(owner, "field_sales", readOnly);
    expect(created).toMatchObject({ key: "field_sales", builtin: false, editable: true, members: 0 });
    const again = await owner.caller.post("/api/v1/roles", {
      key: "field_sales",
      name: "Twice",
      permissions: readOnly,
    });
    expect(again.statusCode).toBe(400);
    expect(again.json().errors).toEqual([{ path: "key", message: "A role with this key already exists" }]);
    const bad = await owner.caller.post("/api/v1/roles", {
      key: "broken",
      name: "Broken",
      permissions: {
        ...readOnly,
        objects: { ...readOnly.objects, deals: { actions: ["fly"], visibility: "all" } },
      },
    });
    expect(bad.statusCode).toBe(400);
    expect(JSON.stringify(bad.json().errors)).toContain("permissions.objects.deals.actions");

    const renamed = await owner.caller.patch("/api/v1/roles/field_sales", { name: "Field sales" });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json().name).toBe("Field sales");
    expect((await owner.caller.patch("/api/v1/roles/admin", { name: "Boss" })).statusCode).toBe(403);
    expect((await owner.caller.patch("/api/v1/roles/nothing_here", { name: "X" })).statusCode).toBe(404);

    const invited = await addMember(t.app, owner, "field_sales");
    expect(invited.session.roleName).toBe("Field sales");
    // A custom role saved without field rules has none: every object reads `fields: {}`.
    expect(invited.session.permissions).toEqual(withFieldRules("field_sales", readOnly));
    const inUse = await owner.caller.delete("/api/v1/roles/field_sales");
    expect(inUse.statusCode).toBe(409);
    expect((await owner.caller.delete("/api/v1/roles/sales_rep")).statusCode).toBe(403);

    await createRole(owner, "unused_role", readOnly);
    expect((await owner.caller.delete("/api/v1/roles/unused_role")).statusCode).toBe(204);
    const actions = (await owner.caller.get("/api/v1/audit?limit=50"))
      .json()
      .data.map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(["role.created", "role.updated", "role.deleted"]));
  });

  it("refuses a role the workspace does not have, naming the field", async () => {
    const owner = await signUp(t.app);
    const response = await owner.caller.post("/api/v1/invitations", {
      email: "x@example.com",
      role: "pilot",
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors[0].path).toBe("role");
    const key = await owner.caller.post("/api/v1/api-keys", { name: "k", role: "pilot" });
    expect(key.statusCode).toBe(400);
  });

  it("keeps roles inside their workspace", async () => {
    const owner = await signUp(t.app);
    await createRole(owner, "private_role", readOnly);
    const outsider = await signUp(t.app, { workspaceName: "Other" });
    expect((await outsider.caller.patch("/api/v1/roles/private_role", { name: "Mine" })).statusCode).toBe(
      404,
    );
    expect((await outsider.caller.delete("/api/v1/roles/private_role")).statusCode).toBe(404);
    const theirs = (await outsider.caller.get("/api/v1/roles"))
      .json()
      .data.map((r: { key: string }) => r.key);
    expect(theirs).not.toContain("private_role");
  });
});

describe("object permissions", () => {
  it("checks each kind of operation a batch holds", async () => {
    const owner = await signUp(t.app);
    await createRole(owner, "bulk_editor", {
      ...salesRep,
      objects: {
        ...salesRep.objects,
        contacts: { actions: ["read", "update", "bulk_edit"], visibility: "all" },
      },
    });
    const editor = await addMember(t.app, owner, "bulk_editor");
    const contact = (await owner.caller.post("/api/v1/contacts", { firstName: "Batchy" })).json();
    const response = await editor.caller.post("/api/v1/contacts/batch", {
      update: [{ id: contact.id, jobTitle: "Lead" }],
      delete: [contact.id],
    });
    expect(response.statusCode).toBe(403);
    expect(response.json().detail).toBe(
      "Your role bulk editor may not delete contacts. Ask a workspace admin.",
    );
    expect((await owner.caller.get(`/api/v1/contacts/${contact.id}`)).json().jobTitle).toBeNull();
  });

  it("answers 403 naming the role, object and action", async () => {
    const owner = await signUp(t.app);
    const agent = await addMember(t.app, owner, "support_agent");
    const deal = (await owner.caller.post("/api/v1/deals", { name: "Big" })).json();
    const response = await agent.caller.delete(`/api/v1/deals/${deal.id}`);
    expect(response.statusCode).toBe(403);
    expect(response.json().detail).toBe(
      "Your role Support agent may not delete deals. Ask a workspace admin.",
    );
    expect((await agent.caller.get(`/api/v1/deals/${deal.id}`)).statusCode).toBe(200);
  });
});

describe("record visibility", () => {
  it("shows a role limited to its own records only those, everywhere, and denied ones look missing", async () => {
    const owner = await signUp(t.app);
    await createRole(owner, "own_rep", ownContacts);
    const rep = await addMember(t.app, owner, "own_rep");
    const theirs = (
      await owner.caller.post("/api/v1/contacts", { firstName: "Zelda", lastName: "Hidden" })
    ).json();
    const mine = (await rep.caller.post("/api/v1/contacts", { firstName: "Zelda", lastName: "Mine" })).json();
    expect(mine.ownerId).toBe(rep.session.user.id);

    const list = (await rep.caller.get("/api/v1/contacts?count=true")).json();
    expect(list.data.map((c: { id: string }) => c.id)).toEqual([mine.id]);
    expect(list.total).toBe(1);
    const queried = await rep.caller.post("/api/v1/contacts/query", {
      filter: { field: "firstName", op: "eq", value: "Zelda" },
      count: true,
    });
    expect(queried.json().data.map((c: { id: string }) => c.id)).toEqual([mine.id]);
    expect(queried.json().total).toBe(1);

    const missing = await rep.caller.get(`/api/v1/contacts/${"01900000-0000-7000-8000-000000000000"}`);
    const denied = await rep.caller.get(`/api/v1/contacts/${theirs.id}`);
    expect(denied.statusCode).toBe(404);
    expect(denied.json().detail).toBe(missing.json().detail);
    expect((await rep.caller.patch(`/api/v1/contacts/${theirs.id}`, { jobTitle: "X" })).statusCode).toBe(404);
    expect((await rep.caller.delete(`/api/v1/contacts/${theirs.id}`)).statusCode).toBe(404);
    // A batch names each failed item; an unseen record fails exactly as a missing one does.
    const batch = await rep.caller.post("/api/v1/contacts/batch", {
      update: [{ id: theirs.id, jobTitle: "X" }],
    });
    const batchMissing = await rep.caller.post("/api/v1/contacts/batch", {
      update: [{ id: "01900000-0000-7000-8000-000000000000", jobTitle: "X" }],
    });
    expect(batch.statusCode).toBe(400);
    expect(batch.json().errors).toEqual(batchMissing.json().errors);
    expect((await rep.caller.get(`/api/v1/contacts/${theirs.id}/timeline`)).statusCode).toBe(404);
    const hits = (await rep.caller.get("/api/v1/search?q=zelda"))
      .json()
      .data.map((h: { id: string }) => h.id);
    expect(hits).toEqual([mine.id]);

    // Deals are visible to all, but embedding their contacts still hides the ones the rep cannot see.
    await owner.caller.post("/api/v1/deals", {
      name: "Shared deal",
      contacts: [{ contactId: theirs.id }, { contactId: mine.id }],
    });
    const deals = (await rep.caller.get("/api/v1/deals?include=contacts")).json().data;
    expect(deals[0].embedded.contacts.map((c: { id: string }) => c.id)).toEqual([mine.id]);

    // The owner still sees and changes both, untouched.
    expect((await owner.caller.get(`/api/v1/contacts/${theirs.id}`)).json().jobTitle).toBeNull();
    expect((await owner.caller.get("/api/v1/contacts?count=true")).json().total).toBe(2);

    // A changed role applies to the next request.
    const widened = await owner.caller.patch("/api/v1/roles/own_rep", { permissions: salesRep });
    expect(widened.statusCode).toBe(200);
    expect((await rep.caller.get(`/api/v1/contacts/${theirs.id}`)).statusCode).toBe(200);
  });

  it("hides records of an object the role may not read from timelines and embeds", async () => {
    const owner = await signUp(t.app);
    await createRole(owner, "no_deals", {
      ...salesRep,
      objects: { ...salesRep.objects, deals: { actions: [], visibility: "all" } },
    });
    const rep = await addMember(t.app, owner, "no_deals");
    const contact = (await owner.caller.post("/api/v1/contacts", { firstName: "Tim" })).json();
    await owner.caller.post("/api/v1/deals", { name: "Hidden deal", contacts: [{ contactId: contact.id }] });
    expect((await rep.caller.get("/api/v1/deals")).statusCode).toBe(403);

    const kinds = async (who: SignedIn) =>
      (
        (await who.caller.get(`/api/v1/contacts/${contact.id}/timeline`)).json().data as { kind: string }[]
      ).map((i) => i.kind);
    expect(await kinds(owner)).toContain("deal");
    const seen = await kinds(rep);
    expect(seen).toContain("change");
    expect(seen).not.toContain("deal");
    const hits = (await rep.caller.get("/api/v1/search?q=hidden")).json().data;
    expect(hits).toEqual([]);
  });
});
