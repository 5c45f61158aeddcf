import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  addMember,
  createApiKey,
  createTestApp,
  expectTenantIsolation,
  queryRows,
  type SignedIn,
  signUp,
  type TestApp,
} from "../../../test/index.ts";
import { newId } from "../../platform/ids.ts";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const hook = { url: "https://hooks.example.com/rapport", events: ["contact.created", "deal.stage_changed"] };

async function createWebhook(owner: SignedIn, body: Record<string, unknown> = hook) {
  const response = await owner.caller.post("/api/v1/webhooks", body);
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

/** A delivery of a contact event to `webhookId`, as the relay writes it. */
async function insertDelivery(owner: SignedIn, webhookId: string) {
  const contact = (await owner.caller.post("/api/v1/contacts", { firstName: "Ada" })).json();
  const [event] = await queryRows<{ id: string; seq: number }>(
    t.database,
    "select id, seq from outbox_events where record_id = $1",
    [contact.id],
  );
  // Time-ordered like the relay's ids: the log lists deliveries newest first by id.
  const id = newId();
  await queryRows(
    t.database,
    `insert into webhook_deliveries (workspace_id, id, webhook_id, event_id, event_seq, event_type, object, record_id, state, attempts)
     values ($1, $2, $3, $4, $5, 'contact.created', 'contact', $6, 'succeeded', 1)`,
    [owner.session.workspace.id, id, webhookId, event!.id, event!.seq, contact.id],
  );
  return id;
}

describe("webhooks API", () => {
  it("creates a webhook with a secret shown once, and lists, edits, rotates and deletes it", async () => {
    const owner = await signUp(t.app);
    const created = await createWebhook(owner, { ...hook, description: "Billing sync" });
    expect(created).toMatchObject({
      ...hook,
      description: "Billing sync",
      enabled: true,
      disabledReason: null,
    });
    expect(created.secret).toMatch(/^whsec_[\w-]{40,}$/);

    const listed = (await owner.caller.get("/api/v1/webhooks")).json().data;
    expect(listed).toHaveLength(1);
    expect(listed[0]).not.toHaveProperty("secret");
    expect((await owner.caller.get(`/api/v1/webhooks/${created.id}`)).json()).not.toHaveProperty("secret");

    const edited = await owner.caller.patch(`/api/v1/webhooks/${created.id}`, {
      events: ["task.completed", "task.completed"],
      enabled: false,
    });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({ events: ["task.completed"], enabled: false, url: hook.url });

    const rotated = await owner.caller.post(`/api/v1/webhooks/${created.id}/rotate-secret`, {});
    expect(rotated.statusCode).toBe(200);
    expect(rotated.json().secret).toMatch(/^whsec_/);
    expect(rotated.json().secret).not.toBe(created.secret);
    const [stored] = await queryRows<{ secret: string }>(
      t.database,
      "select secret from webhooks where id = $1",
      [created.id],
    );
    expect(stored!.secret).toBe(rotated.json().secret);

    expect((await owner.caller.delete(`/api/v1/webhooks/${created.id}`)).statusCode).toBe(204);
    expect((await owner.caller.get(`/api/v1/webhooks/${created.id}`)).statusCode).toBe(404);
  });

  it("names the field of a bad URL or an unknown event type, and writes nothing", async () => {
    const owner = await signUp(t.app);
    const cases: [Record<string, unknown>, string][] = [
      [{ ...hook, url: "not a url" }, "url"],
      [{ ...hook, url: "ftp://example.com/x" }, "url"],
      [{ ...hook, events: ["contact.exploded"] }, "events[0]"],
      [{ ...hook, events: [] }, "events"],
      [{ url: hook.url }, "events"],
    ];
    for (const [body, path] of cases) {
      const response = await owner.caller.post("/api/v1/webhooks", body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect(response.json().errors.map((e: { path: string }) => e.path)).toContain(path);
    }
    const created = await createWebhook(owner);
    const patch = await owner.caller.patch(`/api/v1/webhooks/${created.id}`, { events: ["nope"] });
    expect(patch.statusCode).toBe(400);
    expect(patch.json().errors[0].path).toBe("events[0]");
    expect(patch.json().errors[0].message).toContain("Unknown event type");
    expect((await owner.caller.get("/api/v1/webhooks")).json().data).toHaveLength(1);
    expect((await owner.caller.get(`/api/v1/webhooks/${created.id}`)).json().events).toEqual(hook.events);
  });

  it("checks a filter against the one object its events are about, naming what is wrong", async () => {
    const owner = await signUp(t.app);
    const stage = { field: "lifecycleStage", op: "eq", value: "customer" };
    const created = await createWebhook(owner, { ...hook, events: ["contact.created"], filter: stage });
    expect(created.filter).toEqual(stage);
    const cases: [Record<string, unknown>, string, string][] = [
      [{ ...hook, events: ["contact.created", "deal.created"], filter: stage }, "filter", "one object"],
      [
        { ...hook, events: ["contact.created"], filter: { field: "planet", op: "eq", value: "Mars" } },
        "filter.field",
        "planet",
      ],
      // An event carries its record, not the related ones.
      [
        { ...hook, events: ["contact.created"], filter: { field: "company.industry", op: "eq", value: "x" } },
        "filter.field",
        "company.industry",
      ],
    ];
    for (const [body, path, words] of cases) {
      const response = await owner.caller.post("/api/v1/webhooks", body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      const error = response.json().errors.find((e: { path: string }) => e.path === path);
      expect(error?.message, response.body).toContain(words);
    }
    // Widening the events of a filtered webhook to another object is refused too; removing the filter is not.
    const widened = await owner.caller.patch(`/api/v1/webhooks/${created.id}`, { events: ["deal.created"] });
    expect(widened.statusCode).toBe(400);
    const cleared = await owner.caller.patch(`/api/v1/webhooks/${created.id}`, {
      events: ["deal.created"],
      filter: null,
    });
    expect(cleared.statusCode, cleared.body).toBe(200);
    expect(cleared.json()).toMatchObject({ events: ["deal.created"], filter: null });
  });

  it("lists deliveries newest first with a cursor, and queues a redelivery", async () => {
    const owner = await signUp(t.app);
    const created = await createWebhook(owner);
    const first = await insertDelivery(owner, created.id);
    const second = await insertDelivery(owner, created.id);
    const page = await owner.caller.get(`/api/v1/webhooks/${created.id}/deliveries?limit=1`);
    expect(page.statusCode, page.body).toBe(200);
    expect(page.json().data.map((d: { id: string }) => d.id)).toEqual([second]);
    const next = await owner.caller.get(
      `/api/v1/webhooks/${created.id}/deliveries?limit=1&cursor=${page.json().nextCursor}`,
    );
    expect(next.json()).toMatchObject({ data: [{ id: first, state: "succeeded" }], nextCursor: null });

    const redelivered = await owner.caller.post(
      `/api/v1/webhooks/${created.id}/deliveries/${first}/redeliver`,
      {},
    );
    expect(redelivered.statusCode, redelivered.body).toBe(202);
    expect(redelivered.json()).toMatchObject({ id: first, state: "pending", attempts: 0 });
    const jobs = await queryRows(
      t.database,
      "select data from pgboss.job where name = 'webhooks.deliver' and data->>'webhookId' = $1",
      [created.id],
    );
    expect(jobs).toHaveLength(1);
  });

  it("is for admins: members and member keys get 403 on every route", async () => {
    const owner = await signUp(t.app);
    const created = await createWebhook(owner);
    const delivery = await insertDelivery(owner, created.id);
    const member = await addMember(t.app, owner, "sales_rep");
    const { caller: memberKey } = await createApiKey(owner, "sales_rep");
    const admin = await addMember(t.app, owner, "admin");
    const base = `/api/v1/webhooks/${created.id}`;
    const routes: [string, string, unknown?][] = [
      ["GET", "/api/v1/webhooks"],
      ["POST", "/api/v1/webhooks", hook],
      ["GET", base],
      ["PATCH", base, { enabled: false }],
      ["POST", `${base}/rotate-secret`, {}],
      ["GET", `${base}/deliveries`],
      ["POST", `${base}/deliveries/${delivery}/redeliver`, {}],
      ["DELETE", base],
    ];
    for (const [method, url, body] of routes) {
      for (const caller of [member.caller, memberKey]) {
        const response = await caller.request(method as "GET", url, body);
        expect(response.statusCode, `${method} ${url}`).toBe(403);
      }
    }
    for (const [method, url, body] of routes) {
      const response = await admin.caller.request(method as "GET", url, body);
      expect(response.statusCode, `${method} ${url} as admin: ${response.body}`).toBeLessThan(300);
    }
  });

  it("keeps webhooks and their deliveries inside their workspace", async () => {
    const owner = await signUp(t.app);
    const made = async (o: SignedIn) => (await createWebhook(o)).id as string;
    const withDelivery = async (o: SignedIn) => {
      const id = await made(o);
      return `/api/v1/webhooks/${id}/deliveries/${await insertDelivery(o, id)}/redeliver`;
    };
    const routes = [
      { method: "GET" as const, create: async (o: SignedIn) => `/api/v1/webhooks/${await made(o)}` },
      {
        method: "PATCH" as const,
        create: async (o: SignedIn) => `/api/v1/webhooks/${await made(o)}`,
        body: { enabled: false },
      },
      { method: "DELETE" as const, create: async (o: SignedIn) => `/api/v1/webhooks/${await made(o)}` },
      {
        method: "POST" as const,
        create: async (o: SignedIn) => `/api/v1/webhooks/${await made(o)}/rotate-secret`,
      },
      {
        method: "GET" as const,
        create: async (o: SignedIn) => `/api/v1/webhooks/${await made(o)}/deliveries`,
      },
      { method: "POST" as const, create: withDelivery },
    ];
    for (const route of routes) await expectTenantIsolation(t.app, owner, route);
    const outsider = await signUp(t.app);
    expect((await outsider.caller.get("/api/v1/webhooks")).json().data).toHaveLength(0);
  });
});
