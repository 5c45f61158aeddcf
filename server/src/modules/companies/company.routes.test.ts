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

const acme = {
  name: "Acme Corp",
  domains: ["https://www.Acme.com/about", "acme.io"],
  industry: "Software",
  employeeCount: 120,
  annualRevenue: 12_500_000.5,
  address: { city: "Springfield", country: "US" },
  phone: "+1 555 0100",
  tags: ["enterprise"],
};
const NO_SUCH_ID = "01900000-0000-7000-8000-000000000000";

async function createCompany(owner: SignedIn, body: object = acme) {
  const response = await owner.caller.post("/api/v1/companies", body);
  if (response.statusCode !== 201) throw new Error(`create failed: ${response.statusCode} ${response.body}`);
  return response.json();
}

const paths = (response: { json(): { errors: { path: string }[] } }) =>
  response.json().errors.map((e) => e.path);

describe("companies: create, read, update", () => {
  it("creates a company with normalised domains, owned by the creator", async () => {
    const owner = await signUp(t.app);
    const response = await owner.caller.post("/api/v1/companies", {
      ...acme,
      domains: [...acme.domains, "ACME.com.", "http://acme.io:8443/x"],
    });
    expect(response.statusCode).toBe(201);
    const company = response.json();
    expect(company).toMatchObject({
      name: "Acme Corp",
      domains: ["acme.com", "acme.io"],
      industry: "Software",
      employeeCount: 120,
      annualRevenue: 12_500_000.5,
      address: { city: "Springfield", country: "US" },
      parentCompanyId: null,
      ownerId: owner.session.user.id,
      createdBy: owner.session.user.id,
      tags: ["enterprise"],
      version: 1,
    });
    expect(response.headers.etag).toBe('"1"');
    const read = await owner.caller.get(`/api/v1/companies/${company.id}`);
    expect(read.json()).toEqual(company);
    expect(read.headers.etag).toBe('"1"');
    const tags = (await owner.caller.get("/api/v1/tags")).json().data;
    expect(tags.map((tag: { name: string }) => tag.name)).toEqual(["enterprise"]);
  });

  it("names every invalid field and writes nothing", async () => {
    const owner = await signUp(t.app);
    await owner.caller.post("/api/v1/fields/companies", { label: "Tier", type: "number" });
    const shape = await owner.caller.post("/api/v1/companies", {
      employeeCount: -1,
      annualRevenue: "lots",
      website: "acme.com",
    });
    expect(shape.statusCode).toBe(400);
    expect(paths(shape)).toEqual(
      expect.arrayContaining(["name", "employeeCount", "annualRevenue", "website"]),
    );
    const rules = await owner.caller.post("/api/v1/companies", {
      name: "Broken",
      domains: ["acme.com", "localhost", "not a domain", "someone@acme.org"],
      parentCompanyId: NO_SUCH_ID,
      ownerId: NO_SUCH_ID,
      custom: { tier: "gold", shoeSize: 44 },
    });
    expect(rules.statusCode).toBe(400);
    expect(paths(rules)).toEqual([
      "domains[1]",
      "domains[2]",
      "domains[3]",
      "parentCompanyId",
      "ownerId",
      "custom.tier",
      "custom.shoeSize",
    ]);
    const rows = await queryRows<{ n: number }>(
      t.database,
      "select count(*)::int as n from companies where workspace_id = $1",
      [owner.session.workspace.id],
    );
    expect(rows[0]!.n).toBe(0);
  });

  it("gives each domain to one live company, and names the company that has it", async () => {
    const owner = await signUp(t.app);
    const first = await createCompany(owner);
    const taken = await owner.caller.post("/api/v1/companies", {
      name: "Copycat",
      domains: ["copycat.com", "WWW.ACME.IO"],
    });
    expect(taken.statusCode).toBe(400);
    expect(taken.json().errors).toEqual([
      { path: "domains[1]", message: `acme.io belongs to Acme Corp (id ${first.id})` },
    ]);
    // A company keeps its own domains when it is updated.
    const same = await owner.caller.patch(`/api/v1/companies/${first.id}`, {
      domains: ["acme.com", "acme.io", "acme.dev"],
    });
    expect(same.statusCode).toBe(200);
    expect(same.json().domains).toEqual(["acme.com", "acme.io", "acme.dev"]);
    // A trashed company's domains are free; it cannot come back while another company has them.
    await owner.caller.delete(`/api/v1/companies/${first.id}`);
    const second = await createCompany(owner, { name: "Acme Again", domains: ["acme.dev"] });
    const restore = await owner.caller.post(`/api/v1/companies/${first.id}/restore`);
    expect(restore.statusCode).toBe(400);
    expect(restore.json().errors).toEqual([
      { path: "domains[2]", message: `acme.dev belongs to Acme Again (id ${second.id})` },
    ]);
    await owner.caller.patch(`/api/v1/companies/${second.id}`, { domains: [] });
    expect((await owner.caller.post(`/api/v1/companies/${first.id}/restore`)).statusCode).toBe(200);
    // Two writers racing for one domain: exactly one gets it.
    const racing = await Promise.all(
      ["Racer A", "Racer B"].map((name) =>
        owner.caller.post("/api/v1/companies", { name, domains: ["race.example"] }),
      ),
    );
    expect(racing.map((r) => r.statusCode).sort()).toEqual([201, 400]);
  });

  it("keeps the parent chain free of cycles", async () => {
    const owner = await signUp(t.app);
    const group = await createCompany(owner, { name: "Group" });
    const division = await createCompany(owner, { name: "Division", parentCompanyId: group.id });
    const unit = await createCompany(owner, { name: "Unit", parentCompanyId: division.id });
    expect(unit.parentCompanyId).toBe(division.id);

    const cycle = await owner.caller.patch(`/api/v1/companies/${group.id}`, { parentCompanyId: unit.id });
    expect(cycle.statusCode).toBe(400);
    expect(cycle.json().errors).toEqual([
      {
        path: "parentCompanyId",
        message: "Unit is a subsidiary of this company; a company cannot be its own ancestor",
      },
    ]);
    const self = await owner.caller.patch(`/api/v1/companies/${group.id}`, { parentCompanyId: group.id });
    expect(paths(self)).toEqual(["parentCompanyId"]);
    // A trashed link still counts: restoring Division must not close a loop.
    await owner.caller.delete(`/api/v1/companies/${division.id}`);
    const outside = await createCompany(owner, { name: "Outside" });
    const trashedParent = await owner.caller.patch(`/api/v1/companies/${outside.id}`, {
      parentCompanyId: division.id,
    });
    expect(trashedParent.json().errors).toEqual([
      { path: "parentCompanyId", message: "No company with that id in this workspace" },
    ]);
    // Re-sending the parent a company already has is no change, even if that parent is trashed.
    const unchanged = await owner.caller.patch(`/api/v1/companies/${unit.id}`, {
      parentCompanyId: division.id,
    });
    expect(unchanged.statusCode).toBe(200);
    const throughTrash = await owner.caller.patch(`/api/v1/companies/${group.id}`, {
      parentCompanyId: unit.id,
    });
    expect(paths(throughTrash)).toEqual(["parentCompanyId"]);
    // Moving a company elsewhere in the tree is fine, and so is leaving it.
    const moved = await owner.caller.patch(`/api/v1/companies/${unit.id}`, { parentCompanyId: group.id });
    expect(moved.json().parentCompanyId).toBe(group.id);
    const top = await owner.caller.patch(`/api/v1/companies/${unit.id}`, { parentCompanyId: null });
    expect(top.json().parentCompanyId).toBeNull();
  });

  it("updates some fields, keeps history, and writes an outbox event per change", async () => {
    const owner = await signUp(t.app);
    const company = await createCompany(owner);
    const patched = await owner.caller.patch(`/api/v1/companies/${company.id}`, {
      industry: "Hardware",
      annualRevenue: 13_000_000,
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({
      name: "Acme Corp",
      industry: "Hardware",
      annualRevenue: 13_000_000,
      version: 2,
    });
    expect(patched.headers.etag).toBe('"2"');

    const history = await queryRows<{ field: string; old_value: unknown; new_value: unknown }>(
      t.database,
      "select field, old_value, new_value from field_history where record_id = $1 and old_value is not null order by field",
      [company.id],
    );
    expect(history).toEqual([
      { field: "annualRevenue", old_value: 12_500_000.5, new_value: 13_000_000 },
      { field: "industry", old_value: "Software", new_value: "Hardware" },
    ]);
    const events = await queryRows<{ type: string; changed_fields: string[] }>(
      t.database,
      "select type, changed_fields from outbox_events where record_id = $1 order by seq",
      [company.id],
    );
    expect(events.map((e) => e.type)).toEqual(["company.created", "company.updated"]);
    expect(events[1]!.changed_fields.sort()).toEqual(["annualRevenue", "industry"]);
  });

  it("refuses a stale If-Match with 412 and keeps the other user's change", async () => {
    const owner = await signUp(t.app);
    const company = await createCompany(owner);
    const first = await owner.caller.patch(
      `/api/v1/companies/${company.id}`,
      { industry: "Retail" },
      { "if-match": '"1"' },
    );
    expect(first.statusCode).toBe(200);
    const stale = await owner.caller.patch(
      `/api/v1/companies/${company.id}`,
      { industry: "Mining" },
      { "if-match": '"1"' },
    );
    expect(stale.statusCode).toBe(412);
    expect(stale.json().code).toBe("precondition_failed");
    const staleDelete = await owner.caller.delete(`/api/v1/companies/${company.id}`, { "if-match": '"1"' });
    expect(staleDelete.statusCode).toBe(412);
    expect((await owner.caller.get(`/api/v1/companies/${company.id}`)).json().industry).toBe("Retail");
  });

  it("creates one record for a retried POST with the same Idempotency-Key", async () => {
    const owner = await signUp(t.app);
    const headers = { "idempotency-key": "company-retry-1" };
    const [a, b] = await Promise.all([
      owner.caller.post("/api/v1/companies", acme, headers),
      owner.caller.post("/api/v1/companies", acme, headers),
    ]);
    expect(a.statusCode).toBe(201);
    expect(b.statusCode).toBe(201);
    expect(a.json().id).toBe(b.json().id);
    const c = await owner.caller.post("/api/v1/companies", acme, headers);
    expect(c.json().id).toBe(a.json().id);
    expect(c.headers["idempotent-replayed"]).toBe("true");
    const other = await owner.caller.post("/api/v1/companies", { ...acme, name: "Other" }, headers);
    expect(other.statusCode).toBe(422);
    expect((await owner.caller.get("/api/v1/companies?count=true")).json().total).toBe(1);
  });
});

describe("companies: trash", () => {
  it("trashes without touching contacts, lists the trash, restores and purges", async () => {
    const owner = await signUp(t.app);
    const company = await createCompany(owner);
    const contact = (
      await owner.caller.post("/api/v1/contacts", {
        firstName: "Ada",
        companies: [{ companyId: company.id }],
      })
    ).json();
    expect((await owner.caller.delete(`/api/v1/companies/${company.id}`)).statusCode).toBe(204);
    expect((await owner.caller.get(`/api/v1/companies/${company.id}`)).statusCode).toBe(404);
    expect((await owner.caller.get("/api/v1/companies")).json().data).toHaveLength(0);
    expect(
      (await owner.caller.get("/api/v1/companies/trash")).json().data.map((c: { id: string }) => c.id),
    ).toEqual([company.id]);
    expect((await owner.caller.get(`/api/v1/contacts/${contact.id}`)).json().companyId).toBe(company.id);

    const restored = await owner.caller.post(`/api/v1/companies/${company.id}/restore`);
    expect(restored.statusCode).toBe(200);
    expect((await owner.caller.get(`/api/v1/companies/${company.id}`)).statusCode).toBe(200);

    expect((await owner.caller.delete(`/api/v1/companies/${company.id}/purge`)).statusCode).toBe(404);
    await owner.caller.delete(`/api/v1/companies/${company.id}`);
    const member = await addMember(t.app, owner, "sales_rep");
    expect((await member.caller.delete(`/api/v1/companies/${company.id}/purge`)).statusCode).toBe(403);
    expect((await owner.caller.delete(`/api/v1/companies/${company.id}/purge`)).statusCode).toBe(204);
    expect((await owner.caller.post(`/api/v1/companies/${company.id}/restore`)).statusCode).toBe(404);
    const events = await queryRows<{ type: string }>(
      t.database,
      "select type from outbox_events where record_id = $1 order by seq",
      [company.id],
    );
    expect(events.map((e) => e.type)).toEqual([
      "company.created",
      "company.deleted",
      "company.restored",
      "company.deleted",
      "company.purged",
    ]);
  });

  it("unlinks contacts, deals and subsidiaries when a company is purged, and lists them in the event", async () => {
    const owner = await signUp(t.app);
    const workspaceId = owner.session.workspace.id;
    const company = await createCompany(owner);
    const subsidiary = await createCompany(owner, { name: "Acme Labs", parentCompanyId: company.id });
    const other = await createCompany(owner, { name: "Globex" });
    const contact = (
      await owner.caller.post("/api/v1/contacts", {
        firstName: "Ada",
        companies: [{ companyId: company.id }],
      })
    ).json();
    const both = (
      await owner.caller.post("/api/v1/contacts", {
        firstName: "Grace",
        companies: [{ companyId: other.id }, { companyId: company.id, role: "Advisor" }],
      })
    ).json();
    const [deal] = await t.database.withConnection(async (r) => {
      const [pipeline] = await r.rows<{ id: string }>(
        "insert into pipelines (workspace_id, id, name) values ($1, gen_random_uuid(), 'Sales') returning id",
        [workspaceId],
      );
      const [stage] = await r.rows<{ id: string }>(
        "insert into stages (workspace_id, id, pipeline_id, name, position, probability, kind) values ($1, gen_random_uuid(), $2, 'New', 0, 10, 'open') returning id",
        [workspaceId, pipeline!.id],
      );
      return r.rows<{ id: string }>(
        "insert into deals (workspace_id, id, name, currency, pipeline_id, stage_id, company_id) values ($1, gen_random_uuid(), 'Big deal', 'USD', $2, $3, $4) returning id",
        [workspaceId, pipeline!.id, stage!.id, company.id],
      );
    });

    await owner.caller.delete(`/api/v1/companies/${company.id}`);
    expect((await owner.caller.delete(`/api/v1/companies/${company.id}/purge`)).statusCode).toBe(204);

    const kept = await owner.caller.get(`/api/v1/contacts/${contact.id}`);
    expect(kept.statusCode).toBe(200);
    expect(kept.json()).toMatchObject({ companyId: null, companies: [], version: 2 });
    expect((await owner.caller.get(`/api/v1/contacts/${both.id}`)).json()).toMatchObject({
      companyId: other.id,
      companies: [{ companyId: other.id, role: null, primary: true }],
    });
    expect((await owner.caller.get(`/api/v1/companies/${subsidiary.id}`)).json()).toMatchObject({
      parentCompanyId: null,
      version: 2,
    });
    const deals = await queryRows<{ company_id: string | null; version: number }>(
      t.database,
      "select company_id, version from deals where workspace_id = $1 and id = $2",
      [workspaceId, deal!.id],
    );
    expect(deals).toEqual([{ company_id: null, version: 2 }]);
    const [event] = await queryRows<{ payload: { unlinked: Record<string, string[]> } }>(
      t.database,
      "select payload from outbox_events where record_id = $1 and type = 'company.purged'",
      [company.id],
    );
    expect(event!.payload.unlinked).toEqual({
      contactIds: [contact.id, both.id].sort(),
      dealIds: [deal!.id],
      childCompanyIds: [subsidiary.id],
    });
  });
});

describe("companies: batch", () => {
  it("applies creates, updates and deletes together", async () => {
    const owner = await signUp(t.app);
    const existing = await createCompany(owner);
    const doomed = await createCompany(owner, { name: "Doomed" });
    const response = await owner.caller.post("/api/v1/companies/batch", {
      create: Array.from({ length: 25 }, (_, i) => ({ name: `Bulk ${i}`, domains: [`bulk${i}.example`] })),
      update: [{ id: existing.id, industry: "Batch-updated", parentCompanyId: doomed.id }],
      delete: [doomed.id],
    });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.created).toHaveLength(25);
    expect(body.created[3].domains).toEqual(["bulk3.example"]);
    expect(body.updated[0]).toMatchObject({ industry: "Batch-updated", parentCompanyId: doomed.id });
    expect(body.deleted).toEqual([doomed.id]);
    expect((await owner.caller.get("/api/v1/companies?count=true")).json().total).toBe(26);
  });

  it("saves nothing when any item fails, and names each failing item", async () => {
    const owner = await signUp(t.app);
    const shape = await owner.caller.post("/api/v1/companies/batch", {
      create: [{ name: "Fine" }, { name: "Bad", employeeCount: 1.5 }],
    });
    expect(shape.statusCode).toBe(400);
    expect(paths(shape)).toContain("create[1].employeeCount");
    const rules = await owner.caller.post("/api/v1/companies/batch", {
      create: [
        { name: "Fine", domains: ["fine.example"] },
        { name: "Same domain", domains: ["https://fine.example"] },
        { name: "Bad domain", domains: ["ok.example", "nope"] },
      ],
      update: [{ id: NO_SUCH_ID, industry: "Ghost" }],
      delete: [NO_SUCH_ID],
    });
    expect(rules.statusCode).toBe(400);
    expect(paths(rules)).toEqual([
      "create[1].domains[0]",
      "create[2].domains[1]",
      "update[0].id",
      "delete[0].id",
    ]);
    expect((await owner.caller.get("/api/v1/companies?count=true")).json().total).toBe(0);
  });

  it("refuses more than 1,000 operations", async () => {
    const owner = await signUp(t.app);
    const response = await owner.caller.post("/api/v1/companies/batch", {
      create: Array.from({ length: 1001 }, () => ({ name: "x" })),
    });
    expect(response.statusCode).toBe(400);
  });
});

describe("companies: permissions and tenants", () => {
  it("lets viewers read but not write, and only admins purge", async () => {
    const owner = await signUp(t.app);
    const company = await createCompany(owner);
    const viewer = await addMember(t.app, owner, "read_only");
    expect((await viewer.caller.get(`/api/v1/companies/${company.id}`)).statusCode).toBe(200);
    expect((await viewer.caller.get("/api/v1/companies")).statusCode).toBe(200);
    expect((await viewer.caller.post("/api/v1/companies", { name: "x" })).statusCode).toBe(403);
    expect((await viewer.caller.post("/api/v1/companies/batch", { create: [] })).statusCode).toBe(403);
    expect((await viewer.caller.patch(`/api/v1/companies/${company.id}`, { industry: "x" })).statusCode).toBe(
      403,
    );
    expect((await viewer.caller.delete(`/api/v1/companies/${company.id}`)).statusCode).toBe(403);
    expect((await viewer.caller.post(`/api/v1/companies/${company.id}/restore`)).statusCode).toBe(403);
    const { caller: key } = await createApiKey(owner, "sales_rep");
    const created = await key.post("/api/v1/companies", { name: "Via key" });
    expect(created.statusCode).toBe(201);
    expect(created.json().ownerId).toBeNull();
    await key.delete(`/api/v1/companies/${created.json().id}`);
    expect((await key.delete(`/api/v1/companies/${created.json().id}/purge`)).statusCode).toBe(403);
  });

  it("keeps companies inside their workspace on every route", async () => {
    const owner = await signUp(t.app);
    // No domains here, and duplicates allowed: the same workspace creates many of these.
    const create = async (o: SignedIn) => {
      const response = await o.caller.post("/api/v1/companies?allowDuplicate=true", {
        name: "Acme Corp",
        industry: "Software",
      });
      expect(response.statusCode).toBe(201);
      return `/api/v1/companies/${response.json().id}`;
    };
    const trashed = async (o: SignedIn) => {
      const url = await create(o);
      await o.caller.delete(url);
      return url;
    };
    await expectTenantIsolation(t.app, owner, { method: "GET", create });
    await expectTenantIsolation(t.app, owner, { method: "PATCH", create, body: { industry: "Hijacked" } });
    await expectTenantIsolation(t.app, owner, { method: "DELETE", create });
    await expectTenantIsolation(t.app, owner, {
      method: "POST",
      create: async (o) => `${await trashed(o)}/restore`,
    });
    await expectTenantIsolation(t.app, owner, {
      method: "DELETE",
      create: async (o) => `${await trashed(o)}/purge`,
    });

    const outsider = await signUp(t.app);
    // Another Acme in this workspace: allowed as a duplicate.
    const { id } = (await owner.caller.post("/api/v1/companies?allowDuplicate=true", acme)).json();
    const batch = await outsider.caller.post("/api/v1/companies/batch", {
      update: [{ id, industry: "x" }],
      delete: [id],
    });
    expect(batch.statusCode).toBe(400);
    // Neither another workspace's company nor its domains are visible from outside.
    const child = await outsider.caller.post("/api/v1/companies", {
      name: "Acme Corp",
      domains: acme.domains,
      parentCompanyId: id,
    });
    expect(child.statusCode).toBe(400);
    expect(paths(child)).toEqual(["parentCompanyId"]);
    expect(
      (await outsider.caller.post("/api/v1/companies", { name: "Acme", domains: ["acme.com"] })).statusCode,
    ).toBe(201);
    expect((await outsider.caller.get("/api/v1/companies")).json().data).toHaveLength(1);
    expect((await outsider.caller.get("/api/v1/companies/trash")).json().data).toHaveLength(0);
    expect((await owner.caller.get(`/api/v1/companies/${id}`)).json().industry).toBe("Software");
  });
});
