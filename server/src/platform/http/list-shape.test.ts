import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type SignedIn, signUp, type TestApp } from "../../../test/index.ts";

// `fields=` and `include=` are handled once for every list; these tests go through several objects.
let t: TestApp;
let owner: SignedIn;
let acme: { id: string };
let globex: { id: string };
let ada: { id: string };
let alan: { id: string };
let deal: { id: string };

beforeAll(async () => {
  t = await createTestApp();
  owner = await signUp(t.app, { workspaceName: "Shapes" });
  await owner.caller.post("/api/v1/fields/contacts", { label: "Tier", type: "text" });
  await owner.caller.post("/api/v1/fields/contacts", { label: "Score", type: "number" });
  acme = (await owner.caller.post("/api/v1/companies", { name: "Acme", domains: ["acme.com"] })).json();
  globex = (
    await owner.caller.post("/api/v1/companies", { name: "Globex", parentCompanyId: acme.id })
  ).json();
  const created = await owner.caller.post("/api/v1/contacts/batch", {
    create: [
      {
        firstName: "Ada",
        lastName: "Lovelace",
        ownerId: owner.session.user.id,
        custom: { tier: "gold", score: 9 },
        companies: [
          { companyId: acme.id, primary: true, role: "CTO" },
          { companyId: globex.id, role: "Advisor" },
        ],
      },
      { firstName: "Alan", lastName: "Turing", ownerId: null },
    ],
  });
  [ada, alan] = created.json().created;
  const pipeline = (await owner.caller.get("/api/v1/pipelines")).json().data[0];
  deal = (
    await owner.caller.post("/api/v1/deals", {
      name: "Big one",
      stageId: pipeline.stages[0].id,
      companyId: acme.id,
      contacts: [{ contactId: alan.id }, { contactId: ada.id, role: "Champion" }],
    })
  ).json();
  await owner.caller.post("/api/v1/tasks", {
    title: "Call Ada",
    assigneeId: owner.session.user.id,
    links: [
      { type: "contact", id: ada.id },
      { type: "deal", id: deal.id },
    ],
  });
});
afterAll(() => t.close());

const list = (path: string) => owner.caller.get(`/api/v1/${path}`);

describe("fields=", () => {
  it("returns only the chosen properties, the chosen custom values and always the id", async () => {
    const page = await list("contacts?sort=firstName&fields=displayName,email,custom.tier");
    expect(page.statusCode).toBe(200);
    expect(page.json().data).toEqual([
      { id: ada.id, displayName: "Ada Lovelace", email: null, custom: { tier: "gold" } },
      { id: alan.id, displayName: "Alan Turing", email: null, custom: {} },
    ]);
    expect(page.json().nextCursor).toBeNull();
  });

  it("names the unknown field and the unknown relation", async () => {
    const field = await list("contacts?fields=displayName,salary");
    expect(field.statusCode).toBe(400);
    expect(field.json().errors).toEqual([expect.objectContaining({ path: "fields" })]);
    expect(field.json().errors[0].message).toContain("'salary'");
    const include = await list("companies?include=contacts");
    expect(include.statusCode).toBe(400);
    expect(include.json().errors[0]).toMatchObject({ path: "include" });
    expect(include.json().errors[0].message).toContain("parent, owner");
  });
});

describe("include=", () => {
  it("embeds a contact's primary company, all its companies and its owner", async () => {
    const page = await list("contacts?sort=firstName&include=company,companies,owner&fields=displayName");
    const [first, second] = page.json().data;
    expect(first.embedded.company).toMatchObject({ id: acme.id, name: "Acme", domains: ["acme.com"] });
    expect(first.embedded.companies.map((c: { name: string }) => c.name)).toEqual(["Acme", "Globex"]);
    expect(first.embedded.owner).toEqual({
      id: owner.session.user.id,
      name: owner.session.user.name,
      email: owner.session.user.email,
    });
    expect(second).toEqual({
      id: alan.id,
      displayName: "Alan Turing",
      embedded: { company: null, companies: [], owner: null },
    });
  });

  it("embeds a deal's company and contacts through the body form too", async () => {
    const page = await owner.caller.post("/api/v1/deals/query", { include: ["company", "contacts"] });
    expect(page.statusCode).toBe(200);
    const [only] = page.json().data;
    expect(only.id).toBe(deal.id);
    expect(only.stageId).toBeDefined();
    expect(only.embedded.company.name).toBe("Acme");
    // In the deal's own order of contacts.
    expect(only.embedded.contacts.map((c: { id: string }) => c.id)).toEqual(
      only.contacts.map((c: { contactId: string }) => c.contactId),
    );
    expect(only.embedded.contacts.map((c: { displayName: string }) => c.displayName).sort()).toEqual([
      "Ada Lovelace",
      "Alan Turing",
    ]);
  });

  it("embeds the records a task is linked to, and its assignee", async () => {
    const page = await list("tasks?include=contacts,deals,companies,assignee");
    const [task] = page.json().data;
    expect(task.embedded.contacts.map((c: { id: string }) => c.id)).toEqual([ada.id]);
    expect(task.embedded.deals.map((d: { name: string }) => d.name)).toEqual(["Big one"]);
    expect(task.embedded.companies).toEqual([]);
    expect(task.embedded.assignee.id).toBe(owner.session.user.id);
  });

  it("leaves out trashed records, like a list of them would", async () => {
    await owner.caller.delete(`/api/v1/companies/${acme.id}`);
    const page = await list("companies?include=parent&fields=name");
    expect(page.json().data).toEqual([{ id: globex.id, name: "Globex", embedded: { parent: null } }]);
    await owner.caller.post(`/api/v1/companies/${acme.id}/restore`, {});
  });
});
