import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  addMember,
  Caller,
  createApiKey,
  createTestApp,
  expectTenantIsolation,
  queryRows,
  signUp,
  type TestApp,
} from "../../../test/index.ts";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe("API keys", () => {
  it("shows a new key once, stores only its hash, and authenticates with it", async () => {
    const owner = await signUp(t.app, { workspaceName: "Keyed" });
    const created = await owner.caller.post("/api/v1/api-keys", { name: "Zapier", role: "sales_rep" });
    expect(created.statusCode).toBe(201);
    const key = created.json();
    expect(key.key).toMatch(/^rpk_/);
    expect(key).toMatchObject({
      name: "Zapier",
      role: "sales_rep",
      lastUsedAt: null,
      prefix: key.key.slice(0, 10),
    });

    const stored = await queryRows<{ key_hash: string }>(
      t.database,
      "select key_hash from api_keys where id = $1",
      [key.id],
    );
    expect(stored[0]!.key_hash).not.toContain(key.key);

    const listed = (await owner.caller.get("/api/v1/api-keys")).json().data;
    expect(listed).toHaveLength(1);
    expect(listed[0]).not.toHaveProperty("key");

    const bearer = new Caller(t.app, { apiKey: key.key });
    const workspace = await bearer.get("/api/v1/workspace");
    expect(workspace.statusCode).toBe(200);
    expect(workspace.json().name).toBe("Keyed");
    // Bearer writes need no CSRF token.
    const members = await bearer.get("/api/v1/members");
    expect(members.statusCode).toBe(200);
    const used = (await owner.caller.get("/api/v1/api-keys")).json().data[0];
    expect(used.lastUsedAt).not.toBeNull();
  });

  it("stops working the moment it is revoked", async () => {
    const owner = await signUp(t.app);
    const { caller, key } = await createApiKey(owner, "admin");
    expect((await caller.get("/api/v1/workspace")).statusCode).toBe(200);
    expect((await owner.caller.delete(`/api/v1/api-keys/${key.id}`)).statusCode).toBe(204);
    const after = await caller.get("/api/v1/workspace");
    expect(after.statusCode).toBe(401);
    expect(after.json().detail).toContain("revoked");
    expect((await owner.caller.get("/api/v1/api-keys")).json().data).toHaveLength(0);
    expect((await owner.caller.delete(`/api/v1/api-keys/${key.id}`)).statusCode).toBe(404);
  });

  it("acts with its role, never more", async () => {
    const owner = await signUp(t.app);
    const { caller: viewerKey } = await createApiKey(owner, "read_only");
    expect((await viewerKey.get("/api/v1/members")).statusCode).toBe(200);
    const rename = await viewerKey.patch("/api/v1/workspace", { name: "Hacked" });
    expect(rename.statusCode).toBe(403);
    expect((await viewerKey.post("/api/v1/api-keys", { name: "escalate", role: "owner" })).statusCode).toBe(
      403,
    );
    // Keys are not users: no session endpoints.
    expect((await viewerKey.get("/api/v1/auth/session")).statusCode).toBe(403);

    const admin = await addMember(t.app, owner, "admin");
    const tooStrong = await admin.caller.post("/api/v1/api-keys", { name: "owner key", role: "owner" });
    expect(tooStrong.statusCode).toBe(403);
    expect(tooStrong.json().errors[0].path).toBe("role");

    const member = await addMember(t.app, owner, "sales_rep");
    expect(
      (await member.caller.post("/api/v1/api-keys", { name: "mine", role: "sales_rep" })).statusCode,
    ).toBe(403);
  });

  it("answers 401 for a malformed Authorization header and an unknown key", async () => {
    const malformed = await t.app.inject({
      method: "GET",
      url: "/api/v1/workspace",
      headers: { authorization: "Basic abc" },
    });
    expect(malformed.statusCode).toBe(401);
    const unknown = await new Caller(t.app, { apiKey: "rpk_doesnotexist_doesnotexist" }).get(
      "/api/v1/workspace",
    );
    expect(unknown.statusCode).toBe(401);
  });

  it("validates the name", async () => {
    const owner = await signUp(t.app);
    const response = await owner.caller.post("/api/v1/api-keys", { name: "  " });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors[0]).toMatchObject({ path: "name" });
  });

  it("keeps keys inside their workspace", async () => {
    const owner = await signUp(t.app);
    await expectTenantIsolation(t.app, owner, {
      method: "DELETE",
      create: async (o) => `/api/v1/api-keys/${(await createApiKey(o)).key.id}`,
    });
    expect((await owner.caller.get("/api/v1/api-keys")).json().data).toHaveLength(1);
  });
});
