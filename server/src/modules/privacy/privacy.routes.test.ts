import { strFromU8, unzipSync } from "fflate";
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

async function post(owner: SignedIn, url: string, body: object) {
  const response = await owner.caller.post(url, body);
  if (response.statusCode >= 300) throw new Error(`${url}: ${response.statusCode} ${response.body}`);
  return response.json();
}
async function patch(owner: SignedIn, url: string, body: object) {
  const response = await owner.caller.patch(url, body);
  if (response.statusCode >= 300) throw new Error(`${url}: ${response.statusCode} ${response.body}`);
  return response.json();
}

/** A contact with a history, custom values, a note, a meeting, an email, a task and a deal. */
async function seedPerson(owner: SignedIn) {
  await post(owner, "/api/v1/fields/contacts", { label: "Shoe size", type: "text" });
  const company = await post(owner, "/api/v1/companies", { name: "Analytical Engines" });
  const contact = await post(owner, "/api/v1/contacts", {
    firstName: "Augusta",
    lastName: "Byronova",
    emails: [{ value: "augusta@byronova.example", label: "work" }],
    phones: [{ value: "+44 20 7946 0958", label: "mobile" }],
    address: { street: "12 Marlow Row", city: "London" },
    birthday: "1815-12-10",
    jobTitle: "Countess",
    companies: [{ companyId: company.id }],
    custom: { shoe_size: "38" },
  });
  await patch(owner, `/api/v1/contacts/${contact.id}`, {
    lastName: "Byronova-King",
    description: "Met at a salon",
  });
  const links = [{ type: "contact", id: contact.id }];
  const note = await post(owner, "/api/v1/activities", {
    type: "note",
    subject: "Lunch with Augusta",
    body: "<p>Augusta Byronova-King wants a quote; write to augusta@byronova.example</p>",
    links,
  });
  await patch(owner, `/api/v1/activities/${note.id}`, { subject: "Lunch with Augusta Byronova-King" });
  await post(owner, "/api/v1/activities", {
    type: "meeting",
    subject: "Demo",
    attendees: [{ contactId: contact.id, name: "Augusta Byronova-King", email: "augusta@byronova.example" }],
    links,
  });
  await post(owner, "/api/v1/activities", {
    type: "email",
    subject: "Re: quote",
    email: { from: "augusta@byronova.example", to: ["sales@rapport.example"] },
    links,
  });
  const task = await post(owner, "/api/v1/tasks", { title: "Call Augusta back on +44 20 7946 0958", links });
  const deal = await post(owner, "/api/v1/deals", {
    name: "Byronova-King engine",
    amount: 12000,
    contacts: [{ contactId: contact.id }],
    companyId: company.id,
  });
  return { contact, company, note, task, deal };
}

/** Every row of the workspace, in every table that holds CRM text, that mentions the text. */
async function rowsMentioning(workspaceId: string, text: string) {
  const tables = [
    "contacts",
    "field_history",
    "activities",
    "tasks",
    "deals",
    "outbox_events",
    "notifications",
    "audit_log",
    "search_words",
  ];
  const found: Record<string, number> = {};
  for (const table of tables) {
    const [row] = await queryRows<{ n: number }>(
      t.database,
      `select count(*)::int as n from ${table} x where x.workspace_id = $1 and x::text ilike $2`,
      [workspaceId, `%${text}%`],
    );
    if (row!.n > 0) found[table] = row!.n;
  }
  return found;
}

