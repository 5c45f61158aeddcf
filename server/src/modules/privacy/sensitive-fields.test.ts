import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, queryRows, type SignedIn, signUp, type TestApp } from "../../../test/index.ts";
import { configureFieldKeys, FieldKeys } from "../../platform/crypto/field-keys.ts";
import { rotateKeys, sealTotpSecrets } from "../../platform/crypto/rotate-keys.ts";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const SSN = "123-45-6789";
const OTHER = "987-65-4321";

async function post(owner: SignedIn, url: string, body: object) {
  const response = await owner.caller.post(url, body);
  if (response.statusCode >= 300) throw new Error(`${url}: ${response.statusCode} ${response.body}`);
  return response.json();
}

/** Rows anywhere in the workspace's CRM tables whose text holds `text`. */
async function plaintextRows(workspaceId: string, text: string) {
  const found: Record<string, number> = {};
  for (const table of ["contacts", "field_history", "outbox_events", "audit_log"]) {
    const [row] = await queryRows<{ n: number }>(
      t.database,
      `select count(*)::int as n from ${table} x where x.workspace_id = $1 and x::text like $2`,
      [workspaceId, `%${text}%`],
    );
    if (row!.n > 0) found[table] = row!.n;
  }
  return found;
}

async function seed() {
  const owner = await signUp(t.app);
  const field = await post(owner, "/api/v1/fields/contacts", { label: "SSN", type: "text", sensitive: true });
  expect(field).toMatchObject({ key: "ssn", sensitive: true });
  await post(owner, "/api/v1/fields/contacts", { label: "Salary", type: "number", sensitive: true });
  const ada = await post(owner, "/api/v1/contacts", {
    firstName: "Ada",
    custom: { ssn: SSN, salary: 90000 },
  });
  const bob = await post(owner, "/api/v1/contacts", { firstName: "Bob", custom: { ssn: OTHER } });
  return { owner, ada, bob };
}

const filterUrl = (filter: object, extra = "") =>
  `/api/v1/contacts?filter=${encodeURIComponent(JSON.stringify(filter))}${extra}`;

