import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, queryRows, type SignedIn, signUp, type TestApp } from "../../../test/index.ts";
import { purgeExpiredTrash, sweepTrashJob } from "./purge-expired-trash.ts";

const TABLES = {
  contacts: "contact",
  companies: "company",
  deals: "deal",
  activities: "activity",
  tasks: "task",
};

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

async function create(owner: SignedIn, path: string, body: object): Promise<string> {
  const response = await owner.caller.post(`/api/v1/${path}`, body);
  if (response.statusCode !== 201) throw new Error(`${path}: ${response.statusCode} ${response.body}`);
  return response.json().id;
}

async function trash(owner: SignedIn, path: string, id: string, daysAgo: number, app = t) {
  expect((await owner.caller.delete(`/api/v1/${path}/${id}`)).statusCode).toBe(204);
  await queryRows(
    app.database,
    `update ${path} set deleted_at = now() - make_interval(days => $1) where id = $2`,
    [daysAgo, id],
  );
}

/** One trashed record of each kind 31 days ago, a contact trashed 29 days ago, and a live contact linked from the old activity. */
async function seedTrash(owner: SignedIn, app = t) {
  const old = {
    contacts: await create(owner, "contacts", { firstName: "Old" }),
    companies: await create(owner, "companies", { name: "Old Co" }),
    deals: await create(owner, "deals", { name: "Old deal", amount: 1 }),
    tasks: await create(owner, "tasks", { title: "Old task" }),
    activities: "",
  };
  const live = await create(owner, "contacts", { firstName: "Live" });
  old.activities = await create(owner, "activities", {
    type: "note",
    body: "<p>Old note</p>",
    links: [
      { type: "contact", id: live },
      { type: "contact", id: old.contacts },
    ],
  });
  const recent = await create(owner, "contacts", { firstName: "Recent" });
  for (const [path, id] of Object.entries(old)) await trash(owner, path, id, 31, app);
  await trash(owner, "contacts", recent, 29, app);
  return { old, recent, live };
}

const exists = async (app: TestApp, table: string, id: string) =>
  (await queryRows(app.database, `select 1 from ${table} where id = $1`, [id])).length === 1;

describe("expired trash purge", () => {
  it("purges records trashed over 30 days ago through the purge path, and keeps newer ones", async () => {
    const owner = await signUp(t.app);
    const { old, recent, live } = await seedTrash(owner);
    const other = await signUp(t.app, { workspaceName: "Untouched" });
    const othersOld = await create(other, "contacts", { firstName: "Other's" });
    await trash(other, "contacts", othersOld, 40);

    expect(await purgeExpiredTrash(t.database.db, owner.session.workspace.id)).toEqual({
      purged: 5,
      more: false,
    });

    for (const [table, id] of Object.entries(old)) expect(await exists(t, table, id), table).toBe(false);
    expect(await exists(t, "contacts", recent)).toBe(true);
    expect(await exists(t, "contacts", live)).toBe(true);
    expect(await exists(t, "contacts", othersOld)).toBe(true);
    expect(
      await queryRows(t.database, "select 1 from record_links where source_id = $1", [old.activities]),
    ).toEqual([]);
    // The same events as an admin's purge, by no user or key: Rapport itself.
    const events = await queryRows<{
      type: string;
      actor_user_id: string | null;
      actor_api_key_id: string | null;
    }>(
      t.database,
      "select type, actor_user_id, actor_api_key_id from outbox_events where type like '%.purged' and workspace_id = $1 order by type",
      [owner.session.workspace.id],
    );
    expect(events.map((e) => e.type)).toEqual(
      Object.values(TABLES)
        .map((o) => `${o}.purged`)
        .sort(),
    );
    expect(events.every((e) => e.actor_user_id === null && e.actor_api_key_id === null)).toBe(true);
    expect(await purgeExpiredTrash(t.database.db, owner.session.workspace.id)).toEqual({
      purged: 0,
      more: false,
    });
  });

  it("works in bounded batches", async () => {
    const owner = await signUp(t.app);
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push(await create(owner, "contacts", { firstName: `Batch ${i}` }));
    for (const id of ids) await trash(owner, "contacts", id, 60);
    const ws = owner.session.workspace.id;
    expect(await purgeExpiredTrash(t.database.db, ws, { limit: 2 })).toEqual({ purged: 2, more: true });
    expect(await purgeExpiredTrash(t.database.db, ws, { limit: 2 })).toEqual({ purged: 1, more: false });
  });

  it("runs daily through the real queue: the sweep enqueues one purge per workspace", async () => {
    const app = await createTestApp({ workers: true });
    try {
      const owner = await signUp(app.app);
      const { old, recent } = await seedTrash(owner, app);
      expect(await app.jobs.enqueue(sweepTrashJob, {})).toBeTruthy();
      const deadline = Date.now() + 15_000;
      const remaining = async () => {
        for (const [table, id] of Object.entries(old)) if (await exists(app, table, id)) return true;
        return false;
      };
      while ((await remaining()) && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 50));
      }
      for (const [table, id] of Object.entries(old)) expect(await exists(app, table, id), table).toBe(false);
      expect(await exists(app, "contacts", recent)).toBe(true);
      const jobs = await queryRows<{ name: string; state: string; data: { workspaceId?: string } }>(
        app.database,
        "select name, state, data from pgboss.job where name like 'trash.%' order by created_on",
      );
      // The worker's start ran a sweep too (before any trash existed, or collapsed with this one).
      const sweeps = jobs.filter((j) => j.name === "trash.sweep");
      expect(sweeps.length).toBeGreaterThanOrEqual(1);
      expect(sweeps.every((j) => j.state === "completed" && Object.keys(j.data).length === 0)).toBe(true);
      expect(jobs.filter((j) => j.name === "trash.purge")).toEqual([
        {
          name: "trash.purge",
          state: expect.stringMatching(/active|completed/),
          data: { workspaceId: owner.session.workspace.id },
        },
      ]);
    } finally {
      await app.close();
    }
  });
});