describe("data subject export", () => {
  it("answers a ZIP of the contact's fields, history, notes, activities, deals, tasks and timeline, audited", async () => {
    const owner = await signUp(t.app);
    const { contact, deal, task } = await seedPerson(owner);
    const response = await owner.caller.post(`/api/v1/contacts/${contact.id}/privacy-export`);
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toBe("application/zip");
    expect(response.headers["content-disposition"]).toContain(`personal-data-${contact.id}`);
    const files = unzipSync(new Uint8Array(response.rawPayload));
    expect(Object.keys(files).sort()).toEqual([
      "README.txt",
      "activities.json",
      "companies.json",
      "contact.json",
      "deals.json",
      "field-history.json",
      "notes.json",
      "tasks.json",
      "timeline.json",
    ]);
    const read = (name: string) => JSON.parse(strFromU8(files[name]!));
    const person = read("contact.json");
    expect(person.contact).toMatchObject({
      id: contact.id,
      displayName: "Augusta Byronova-King",
      birthday: "1815-12-10",
    });
    expect(person.customFields).toEqual([
      { key: "shoe_size", label: "Shoe size", sensitive: false, value: "38" },
    ]);
    const history = read("field-history.json");
    expect(
      history.some(
        (h: { field: string; oldValue: unknown }) => h.field === "lastName" && h.oldValue === "Byronova",
      ),
    ).toBe(true);
    expect(read("notes.json")).toHaveLength(1);
    expect(
      read("activities.json")
        .map((a: { type: string }) => a.type)
        .sort(),
    ).toEqual(["email", "meeting"]);
    expect(read("deals.json")).toEqual([expect.objectContaining({ id: deal.id, amount: 12000 })]);
    expect(read("tasks.json")).toEqual([expect.objectContaining({ id: task.id })]);
    expect(read("companies.json")).toEqual([expect.objectContaining({ name: "Analytical Engines" })]);
    expect(read("timeline.json").length).toBeGreaterThan(3);
    expect(strFromU8(files["README.txt"]!)).toContain("Augusta Byronova-King");

    const audited = await queryRows<{ target_id: string; details: { files: Record<string, number> } }>(
      t.database,
      "select target_id, details from audit_log where workspace_id = $1 and action = 'privacy.exported'",
      [owner.session.workspace.id],
    );
    expect(audited).toEqual([
      {
        target_id: contact.id,
        details: { files: expect.objectContaining({ "notes.json": 1, "deals.json": 1 }) },
      },
    ]);
  });

  it("is for admins only, and another workspace's contact is not found", async () => {
    const owner = await signUp(t.app);
    const contact = await post(owner, "/api/v1/contacts", { firstName: "Solo" });
    for (const role of ["read_only", "sales_rep"] as const) {
      const someone = await addMember(t.app, owner, role);
      expect(
        (await someone.caller.post(`/api/v1/contacts/${contact.id}/privacy-export`)).statusCode,
        role,
      ).toBe(403);
    }
    const admin = await addMember(t.app, owner, "admin");
    expect((await admin.caller.post(`/api/v1/contacts/${contact.id}/privacy-export`)).statusCode).toBe(200);
    await expectTenantIsolation(t.app, owner, {
      method: "POST",
      create: async () => `/api/v1/contacts/${contact.id}/privacy-export`,
    });
    const missing = await owner.caller.post(
      "/api/v1/contacts/0190a0a0-0000-7000-8000-000000000000/privacy-export",
    );
    expect(missing.statusCode).toBe(404);
  });
});

