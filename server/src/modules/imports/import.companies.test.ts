import { readFileSync } from "node:fs";
import { BUILTIN_ROLE_DEFAULTS, type RolePermissions } from "@rapport/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  addMember,
  createTestApp,
  expectTenantIsolation,
  mappingTargets,
  queryRows,
  runToEnd,
  type SignedIn,
  sharedData,
  signUp,
  stagedImport,
  type TestApp,
  undoToEnd,
  uploadImport,
} from "../../../test/index.ts";
import { parseAmount } from "./map-company-row.ts";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ workers: true });
});
afterAll(() => t.close());

const CHICAGO = sharedData("dedup/chicago-sites/csv_example_input_with_true_ids.csv");

const upload = (who: SignedIn, body: string | Buffer, object = "companies", fileName = "accounts.csv") =>
  uploadImport(who, body, { object, fileName });

const staged = (who: SignedIn, body: string | Buffer, fileName = "accounts.csv") =>
  stagedImport(who, body, { object: "companies", fileName });

async function companiesOf(who: SignedIn) {
  const data = (await who.caller.get("/api/v1/companies?limit=200&sort=name")).json().data;
  return data as Record<string, unknown>[];
}

const SALESFORCE = [
  "Account Name,Website,Industry,Employees,Annual Revenue,Phone,Billing Street,Billing City,Billing State/Province,Billing Zip/Postal Code,Billing Country,Parent Account,Description",
  'Acme Holdings,acme-holdings.com,Conglomerate,"12,000","$4,500,000,000.00",+1 415 555 0100,1 Market St,San Francisco,CA,94105,USA,,Parent of Acme',
  'Acme Corp,https://www.Acme.com/about,Manufacturing,1 200,"1.234.567,89 €",+1 415 555 0101,"2 Main St",Springfield,IL,62701,USA,acme-holdings.com,Rockets and anvils',
  "Globex,globex.com,Energy,lots,,+1 212 555 0199,,,,,,,",
].join("\n");

describe("company import: upload and mapping", () => {
  it("recognises the account and organisation export headers of each vendor", async () => {
    const owner = await signUp(t.app);
    const vendors: [string, string, string[]][] = [
      [
        "HubSpot",
        "Record ID,Company name,Company Domain Name,Website URL,Industry,Number of Employees,Annual Revenue,Phone Number,Street Address,City,State/Region,Postal Code,Country/Region,Parent Company,About Us",
        [
          "",
          "name",
          "domain",
          "domain",
          "industry",
          "employeeCount",
          "annualRevenue",
          "phone",
          "street",
          "city",
          "region",
          "postalCode",
          "country",
          "parentCompany",
          "description",
        ],
      ],
      [
        "Salesforce",
        SALESFORCE.split("\n")[0]!,
        [
          "name",
          "domain",
          "industry",
          "employeeCount",
          "annualRevenue",
          "phone",
          "street",
          "city",
          "region",
          "postalCode",
          "country",
          "parentCompany",
          "description",
        ],
      ],
      [
        "Pipedrive",
        "Organization - Name,Organization - Website,Organization - Address,Organization - Labels,Organization - Number of employees,Organization - Annual revenue",
        ["name", "domain", "street", "tags", "employeeCount", "annualRevenue"],
      ],
      [
        "Zoho",
        "Account Name,Website,Phone,Billing Street,Billing City,Billing State,Billing Code,Billing Country,Parent Account,Tag",
        [
          "name",
          "domain",
          "phone",
          "street",
          "city",
          "region",
          "postalCode",
          "country",
          "parentCompany",
          "tags",
        ],
      ],
    ];
    for (const [vendor, header, expected] of vendors) {
      const row = header
        .split(",")
        .map(() => "x")
        .join(",");
      const imp = await staged(owner, `${header}\n${row}\n`);
      expect(imp.object).toBe("companies");
      expect(mappingTargets(imp), vendor).toEqual(expected);
      // Companies are matched on their domain unless told otherwise.
      expect(imp.suggested.matchBy).toBe("domain");
    }
  });

  it("reads counts and amounts as exports write them", () => {
    expect(parseAmount("12,000")).toBe(12000);
    expect(parseAmount("1 200")).toBe(1200);
    expect(parseAmount("1.200")).toBe(1200);
    expect(parseAmount("$4,500,000,000.00")).toBe(4_500_000_000);
    expect(parseAmount("1.234.567,89 €")).toBe(1234567.89);
    expect(parseAmount("EUR 12,5")).toBe(12.5);
    expect(parseAmount("0.75")).toBe(0.75);
    expect(parseAmount("lots")).toBeNull();
    expect(parseAmount("10k")).toBeNull();
    expect(parseAmount("51-200")).toBeNull();
  });

  it("refuses a vCard file for companies, staging nothing", async () => {
    const owner = await signUp(t.app);
    const response = await owner.caller.post(
      "/api/v1/imports?object=companies&fileName=people.vcf",
      "BEGIN:VCARD\nVERSION:3.0\nFN:Ada\nEND:VCARD\n",
      { "content-type": "text/vcard" },
    );
    expect(response.statusCode).toBe(400);
    expect(response.json().detail).toContain("A vCard file holds people, not companies");
    expect((await owner.caller.get("/api/v1/imports")).json().data).toEqual([]);
  });
});