describe("sensitive custom fields", () => {
  it("are stored encrypted everywhere and read back in the clear", async () => {
    const { owner, ada } = await seed();
    expect(ada.custom).toEqual({ ssn: SSN, salary: 90000 });
    expect((await owner.caller.get(`/api/v1/contacts/${ada.id}`)).json().custom).toEqual({
      ssn: SSN,
      salary: 90000,
    });
    await owner.caller.patch(`/api/v1/contacts/${ada.id}`, { custom: { ssn: OTHER } });
    await owner.caller.patch(`/api/v1/contacts/${ada.id}`, { custom: { ssn: SSN } });

    const ws = owner.session.workspace.id;
    expect(await plaintextRows(ws, SSN)).toEqual({});
    expect(await plaintextRows(ws, OTHER)).toEqual({});
    expect(await plaintextRows(ws, "90000")).toEqual({});
    const [stored] = await queryRows<{ ssn: { $enc: string; $mac: string } }>(
      t.database,
      "select custom -> 'ssn' as ssn from contacts where workspace_id = $1 and id = $2",
      [ws, ada.id],
    );
    expect(stored!.ssn.$enc).toMatch(/^enc:v1:[0-9a-f]{12}:/);

    const history = (await owner.caller.get(`/api/v1/contacts/${ada.id}/history`)).json().data;
    const ssnChanges = history
      .filter((h: { field: string }) => h.field === "custom")
      .map((h: { newValue: { ssn?: string } }) => h.newValue?.ssn);
    expect(ssnChanges).toEqual([SSN, OTHER, SSN]);
  });

  it("saving the same value records no change", async () => {
    const { owner, ada } = await seed();
    const same = await owner.caller.patch(`/api/v1/contacts/${ada.id}`, { custom: { ssn: SSN } });
    expect(same.statusCode).toBe(200);
    const history = (await owner.caller.get(`/api/v1/contacts/${ada.id}/history`)).json().data;
    expect(history.filter((h: { field: string }) => h.field === "custom")).toHaveLength(1);
  });

  it("filters by exact match only; other operators and sorting are 400s naming the field", async () => {
    const { owner, ada } = await seed();
    const found = await owner.caller.get(filterUrl({ field: "custom.ssn", op: "eq", value: SSN }));
    expect(found.json().data.map((c: { id: string }) => c.id)).toEqual([ada.id]);
    const salary = await owner.caller.get(filterUrl({ field: "custom.salary", op: "eq", value: 90000 }));
    expect(salary.json().data.map((c: { id: string }) => c.id)).toEqual([ada.id]);
    const none = await owner.caller.get(filterUrl({ field: "custom.ssn", op: "eq", value: "000" }));
    expect(none.json().data).toEqual([]);

    const contains = await owner.caller.get(filterUrl({ field: "custom.ssn", op: "contains", value: "123" }));
    expect(contains.statusCode).toBe(400);
    expect(contains.json().detail).toContain("custom.ssn");
    const gt = await owner.caller.post("/api/v1/contacts/query", {
      filter: { field: "custom.salary", op: "gt", value: 1 },
    });
    expect(gt.statusCode).toBe(400);
    expect(gt.json().detail).toContain("custom.salary");
    const sorted = await owner.caller.get("/api/v1/contacts?sort=custom.ssn");
    expect(sorted.statusCode).toBe(400);
    expect(sorted.json().errors[0].path).toBe("sort");
  });

  it("exports in the clear, to those allowed to export", async () => {
    const { owner, ada } = await seed();
    const csv = await owner.caller.get("/api/v1/contacts/export?fields=firstName,custom.ssn&sort=firstName");
    expect(csv.body).toContain(`Ada,${SSN}`);
    const json = await owner.caller.get("/api/v1/contacts/export?format=json");
    expect(json.json().find((c: { id: string }) => c.id === ada.id).custom.ssn).toBe(SSN);
  });

  it("a field made sensitive later has its existing values sealed, history and events included", async () => {
    const owner = await signUp(t.app);
    const field = await post(owner, "/api/v1/fields/contacts", { label: "Passport", type: "text" });
    const ada = await post(owner, "/api/v1/contacts", { firstName: "Ada", custom: { passport: "P-111" } });
    await owner.caller.patch(`/api/v1/contacts/${ada.id}`, { custom: { passport: "P-222" } });
    const ws = owner.session.workspace.id;
    expect(await plaintextRows(ws, "P-111")).toMatchObject({ field_history: 2, outbox_events: 1 });

    const undo = await owner.caller.patch(`/api/v1/fields/contacts/${field.id}`, { sensitive: false });
    expect(undo.statusCode).toBe(400);
    const made = await owner.caller.patch(`/api/v1/fields/contacts/${field.id}`, { sensitive: true });
    expect(made.statusCode, made.body).toBe(200);
    expect(made.json().sensitive).toBe(true);
    expect(await plaintextRows(ws, "P-111")).toEqual({});
    expect(await plaintextRows(ws, "P-222")).toEqual({});
    expect((await owner.caller.get(`/api/v1/contacts/${ada.id}`)).json().custom).toEqual({
      passport: "P-222",
    });
    const found = await owner.caller.get(filterUrl({ field: "custom.passport", op: "eq", value: "P-222" }));
    expect(found.json().data.map((c: { id: string }) => c.id)).toEqual([ada.id]);
    const history = (await owner.caller.get(`/api/v1/contacts/${ada.id}/history`)).json().data;
    expect(
      history
        .filter((h: { field: string }) => h.field === "custom")
        .map((h: { newValue: { passport: string } }) => h.newValue.passport),
    ).toEqual(["P-222", "P-111"]);
  });

  it("refuses sensitive fields that are unique or of a type that cannot be", async () => {
    const owner = await signUp(t.app);
    const unique = await owner.caller.post("/api/v1/fields/contacts", {
      label: "Passport",
      type: "text",
      sensitive: true,
      unique: true,
    });
    expect(unique.statusCode).toBe(400);
    expect(unique.json().errors[0].path).toBe("unique");
    const select = await owner.caller.post("/api/v1/fields/contacts", {
      label: "Flag",
      type: "boolean",
      sensitive: true,
    });
    expect(select.statusCode).toBe(400);
    expect(select.json().errors[0].path).toBe("sensitive");
  });
});

