import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createTestApp, queryRows, type SignedIn, signUp, type TestApp } from "../../../test/index.ts";
import type { ChannelHandlers, Database, Db } from "./client.ts";
import { cachedDefinitions, cacheWorkspaceDefinitions, definitionsChanged } from "./workspace-cache.ts";

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

describe("a change made by this process", () => {
  // The database's part played by hand: committed definitions, and notifications delivered when
  // the test says so (PostgreSQL delivers them some time after the commit).
  let committed = "v1";
  const handlers: ChannelHandlers[] = [];
  const database = {
    listen: async (_channel: string, h: ChannelHandlers) => {
      handlers.push(h);
      return async () => {};
    },
  } as unknown as Database;
  const tx = { execute: async () => undefined } as unknown as Db;
  const load = vi.fn(async () => committed);
  const read = cachedDefinitions("probe", load);
  const workspace = "00000000-0000-4000-8000-00000000cafe";

  it("is seen by the process's next read even before its notification arrives", async () => {
    const stop = await cacheWorkspaceDefinitions(database);
    try {
      expect(await read(tx, workspace)).toBe("v1");
      expect(await read(tx, workspace)).toBe("v1");
      expect(load).toHaveBeenCalledTimes(1);
      // The change, inside its transaction: a read meanwhile sees the committed definitions.
      await definitionsChanged(tx, workspace);
      expect(await read(tx, workspace)).toBe("v1");
      // Committed; the notification is still on its way: the next read sees the change.
      committed = "v2";
      expect(await read(tx, workspace)).toBe("v2");
      // Once it arrives, reads are cached again.
      for (const h of handlers) h.message(workspace);
      const calls = load.mock.calls.length;
      expect(await read(tx, workspace)).toBe("v2");
      expect(await read(tx, workspace)).toBe("v2");
      expect(load).toHaveBeenCalledTimes(calls + 1);
    } finally {
      await stop();
    }
  });
});
