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

const ada = {
  firstName: "Ada",
  lastName: "Lovelace",
  emails: [
    { value: "Ada@Example.com", label: "work" },
    { value: "ada@home.example", label: "home" },
  ],
  phones: [{ value: "+44 20 7946 0958", label: "mobile" }],
  jobTitle: "Analyst",
  tags: ["vip"],
};

async function createContact(owner: SignedIn, body: object = ada, query = "") {
  const response = await owner.caller.post(`/api/v1/contacts${query}`, body);
  if (response.statusCode !== 201) throw new Error(`create failed: ${response.statusCode} ${response.body}`);
  return response.json();
}

describe("contacts: create, read, update", () => {
  it("creates a contact with a primary email and phone, owned by the creator", async () => {
    const owner = await signUp(t.app);
    const response = await owner.caller.post("/api/v1/contacts", ada);
    expect(response.statusCode).toBe(201);
    const contact = response.json();
    expect(contact).toMatchObject({
      displayName: "Ada Lovelace",
      email: "Ada@Example.com",
      phone: "+44 20 7946 0958",
      ownerId: owner.session.user.id,
      createdBy: owner.session.user.id,
      tags: ["vip"],
      version: 1,
    });
    expect(contact.emails.map((e: { primary: boolean }) => e.primary)).toEqual([true, false]);
    expect(response.headers.etag).toBe('"1"');
    const read = await owner.caller.get(`/api/v1/contacts/${contact.id}`);
    expect(read.json()).toEqual(contact);
    expect(read.headers.etag).toBe('"1"');
    const tags = (await owner.caller.get("/api/v1/tags")).json().data;
    expect(tags.map((tag: { name: string }) => tag.name)).toEqual(["vip"]);
  });

  it("names every invalid field and writes nothing", async () => {
    const owner = await signUp(t.app);
    const response = await owner.caller.post("/api/v1/contacts", {
      emails: [
        { value: "not-an-email" },
        { value: "b@example.com", primary: true },
        { value: "c@example.com", primary: true },
      ],
      birthday: "31/12/1990",
      ownerId: "01900000-0000-7000-8000-000000000000",
      nickname: "x",
    });
    expect(response.statusCode).toBe(400);
    const paths = response.json().errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(["birthday", "nickname"]));
    const second = await owner.caller.post("/api/v1/contacts", {
      emails: [
        { value: "not-an-email" },
        { value: "b@example.com", primary: true },
        { value: "c@example.com", primary: true },
      ],
      ownerId: "01900000-0000-7000-8000-000000000000",
    });
    expect(second.statusCode).toBe(400);
    expect(second.json().errors.map((e: { path: string }) => e.path)).toEqual(
      expect.arrayContaining(["emails", "emails[0].value", "ownerId"]),
    );
    const empty = await owner.caller.post("/api/v1/contacts", {});
    expect(empty.statusCode).toBe(400);
    expect(empty.json().errors[0].message).toContain("name, an email or a phone");
    const rows = await queryRows<{ n: number }>(
      t.database,
      "select count(*)::int as n from contacts where workspace_id = $1",
      [owner.session.workspace.id],
    );
    expect(rows[0]!.n).toBe(0);
  });

  it("updates some fields, keeps history, and writes an outbox event per change", async () => {
    const owner = await signUp(t.app);
    const contact = await createContact(owner);
    const patched = await owner.caller.patch(`/api/v1/contacts/${contact.id}`, {
      jobTitle: "Engineer",
      lastName: "King",
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({
      jobTitle: "Engineer",
      displayName: "Ada King",
      firstName: "Ada",
      version: 2,
    });
    expect(patched.headers.etag).toBe('"2"');

    const history = await queryRows<{ field: string; old_value: unknown; new_value: unknown }>(
      t.database,
      "select field, old_value, new_value from field_history where record_id = $1 and old_value is not null order by field",
      [contact.id],
    );
    expect(history).toEqual([
      { field: "jobTitle", old_value: "Analyst", new_value: "Engineer" },
      { field: "lastName", old_value: "Lovelace", new_value: "King" },
    ]);
    const events = await queryRows<{ type: string; changed_fields: string[] }>(
      t.database,
      "select type, changed_fields from outbox_events where record_id = $1 order by seq",
      [contact.id],
    );
    expect(events.map((e) => e.type)).toEqual(["contact.created", "contact.updated"]);
    expect(events[1]!.changed_fields.sort()).toEqual(["jobTitle", "lastName"]);
  });

  it("refuses a stale If-Match with 412 and keeps the other user's change", async () => {
    const owner = await signUp(t.app);
    const contact = await createContact(owner);
    const first = await owner.caller.patch(
      `/api/v1/contacts/${contact.id}`,
      { jobTitle: "CTO" },
      { "if-match": '"1"' },
    );
    expect(first.statusCode).toBe(200);
    const stale = await owner.caller.patch(
      `/api/v1/contacts/${contact.id}`,
      { jobTitle: "Intern" },
      { "if-match": '"1"' },
    );
    expect(stale.statusCode).toBe(412);
    expect(stale.json().code).toBe("precondition_failed");
    expect((await owner.caller.get(`/api/v1/contacts/${contact.id}`)).json().jobTitle).toBe("CTO");
    const garbage = await owner.caller.patch(
      `/api/v1/contacts/${contact.id}`,
      { jobTitle: "X" },
      { "if-match": "nope" },
    );
    expect(garbage.statusCode).toBe(400);
  });

  it("creates one record for a retried POST with the same Idempotency-Key", async () => {
    const owner = await signUp(t.app);
    const headers = { "idempotency-key": "retry-123" };
    const [a, b] = await Promise.all([
      owner.caller.post("/api/v1/contacts", ada, headers),
      owner.caller.post("/api/v1/contacts", ada, headers),
    ]);
    expect(a.statusCode).toBe(201);
    expect(b.statusCode).toBe(201);
    expect(a.json().id).toBe(b.json().id);
    const c = await owner.caller.post("/api/v1/contacts", ada, headers);
    expect(c.json().id).toBe(a.json().id);
    expect(c.headers["idempotent-replayed"]).toBe("true");
    const other = await owner.caller.post("/api/v1/contacts", { ...ada, firstName: "Other" }, headers);
    expect(other.statusCode).toBe(422);
    const list = (await owner.caller.get("/api/v1/contacts?count=true")).json();
    expect(list.total).toBe(1);
  });
});

describe("contacts: trash", () => {
  it("trashes, lists the trash, restores and purges", async () => {
    const owner = await signUp(t.app);
    const contact = await createContact(owner);
    expect((await owner.caller.delete(`/api/v1/contacts/${contact.id}`)).statusCode).toBe(204);
    expect((await owner.caller.get(`/api/v1/contacts/${contact.id}`)).statusCode).toBe(404);
    expect((await owner.caller.get("/api/v1/contacts")).json().data).toHaveLength(0);
    expect(
      (await owner.caller.get("/api/v1/contacts/trash")).json().data.map((c: { id: string }) => c.id),
    ).toEqual([contact.id]);

    const restored = await owner.caller.post(`/api/v1/contacts/${contact.id}/restore`);
    expect(restored.statusCode).toBe(200);
    expect((await owner.caller.get(`/api/v1/contacts/${contact.id}`)).statusCode).toBe(200);

    expect((await owner.caller.delete(`/api/v1/contacts/${contact.id}/purge`)).statusCode).toBe(404);
    await owner.caller.delete(`/api/v1/contacts/${contact.id}`);
    const member = await addMember(t.app, owner, "sales_rep");
    expect((await member.caller.delete(`/api/v1/contacts/${contact.id}/purge`)).statusCode).toBe(403);
    expect((await owner.caller.delete(`/api/v1/contacts/${contact.id}/purge`)).statusCode).toBe(204);
    expect((await owner.caller.post(`/api/v1/contacts/${contact.id}/restore`)).statusCode).toBe(404);
    const events = await queryRows<{ type: string }>(
      t.database,
      "select type from outbox_events where record_id = $1 order by seq",
      [contact.id],
    );
    expect(events.map((e) => e.type)).toEqual([
      "contact.created",
      "contact.deleted",
      "contact.restored",
      "contact.deleted",
      "contact.purged",
    ]);
  });
});

describe("contacts: purge and links", () => {
  it("removes the purged contact from the activities and tasks that named it", async () => {
    const owner = await signUp(t.app);
    const contact = await createContact(owner);
    const other = await createContact(owner, { firstName: "Other" });
    const note = await owner.caller.post("/api/v1/activities", {
      type: "note",
      body: "<p>Met both</p>",
      links: [
        { type: "contact", id: contact.id },
        { type: "contact", id: other.id },
      ],
    });
    expect(note.statusCode, note.body).toBe(201);
    await owner.caller.delete(`/api/v1/contacts/${contact.id}`);
    expect((await owner.caller.delete(`/api/v1/contacts/${contact.id}/purge`)).statusCode).toBe(204);
    const after = (await owner.caller.get(`/api/v1/activities/${note.json().id}`)).json();
    expect(after.links).toEqual([{ type: "contact", id: other.id }]);
  });
});

describe("contacts: batch", () => {
  it("applies creates, updates and deletes together", async () => {
    const owner = await signUp(t.app);
    const existing = await createContact(owner);
    const doomed = await createContact(owner, { firstName: "Doomed" });
    const response = await owner.caller.post("/api/v1/contacts/batch", {
      create: Array.from({ length: 25 }, (_, i) => ({ firstName: `Bulk ${i}` })),
      update: [{ id: existing.id, jobTitle: "Batch-updated" }],
      delete: [doomed.id],
    });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.created).toHaveLength(25);
    expect(body.updated[0].jobTitle).toBe("Batch-updated");
    expect((await owner.caller.get("/api/v1/contacts?count=true")).json().total).toBe(26);
  });

  it("saves nothing when any item fails, and names each failing item", async () => {
    const owner = await signUp(t.app);
    const response = await owner.caller.post("/api/v1/contacts/batch", {
      create: [
        { firstName: "Fine" },
        { firstName: "Fine too" },
        { firstName: "Bad", birthday: "yesterday" },
        {},
      ],
      update: [{ id: "01900000-0000-7000-8000-000000000000", jobTitle: "Ghost" }],
    });
    expect(response.statusCode).toBe(400);
    const paths = response.json().errors.map((e: { path: string }) => e.path);
    expect(paths).toContain("create[2].birthday");
    const second = await owner.caller.post("/api/v1/contacts/batch", {
      create: [{ firstName: "Fine" }, {}],
      update: [{ id: "01900000-0000-7000-8000-000000000000", jobTitle: "Ghost" }],
    });
    expect(second.statusCode).toBe(400);
    expect(second.json().errors.map((e: { path: string }) => e.path)).toEqual([
      "create[1].lastName",
      "update[0].id",
    ]);
    expect((await owner.caller.get("/api/v1/contacts?count=true")).json().total).toBe(0);
  });

  it("writes each created contact as a single create does: row, links, history, audit entry, event", async () => {
    const owner = await signUp(t.app);
    const company = await owner.caller.post("/api/v1/companies", {
      name: "Lovelace Analytics",
      domains: ["lovelace.io"],
    });
    const body = (firstName: string) => ({
      ...ada,
      firstName,
      emails: [{ value: `${firstName}@Lovelace.io`, label: "work" }],
      address: { street: "12 St James's Square", postalCode: "SW1Y 4JH", country: "GB" },
    });
    const single = await createContact(owner, body("Single"));
    const response = await owner.caller.post("/api/v1/contacts/batch", {
      create: [body("Batched"), { lastName: "Babbage" }],
    });
    expect(response.statusCode, response.body).toBe(200);
    const [batched, babbage] = response.json().created;
    expect(batched.companies).toEqual([{ companyId: company.json().id, role: null, primary: true }]);
    expect((await owner.caller.get(`/api/v1/contacts/${batched.id}`)).json()).toEqual(batched);
    expect((await owner.caller.get(`/api/v1/contacts/${babbage.id}`)).json()).toEqual(babbage);
    const { id: _s, firstName: _sf, displayName: _sd, email: _se, emails: _ses, ...singleRest } = single;
    const { id: _b, firstName: _bf, displayName: _bd, email: _be, emails: _bes, ...batchedRest } = batched;
    expect({ ...batchedRest, createdAt: null, updatedAt: null }).toEqual({
      ...singleRest,
      createdAt: null,
      updatedAt: null,
    });

    const written = async (id: string) => ({
      history: await queryRows<{ field: string }>(
        t.database,
        "select field from field_history where record_id = $1 order by field",
        [id],
      ),
      audit: await queryRows<{ action: string; fields: string[] }>(
        t.database,
        "select action, details -> 'fields' as fields from audit_log where target_id = $1",
        [id],
      ),
      events: await queryRows<{ type: string; contact: { id: string } }>(
        t.database,
        "select type, payload -> 'contact' as contact from outbox_events where record_id = $1",
        [id],
      ),
    });
    const fromSingle = await written(single.id);
    const fromBatch = await written(batched.id);
    expect(fromBatch.history).toEqual(fromSingle.history);
    expect(fromBatch.audit).toEqual(fromSingle.audit);
    expect(fromBatch.audit).toHaveLength(1);
    expect(fromBatch.events.map((e) => e.type)).toEqual(["contact.created"]);
    expect(fromBatch.events[0]!.contact).toEqual(batched);
    expect((await written(babbage.id)).events[0]!.contact).toEqual(babbage);
    const verify = await owner.caller.get("/api/v1/audit/verify");
    expect(verify.json()).toMatchObject({ ok: true });
  });

  it("refuses more than 1,000 operations", async () => {
    const owner = await signUp(t.app);
    const response = await owner.caller.post("/api/v1/contacts/batch", {
      create: Array.from({ length: 1001 }, () => ({ firstName: "x" })),
    });
    expect(response.statusCode).toBe(400);
  });
});

