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
import { scanDuplicates } from "./scan-duplicates.ts";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

type Record = { id: string; version: number; displayName?: string; name?: string };

async function create(owner: SignedIn, path: string, body: object, query = ""): Promise<Record> {
  const response = await owner.caller.post(`/api/v1/${path}${query}`, body);
  if (response.statusCode !== 201) throw new Error(`create failed: ${response.statusCode} ${response.body}`);
  return response.json();
}

const ada = { firstName: "Ada", lastName: "Lovelace", emails: [{ value: "ada@engines.example" }] };

describe("duplicates on create", () => {
  it("answers 409 with the candidates for the same email, unless allowDuplicate=true", async () => {
    const owner = await signUp(t.app);
    const first = await create(owner, "contacts", ada);
    const again = await owner.caller.post("/api/v1/contacts", {
      firstName: "Augusta",
      emails: [{ value: "  ADA@engines.example " }],
    });
    expect(again.statusCode).toBe(409);
    expect(again.headers["content-type"]).toContain("application/problem+json");
    const problem = again.json();
    expect(problem.code).toBe("likely_duplicate");
    expect(problem.detail).toContain("allowDuplicate=true");
    expect(problem.candidates).toEqual([
      { id: first.id, displayName: "Ada Lovelace", score: expect.any(Number), reasons: ["same_email"] },
    ]);
    const count = async () =>
      (
        await queryRows<{ n: number }>(
          t.database,
          "select count(*)::int as n from contacts where workspace_id = $1",
          [owner.session.workspace.id],
        )
      )[0]!.n;
    expect(await count()).toBe(1);
    await create(
      owner,
      "contacts",
      { firstName: "Augusta", emails: [{ value: "ada@engines.example" }] },
      "?allowDuplicate=true",
    );
    expect(await count()).toBe(2);
  });

  it("finds the same phone in another format, and a swapped, accented name at the same company", async () => {
    const owner = await signUp(t.app);
    const company = await create(owner, "companies", { name: "Analytical Engines" });
    const first = await create(owner, "contacts", {
      firstName: "José",
      lastName: "Núñez",
      phones: [{ value: "+44 20 7946 0958" }],
      companies: [{ companyId: company.id }],
    });
    const phone = await owner.caller.post("/api/v1/contacts", {
      firstName: "Other",
      phones: [{ value: "+442079460958" }],
    });
    expect(phone.statusCode).toBe(409);
    expect(phone.json().candidates[0]).toMatchObject({ id: first.id, reasons: ["same_phone"] });
    const name = await owner.caller.post("/api/v1/contacts", {
      firstName: "Nunez",
      lastName: "Jose",
      companies: [{ companyId: company.id }],
    });
    expect(name.statusCode).toBe(409);
    expect(name.json().candidates[0]).toMatchObject({ id: first.id, reasons: ["similar_name_same_company"] });
  });

  it("lets ordinary creates through: same name elsewhere, a free-mail domain", async () => {
    const owner = await signUp(t.app);
    await create(owner, "contacts", {
      firstName: "John",
      lastName: "Smith",
      emails: [{ value: "john@gmail.com" }],
    });
    await create(owner, "contacts", {
      firstName: "John",
      lastName: "Smith",
      emails: [{ value: "smith.j@gmail.com" }],
    });
    await create(owner, "contacts", { firstName: "John", lastName: "Smith" });
  });

  it("finds a similar name at the same work domain: a typo, a swap, one word of the name", async () => {
    const owner = await signUp(t.app);
    const grace = await create(owner, "contacts", {
      firstName: "Grace",
      lastName: "Hopper",
      emails: [{ value: "grace@navy.example" }],
    });
    const blocked = async (body: object) => {
      const response = await owner.caller.post("/api/v1/contacts", body);
      expect(response.statusCode).toBe(409);
      return response.json().candidates.map((c: { id: string; reasons: string[] }) => [c.id, c.reasons]);
    };
    const sameDomain = [[grace.id, ["similar_name_same_domain"]]];
    const at = (value: string) => [{ value }];
    expect(await blocked({ firstName: "Grace", lastName: "Hoppre", emails: at("g.h@navy.example") })).toEqual(
      sameDomain,
    );
    expect(await blocked({ firstName: "Hopper", lastName: "Grace", emails: at("gh@NAVY.example") })).toEqual(
      sameDomain,
    );
    expect(await blocked({ firstName: "Grace", emails: at("grace.h@navy.example") })).toEqual(sameDomain);
    // Another work domain, or a different person at the same one, goes through.
    await create(owner, "contacts", { firstName: "Grace", lastName: "Hoppre", emails: at("g@army.example") });
    await create(owner, "contacts", {
      firstName: "Alan",
      lastName: "Turing",
      emails: at("alan@navy.example"),
    });
  });

  it("answers the same at a domain thousands share: the name keys, not the domain, pick the candidates", async () => {
    const owner = await signUp(t.app);
    const grace = await create(owner, "contacts", {
      firstName: "Grace",
      lastName: "Hopper",
      emails: [{ value: "grace@fleet.example" }],
    });
    const probe = { firstName: "Grace", lastName: "Hoper", emails: [{ value: "ghoper@fleet.example" }] };
    const before = await owner.caller.post("/api/v1/contacts", probe);
    expect(before.statusCode).toBe(409);
    // A thousand more at the domain, a tenth of them sharing the probe's name keys ("Grace H…"),
    // all sharing trigrams with it: the candidates and the answer stay the same.
    const crowd = Array.from({ length: 1000 }, (_, i) => ({
      firstName: i % 10 === 0 ? "Grace" : `Gracie${i}`,
      lastName: i % 10 === 0 ? `Holm${i}` : "Hopperton",
      emails: [{ value: `g${i}@fleet.example` }],
    }));
    expect((await owner.caller.post("/api/v1/contacts/batch", { create: crowd })).statusCode).toBe(200);
    const after = await owner.caller.post("/api/v1/contacts", probe);
    expect(after.statusCode).toBe(409);
    expect(after.json().candidates).toEqual(before.json().candidates);
    expect(after.json().candidates).toEqual([
      {
        id: grace.id,
        displayName: "Grace Hopper",
        score: expect.any(Number),
        reasons: ["similar_name_same_domain"],
      },
    ]);
  });

  it("checks companies by name without legal forms; the batch endpoint does not check", async () => {
    const owner = await signUp(t.app);
    const acme = await create(owner, "companies", { name: "ACME Corporation Ltd." });
    const again = await owner.caller.post("/api/v1/companies", { name: "Acme Corp" });
    expect(again.statusCode).toBe(409);
    expect(again.json().candidates).toEqual([
      { id: acme.id, displayName: "ACME Corporation Ltd.", score: 0.9, reasons: ["similar_company_name"] },
    ]);
    const batch = await owner.caller.post("/api/v1/companies/batch", { create: [{ name: "Acme Corp" }] });
    expect(batch.statusCode).toBe(200);
  });
});

