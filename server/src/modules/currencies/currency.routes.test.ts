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

async function addRate(owner: SignedIn, currency = "EUR", rate = 1.08) {
  const response = await owner.caller.post("/api/v1/currencies", { currency, rate });
  if (response.statusCode !== 201) throw new Error(`create failed: ${response.statusCode} ${response.body}`);
  return response.json();
}

describe("currencies", () => {
  it("lists the base currency and the rates, and adds, changes and removes a rate", async () => {
    const owner = await signUp(t.app);
    expect((await owner.caller.get("/api/v1/currencies")).json()).toEqual({ base: "USD", data: [] });
    const eur = await addRate(owner, "EUR", 1.0825);
    expect(eur).toMatchObject({ currency: "EUR", rate: 1.0825 });
    await addRate(owner, "JPY", 0.0066666667);
    const listed = (await owner.caller.get("/api/v1/currencies")).json();
    expect(listed.data.map((r: { currency: string; rate: number }) => [r.currency, r.rate])).toEqual([
      ["EUR", 1.0825],
      ["JPY", 0.0066666667],
    ]);
    expect((await owner.caller.get("/api/v1/currencies/eur")).json().rate).toBe(1.0825);

    const changed = await owner.caller.patch("/api/v1/currencies/EUR", { rate: 1.1 });
    expect(changed.statusCode).toBe(200);
    expect(changed.json().rate).toBe(1.1);
    expect((await owner.caller.delete("/api/v1/currencies/EUR")).statusCode).toBe(204);
    expect((await owner.caller.get("/api/v1/currencies/EUR")).statusCode).toBe(404);
    expect((await owner.caller.delete("/api/v1/currencies/EUR")).statusCode).toBe(404);
    expect((await owner.caller.patch("/api/v1/currencies/EUR", { rate: 2 })).statusCode).toBe(404);
  });

  it("refuses a duplicate, the base currency, and bad rates or codes", async () => {
    const owner = await signUp(t.app);
    await addRate(owner);
    const duplicate = await owner.caller.post("/api/v1/currencies", { currency: "EUR", rate: 2 });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json().code).toBe("conflict");
    const base = await owner.caller.post("/api/v1/currencies", { currency: "USD", rate: 1 });
    expect(base.statusCode).toBe(400);
    expect(base.json().errors[0].path).toBe("currency");
    const cases: [object, string][] = [
      [{ currency: "GBP", rate: 0 }, "rate"],
      [{ currency: "GBP", rate: -1 }, "rate"],
      [{ currency: "GBP", rate: 1.12345678901 }, "rate"],
      [{ currency: "pounds", rate: 1 }, "currency"],
    ];
    for (const [body, path] of cases) {
      const response = await owner.caller.post("/api/v1/currencies", body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect(response.json().errors[0].path).toBe(path);
    }
    expect((await owner.caller.get("/api/v1/currencies/EURO")).statusCode).toBe(400);

    // After a change of base currency, the new base is the reference.
    await owner.caller.post("/api/v1/currencies", { currency: "GBP", rate: 1.25 });
    expect((await owner.caller.patch("/api/v1/workspace", { baseCurrency: "GBP" })).statusCode).toBe(200);
    expect((await owner.caller.get("/api/v1/currencies")).json().base).toBe("GBP");
    expect((await owner.caller.post("/api/v1/currencies", { currency: "GBP", rate: 1 })).statusCode).toBe(
      400,
    );
  });

  it("lets every member read but only admins write", async () => {
    const owner = await signUp(t.app);
    await addRate(owner);
    for (const role of ["read_only", "sales_rep"] as const) {
      const user = await addMember(t.app, owner, role);
      expect((await user.caller.get("/api/v1/currencies")).statusCode).toBe(200);
      expect((await user.caller.get("/api/v1/currencies/EUR")).statusCode).toBe(200);
      expect((await user.caller.post("/api/v1/currencies", { currency: "GBP", rate: 1.2 })).statusCode).toBe(
        403,
      );
      expect((await user.caller.patch("/api/v1/currencies/EUR", { rate: 1.2 })).statusCode).toBe(403);
      expect((await user.caller.delete("/api/v1/currencies/EUR")).statusCode).toBe(403);
    }
    const admin = await addMember(t.app, owner, "admin");
    expect((await admin.caller.patch("/api/v1/currencies/EUR", { rate: 1.2 })).statusCode).toBe(200);
  });

  it("keeps rates inside their workspace on every route", async () => {
    const owner = await signUp(t.app);
    const rateOf = (currency: string) => async (o: SignedIn) => {
      await addRate(o, currency, 1.13);
      return `/api/v1/currencies/${currency}`;
    };
    await expectTenantIsolation(t.app, owner, { method: "GET", create: rateOf("CHF") });
    await expectTenantIsolation(t.app, owner, {
      method: "PATCH",
      create: rateOf("SEK"),
      body: { rate: 9 },
      check: "/api/v1/currencies/SEK",
    });
    await expectTenantIsolation(t.app, owner, {
      method: "DELETE",
      create: rateOf("NOK"),
      check: "/api/v1/currencies/NOK",
    });
    const outsider = await signUp(t.app);
    expect((await outsider.caller.get("/api/v1/currencies")).json().data).toEqual([]);
    expect((await owner.caller.get("/api/v1/currencies/SEK")).json().rate).toBe(1.13);
  });
});

describe("changing the base currency", () => {
  it("re-expresses the rates against the new base, and refuses a base without a rate", async () => {
    const t2 = await createTestApp();
    try {
      const owner = await signUp(t2.app);
      await owner.caller.post("/api/v1/currencies", { currency: "EUR", rate: 1.25 });
      await owner.caller.post("/api/v1/currencies", { currency: "GBP", rate: 1.5 });
      const refused = await owner.caller.patch("/api/v1/workspace", { baseCurrency: "JPY" });
      expect(refused.statusCode).toBe(400);
      expect(refused.json().errors[0].path).toBe("baseCurrency");

      const changed = await owner.caller.patch("/api/v1/workspace", { baseCurrency: "EUR" });
      expect(changed.statusCode).toBe(200);
      expect(changed.json().baseCurrency).toBe("EUR");
      const rates = (await owner.caller.get("/api/v1/currencies")).json();
      expect(rates.base).toBe("EUR");
      const byCode = Object.fromEntries(
        rates.data.map((r: { currency: string; rate: number }) => [r.currency, Number(r.rate)]),
      );
      expect(byCode).toEqual({ GBP: 1.2, USD: 0.8 });
    } finally {
      await t2.close();
    }
  });
});
