import { createHmac, timingSafeEqual } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createTestApp,
  queryRows,
  Receiver,
  type SignedIn,
  signUp,
  type TestApp,
  until,
} from "../../../test/index.ts";
import { appBackground } from "../../jobs.ts";

// What a receiver does, written here from the documented format rather than with Rapport's code.
function verify(secret: string, header: string, body: string, toleranceSeconds = 300): boolean {
  const parts = Object.fromEntries(header.split(",").map((p) => p.split("=") as [string, string]));
  const t = Number(parts.t);
  if (!Number.isInteger(t) || Math.abs(Date.now() / 1000 - t) > toleranceSeconds) return false;
  const expected = createHmac("sha256", secret).update(`${t}.${body}`).digest();
  const given = Buffer.from(parts.v1 ?? "", "hex");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

let t: TestApp;
const receiver = new Receiver();
beforeAll(async () => {
  await receiver.start();
  // Quick retries: 0.3 s, then doubling, six attempts in all (about 9 s).
  t = await createTestApp({ workers: true }, (config) =>
    appBackground(config, { webhookRetry: { firstDelaySeconds: 0.3, attempts: 6 } }),
  );
});
afterAll(async () => {
  await t.close();
  await receiver.stop();
});

async function subscribe(owner: SignedIn, url: string, events: string[], filter: unknown = null) {
  const response = await owner.caller.post("/api/v1/webhooks", { url, events, filter });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: string; secret: string };
}

const forWorkspace = (owner: SignedIn) =>
  receiver.received.filter((r) => r.body.includes(owner.session.workspace.id));