async function scanAndList(owner: SignedIn, object: "contact" | "company") {
  await scanDuplicates(t.database.db, owner.session.workspace.id, object);
  const response = await owner.caller.get(`/api/v1/duplicates?object=${object}`);
  expect(response.statusCode).toBe(200);
  return response.json().data as {
    id: string;
    score: number;
    records: { id: string }[];
    pairs: { reasons: string[] }[];
  }[];
}

describe("background scan", () => {
  it("groups likely duplicates with score and reasons; a dismissed group stays dismissed", async () => {
    const owner = await signUp(t.app);
    const allow = "?allowDuplicate=true";
    const a = await create(owner, "contacts", ada);
    const b = await create(
      owner,
      "contacts",
      { firstName: "Ada", lastName: "Lovelace", emails: [{ value: "ADA@engines.example" }] },
      allow,
    );
    const c = await create(
      owner,
      "contacts",
      { firstName: "Ada", lastName: "Lovelac", birthday: "1815-12-10" },
      allow,
    );
    const d = await create(
      owner,
      "contacts",
      { firstName: "Ada", lastName: "Lovelace", birthday: "1815-12-10" },
      allow,
    );
    await create(owner, "contacts", { firstName: "Grace", lastName: "Hopper" });

    const groups = await scanAndList(owner, "contact");
    expect(groups).toHaveLength(2);
    const byEmail = groups.find((g) => g.records.some((r) => r.id === a.id))!;
    expect(byEmail.records.map((r) => r.id).sort()).toEqual([a.id, b.id].sort());
    expect(byEmail.pairs[0]!.reasons).toContain("same_email");
    const byBirthday = groups.find((g) => g.records.some((r) => r.id === c.id))!;
    expect(byBirthday.records.map((r) => r.id).sort()).toEqual([c.id, d.id].sort());
    expect(byBirthday.pairs[0]!.reasons).toContain("similar_name_same_birthday");
    expect(byBirthday.score).toBeGreaterThan(0.7);

    expect((await owner.caller.post(`/api/v1/duplicates/${byBirthday.id}/dismiss`)).statusCode).toBe(204);
    const after = await scanAndList(owner, "contact");
    expect(after.map((g) => g.records.map((r) => r.id).sort())).toEqual([[a.id, b.id].sort()]);
  });

  it("'Scan now' enqueues a scan job of the workspace; viewers may list but not scan", async () => {
    const owner = await signUp(t.app);
    const response = await owner.caller.post("/api/v1/duplicates/scan", { object: "company" });
    expect(response.statusCode).toBe(202);
    const jobs = await queryRows<{ data: { workspaceId: string; object: string } }>(
      t.database,
      "select data from pgboss.job where name = 'duplicates.scan' and data ->> 'workspaceId' = $1",
      [owner.session.workspace.id],
    );
    expect(jobs.map((j) => j.data.object)).toEqual(["company"]);
    const bad = await owner.caller.post("/api/v1/duplicates/scan", { object: "deal" });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe("object");

    const viewer = await addMember(t.app, owner, "read_only");
    expect((await viewer.caller.get("/api/v1/duplicates")).statusCode).toBe(200);
    expect((await viewer.caller.post("/api/v1/duplicates/scan", { object: "contact" })).statusCode).toBe(403);
  });

  it("finds companies sharing a name without legal forms", async () => {
    const owner = await signUp(t.app);
    const x = await create(owner, "companies", { name: "Globex Corporation" });
    const y = await create(owner, "companies", { name: "Globex Inc." }, "?allowDuplicate=true");
    await create(owner, "companies", { name: "Initech" });
    const groups = await scanAndList(owner, "company");
    expect(groups.map((g) => g.records.map((r) => r.id).sort())).toEqual([[x.id, y.id].sort()]);
  });

  it("keeps another workspace's groups apart", async () => {
    const owner = await signUp(t.app);
    await create(owner, "contacts", ada);
    await create(owner, "contacts", ada, "?allowDuplicate=true");
    const [group] = await scanAndList(owner, "contact");
    await expectTenantIsolation(t.app, owner, {
      method: "POST",
      create: async () => `/api/v1/duplicates/${group!.id}/dismiss`,
    });
    const outsider = await signUp(t.app);
    expect((await outsider.caller.get("/api/v1/duplicates")).json().data).toEqual([]);
    expect(await scanAndList(owner, "contact")).toHaveLength(1);
  });
});

