import { BUILTIN_ROLE_DEFAULTS, type RolePermissions } from "@rapport/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../test/app.ts";
import { addMember, type SignedIn, signUp } from "../../../test/client.ts";

// Field rules go through every way a record leaves or enters the API; these tests take each in turn.
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

const salesRep = BUILTIN_ROLE_DEFAULTS.sales_rep.permissions;

/** A sales rep whose deal amounts are read-only and whose contacts' salary is hidden. */
const guardedRep: RolePermissions = {
  ...salesRep,
  objects: {
    ...salesRep.objects,
    deals: { ...salesRep.objects.deals, fields: { amount: "read_only" } },
    contacts: { ...salesRep.objects.contacts, fields: { "custom.salary": "hidden", jobTitle: "hidden" } },
  },
};

async function createRole(admin: SignedIn, key: string, permissions: RolePermissions) {
  const response = await admin.caller.post("/api/v1/roles", { key, name: key, permissions });
  expect(response.statusCode, response.body).toBe(201);
}

async function dealOf(owner: SignedIn, body: Record<string, unknown>) {
  const response = await owner.caller.post("/api/v1/deals", body);
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: string; version: number };
}

const filterParam = (filter: unknown) => encodeURIComponent(JSON.stringify(filter));

describe("a hidden field (the support agent's deal amount)", () => {
  let owner: SignedIn;
  let agent: SignedIn;
  let dealId: string;
  beforeAll(async () => {
    owner = await signUp(t.app);
    agent = await addMember(t.app, owner, "support_agent");
    dealId = (await dealOf(owner, { name: "Big renewal", amount: 48_250 })).id;
    const changed = await owner.caller.patch(`/api/v1/deals/${dealId}`, {
      amount: 51_000,
      name: "Bigger renewal",
    });
    expect(changed.statusCode, changed.body).toBe(200);
  });

  it("is left out of gets and lists; the owner still sees it", async () => {
    const got = await agent.caller.get(`/api/v1/deals/${dealId}`);
    expect(got.statusCode, got.body).toBe(200);
    expect(got.json()).not.toHaveProperty("amount");
    expect(got.json().name).toBe("Bigger renewal");
    const listed = await agent.caller.get("/api/v1/deals");
    expect(listed.statusCode, listed.body).toBe(200);
    expect(listed.json().data[0]).not.toHaveProperty("amount");
    expect(listed.json().data[0].name).toBe("Bigger renewal");
    expect((await owner.caller.get(`/api/v1/deals/${dealId}`)).json().amount).toBe(51_000);
  });

  it("is left out of exports, CSV and JSON", async () => {
    const csv = await agent.caller.get("/api/v1/deals/export?format=csv");
    // The support agent has no export permission on deals; give the export a role that has.
    expect(csv.statusCode).toBe(403);
    const exporter: RolePermissions = {
      ...BUILTIN_ROLE_DEFAULTS.sales_manager.permissions,
      objects: {
        ...BUILTIN_ROLE_DEFAULTS.sales_manager.permissions.objects,
        deals: {
          ...BUILTIN_ROLE_DEFAULTS.sales_manager.permissions.objects.deals,
          fields: { amount: "hidden" },
        },
      },
    };
    await createRole(owner, "amountless_manager", exporter);
    const manager = await addMember(t.app, owner, "amountless_manager");
    const asCsv = await manager.caller.get("/api/v1/deals/export?format=csv");
    expect(asCsv.statusCode, asCsv.body).toBe(200);
    const header = asCsv.body.split(/\r?\n/)[0]!.split(",");
    expect(header).toContain("name");
    expect(header).not.toContain("amount");
    expect(asCsv.body).not.toContain("51000");
    const asJson = await manager.caller.get("/api/v1/deals/export?format=json");
    expect(asJson.statusCode, asJson.body).toBe(200);
    expect(asJson.body).toContain("Bigger renewal");
    expect(asJson.body).not.toContain("amount");
    const chosen = await manager.caller.get("/api/v1/deals/export?format=csv&fields=name,amount");
    expect(chosen.statusCode).toBe(400);
    expect(chosen.json().errors).toEqual([expect.objectContaining({ path: "fields" })]);
  });

  it("is left out of the timeline and the field history, other changes stay", async () => {
    const timeline = await agent.caller.get(`/api/v1/deals/${dealId}/timeline`);
    expect(timeline.statusCode, timeline.body).toBe(200);
    const fields = timeline
      .json()
      .data.flatMap((i: { changes?: { field: string }[] }) => i.changes ?? [])
      .map((c: { field: string }) => c.field);
    expect(fields).toContain("name");
    expect(fields).not.toContain("amount");
    const history = await agent.caller.get(`/api/v1/deals/${dealId}/history`);
    expect(history.statusCode, history.body).toBe(200);
    const historyFields = history.json().data.map((h: { field: string }) => h.field);
    expect(historyFields).toContain("name");
    expect(historyFields).not.toContain("amount");
    const ownersHistory = await owner.caller.get(`/api/v1/deals/${dealId}/history`);
    expect(ownersHistory.json().data.map((h: { field: string }) => h.field)).toContain("amount");
  });

  it("cannot be filtered, sorted or asked for, exactly as an unknown field", async () => {
    const byAmount = await agent.caller.get(
      `/api/v1/deals?filter=${filterParam({ field: "amount", op: "gt", value: 50_000 })}`,
    );
    const byUnknown = await agent.caller.get(
      `/api/v1/deals?filter=${filterParam({ field: "nosuchfield", op: "gt", value: 50_000 })}`,
    );
    expect(byAmount.statusCode).toBe(400);
    expect(byUnknown.statusCode).toBe(400);
    expect(byAmount.json().errors[0].path).toBe(byUnknown.json().errors[0].path);
    // Through a relation too: contacts filtered by their deals' amount.
    const related = await agent.caller.get(
      `/api/v1/contacts?filter=${filterParam({ field: "deals.amount", op: "gt", value: 50_000 })}`,
    );
    expect(related.statusCode).toBe(400);
    const sorted = await agent.caller.get("/api/v1/deals?sort=-amount");
    expect(sorted.statusCode).toBe(400);
    expect(sorted.json().errors).toEqual([expect.objectContaining({ path: "sort" })]);
    const fields = await agent.caller.get("/api/v1/deals?fields=name,amount");
    expect(fields.statusCode).toBe(400);
    expect(fields.json().errors).toEqual([expect.objectContaining({ path: "fields" })]);
    const filterable = await agent.caller.get("/api/v1/fields/deals/filterable");
    const paths = filterable.json().data.map((f: { path: string }) => f.path);
    expect(paths).toContain("name");
    expect(paths).not.toContain("amount");
    const ownersFilter = await owner.caller.get(
      `/api/v1/deals?filter=${filterParam({ field: "amount", op: "gt", value: 50_000 })}`,
    );
    expect(ownersFilter.json().data.map((d: { id: string }) => d.id)).toEqual([dealId]);
  });

  it("is not summed on the board: counts only", async () => {
    const summary = await agent.caller.get("/api/v1/deals/summary");
    expect(summary.statusCode, summary.body).toBe(200);
    expect(summary.json().total).toEqual({ count: 1 });
    expect(summary.body).not.toContain("51000");
    const owners = await owner.caller.get("/api/v1/deals/summary");
    expect(owners.json().total.amount).toBe(51_000);
  });

  it("is seen by an admin and by the same role in another workspace once its rules are cleared", async () => {
    const admin = await addMember(t.app, owner, "admin");
    expect((await admin.caller.get(`/api/v1/deals/${dealId}`)).json().amount).toBe(51_000);
    const other = await signUp(t.app);
    const cleared = await other.caller.patch("/api/v1/roles/support_agent", {
      permissions: {
        ...BUILTIN_ROLE_DEFAULTS.support_agent.permissions,
        objects: {
          ...BUILTIN_ROLE_DEFAULTS.support_agent.permissions.objects,
          deals: { actions: ["read"], visibility: "all", fields: {} },
        },
      },
    });
    expect(cleared.statusCode, cleared.body).toBe(200);
    const otherAgent = await addMember(t.app, other, "support_agent");
    const otherDeal = await dealOf(other, { name: "Other", amount: 10 });
    expect((await otherAgent.caller.get(`/api/v1/deals/${otherDeal.id}`)).json().amount).toBe(10);
    // The first workspace's agent is unaffected by the other's change.
    expect((await agent.caller.get(`/api/v1/deals/${dealId}`)).json()).not.toHaveProperty("amount");
  });
});

