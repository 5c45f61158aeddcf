import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  addMember,
  createTestApp,
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

async function create(owner: SignedIn, path: string, body: unknown) {
  const response = await owner.caller.post(`/api/v1/${path}`, body);
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

describe("normalization", () => {
  it("trims emails and lower-cases the one used for matching", async () => {
    const owner = await signUp(t.app);
    const contact = await create(owner, "contacts", { emails: [{ value: "  Ada@Lovelace.IO " }] });
    expect(contact.emails[0].value).toBe("Ada@Lovelace.IO");
    const [row] = await queryRows<{ email: string }>(t.database, "select email from contacts where id = $1", [
      contact.id,
    ]);
    expect(row?.email).toBe("ada@lovelace.io");
  });

  it("keeps phones as typed and adds E.164, read with the workspace's default country", async () => {
    const owner = await signUp(t.app);
    const before = await create(owner, "contacts", {
      firstName: "Before",
      phones: [{ value: "020 7946 0958" }, { value: "+1 (415) 555-0123" }, { value: "call me" }],
    });
    expect(before.phones.map((p: { e164: string | null }) => p.e164)).toEqual([null, "+14155550123", null]);

    const patched = await owner.caller.patch("/api/v1/workspace", { defaultCountry: "GB" });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json().defaultCountry).toBe("GB");
    const after = await create(owner, "contacts", {
      firstName: "After",
      phones: [{ value: "020 7946 0958" }],
    });
    expect(after.phones[0]).toMatchObject({ value: "020 7946 0958", e164: "+442079460958" });
    expect(after.phone).toBe("020 7946 0958");
    // Search finds it by the international form too.
    const found = await owner.caller.get(`/api/v1/search?q=${encodeURIComponent("+44 20 7946 0958")}`);
    expect(found.json().data[0]).toMatchObject({ id: after.id, matched: "phone" });
  });

  it("validates the default country and leaves it to admins", async () => {
    const owner = await signUp(t.app);
    const bad = await owner.caller.patch("/api/v1/workspace", { defaultCountry: "Germany" });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toContain("defaultCountry");
    const member = await addMember(t.app, owner, "sales_rep");
    expect((await member.caller.patch("/api/v1/workspace", { defaultCountry: "DE" })).statusCode).toBe(403);
    expect((await owner.caller.get("/api/v1/workspace")).json().defaultCountry).toBeNull();
    const cleared = await owner.caller.patch("/api/v1/workspace", { defaultCountry: null });
    expect(cleared.json().defaultCountry).toBeNull();
  });

  it("reduces a company's website URLs to domains", async () => {
    const owner = await signUp(t.app);
    const company = await create(owner, "companies", {
      name: "Acme",
      domains: ["https://www.Acme.com/about", "shop.acme.com:8080/"],
    });
    expect(company.domains).toEqual(["acme.com", "shop.acme.com"]);
  });

  it("links a new contact to the company owning its email domain, never by free mail", async () => {
    const owner = await signUp(t.app);
    const lovelace = await create(owner, "companies", {
      name: "Lovelace Analytics",
      domains: ["lovelace.io"],
    });
    const gmail = await create(owner, "companies", { name: "Google", domains: ["gmail.com"] });
    const ada = await create(owner, "contacts", { emails: [{ value: "Ada@Lovelace.io" }] });
    expect(ada.companyId).toBe(lovelace.id);
    expect(ada.companies).toEqual([{ companyId: lovelace.id, role: null, primary: true }]);

    const free = await create(owner, "contacts", { emails: [{ value: "someone@gmail.com" }] });
    expect(free.companyId).toBeNull();
    expect(gmail.id).toBeDefined();
    // An explicit choice (even none) wins; other domains link nothing.
    const chosen = await create(owner, "contacts", { emails: [{ value: "b@lovelace.io" }], companies: [] });
    expect(chosen.companyId).toBeNull();
    const elsewhere = await create(owner, "contacts", { emails: [{ value: "c@elsewhere.org" }] });
    expect(elsewhere.companyId).toBeNull();
    // A company in the trash or in another workspace is not a match.
    expect((await owner.caller.delete(`/api/v1/companies/${lovelace.id}`)).statusCode).toBe(204);
    expect((await create(owner, "contacts", { emails: [{ value: "d@lovelace.io" }] })).companyId).toBeNull();
    const other = await signUp(t.app, { workspaceName: "Other" });
    await create(other, "companies", { name: "Theirs", domains: ["theirs.io"] });
    expect((await create(owner, "contacts", { emails: [{ value: "e@theirs.io" }] })).companyId).toBeNull();
  });

  it("links by domain in a batch create too", async () => {
    const owner = await signUp(t.app);
    const company = await create(owner, "companies", { name: "Batchco", domains: ["batch.co"] });
    const response = await owner.caller.post("/api/v1/contacts/batch", {
      create: [{ emails: [{ value: "x@batch.co" }] }, { emails: [{ value: "y@yahoo.com" }] }],
    });
    expect(response.statusCode, response.body).toBeLessThan(300);
    const ids = JSON.stringify(response.json());
    expect(ids).toContain(company.id);
  });
});
