import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  addMember,
  createTestApp,
  expectTenantIsolation,
  type SignedIn,
  signUp,
  type TestApp,
} from "../../../test/index.ts";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const define = (owner: SignedIn, body: object) => owner.caller.post("/api/v1/fields/contacts", body);

describe("custom fields", () => {
  it("defines fields with keys from their labels and validates values on every write", async () => {
    const owner = await signUp(t.app);
    const tier = await define(owner, {
      label: "Customer Tier",
      type: "single_select",
      options: [
        { value: "gold", label: "Gold" },
        { value: "silver", label: "Silver" },
      ],
    });
    expect(tier.statusCode).toBe(201);
    expect(tier.json()).toMatchObject({ key: "customer_tier", object: "contacts", required: false });
    await define(owner, { label: "Budget", type: "currency", currency: "EUR" });
    await define(owner, { label: "Renewal", type: "date" });
    await define(owner, { label: "Website", type: "url" });
    await define(owner, {
      label: "Interests",
      type: "multi_select",
      options: [
        { value: "a", label: "A" },
        { value: "b", label: "B" },
      ],
    });
    await define(owner, { label: "Account manager", type: "user" });
    await define(owner, { label: "Employer", type: "record_link", target: "companies" });

    const ok = await owner.caller.post("/api/v1/contacts", {
      firstName: "Val",
      custom: {
        customer_tier: "gold",
        budget: 1200.5,
        renewal: "2027-01-31",
        website: "https://example.com",
        interests: ["a", "b", "a"],
        account_manager: owner.session.user.id,
      },
    });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().custom).toEqual({
      customer_tier: "gold",
      budget: 1200.5,
      renewal: "2027-01-31",
      website: "https://example.com",
      interests: ["a", "b"],
      account_manager: owner.session.user.id,
    });

    const bad = await owner.caller.post("/api/v1/contacts", {
      firstName: "Bad",
      custom: {
        customer_tier: "platinum",
        budget: "lots",
        renewal: "next year",
        website: "javascript:alert(1)",
        interests: ["c"],
        account_manager: "01900000-0000-7000-8000-000000000000",
        employer: "01900000-0000-7000-8000-000000000000",
        shoe_size: 44,
      },
    });
    expect(bad.statusCode).toBe(400);
    expect(
      bad
        .json()
        .errors.map((e: { path: string }) => e.path)
        .sort(),
    ).toEqual([
      "custom.account_manager",
      "custom.budget",
      "custom.customer_tier",
      "custom.employer",
      "custom.interests",
      "custom.renewal",
      "custom.shoe_size",
      "custom.website",
    ]);
  });

  it("enforces required and unique once existing data allows it", async () => {
    const owner = await signUp(t.app);
    const code = (await define(owner, { label: "Code", type: "text" })).json();
    const required = await define(owner, { label: "Mandatory", type: "text", required: true });
    expect(required.statusCode).toBe(400);
    expect(required.json().errors[0].path).toBe("required");

    const a = (
      await owner.caller.post("/api/v1/contacts", { firstName: "A", custom: { code: "X1" } })
    ).json();
    await owner.caller.post("/api/v1/contacts", { firstName: "B", custom: { code: "X1" } });
    const unique = await owner.caller.patch(`/api/v1/fields/contacts/${code.id}`, { unique: true });
    expect(unique.statusCode).toBe(400);
    expect(unique.json().errors[0].path).toBe("unique");
    const mustFill = await owner.caller.patch(`/api/v1/fields/contacts/${code.id}`, { required: true });
    expect(mustFill.statusCode).toBe(200);

    await owner.caller.patch(`/api/v1/contacts/${a.id}`, { custom: { code: "X2" } });
    expect(
      (await owner.caller.patch(`/api/v1/fields/contacts/${code.id}`, { unique: true })).statusCode,
    ).toBe(200);
    const taken = await owner.caller.post("/api/v1/contacts", { firstName: "C", custom: { code: "X2" } });
    expect(taken.statusCode).toBe(400);
    expect(taken.json().errors[0]).toMatchObject({ path: "custom.code" });
    const missing = await owner.caller.post("/api/v1/contacts", { firstName: "D" });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().errors[0].path).toBe("custom.code");
    const cleared = await owner.caller.patch(`/api/v1/contacts/${a.id}`, { custom: { code: null } });
    expect(cleared.statusCode).toBe(400);
  });

  it("renames safely and deletes the field with its values", async () => {
    const owner = await signUp(t.app);
    const field = (await define(owner, { label: "Segment", type: "text" })).json();
    const contact = (
      await owner.caller.post("/api/v1/contacts", { firstName: "S", custom: { segment: "smb" } })
    ).json();
    const renamed = await owner.caller.patch(`/api/v1/fields/contacts/${field.id}`, {
      label: "Market segment",
    });
    expect(renamed.json()).toMatchObject({ label: "Market segment", key: "segment" });
    expect((await owner.caller.get(`/api/v1/contacts/${contact.id}`)).json().custom).toEqual({
      segment: "smb",
    });
    expect((await owner.caller.delete(`/api/v1/fields/contacts/${field.id}`)).statusCode).toBe(204);
    expect((await owner.caller.get(`/api/v1/contacts/${contact.id}`)).json().custom).toEqual({});
    expect((await owner.caller.get("/api/v1/fields/contacts")).json().data).toEqual([]);
    const filter = encodeURIComponent(JSON.stringify({ field: "custom.segment", op: "eq", value: "smb" }));
    expect((await owner.caller.get(`/api/v1/contacts?filter=${filter}`)).statusCode).toBe(400);
  });

  it("refuses bad definitions, and is admin-only to change", async () => {
    const owner = await signUp(t.app);
    const noOptions = await define(owner, { label: "Kind", type: "single_select" });
    expect(noOptions.json().errors[0].path).toBe("options");
    const twice = await define(owner, {
      label: "Kind",
      type: "single_select",
      options: [
        { value: "a", label: "A" },
        { value: "a", label: "B" },
      ],
    });
    expect(twice.json().errors[0].path).toBe("options[1].value");
    await define(owner, { label: "Kind", type: "text" });
    const dup = await define(owner, { label: "Kind", type: "number" });
    expect(dup.statusCode).toBe(400);
    expect((await owner.caller.post("/api/v1/fields/planets", { label: "X", type: "text" })).statusCode).toBe(
      400,
    );
    const member = await addMember(t.app, owner, "sales_rep");
    expect((await member.caller.get("/api/v1/fields/contacts")).statusCode).toBe(200);
    expect((await define(member, { label: "Sneaky", type: "text" })).statusCode).toBe(403);
  });

  it("keeps definitions inside their workspace", async () => {
    const owner = await signUp(t.app);
    const create = async (o: SignedIn) =>
      `/api/v1/fields/contacts/${(await define(o, { label: `F${Date.now()}`, type: "text" })).json().id}`;
    await expectTenantIsolation(t.app, owner, { method: "PATCH", create, body: { label: "Stolen" } });
    await expectTenantIsolation(t.app, owner, { method: "DELETE", create });
  });
});
