import { parse } from "csv-parse/sync";
import ICAL from "ical.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  addMember,
  createTestApp,
  queryRows,
  type SignedIn,
  signUp,
  type TestApp,
} from "../../../test/index.ts";
import { EXPORT_PAGE_SIZE } from "./export.service.ts";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const csvRows = (body: string) =>
  parse(body.replace(/^\uFEFF/, ""), { columns: true, relax_column_count: false }) as Record<
    string,
    string
  >[];

async function post(owner: SignedIn, url: string, body: object) {
  const response = await owner.caller.post(url, body);
  if (response.statusCode >= 300) throw new Error(`${url}: ${response.statusCode} ${response.body}`);
  return response.json();
}

async function exportsAudited(workspaceId: string) {
  return queryRows<{ details: Record<string, unknown>; actor_user_id: string }>(
    t.database,
    "select details, actor_user_id from audit_log where workspace_id = $1 and action = 'export.created' order by seq",
    [workspaceId],
  );
}

describe("list exports", () => {
  it("streams every contact across keyset pages as CSV, custom fields as columns, audited with the row count", async () => {
    const owner = await signUp(t.app);
    await post(owner, "/api/v1/fields/contacts", { label: "Tier", type: "text" });
    const total = EXPORT_PAGE_SIZE + 150;
    for (let start = 0; start < total; start += 1000) {
      const create = Array.from({ length: Math.min(1000, total - start) }, (_, i) => ({
        firstName: `Person${start + i}`,
        lastName: "Bulk",
        custom: { tier: (start + i) % 2 ? "gold" : "silver" },
      }));
      await post(owner, "/api/v1/contacts/batch", { create });
    }
    const response = await owner.caller.get("/api/v1/contacts/export?format=csv");
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toContain("text/csv");
    expect(response.headers["content-disposition"]).toMatch(/attachment; filename="contacts-.*\.csv"/);
    const rows = csvRows(response.body);
    expect(rows).toHaveLength(total);
    expect(new Set(rows.map((r) => r.id)).size).toBe(total);
    expect(Object.keys(rows[0]!)).toContain("Tier");
    expect(rows.filter((r) => r.Tier === "gold")).toHaveLength(total / 2);

    const audited = await exportsAudited(owner.session.workspace.id);
    expect(audited).toHaveLength(1);
    expect(audited[0]!.details).toMatchObject({
      object: "contacts",
      format: "csv",
      rows: total,
      completed: true,
    });
    expect(audited[0]!.actor_user_id).toBe(owner.session.user.id);
  });

  it("applies the filter and sort, from the query string and from a POST body", async () => {
    const owner = await signUp(t.app);
    await post(owner, "/api/v1/contacts/batch", {
      create: [
        { firstName: "Ann", lastName: "Zed", jobTitle: "CEO" },
        { firstName: "Bob", lastName: "Young", jobTitle: "CTO" },
        { firstName: "Cid", lastName: "Xu", jobTitle: "CEO" },
      ],
    });
    const filter = { field: "jobTitle", op: "eq", value: "CEO" };
    const get = await owner.caller.get(
      `/api/v1/contacts/export?format=json&sort=lastName&filter=${encodeURIComponent(JSON.stringify(filter))}`,
    );
    expect(get.statusCode).toBe(200);
    expect(get.headers["content-type"]).toContain("application/json");
    expect(get.json().map((c: { displayName: string }) => c.displayName)).toEqual(["Cid Xu", "Ann Zed"]);

    const body = await owner.caller.post("/api/v1/contacts/export", {
      format: "csv",
      filter,
      sort: "-lastName",
      fields: ["displayName", "jobTitle"],
    });
    expect(body.statusCode).toBe(200);
    const rows = csvRows(body.body);
    expect(rows).toEqual([
      { id: expect.any(String), displayName: "Ann Zed", jobTitle: "CEO" },
      { id: expect.any(String), displayName: "Cid Xu", jobTitle: "CEO" },
    ]);
    const audited = await exportsAudited(owner.session.workspace.id);
    expect(audited.map((a) => a.details)).toEqual([
      expect.objectContaining({ format: "json", filter, rows: 2 }),
      expect.objectContaining({ format: "csv", filter, rows: 2, fields: ["displayName", "jobTitle"] }),
    ]);
  });

  it("uses a saved view's filter, sort and columns", async () => {
    const owner = await signUp(t.app);
    await post(owner, "/api/v1/deals/batch", {
      create: [
        { name: "Big", amount: 9000 },
        { name: "Small", amount: 10 },
        { name: "Medium", amount: 500 },
      ],
    });
    const view = await post(owner, "/api/v1/views", {
      object: "deals",
      name: "Worth it",
      filter: { field: "amount", op: "gte", value: 100 },
      sort: "-amount",
      columns: [{ key: "name" }, { key: "amount" }],
    });
    const response = await owner.caller.get(`/api/v1/deals/export?view=${view.id}`);
    expect(response.statusCode).toBe(200);
    expect(csvRows(response.body)).toEqual([
      { id: expect.any(String), name: "Big", amount: "9000" },
      { id: expect.any(String), name: "Medium", amount: "500" },
    ]);
    const wrong = await owner.caller.get(`/api/v1/contacts/export?view=${view.id}`);
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().errors[0].path).toBe("view");
  });

  it("defuses cells a spreadsheet would run as formulas, but keeps plain numbers", async () => {
    const owner = await signUp(t.app);
    await post(owner, "/api/v1/fields/contacts", { label: "Note", type: "text" });
    await post(owner, "/api/v1/contacts/batch", {
      create: [
        { firstName: '=HYPERLINK("http://evil")', lastName: "A", custom: { note: "-12.5" } },
        { firstName: "+1+1", lastName: "B", custom: { note: "@SUM(A1)" } },
        { firstName: "-2+3", lastName: "C", custom: { note: "\tcmd" } },
        { firstName: "Plain", lastName: "D", custom: { note: "\rx" } },
      ],
    });
    const response = await owner.caller.get(
      "/api/v1/contacts/export?sort=lastName&fields=firstName,custom.note",
    );
    const rows = csvRows(response.body);
    expect(rows.map((r) => [r.firstName, r.Note])).toEqual([
      ['\'=HYPERLINK("http://evil")', "-12.5"],
      ["'+1+1", "'@SUM(A1)"],
      ["'-2+3", "'\tcmd"],
      ["Plain", "'\rx"],
    ]);
  });

  it("writes contacts as vCard 4.0 with labeled emails and phones, organization, address and birthday", async () => {
    const owner = await signUp(t.app);
    const company = await post(owner, "/api/v1/companies", { name: "Analytical Engines; Ltd" });
    await post(owner, "/api/v1/contacts", {
      firstName: "Ada",
      lastName: "Lovelace",
      emails: [
        { value: "ada@example.com", label: "work" },
        { value: "ada@home.example", label: "Home" },
      ],
      phones: [{ value: "+44 20 7946 0958", label: "mobile" }],
      companies: [{ companyId: company.id }],
      jobTitle: "Analyst",
      address: { street: "12 St James's Sq", city: "London", postalCode: "SW1Y 4JH", country: "UK" },
      birthday: "1815-12-10",
      description: "First programmer, wrote notes on the engine, with a very long line that must be folded",
    });
    const response = await owner.caller.get("/api/v1/contacts/export?format=vcf");
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toContain("text/vcard");
    expect(response.body.split("\r\n").every((line) => Buffer.byteLength(line) <= 75)).toBe(true);
    const card = new ICAL.Component(ICAL.parse(response.body));
    expect(card.getFirstPropertyValue("version")).toBe("4.0");
    expect(card.getFirstPropertyValue("fn")).toBe("Ada Lovelace");
    expect(card.getFirstPropertyValue("n")).toEqual(["Lovelace", "Ada", "", "", ""]);
    const emails = card.getAllProperties("email");
    expect(emails.map((e) => [e.getFirstValue(), e.getParameter("type"), e.getParameter("pref")])).toEqual([
      ["ada@example.com", "work", "1"],
      ["ada@home.example", "home", undefined],
    ]);
    const tel = card.getFirstProperty("tel")!;
    expect(tel.getFirstValue()).toBe("tel:+442079460958");
    expect(tel.getParameter("type")).toBe("cell");
    expect(card.getFirstPropertyValue("org")).toBe("Analytical Engines; Ltd");
    expect(card.getFirstPropertyValue("title")).toBe("Analyst");
    expect(card.getFirstPropertyValue("adr")).toEqual([
      "",
      "",
      "12 St James's Sq",
      "London",
      "",
      "SW1Y 4JH",
      "UK",
    ]);
    expect(String(card.getFirstPropertyValue("bday"))).toContain("1815-12-10");
    expect(card.getFirstPropertyValue("note")).toContain("must be folded");

    const deals = await owner.caller.get("/api/v1/deals/export?format=vcf");
    expect(deals.statusCode).toBe(400);
    expect(deals.json().errors[0].path).toBe("format");
  });

  it("answers 400 naming the filter, sort or field that is wrong, before any file starts", async () => {
    const owner = await signUp(t.app);
    const badSort = await owner.caller.get("/api/v1/contacts/export?sort=shoeSize");
    expect(badSort.statusCode).toBe(400);
    expect(badSort.json().errors[0].path).toBe("sort");
    const badFilter = await owner.caller.get(`/api/v1/tasks/export?filter=${encodeURIComponent("{nope")}`);
    expect(badFilter.statusCode).toBe(400);
    expect(badFilter.json().errors[0].path).toBe("query.filter");
    const badField = await owner.caller.post("/api/v1/companies/export", { fields: ["nope"] });
    expect(badField.statusCode).toBe(400);
    expect(badField.json().errors[0].path).toBe("fields");
    const badFormat = await owner.caller.get("/api/v1/activities/export?format=xlsx");
    expect(badFormat.statusCode).toBe(400);
    expect(await exportsAudited(owner.session.workspace.id)).toHaveLength(0);
  });

  it("exports only the caller's workspace, and only for roles that may export", async () => {
    const owner = await signUp(t.app);
    await post(owner, "/api/v1/companies", { name: "Mine Inc" });
    const outsider = await signUp(t.app, { workspaceName: "Other" });
    await post(outsider, "/api/v1/companies", { name: "Theirs Inc" });
    const mine = await owner.caller.get("/api/v1/companies/export?format=json");
    expect(mine.json().map((c: { name: string }) => c.name)).toEqual(["Mine Inc"]);

    // Exporting is a permission of its own: a read-only member and a sales rep (by default) lack it.
    for (const role of ["read_only", "sales_rep"]) {
      const member = await addMember(t.app, owner, role);
      for (const object of ["contacts", "companies", "deals", "activities", "tasks"]) {
        const denied = await member.caller.get(`/api/v1/${object}/export`);
        expect(denied.statusCode, `${role} ${object}`).toBe(403);
        expect(denied.json().detail).toContain("export");
      }
    }
    const manager = await addMember(t.app, owner, "sales_manager");
    expect((await manager.caller.post("/api/v1/tasks/export", { format: "json" })).statusCode).toBe(200);
    const anonymous = await t.app.inject({ method: "GET", url: "/api/v1/contacts/export" });
    expect(anonymous.statusCode).toBe(401);
  });
});