describe("merge contacts", () => {
  it("keeps picked and most recent values, re-links everything, and redirects the merged id", async () => {
    const owner = await signUp(t.app);
    const ws = owner.session.workspace.id;
    const acme = await create(owner, "companies", { name: "Acme" });
    const globex = await create(owner, "companies", { name: "Globex" });
    const survivor = await create(owner, "contacts", {
      firstName: "Ada",
      lastName: "Lovelace",
      jobTitle: "Analyst",
      emails: [{ value: "ada@acme.example" }],
      companies: [{ companyId: acme.id }],
      tags: ["vip"],
    });
    const merged = await create(
      owner,
      "contacts",
      {
        firstName: "Ada",
        lastName: "King",
        jobTitle: "Countess",
        description: "Met at the Royal Society",
        emails: [{ value: "ada@king.example" }],
        phones: [{ value: "+44 20 7946 0958" }],
        companies: [{ companyId: globex.id }],
        tags: ["poet"],
      },
      "?allowDuplicate=true",
    );
    const note = await owner.caller.post("/api/v1/activities", {
      type: "note",
      body: "Talked about engines",
      links: [{ type: "contact", id: merged.id }],
    });
    expect(note.statusCode).toBe(201);
    const both = await owner.caller.post("/api/v1/tasks", {
      title: "Call back",
      links: [
        { type: "contact", id: merged.id },
        { type: "contact", id: survivor.id },
      ],
    });
    expect(both.statusCode).toBe(201);
    const deal = await create(owner, "deals", { name: "Engine", contacts: [{ contactId: merged.id }] });

    const response = await owner.caller.post("/api/v1/contacts/merge", {
      survivorId: survivor.id,
      mergedIds: [merged.id],
      values: { lastName: survivor.id },
    });
    expect(response.statusCode, response.body).toBe(200);
    const result = response.json();
    expect(result).toMatchObject({
      id: survivor.id,
      displayName: "Ada Lovelace",
      // Most recent non-empty: the merged contact was written last.
      jobTitle: "Countess",
      description: "Met at the Royal Society",
      phone: "+44 20 7946 0958",
    });
    expect(result.emails.map((e: { value: string }) => e.value).sort()).toEqual([
      "ada@acme.example",
      "ada@king.example",
    ]);
    expect(result.companies.map((c: { companyId: string }) => c.companyId).sort()).toEqual(
      [acme.id, globex.id].sort(),
    );
    expect(result.tags.sort()).toEqual(["poet", "vip"]);

    const links = await queryRows<{ source_type: string; target_id: string }>(
      t.database,
      "select source_type, target_id from record_links where workspace_id = $1 and target_type = 'contact' order by source_type",
      [ws],
    );
    expect(links).toEqual([
      { source_type: "activity", target_id: survivor.id },
      { source_type: "task", target_id: survivor.id },
    ]);
    const dealContacts = await queryRows<{ contact_id: string }>(
      t.database,
      "select contact_id from deal_contacts where workspace_id = $1 and deal_id = $2",
      [ws, deal.id],
    );
    expect(dealContacts).toEqual([{ contact_id: survivor.id }]);

    const read = await owner.caller.get(`/api/v1/contacts/${merged.id}`);
    expect(read.statusCode).toBe(301);
    expect(read.headers.location).toBe(`/api/v1/contacts/${survivor.id}`);
    expect(read.json().mergedIntoId).toBe(survivor.id);
    const patch = await owner.caller.patch(`/api/v1/contacts/${merged.id}`, { jobTitle: "x" });
    expect(patch.statusCode).toBe(409);
    expect(patch.json()).toMatchObject({ code: "record_merged", mergedIntoId: survivor.id });
    const del = await owner.caller.delete(`/api/v1/contacts/${merged.id}`);
    expect(del.statusCode).toBe(410);

    const list = (await owner.caller.get("/api/v1/contacts")).json().data;
    expect(list.map((c: { id: string }) => c.id)).toEqual([survivor.id]);
    const trash = (await owner.caller.get("/api/v1/contacts/trash")).json().data;
    expect(trash).toEqual([]);

    const history = await queryRows<{ record_id: string; field: string }>(
      t.database,
      "select record_id, field from field_history where workspace_id = $1 and record_id = any($2::uuid[])",
      [ws, [survivor.id, merged.id]],
    );
    expect(history.some((h) => h.record_id === merged.id && h.field === "jobTitle")).toBe(true);
    expect(history.some((h) => h.record_id === survivor.id && h.field === "mergedFrom")).toBe(true);
    const audit = await queryRows<{ target_id: string }>(
      t.database,
      "select target_id from audit_log where workspace_id = $1 and action = 'record.merged'",
      [ws],
    );
    expect(audit).toEqual([{ target_id: survivor.id }]);
    const events = await queryRows<{ payload: { mergedIds: string[] } }>(
      t.database,
      "select payload from outbox_events where workspace_id = $1 and type = 'contact.merged'",
      [ws],
    );
    expect(events.map((e) => e.payload.mergedIds)).toEqual([[merged.id]]);
  });

  it("refuses bad input naming the field, and writes nothing", async () => {
    const owner = await signUp(t.app);
    const a = await create(owner, "contacts", { firstName: "A" });
    const b = await create(owner, "contacts", { firstName: "B" });
    const same = await owner.caller.post("/api/v1/contacts/merge", { survivorId: a.id, mergedIds: [a.id] });
    expect(same.statusCode).toBe(400);
    expect(same.json().errors).toEqual([
      { path: "mergedIds[0]", message: expect.stringContaining("not the survivor") },
    ]);
    const field = await owner.caller.post("/api/v1/contacts/merge", {
      survivorId: a.id,
      mergedIds: [b.id],
      values: { shoeSize: a.id, firstName: "0190d9b4-0000-7000-8000-000000000000" },
    });
    expect(field.statusCode).toBe(400);
    expect(
      field
        .json()
        .errors.map((e: { path: string }) => e.path)
        .sort(),
    ).toEqual(["values.firstName", "values.shoeSize"]);
    expect((await owner.caller.get(`/api/v1/contacts/${b.id}`)).statusCode).toBe(200);
  });

  it("is for members: a viewer gets 403; another workspace's ids are 404", async () => {
    const owner = await signUp(t.app);
    const a = await create(owner, "contacts", { firstName: "A" });
    const b = await create(owner, "contacts", { firstName: "B" });
    const viewer = await addMember(t.app, owner, "read_only");
    const body = { survivorId: a.id, mergedIds: [b.id] };
    expect((await viewer.caller.post("/api/v1/contacts/merge", body)).statusCode).toBe(403);
    expect((await viewer.caller.post("/api/v1/companies/merge", body)).statusCode).toBe(403);
    const outsider = await signUp(t.app);
    const theirs = await create(outsider, "contacts", { firstName: "C" });
    const cross = await owner.caller.post("/api/v1/contacts/merge", {
      survivorId: a.id,
      mergedIds: [theirs.id],
    });
    expect(cross.statusCode).toBe(404);
    expect((await outsider.caller.get(`/api/v1/contacts/${theirs.id}`)).statusCode).toBe(200);
    expect((await outsider.caller.get(`/api/v1/contacts/${b.id}`)).statusCode).toBe(404);
  });
});