describe("contacts: permissions and tenants", () => {
  it("lets viewers read but not write", async () => {
    const owner = await signUp(t.app);
    const contact = await createContact(owner);
    const viewer = await addMember(t.app, owner, "read_only");
    expect((await viewer.caller.get(`/api/v1/contacts/${contact.id}`)).statusCode).toBe(200);
    expect((await viewer.caller.post("/api/v1/contacts", ada)).statusCode).toBe(403);
    expect((await viewer.caller.patch(`/api/v1/contacts/${contact.id}`, { jobTitle: "x" })).statusCode).toBe(
      403,
    );
    expect((await viewer.caller.delete(`/api/v1/contacts/${contact.id}`)).statusCode).toBe(403);
    const { caller: key } = await createApiKey(owner, "sales_rep");
    // Ada exists already: the same email is a likely duplicate (409) unless allowed.
    expect((await key.post("/api/v1/contacts", ada)).statusCode).toBe(409);
    expect((await key.post("/api/v1/contacts?allowDuplicate=true", ada)).statusCode).toBe(201);
  });

  it("keeps contacts inside their workspace on every route", async () => {
    const owner = await signUp(t.app);
    // Ada again and again in one workspace: duplicates allowed.
    const allow = "?allowDuplicate=true";
    const create = async (o: SignedIn) => `/api/v1/contacts/${(await createContact(o, ada, allow)).id}`;
    const check = async (o: SignedIn) => (await createContact(o, ada, allow)).id;
    await expectTenantIsolation(t.app, owner, { method: "GET", create });
    await expectTenantIsolation(t.app, owner, { method: "PATCH", create, body: { jobTitle: "Hijacked" } });
    await expectTenantIsolation(t.app, owner, { method: "DELETE", create });
    await expectTenantIsolation(t.app, owner, {
      method: "POST",
      create: async (o) => `${await create(o)}/restore`,
    });
    await expectTenantIsolation(t.app, owner, {
      method: "DELETE",
      create: async (o) => `${await create(o)}/purge`,
    });
    const outsider = await signUp(t.app);
    const id = await check(owner);
    const batch = await outsider.caller.post("/api/v1/contacts/batch", {
      update: [{ id, jobTitle: "x" }],
      delete: [id],
    });
    expect(batch.statusCode).toBe(400);
    expect((await outsider.caller.get("/api/v1/contacts")).json().data).toHaveLength(0);
    expect((await owner.caller.get(`/api/v1/contacts/${id}`)).json().jobTitle).toBe("Analyst");
  });
});