describe("erasure", () => {
  it("removes the person from fields, history, activities, tasks, deals, events and search; amounts stay", async () => {
    const owner = await signUp(t.app);
    const { contact, deal, company } = await seedPerson(owner);
    const ws = owner.session.workspace.id;
    expect(await rowsMentioning(ws, "Byronova")).toMatchObject({ contacts: 1, activities: 3, deals: 1 });
    const summaryBefore = (await owner.caller.get("/api/v1/deals/summary")).json();

    const response = await owner.caller.post(`/api/v1/contacts/${contact.id}/erase`, {
      confirm: "Augusta Byronova-King",
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ id: contact.id, displayName: "Erased contact" });

    for (const trace of [
      "Byronova",
      "Augusta",
      "augusta@",
      "7946 0958",
      "+442079460958",
      "Marlow",
      "1815-12-10",
      "Countess",
    ]) {
      expect(await rowsMentioning(ws, trace), trace).toEqual({});
    }
    const erased = (await owner.caller.get(`/api/v1/contacts/${contact.id}`)).json();
    expect(erased).toMatchObject({
      displayName: "Erased contact",
      firstName: null,
      emails: [],
      phones: [],
      address: null,
      birthday: null,
      custom: {},
      companyId: company.id,
    });
    const search = await owner.caller.get("/api/v1/search?q=Byronova");
    expect(search.json().data).toEqual([]);

    const stillDeal = (await owner.caller.get(`/api/v1/deals/${deal.id}`)).json();
    expect(stillDeal).toMatchObject({
      amount: 12000,
      name: "[erased] engine",
      contacts: [{ contactId: contact.id }],
    });
    expect((await owner.caller.get("/api/v1/deals/summary")).json()).toEqual(summaryBefore);
    const notes = (await owner.caller.get("/api/v1/activities?limit=10")).json().data;
    expect(notes).toHaveLength(3);
    const note = notes.find((a: { type: string }) => a.type === "note");
    expect(note.body).toBe("<p>[erased] wants a quote; write to [erased]</p>");

    const audited = await queryRows<{ target_id: string; details: object }>(
      t.database,
      "select target_id, details from audit_log where workspace_id = $1 and action = 'privacy.erased'",
      [ws],
    );
    expect(audited).toHaveLength(1);
    expect(audited[0]!.target_id).toBe(contact.id);
    expect(JSON.stringify(audited[0]!.details)).not.toMatch(/Augusta|Byronova/);
    const verify = (await owner.caller.get("/api/v1/audit/verify")).json();
    expect(verify.ok).toBe(true);
  });

  it("needs the contact's name or ERASE, and changes nothing otherwise", async () => {
    const owner = await signUp(t.app);
    const contact = await post(owner, "/api/v1/contacts", { firstName: "Grace", lastName: "Hopper" });
    const wrong = await owner.caller.post(`/api/v1/contacts/${contact.id}/erase`, { confirm: "Grace" });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().errors[0].path).toBe("confirm");
    const empty = await owner.caller.post(`/api/v1/contacts/${contact.id}/erase`, {});
    expect(empty.statusCode).toBe(400);
    expect((await owner.caller.get(`/api/v1/contacts/${contact.id}`)).json().displayName).toBe(
      "Grace Hopper",
    );
    const word = await owner.caller.post(`/api/v1/contacts/${contact.id}/erase`, { confirm: "ERASE" });
    expect(word.statusCode).toBe(200);
    expect((await owner.caller.get(`/api/v1/contacts/${contact.id}`)).json().displayName).toBe(
      "Erased contact",
    );
  });

  it("is for admins only (API keys too), and another workspace's contact is not found", async () => {
    const owner = await signUp(t.app);
    const contact = await post(owner, "/api/v1/contacts", { firstName: "Kept", lastName: "Safe" });
    for (const role of ["read_only", "sales_rep"] as const) {
      const someone = await addMember(t.app, owner, role);
      const denied = await someone.caller.post(`/api/v1/contacts/${contact.id}/erase`, { confirm: "ERASE" });
      expect(denied.statusCode, role).toBe(403);
    }
    const { caller: memberKey } = await createApiKey(owner, "sales_rep");
    expect(
      (await memberKey.post(`/api/v1/contacts/${contact.id}/erase`, { confirm: "ERASE" })).statusCode,
    ).toBe(403);
    await expectTenantIsolation(t.app, owner, {
      method: "POST",
      create: async () => `/api/v1/contacts/${contact.id}/erase`,
      body: { confirm: "ERASE" },
      check: `/api/v1/contacts/${contact.id}`,
    });
    expect((await owner.caller.get(`/api/v1/contacts/${contact.id}`)).json().displayName).toBe("Kept Safe");
  });
});