describe("read-only and hidden fields on writes", () => {
  let owner: SignedIn;
  let rep: SignedIn;
  let dealId: string;
  let contactId: string;
  beforeAll(async () => {
    owner = await signUp(t.app);
    const field = await owner.caller.post("/api/v1/fields/contacts", { label: "Salary", type: "number" });
    expect(field.statusCode, field.body).toBe(201);
    await createRole(owner, "guarded_rep", guardedRep);
    rep = await addMember(t.app, owner, "guarded_rep");
    dealId = (await dealOf(owner, { name: "Read-only amount", amount: 700 })).id;
    const contact = await owner.caller.post("/api/v1/contacts", {
      firstName: "Ada",
      lastName: "Paid",
      jobTitle: "Engineer",
      custom: { salary: 123_456 },
    });
    expect(contact.statusCode, contact.body).toBe(201);
    contactId = contact.json().id;
  });

  it("refuses setting a read-only field with 403 naming it, but shows it and allows other changes", async () => {
    const got = await rep.caller.get(`/api/v1/deals/${dealId}`);
    expect(got.json().amount).toBe(700);
    const patched = await rep.caller.patch(`/api/v1/deals/${dealId}`, { amount: 1 });
    expect(patched.statusCode).toBe(403);
    expect(patched.json().errors).toEqual([expect.objectContaining({ path: "amount" })]);
    expect(patched.json().detail).toContain("read-only");
    const created = await rep.caller.post("/api/v1/deals", { name: "New", amount: 5 });
    expect(created.statusCode).toBe(403);
    const batch = await rep.caller.post("/api/v1/deals/batch", {
      update: [
        { id: dealId, name: "Fine" },
        { id: dealId, amount: 2 },
      ],
    });
    expect(batch.statusCode).toBe(403);
    expect(batch.json().errors).toEqual([expect.objectContaining({ path: "update.1.amount" })]);
    expect((await owner.caller.get(`/api/v1/deals/${dealId}`)).json().amount).toBe(700);
    const renamed = await rep.caller.patch(`/api/v1/deals/${dealId}`, { name: "Renamed" });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(renamed.json().amount).toBe(700);
    const withoutAmount = await rep.caller.post("/api/v1/deals", { name: "No amount" });
    expect(withoutAmount.statusCode, withoutAmount.body).toBe(201);
  });

  it("hides a custom field and a built-in one from reads, filters and writes", async () => {
    const got = await rep.caller.get(`/api/v1/contacts/${contactId}`);
    expect(got.statusCode, got.body).toBe(200);
    expect(got.json().custom).toEqual({});
    expect(got.json()).not.toHaveProperty("jobTitle");
    const listed = await rep.caller.get("/api/v1/contacts");
    expect(JSON.stringify(listed.json())).not.toContain("123456");
    const filtered = await rep.caller.get(
      `/api/v1/contacts?filter=${filterParam({ field: "custom.salary", op: "gt", value: 100_000 })}`,
    );
    expect(filtered.statusCode).toBe(400);
    const written = await rep.caller.patch(`/api/v1/contacts/${contactId}`, { custom: { salary: 1 } });
    expect(written.statusCode).toBe(403);
    expect(written.json().errors).toEqual([expect.objectContaining({ path: "custom.salary" })]);
    expect(written.json().detail).toContain("hidden");
    // Search shows a contact's job title as its subtitle when it has no email or phone.
    const found = await rep.caller.get("/api/v1/search?q=Ada%20Paid");
    expect(found.statusCode, found.body).toBe(200);
    expect(found.json().data[0]).toMatchObject({ id: contactId, subtitle: null });
    expect((await owner.caller.get("/api/v1/search?q=Ada%20Paid")).json().data[0].subtitle).toBe("Engineer");
    const owners = await owner.caller.get(`/api/v1/contacts/${contactId}`);
    expect(owners.json().custom).toEqual({ salary: 123_456 });
    expect(owners.json().jobTitle).toBe("Engineer");
  });
});