describe("merge companies", () => {
  it("moves contacts, deals, subsidiaries and links to the survivor and joins domains", async () => {
    const owner = await signUp(t.app);
    const ws = owner.session.workspace.id;
    const survivor = await create(owner, "companies", { name: "Initech", domains: ["initech.example"] });
    const merged = await create(
      owner,
      "companies",
      { name: "Initech LLC", domains: ["initech.io"], industry: "Software" },
      "?allowDuplicate=true",
    );
    const child = await create(owner, "companies", { name: "Initrode", parentCompanyId: merged.id });
    const person = await create(owner, "contacts", {
      firstName: "Peter",
      companies: [{ companyId: merged.id }],
    });
    const deal = await create(owner, "deals", { name: "TPS", companyId: merged.id });
    await owner.caller.post("/api/v1/activities", {
      type: "note",
      body: "x",
      links: [{ type: "company", id: merged.id }],
    });

    const response = await owner.caller.post("/api/v1/companies/merge", {
      survivorId: survivor.id,
      mergedIds: [merged.id],
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ name: "Initech LLC", industry: "Software" });
    expect(response.json().domains.sort()).toEqual(["initech.example", "initech.io"]);

    const contact = (await owner.caller.get(`/api/v1/contacts/${person.id}`)).json();
    expect(contact.companyId).toBe(survivor.id);
    expect(contact.companies).toEqual([{ companyId: survivor.id, role: null, primary: true }]);
    expect((await owner.caller.get(`/api/v1/deals/${deal.id}`)).json().companyId).toBe(survivor.id);
    expect((await owner.caller.get(`/api/v1/companies/${child.id}`)).json().parentCompanyId).toBe(
      survivor.id,
    );
    const links = await queryRows<{ target_id: string }>(
      t.database,
      "select target_id from record_links where workspace_id = $1 and target_type = 'company'",
      [ws],
    );
    expect(links).toEqual([{ target_id: survivor.id }]);
    const read = await owner.caller.get(`/api/v1/companies/${merged.id}`);
    expect(read.statusCode).toBe(301);
    expect(read.headers.location).toBe(`/api/v1/companies/${survivor.id}`);
  });
});