describe("webhook deliveries", () => {
  it("sends only the events whose record matches the webhook's filter", async () => {
    const owner = await signUp(t.app);
    await subscribe(owner, receiver.url, ["contact.created", "contact.updated"], {
      field: "lifecycleStage",
      op: "eq",
      value: "customer",
    });
    const lead = (
      await owner.caller.post("/api/v1/contacts", { firstName: "Lena", lifecycleStage: "lead" })
    ).json();
    const customer = (
      await owner.caller.post("/api/v1/contacts", { firstName: "Cara", lifecycleStage: "customer" })
    ).json();
    // The lead becoming a customer matches from then on.
    await owner.caller.patch(`/api/v1/contacts/${lead.id}`, { lifecycleStage: "customer" });
    await until(() => forWorkspace(owner).length >= 2, 10_000, "two deliveries");
    await new Promise((r) => setTimeout(r, 500));
    expect(forWorkspace(owner).map((r) => [r.event.type, r.event.recordId])).toEqual([
      ["contact.created", customer.id],
      ["contact.updated", lead.id],
    ]);
  });

  it("POSTs each subscribed event once, signed, with its event id, and logs the delivery", async () => {
    const owner = await signUp(t.app);
    const webhook = await subscribe(owner, receiver.url, ["contact.created", "contact.updated"]);
    const contact = (await owner.caller.post("/api/v1/contacts", { firstName: "Ada" })).json();
    await owner.caller.patch(`/api/v1/contacts/${contact.id}`, { jobTitle: "Analyst" });
    // Not subscribed: no delivery.
    await owner.caller.post("/api/v1/companies", { name: "Analytical Engines" });
    await until(() => forWorkspace(owner).length >= 2, 10_000, "two deliveries");

    const got = forWorkspace(owner);
    expect(got.map((r) => r.event.type)).toEqual(["contact.created", "contact.updated"]);
    const events = await queryRows<{ id: string; type: string }>(
      t.database,
      "select id, type from outbox_events where record_id = $1 order by seq",
      [contact.id],
    );
    expect(got.map((r) => r.eventId)).toEqual(events.map((e) => e.id));
    for (const r of got) {
      expect(r.event.id).toBe(r.eventId);
      expect(r.signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
      expect(verify(webhook.secret, r.signature, r.body)).toBe(true);
      expect(verify("whsec_wrong", r.signature, r.body)).toBe(false);
      expect(verify(webhook.secret, r.signature, r.body.replace("Ada", "Eve"))).toBe(false);
    }
    expect(got[0]!.event).toMatchObject({
      recordId: contact.id,
      object: "contact",
      data: { contact: { firstName: "Ada" } },
    });

    const log = await until(
      async () => {
        const page = (await owner.caller.get(`/api/v1/webhooks/${webhook.id}/deliveries`)).json();
        return page.data.every((d: { state: string }) => d.state === "succeeded");
      },
      5_000,
      "the log to show both delivered",
    ).then(async () => (await owner.caller.get(`/api/v1/webhooks/${webhook.id}/deliveries`)).json().data);
    expect(log).toHaveLength(2);
    expect(log[0]).toMatchObject({
      eventType: "contact.updated",
      state: "succeeded",
      attempts: 1,
      responseStatus: 200,
      responseSnippet: "answered 200",
      error: null,
    });
    expect(log[0].latencyMs).toBeGreaterThanOrEqual(0);

    // A redelivery sends the same event again, with the same id, for the receiver to recognise.
    const redeliver = await owner.caller.post(
      `/api/v1/webhooks/${webhook.id}/deliveries/${log[1].id}/redeliver`,
      {},
    );
    expect(redeliver.statusCode).toBe(202);
    await until(() => forWorkspace(owner).length === 3, 10_000, "the redelivery");
    expect(forWorkspace(owner)[2]!.eventId).toBe(events[0]!.id);
  });

  it("receiver stopped for a while: deliveries resume and arrive in order per record", async () => {
    const owner = await signUp(t.app);
    await subscribe(owner, receiver.url, ["contact.created", "contact.updated"]);
    await receiver.stop();
    const ids: string[] = [];
    for (const name of ["Ada", "Alan", "Grace"]) {
      ids.push((await owner.caller.post("/api/v1/contacts", { firstName: name })).json().id);
    }
    for (let round = 1; round <= 3; round++) {
      for (const id of ids)
        await owner.caller.patch(`/api/v1/contacts/${id}`, { jobTitle: `Title ${round}` });
    }
    // Let the first attempts fail and their retries be scheduled.
    await until(
      async () =>
        (
          await queryRows(
            t.database,
            "select 1 from webhook_deliveries where workspace_id = $1 and attempts > 0 and state = 'pending'",
            [owner.session.workspace.id],
          )
        ).length >= 3,
      10_000,
      "failed first attempts",
    );
    expect(forWorkspace(owner)).toHaveLength(0);
    await receiver.start();
    await until(() => forWorkspace(owner).length >= 12, 20_000, "all 12 events after the receiver came back");

    const got = forWorkspace(owner);
    expect(new Set(got.map((r) => r.eventId)).size).toBe(12);
    for (const id of ids) {
      const expected = await queryRows<{ id: string }>(
        t.database,
        "select id from outbox_events where record_id = $1 order by seq",
        [id],
      );
      expect(got.filter((r) => r.event.recordId === id).map((r) => r.eventId)).toEqual(
        expected.map((e) => e.id),
      );
    }
    const [retried] = await queryRows<{ n: number }>(
      t.database,
      "select count(*)::int as n from webhook_deliveries where workspace_id = $1 and attempts > 1",
      [owner.session.workspace.id],
    );
    expect(retried!.n).toBeGreaterThan(0);
  });
});

describe("webhooks without RAPPORT_ALLOW_PRIVATE_WEBHOOKS", () => {
  let guarded: TestApp;
  beforeAll(async () => {
    guarded = await createTestApp({ workers: true, allowPrivateWebhooks: false }, (config) =>
      appBackground(config, { webhookRetry: { firstDelaySeconds: 0.2, attempts: 2 } }),
    );
  });
  afterAll(() => guarded.close());

  it("refuses local addresses, and disables the webhook with a notice after repeated failure", async () => {
    const owner = await signUp(guarded.app);
    const before = receiver.received.length;
    const byName = await subscribe(owner, receiver.url.replace("127.0.0.1", "localhost"), [
      "contact.created",
    ]);
    await owner.caller.post("/api/v1/contacts", { firstName: "Mallory" });
    const disabled = await until(
      async () => {
        const hook = (await owner.caller.get(`/api/v1/webhooks/${byName.id}`)).json();
        return hook.enabled === false;
      },
      15_000,
      "the webhook to be disabled",
    ).then(async () => (await owner.caller.get(`/api/v1/webhooks/${byName.id}`)).json());
    expect(disabled.disabledReason).toContain("Disabled after 2 failed attempts");
    expect(disabled.disabledReason).toContain("private or local address");
    expect(disabled.disabledAt).not.toBeNull();
    const [delivery] = (await owner.caller.get(`/api/v1/webhooks/${byName.id}/deliveries`)).json().data;
    expect(delivery).toMatchObject({ state: "failed", attempts: 2, responseStatus: null });
    expect(delivery.error).toContain("RAPPORT_ALLOW_PRIVATE_WEBHOOKS");
    expect(receiver.received.length).toBe(before);

    // Enabling it again clears the notice.
    const enabled = await owner.caller.patch(`/api/v1/webhooks/${byName.id}`, { enabled: true });
    expect(enabled.json()).toMatchObject({ enabled: true, disabledReason: null, disabledAt: null });
  });
});
