import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, queryRows, type SignedIn, signUp, type TestApp } from "../../../test/index.ts";

let t: TestApp;
let owner: SignedIn;
beforeAll(async () => {
  t = await createTestApp();
  owner = await signUp(t.app);
});
afterAll(() => t.close());

const filterOn = (field: string) =>
  owner.caller.get(
    `/api/v1/contacts?filter=${encodeURIComponent(JSON.stringify({ field, op: "isNotEmpty" }))}`,
  );

async function eventually(check: () => Promise<boolean>) {
  for (let i = 0; i < 100; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error("the condition never held");
}

describe("custom field definitions cached for lists", () => {
  it("follows changes made through the API at once", async () => {
    expect((await filterOn("custom.tier")).statusCode).toBe(400);
    const field = await owner.caller.post("/api/v1/fields/contacts", { label: "Tier", type: "text" });
    expect((await filterOn("custom.tier")).statusCode).toBe(200);
    await owner.caller.delete(`/api/v1/fields/contacts/${field.json().id}`);
    expect((await filterOn("custom.tier")).statusCode).toBe(400);
  });

  it("is told by NOTIFY when another process changes the definitions", async () => {
    const workspaceId = owner.session.workspace.id;
    expect((await filterOn("custom.region")).statusCode).toBe(400);
    // Another process writes a definition: until it notifies, this one keeps what it cached.
    await queryRows(
      t.database,
      "insert into custom_fields (workspace_id, id, object, key, label, type) values ($1, gen_random_uuid(), 'contacts', 'region', 'Region', 'text')",
      [workspaceId],
    );
    expect((await filterOn("custom.region")).statusCode).toBe(400);
    await queryRows(t.database, "select pg_notify('rapport_workspace_changed', $1)", [workspaceId]);
    await eventually(async () => (await filterOn("custom.region")).statusCode === 200);
  });

  it("validates writes against the database, never the cache", async () => {
    const workspaceId = owner.session.workspace.id;
    await owner.caller.get("/api/v1/contacts");
    await queryRows(
      t.database,
      "insert into custom_fields (workspace_id, id, object, key, label, type) values ($1, gen_random_uuid(), 'contacts', 'score', 'Score', 'number')",
      [workspaceId],
    );
    const created = await owner.caller.post("/api/v1/contacts", {
      lastName: "Scored",
      custom: { score: "high" },
    });
    expect(created.statusCode).toBe(400);
    expect(created.json().errors[0].path).toBe("custom.score");
  });
});