describe("a hidden email", () => {
  it("cannot be probed by searching for it, in search or the tables' search box; the name still finds it", async () => {
    const owner = await signUp(t.app);
    await createRole(owner, "no_emails", {
      ...salesRep,
      objects: {
        ...salesRep.objects,
        contacts: { ...salesRep.objects.contacts, fields: { emails: "hidden" } },
      },
    });
    const rep = await addMember(t.app, owner, "no_emails");
    const created = await owner.caller.post("/api/v1/contacts", {
      firstName: "Greta",
      lastName: "Quill",
      emails: [{ value: "secret.alias@hidden.example" }],
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id;
    const search = (who: SignedIn, q: string) =>
      who.caller.get(`/api/v1/search?q=${encodeURIComponent(q)}&types=contact`);
    const box = (who: SignedIn, value: string) =>
      who.caller.get(`/api/v1/contacts?filter=${filterParam({ field: "search", op: "matches", value })}`);
    const ids = (response: { json: () => { data: { id: string }[] } }) =>
      response.json().data.map((r) => r.id);
    for (const q of ["secret.alias@hidden.example", "secret alias"]) {
      expect(ids(await search(owner, q)), q).toEqual([id]);
      expect(ids(await search(rep, q)), q).toEqual([]);
      expect(ids(await box(owner, q)), q).toEqual([id]);
      expect(ids(await box(rep, q)), q).toEqual([]);
    }
    expect(ids(await search(rep, "greta quill"))).toEqual([id]);
    expect(ids(await box(rep, "quill"))).toEqual([id]);
  });
});

describe("field rules on imports", () => {
  it("refuse a mapping onto a hidden or read-only contact field, naming the mapping", async () => {
    const owner = await signUp(t.app);
    const manager = BUILTIN_ROLE_DEFAULTS.sales_manager.permissions;
    await createRole(owner, "importer", {
      ...manager,
      objects: {
        ...manager.objects,
        contacts: { ...manager.objects.contacts, fields: { jobTitle: "read_only" } },
      },
    });
    const importer = await addMember(t.app, owner, "importer");
    const uploaded = await importer.caller.post(
      "/api/v1/imports?fileName=people.csv",
      "Email,Name,Title\nada@example.com,Ada Lovelace,Countess\n",
      { "content-type": "text/csv" },
    );
    expect(uploaded.statusCode, uploaded.body).toBe(201);
    const imp = uploaded.json() as { id: string };
    const mapping = [
      { column: 0, target: "email" },
      { column: 1, target: "fullName" },
      { column: 2, target: "jobTitle" },
    ];
    const refused = await importer.caller.post(`/api/v1/imports/${imp.id}/run`, { mapping });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().errors).toEqual([expect.objectContaining({ path: "mapping[2].target" })]);
    const preview = await importer.caller.post(`/api/v1/imports/${imp.id}/preview`, { mapping });
    expect(preview.statusCode).toBe(403);
    const without = await importer.caller.post(`/api/v1/imports/${imp.id}/preview`, {
      mapping: mapping.slice(0, 2),
    });
    expect(without.statusCode, without.body).toBe(200);
  });
});

describe("field rules on merges", () => {
  it("refuse picking a field the role may not write, keep the survivor's value of such fields, and answer without hidden ones", async () => {
    const owner = await signUp(t.app);
    const manager = BUILTIN_ROLE_DEFAULTS.sales_manager.permissions;
    await createRole(owner, "merger", {
      ...manager,
      objects: {
        ...manager.objects,
        contacts: { ...manager.objects.contacts, fields: { jobTitle: "hidden", description: "read_only" } },
      },
    });
    const merger = await addMember(t.app, owner, "merger");
    const contact = async (body: Record<string, unknown>) => {
      const response = await owner.caller.post("/api/v1/contacts?allowDuplicate=true", {
        emails: [{ value: "ada@engines.example" }],
        ...body,
      });
      expect(response.statusCode, response.body).toBe(201);
      return response.json() as { id: string };
    };
    const survivor = await contact({ firstName: "Ada", jobTitle: "Countess", description: "Kept" });
    const merged = await contact({ firstName: "Augusta", jobTitle: "Analyst", description: "Newer" });
    const merge = (values?: Record<string, string>) =>
      merger.caller.post("/api/v1/contacts/merge", {
        survivorId: survivor.id,
        mergedIds: [merged.id],
        ...(values ? { values } : {}),
      });

    for (const field of ["jobTitle", "description"]) {
      const refused = await merge({ [field]: merged.id });
      expect(refused.statusCode, refused.body).toBe(403);
      expect(refused.json().errors).toEqual([expect.objectContaining({ path: `values.${field}` })]);
    }
    // Refused whole: the merged contact is still there, unmerged.
    const still = await owner.caller.get(`/api/v1/contacts/${merged.id}`);
    expect(still.statusCode).toBe(200);
    expect(still.json().mergedIntoId ?? null).toBeNull();

    const done = await merge();
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).not.toHaveProperty("jobTitle");
    expect(done.json()).toMatchObject({ id: survivor.id, firstName: "Augusta", description: "Kept" });
    const read = (await owner.caller.get(`/api/v1/contacts/${survivor.id}`)).json();
    expect(read).toMatchObject({ firstName: "Augusta", jobTitle: "Countess", description: "Kept" });
    // The owner, who may write every field, merges as before: the most recent non-empty value.
    const third = await contact({ jobTitle: "Engineer", description: "Newest" });
    const byOwner = await owner.caller.post("/api/v1/contacts/merge", {
      survivorId: survivor.id,
      mergedIds: [third.id],
    });
    expect(byOwner.statusCode, byOwner.body).toBe(200);
    expect(byOwner.json()).toMatchObject({ jobTitle: "Engineer", description: "Newest" });
  });
});