describe("company import: running", () => {
  it("previews, dry-runs, runs and reports: domains normalised, numbers read, a bad row rejected with its reason, events written", async () => {
    const owner = await signUp(t.app);
    const imp = await staged(owner, SALESFORCE);
    expect(imp.totalRows).toBe(3);

    const preview = await owner.caller.post(`/api/v1/imports/${imp.id}/preview`, imp.suggested);
    expect(preview.statusCode, preview.body).toBe(200);
    const rows = preview.json().rows;
    expect(rows[1]).toMatchObject({
      errors: [],
      record: {
        name: "Acme Corp",
        domains: ["acme.com"],
        employeeCount: 1200,
        annualRevenue: 1234567.89,
        address: {
          street: "2 Main St",
          city: "Springfield",
          region: "IL",
          postalCode: "62701",
          country: "USA",
        },
        companyName: "acme-holdings.com",
        companyDomain: "acme-holdings.com",
      },
    });
    expect(rows[2].errors).toEqual(["Employees: 'lots' is not a number of employees"]);

    const dry = await owner.caller.post(`/api/v1/imports/${imp.id}/dry-run`, imp.suggested);
    expect(dry.statusCode, dry.body).toBe(200);
    expect(dry.json()).toMatchObject({ rows: 3, created: 2, updated: 0, skipped: 0, rejected: 1 });
    expect(await companiesOf(owner)).toEqual([]);

    const done = await runToEnd(owner, imp.id, imp.suggested);
    expect(done).toMatchObject({
      status: "completed",
      object: "companies",
      rowsDone: 3,
      created: 2,
      rejected: 1,
    });
    const [corp, holdings] = await companiesOf(owner);
    expect(holdings).toMatchObject({
      name: "Acme Holdings",
      domains: ["acme-holdings.com"],
      employeeCount: 12000,
      annualRevenue: 4_500_000_000,
      phone: "+1 415 555 0100",
      parentCompanyId: null,
      ownerId: owner.session.user.id,
    });
    expect(corp).toMatchObject({
      name: "Acme Corp",
      domains: ["acme.com"],
      description: "Rockets and anvils",
      // Its parent is an earlier row of the same chunk, so linked once the rows were written.
      parentCompanyId: holdings!.id,
    });

    const rejected = await owner.caller.get(`/api/v1/imports/${imp.id}/rejected.csv`);
    expect(rejected.body.trim().split("\n").at(-1)).toBe(
      "Globex,globex.com,Energy,lots,,+1 212 555 0199,,,,,,,,Employees: 'lots' is not a number of employees",
    );
    const events = await queryRows<{
      type: string;
      payload: { company: { name: string; domains: string[] } };
    }>(
      t.database,
      "select type, payload from outbox_events where workspace_id = $1 order by payload->'company'->>'name', seq",
      [owner.session.workspace.id],
    );
    expect(events.map((e) => [e.type, e.payload.company.name, e.payload.company.domains])).toEqual([
      ["company.created", "Acme Corp", ["acme.com"]],
      ["company.updated", "Acme Corp", ["acme.com"]],
      ["company.created", "Acme Holdings", ["acme-holdings.com"]],
    ]);
    const history = (await owner.caller.get(`/api/v1/companies/${holdings!.id}/history`)).json().data;
    expect(history.map((h: { field: string }) => h.field)).toContain("annualRevenue");
  });

  it("links a parent that already exists by name or domain", async () => {
    const owner = await signUp(t.app);
    const parent = (
      await owner.caller.post("/api/v1/companies", { name: "Umbrella Group", domains: ["umbrella.example"] })
    ).json();
    const imp = await staged(
      owner,
      "Company name,Parent Company\nUmbrella Labs,umbrella group\nUmbrella Pharma,https://umbrella.example\nLoose Co,Nobody Holdings\n",
    );
    expect(await runToEnd(owner, imp.id, { ...imp.suggested, matchBy: null })).toMatchObject({ created: 3 });
    const byName = Object.fromEntries((await companiesOf(owner)).map((c) => [c.name, c.parentCompanyId]));
    expect(byName).toEqual({
      "Loose Co": null,
      "Umbrella Group": null,
      "Umbrella Labs": parent.id,
      "Umbrella Pharma": parent.id,
    });
  });

  it("matches existing companies by domain: skip, update or create, and a domain repeated in the file", async () => {
    const owner = await signUp(t.app);
    const acme = (
      await owner.caller.post("/api/v1/companies", {
        name: "Acme",
        domains: ["acme.com"],
        industry: "Retail",
      })
    ).json();
    const file =
      "Company name,Website,Industry\nAcme Inc,http://WWW.ACME.COM,Manufacturing\nInitech,initech.com,Software\nInitech Europe,initech.com/eu,Software\n";

    const skip = await staged(owner, file);
    expect(await runToEnd(owner, skip.id, { ...skip.suggested, matchPolicy: "skip" })).toMatchObject({
      created: 1,
      skipped: 2,
    });
    expect((await owner.caller.get(`/api/v1/companies/${acme.id}`)).json()).toMatchObject({
      name: "Acme",
      industry: "Retail",
    });
    const rows = await queryRows<{ row_no: number; reason: string }>(
      t.database,
      "select row_no, reason from import_rows where workspace_id = $1 and import_id = $2 and outcome = 'skipped' order by row_no",
      [owner.session.workspace.id, skip.id],
    );
    expect(rows).toEqual([
      { row_no: 1, reason: "Matches an existing company by domain" },
      { row_no: 3, reason: "Same domain as row 2 of this file" },
    ]);

    const update = await staged(owner, file);
    // Each row matching a company updates it (Initech twice, by its second and third rows).
    expect(await runToEnd(owner, update.id, { ...update.suggested, matchPolicy: "update" })).toMatchObject({
      created: 0,
      updated: 3,
    });
    expect((await owner.caller.get(`/api/v1/companies/${acme.id}`)).json()).toMatchObject({
      name: "Acme Inc",
      industry: "Manufacturing",
      domains: ["acme.com"],
    });

    // Creating anyway cannot give a second live company a domain another one has: that row is rejected.
    const create = await staged(owner, "Company name,Website\nAcme Again,acme.com\nHooli,hooli.com\n");
    expect(await runToEnd(owner, create.id, { ...create.suggested, matchPolicy: "create" })).toMatchObject({
      created: 1,
      rejected: 1,
    });
    const csv = (await owner.caller.get(`/api/v1/imports/${create.id}/rejected.csv`)).body;
    expect(csv).toContain(`Acme Again,acme.com,domains[0]: acme.com belongs to Acme Inc (id ${acme.id})`);
  });

  it("matches by name or by an external id column", async () => {
    const owner = await signUp(t.app);
    await owner.caller.post("/api/v1/fields/companies", { key: "sf_id", label: "Account ID", type: "text" });
    const old = (
      await owner.caller.post("/api/v1/companies", { name: "Wayne Enterprises", custom: { sf_id: "001A" } })
    ).json();
    const byName = await staged(owner, "Account Name,Industry\nWAYNE ENTERPRISES,Defense\n");
    expect(
      await runToEnd(owner, byName.id, { ...byName.suggested, matchBy: "name", matchPolicy: "update" }),
    ).toMatchObject({ updated: 1 });
    const byId = await staged(
      owner,
      "Account ID,Account Name,Employees\n001A,Wayne Ent.,5000\n001B,Stark,9000\n",
    );
    expect(mappingTargets(byId)).toEqual(["custom.sf_id", "name", "employeeCount"]);
    expect(
      await runToEnd(owner, byId.id, { ...byId.suggested, matchBy: "custom.sf_id", matchPolicy: "update" }),
    ).toMatchObject({ updated: 1, created: 1 });
    expect((await owner.caller.get(`/api/v1/companies/${old.id}`)).json()).toMatchObject({
      name: "Wayne Ent.",
      industry: "Defense",
      employeeCount: 5000,
    });
    const bad = await owner.caller.post(`/api/v1/imports/${byId.id}/preview`, {
      ...byId.suggested,
      matchBy: "email",
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors).toEqual([
      { path: "matchBy", message: "Match on domain or name or on a custom field (custom.<key>)" },
    ]);
  });

  it("undoes a company import: created companies go to the trash, updated fields get their old values", async () => {
    const owner = await signUp(t.app);
    const existing = (
      await owner.caller.post("/api/v1/companies", {
        name: "Soylent",
        domains: ["soylent.example"],
        employeeCount: 10,
      })
    ).json();
    const imp = await staged(
      owner,
      "Company name,Website,Employees\nSoylent Corp,soylent.example,250\nTyrell,tyrell.example,4000\n",
    );
    expect(await runToEnd(owner, imp.id, { ...imp.suggested, matchPolicy: "update" })).toMatchObject({
      created: 1,
      updated: 1,
    });
    await undoToEnd(owner, imp.id);
    const left = await companiesOf(owner);
    expect(left.map((c) => c.id)).toEqual([existing.id]);
    expect(left[0]).toMatchObject({ name: "Soylent", employeeCount: 10 });
    const trash = (await owner.caller.get("/api/v1/companies/trash")).json().data;
    expect(trash.map((c: { name: string }) => c.name)).toEqual(["Tyrell"]);
    const [deleted] = await queryRows<{ n: number }>(
      t.database,
      "select count(*)::int as n from outbox_events where workspace_id = $1 and type = 'company.deleted'",
      [owner.session.workspace.id],
    );
    expect(deleted!.n).toBe(1);
  });

  it("imports the 3,337 organisation records of the Chicago sites file, matched by name", {
    timeout: 180_000,
  }, async () => {
    const owner = await signUp(t.app);
    const imp = await staged(owner, readFileSync(CHICAGO), "chicago-sites.csv");
    // Quoted newlines inside names and addresses do not split records.
    expect(imp.totalRows).toBe(3337);
    const mapping = imp.suggested.mapping.map((m) =>
      imp.headers[m.column] === "Site name" ? { ...m, target: "name" } : m,
    );
    const byHeader = Object.fromEntries(mapping.map((m) => [imp.headers[m.column], m.target]));
    expect(byHeader).toMatchObject({
      Address: "street",
      Zip: "postalCode",
      Phone: "phone",
      Website: "domain",
    });
    const done = await runToEnd(owner, imp.id, { ...imp.suggested, mapping, matchBy: "name" });
    expect(done.status).toBe("completed");
    expect(done.created + done.skipped + done.rejected).toBe(3337);
    expect(done.created).toBeGreaterThan(500);
    expect(done.skipped).toBeGreaterThan(500);
    // Its Website column mostly says "No" or "Yes": those rows are rejected with the reason; and a
    // site whose website another site of a different name has already claimed cannot take it.
    const reasons = await queryRows<{ reason: string; n: number }>(
      t.database,
      "select reason, count(*)::int as n from import_rows where workspace_id = $1 and import_id = $2 and outcome = 'rejected' group by reason",
      [owner.session.workspace.id, imp.id],
    );
    for (const r of reasons)
      expect(r.reason).toMatch(
        /^(Website: '(No|Yes)' is not a web address or domain|domains\[0\]: \S+ (belongs to .+|is the domain of another new company))$/,
      );
    const [live] = await queryRows<{ n: number; names: number }>(
      t.database,
      "select count(*)::int as n, count(distinct lower(name))::int as names from companies where workspace_id = $1 and deleted_at is null",
      [owner.session.workspace.id],
    );
    expect(live).toEqual({ n: done.created, names: done.created });
  });
});

describe("company import: access", () => {
  async function createRole(owner: SignedIn, key: string, permissions: RolePermissions) {
    const response = await owner.caller.post("/api/v1/roles", { key, name: key, permissions });
    expect(response.statusCode, response.body).toBe(201);
  }

  it("keeps company imports to their workspace", async () => {
    const owner = await signUp(t.app);
    const imp = await staged(owner, "Company name\nAcme\n");
    await expectTenantIsolation(t.app, owner, {
      method: "GET",
      create: async () => `/api/v1/imports/${imp.id}`,
    });
    await expectTenantIsolation(t.app, owner, {
      method: "POST",
      create: async () => `/api/v1/imports/${imp.id}/run`,
      body: imp.suggested,
      check: `/api/v1/imports/${imp.id}`,
    });
    await expectTenantIsolation(t.app, owner, {
      method: "POST",
      create: async () => `/api/v1/imports/${imp.id}/preview`,
      body: imp.suggested,
    });
  });

  it("needs the companies import permission, and update for the update policy", async () => {
    const owner = await signUp(t.app);
    const imp = await staged(owner, "Company name,Website\nAcme,acme.com\n");
    const manager = BUILTIN_ROLE_DEFAULTS.sales_manager.permissions;
    // May import contacts, not companies.
    await createRole(owner, "contact_importer", {
      ...manager,
      objects: {
        ...manager.objects,
        companies: { actions: ["read", "create", "update"], visibility: "all" },
      },
    });
    const importer = await addMember(t.app, owner, "contact_importer");
    const refused = await upload(importer, "Company name\nAcme\n");
    expect(refused.statusCode).toBe(403);
    expect(refused.json().detail).toBe(
      "Your role contact_importer may not import companies. Ask a workspace admin.",
    );
    expect((await importer.caller.get(`/api/v1/imports/${imp.id}`)).statusCode).toBe(403);
    expect((await importer.caller.post(`/api/v1/imports/${imp.id}/run`, imp.suggested)).statusCode).toBe(403);
    expect((await importer.caller.get("/api/v1/imports")).json().data).toEqual([]);
    expect((await upload(importer, "Email\nada@example.com\n", "contacts")).statusCode).toBe(201);

    // May import and create companies, not change them: the update policy is refused.
    await createRole(owner, "company_adder", {
      ...manager,
      objects: {
        ...manager.objects,
        companies: { actions: ["read", "create", "import"], visibility: "all" },
      },
    });
    const adder = await addMember(t.app, owner, "company_adder");
    const own = await upload(adder, "Company name,Website\nHooli,hooli.com\n");
    expect(own.statusCode, own.body).toBe(201);
    const { id, suggested } = own.json();
    const update = await adder.caller.post(`/api/v1/imports/${id}/dry-run`, {
      ...suggested,
      matchPolicy: "update",
    });
    expect(update.statusCode).toBe(403);
    expect(update.json().detail).toContain("may not change companies");
    expect((await adder.caller.post(`/api/v1/imports/${id}/dry-run`, suggested)).statusCode).toBe(200);

    for (const role of ["sales_rep", "read_only"] as const) {
      const member = await addMember(t.app, owner, role);
      expect((await upload(member, "Company name\nAcme\n")).statusCode, role).toBe(403);
    }
    const marketing = await addMember(t.app, owner, "marketing");
    expect((await upload(marketing, "Company name\nAcme\n")).statusCode).toBe(201);
  });

  it("refuses a mapping onto a read-only company field, naming the mapping", async () => {
    const owner = await signUp(t.app);
    const manager = BUILTIN_ROLE_DEFAULTS.sales_manager.permissions;
    await createRole(owner, "revenue_blind", {
      ...manager,
      objects: {
        ...manager.objects,
        companies: { ...manager.objects.companies, fields: { annualRevenue: "read_only" } },
      },
    });
    const member = await addMember(t.app, owner, "revenue_blind");
    const imp = await staged(member, "Company name,Annual Revenue\nAcme,100\n");
    const refused = await member.caller.post(`/api/v1/imports/${imp.id}/run`, imp.suggested);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().errors).toEqual([expect.objectContaining({ path: "mapping[1].target" })]);
    const allowed = await member.caller.post(`/api/v1/imports/${imp.id}/run`, {
      ...imp.suggested,
      mapping: [{ column: 0, target: "name" }],
    });
    expect(allowed.statusCode, allowed.body).toBe(202);
  });
});