describe("TOTP secrets", () => {
  it("are stored sealed, and ones stored in plain text before are sealed by the start-up pass", async () => {
    const owner = await signUp(t.app);
    const started = await owner.caller.post("/api/v1/auth/two-factor/enrol");
    const { secret } = started.json();
    const [row] = await queryRows<{ totp_secret: string }>(
      t.database,
      "select totp_secret from users where id = $1",
      [owner.session.user.id],
    );
    expect(row!.totp_secret.startsWith("enc:v1:")).toBe(true);
    expect(row!.totp_secret).not.toContain(secret);

    await queryRows(t.database, "update users set totp_secret = $1 where id = $2", [
      secret,
      owner.session.user.id,
    ]);
    expect(await sealTotpSecrets(t.database.db)).toBeGreaterThanOrEqual(1);
    const [after] = await queryRows<{ totp_secret: string }>(
      t.database,
      "select totp_secret from users where id = $1",
      [owner.session.user.id],
    );
    expect(after!.totp_secret.startsWith("enc:v1:")).toBe(true);
    expect(new FieldKeys(t.config.secret).open(after!.totp_secret)).toBe(secret);
  });
});

describe("key rotation", () => {
  it("re-encrypts every sealed value under the new secret, and values stay readable and filterable", async () => {
    const { owner, ada } = await seed();
    const ws = owner.session.workspace.id;
    await owner.caller.post("/api/v1/auth/two-factor/enrol");
    const oldKid = new FieldKeys(t.config.secret).current.id;
    const newSecret = "n".repeat(40);
    const newKid = new FieldKeys(newSecret).current.id;
    try {
      // Mid-rotation: the new secret with the old one as previous reads both.
      configureFieldKeys(newSecret, t.config.secret);
      expect((await owner.caller.get(`/api/v1/contacts/${ada.id}`)).json().custom.ssn).toBe(SSN);
      const report = await rotateKeys(t.database.db);
      expect(report.values["contacts.custom"]).toBeGreaterThanOrEqual(2);
      expect(report.totpSecrets).toBeGreaterThanOrEqual(1);
      const [left] = await queryRows<{ n: number }>(
        t.database,
        `select (select count(*) from contacts where custom::text like $1)
              + (select count(*) from field_history where coalesce(old_value::text, '') || coalesce(new_value::text, '') like $1)
              + (select count(*) from outbox_events where payload::text like $1)
              + (select count(*) from users where totp_secret like $1) as n`,
        [`%enc:v1:${oldKid}:%`],
      );
      expect(Number(left!.n)).toBe(0);
      expect(await plaintextRows(ws, SSN)).toEqual({});

      // The previous secret can go: everything opens, and exact match uses the new hashes.
      configureFieldKeys(newSecret);
      const read = (await owner.caller.get(`/api/v1/contacts/${ada.id}`)).json();
      expect(read.custom).toEqual({ ssn: SSN, salary: 90000 });
      const found = await owner.caller.get(filterUrl({ field: "custom.ssn", op: "eq", value: SSN }));
      expect(found.json().data.map((c: { id: string }) => c.id)).toEqual([ada.id]);
      const history = await owner.caller.get(`/api/v1/contacts/${ada.id}/history`);
      expect(history.statusCode).toBe(200);
      const [stored] = await queryRows<{ enc: string }>(
        t.database,
        "select custom -> 'ssn' ->> '$enc' as enc from contacts where id = $1",
        [ada.id],
      );
      expect(stored!.enc.startsWith(`enc:v1:${newKid}:`)).toBe(true);
    } finally {
      configureFieldKeys(t.config.secret);
    }
  });
});