describe("field rules on roles", () => {
  it("refuses rules on fields the object does not have, naming the path", async () => {
    const owner = await signUp(t.app);
    const withRule = (fields: Record<string, string>) => ({
      key: "probe",
      name: "Probe",
      permissions: {
        ...salesRep,
        objects: { ...salesRep.objects, deals: { ...salesRep.objects.deals, fields } },
      },
    });
    const unknown = await owner.caller.post("/api/v1/roles", withRule({ foo: "hidden" }));
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors).toEqual([
      expect.objectContaining({ path: "permissions.objects.deals.fields.foo" }),
    ]);
    const unknownCustom = await owner.caller.post("/api/v1/roles", withRule({ "custom.salary": "hidden" }));
    expect(unknownCustom.statusCode).toBe(400);
    expect(unknownCustom.json().errors).toEqual([
      expect.objectContaining({ path: "permissions.objects.deals.fields.custom.salary" }),
    ]);
    const badRule = await owner.caller.post("/api/v1/roles", withRule({ amount: "secret" }));
    expect(badRule.statusCode).toBe(400);
    await owner.caller.post("/api/v1/fields/deals", { label: "Salary", type: "number" });
    const known = await owner.caller.post("/api/v1/roles", withRule({ "custom.salary": "hidden" }));
    expect(known.statusCode, known.body).toBe(201);
    expect(known.json().permissions.objects.deals.fields).toEqual({ "custom.salary": "hidden" });
  });

  it("gives the built-in support agent hidden deal amounts, shown in the session", async () => {
    const owner = await signUp(t.app);
    const agent = await addMember(t.app, owner, "support_agent");
    const roles = (await owner.caller.get("/api/v1/roles")).json().data as {
      key: string;
      permissions: RolePermissions;
    }[];
    expect(roles.find((r) => r.key === "support_agent")!.permissions.objects.deals.fields).toEqual({
      amount: "hidden",
    });
    expect(agent.session.permissions.objects.deals.fields).toEqual({ amount: "hidden" });
  });
});
