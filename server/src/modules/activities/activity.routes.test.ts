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
import { createLinkTargets } from "./link-targets.fixtures.ts";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const note = { type: "note", subject: "First chat", body: "<p>Wants a <b>demo</b></p>", tags: ["lead"] };

async function createActivity(owner: SignedIn, body: object = note) {
  const response = await owner.caller.post("/api/v1/activities", body);
  if (response.statusCode !== 201) throw new Error(`create failed: ${response.statusCode} ${response.body}`);
  return response.json();
}

const pathsOf = (response: { json(): { errors?: { path: string }[] } }) =>
  (response.json().errors ?? []).map((e) => e.path);

describe("activities: each type with its own fields", () => {
  it("logs a note owned by the creator, dated now", async () => {
    const owner = await signUp(t.app);
    const before = Date.now();
    const response = await owner.caller.post("/api/v1/activities", note);
    expect(response.statusCode).toBe(201);
    const activity = response.json();
    expect(activity).toMatchObject({
      type: "note",
      subject: "First chat",
      body: "<p>Wants a <b>demo</b></p>",
      ownerId: owner.session.user.id,
      createdBy: owner.session.user.id,
      tags: ["lead"],
      links: [],
      attendees: [],
      email: null,
      direction: null,
      version: 1,
    });
    expect(Date.parse(activity.occurredAt)).toBeGreaterThanOrEqual(before - 1000);
    expect(response.headers.etag).toBe('"1"');
    const read = await owner.caller.get(`/api/v1/activities/${activity.id}`);
    expect(read.json()).toEqual(activity);
    expect(read.headers.etag).toBe('"1"');
  });

  it("refuses a note without text", async () => {
    const owner = await signUp(t.app);
    expect(pathsOf(await owner.caller.post("/api/v1/activities", { type: "note" }))).toEqual(["body"]);
    const onlyScript = await owner.caller.post("/api/v1/activities", {
      type: "note",
      body: "<script>alert(1)</script><p></p>",
    });
    expect(onlyScript.statusCode).toBe(400);
    expect(onlyScript.json().errors).toEqual([{ path: "body", message: "A note needs some text" }]);
  });

  it("logs a call with direction, duration and outcome, and names every bad field", async () => {
    const owner = await signUp(t.app);
    const call = await createActivity(owner, {
      type: "call",
      subject: "Intro call",
      occurredAt: "2026-03-09T10:00:00+01:00",
      direction: "outbound",
      durationSeconds: 540,
      outcome: "Connected",
    });
    expect(call).toMatchObject({
      type: "call",
      occurredAt: "2026-03-09T09:00:00.000Z",
      direction: "outbound",
      durationSeconds: 540,
      outcome: "Connected",
      body: null,
    });
    const bad = await owner.caller.post("/api/v1/activities", {
      type: "call",
      direction: "sideways",
      durationSeconds: -5,
      occurredAt: "yesterday",
      location: "Room 1",
    });
    expect(bad.statusCode).toBe(400);
    expect(pathsOf(bad)).toEqual(
      expect.arrayContaining(["direction", "durationSeconds", "occurredAt", "location"]),
    );
  });

  it("logs a meeting with an end, a location and attendees, and checks them", async () => {
    const owner = await signUp(t.app);
    const { contactId } = await createLinkTargets(t, owner);
    const meeting = await createActivity(owner, {
      type: "meeting",
      subject: "Kick-off",
      occurredAt: "2026-03-10T09:00:00Z",
      endsAt: "2026-03-10T10:30:00Z",
      location: "London office",
      attendees: [{ email: "Ada@Example.com", name: "Ada", contactId }, { name: "Charles" }],
    });
    expect(meeting).toMatchObject({
      endsAt: "2026-03-10T10:30:00.000Z",
      location: "London office",
      attendees: [
        { email: "ada@example.com", name: "Ada", contactId },
        { email: null, name: "Charles", contactId: null },
      ],
    });
    const bad = await owner.caller.post("/api/v1/activities", {
      type: "meeting",
      occurredAt: "2026-03-10T09:00:00Z",
      endsAt: "2026-03-10T08:00:00Z",
      attendees: [{ name: "Fine" }, { contactId: "01900000-0000-7000-8000-000000000000" }],
    });
    expect(bad.statusCode).toBe(400);
    expect(pathsOf(bad)).toEqual(["endsAt", "attendees[1].contactId"]);
    const shapeless = await owner.caller.post("/api/v1/activities", {
      type: "meeting",
      attendees: [{}, { email: "not-an-email" }],
      durationSeconds: 60,
    });
    expect(pathsOf(shapeless)).toEqual(
      expect.arrayContaining(["attendees[0]", "attendees[1].email", "durationSeconds"]),
    );
  });

  it("logs an email with its envelope", async () => {
    const owner = await signUp(t.app);
    const email = await createActivity(owner, {
      type: "email",
      subject: "Proposal",
      body: "<p>Attached.</p>",
      email: { from: "Me@Rapport.test", to: ["ada@example.com"], messageId: "<m1@rapport.test>" },
    });
    expect(email.email).toEqual({
      from: "me@rapport.test",
      to: ["ada@example.com"],
      cc: [],
      messageId: "<m1@rapport.test>",
    });
    const missing = await owner.caller.post("/api/v1/activities", { type: "email", subject: "x" });
    expect(pathsOf(missing)).toEqual(["email"]);
    const bad = await owner.caller.post("/api/v1/activities", {
      type: "email",
      email: { from: "nobody", to: [], cc: ["also bad"] },
    });
    expect(pathsOf(bad)).toEqual(expect.arrayContaining(["email.from", "email.to", "email.cc[0]"]));
    const unknownType = await owner.caller.post("/api/v1/activities", { type: "fax" });
    expect(pathsOf(unknownType)).toEqual(["type"]);
  });

  it("keeps the type and type-specific fields fixed to the type on update", async () => {
    const owner = await signUp(t.app);
    const call = await createActivity(owner, { type: "call", direction: "inbound" });
    const changed = await owner.caller.patch(`/api/v1/activities/${call.id}`, { type: "meeting" });
    expect(changed.statusCode).toBe(400);
    expect(pathsOf(changed)).toEqual(["type"]);
    const foreign = await owner.caller.patch(`/api/v1/activities/${call.id}`, {
      location: "Room 1",
      email: { from: "a@b.co", to: ["c@d.co"] },
    });
    expect(pathsOf(foreign)).toEqual(["location", "email"]);
    expect(foreign.json().errors[0].message).toContain("Only meetings");
    const same = await owner.caller.patch(`/api/v1/activities/${call.id}`, {
      type: "call",
      durationSeconds: 90,
    });
    expect(same.statusCode).toBe(200);
    expect(same.json()).toMatchObject({ durationSeconds: 90, direction: "inbound", version: 2 });
    const meeting = await createActivity(owner, {
      type: "meeting",
      occurredAt: "2026-03-10T09:00:00Z",
      endsAt: "2026-03-10T10:00:00Z",
    });
    const late = await owner.caller.patch(`/api/v1/activities/${meeting.id}`, {
      occurredAt: "2026-03-10T11:00:00Z",
    });
    expect(pathsOf(late)).toEqual(["endsAt"]);
  });
});

describe("activities: rich text", () => {
  it("stores and returns the body sanitized", async () => {
    const owner = await signUp(t.app);
    const activity = await createActivity(owner, {
      type: "note",
      body: '<p onclick="steal()">Hello <script>alert(1)</script><img src=x onerror="alert(2)"><a href="javascript:alert(3)">bad</a> <a href="https://example.com" target="_blank">good</a></p>',
    });
    const expected =
      '<p>Hello <a rel="noopener noreferrer">bad</a> <a href="https://example.com" rel="noopener noreferrer">good</a></p>';
    expect(activity.body).toBe(expected);
    const [row] = await queryRows<{ body: string }>(t.database, "select body from activities where id = $1", [
      activity.id,
    ]);
    expect(row!.body).toBe(expected);
    const patched = await owner.caller.patch(`/api/v1/activities/${activity.id}`, {
      body: "<p style='x'>Edited<iframe src='https://evil.example'></iframe></p>",
    });
    expect(patched.json().body).toBe("<p>Edited</p>");
  });
});

describe("activities: links", () => {
  it("links contacts, companies and deals, and replaces them on update", async () => {
    const owner = await signUp(t.app);
    const { contactId, companyId, dealId } = await createLinkTargets(t, owner);
    const links = [
      { type: "deal", id: dealId },
      { type: "contact", id: contactId },
      { type: "company", id: companyId },
    ];
    const activity = await createActivity(owner, { ...note, links });
    expect(activity.links).toEqual([
      { type: "contact", id: contactId },
      { type: "company", id: companyId },
      { type: "deal", id: dealId },
    ]);
    expect((await owner.caller.get(`/api/v1/activities/${activity.id}`)).json().links).toEqual(
      activity.links,
    );
    const patched = await owner.caller.patch(`/api/v1/activities/${activity.id}`, {
      links: [{ type: "company", id: companyId }],
    });
    expect(patched.json().links).toEqual([{ type: "company", id: companyId }]);
    const history = await queryRows<{ field: string }>(
      t.database,
      "select field from field_history where record_id = $1 and old_value is not null",
      [activity.id],
    );
    expect(history.map((h) => h.field)).toEqual(["links"]);
  });

  it("refuses unknown, trashed, repeated and other workspaces' targets, naming each", async () => {
    const owner = await signUp(t.app);
    const mine = await createLinkTargets(t, owner);
    const outsider = await signUp(t.app, { workspaceName: "Elsewhere" });
    const theirs = await createLinkTargets(t, outsider);
    await owner.caller.delete(`/api/v1/contacts/${mine.contactId}`);
    const response = await owner.caller.post("/api/v1/activities", {
      ...note,
      links: [
        { type: "company", id: mine.companyId },
        { type: "contact", id: mine.contactId },
        { type: "contact", id: theirs.contactId },
        { type: "deal", id: theirs.dealId },
        { type: "company", id: mine.companyId },
        { type: "contact", id: mine.companyId },
      ],
    });
    expect(response.statusCode).toBe(400);
    expect(pathsOf(response)).toEqual([
      "links[1].id",
      "links[2].id",
      "links[3].id",
      "links[4].id",
      "links[5].id",
    ]);
    const wrongType = await owner.caller.post("/api/v1/activities", {
      ...note,
      links: [{ type: "ticket", id: mine.companyId }],
    });
    expect(pathsOf(wrongType)).toEqual(["links[0].type"]);
    const rows = await queryRows<{ n: number }>(
      t.database,
      "select count(*)::int as n from activities where workspace_id = $1",
      [owner.session.workspace.id],
    );
    expect(rows[0]!.n).toBe(0);
  });
});

describe("activities: versions, idempotency, history", () => {
  it("writes history and an outbox event per change", async () => {
    const owner = await signUp(t.app);
    const activity = await createActivity(owner);
    await owner.caller.patch(`/api/v1/activities/${activity.id}`, { subject: "Second chat" });
    const history = await queryRows<{ field: string; old_value: unknown; new_value: unknown }>(
      t.database,
      "select field, old_value, new_value from field_history where record_id = $1 and old_value is not null",
      [activity.id],
    );
    expect(history).toEqual([{ field: "subject", old_value: "First chat", new_value: "Second chat" }]);
    const events = await queryRows<{ type: string }>(
      t.database,
      "select type from outbox_events where record_id = $1 order by seq",
      [activity.id],
    );
    expect(events.map((e) => e.type)).toEqual(["activity.created", "activity.updated"]);
  });

  it("refuses a stale If-Match with 412", async () => {
    const owner = await signUp(t.app);
    const activity = await createActivity(owner);
    const first = await owner.caller.patch(
      `/api/v1/activities/${activity.id}`,
      { subject: "A" },
      { "if-match": '"1"' },
    );
    expect(first.statusCode).toBe(200);
    expect(first.headers.etag).toBe('"2"');
    const stale = await owner.caller.patch(
      `/api/v1/activities/${activity.id}`,
      { subject: "B" },
      { "if-match": '"1"' },
    );
    expect(stale.statusCode).toBe(412);
    const staleDelete = await owner.caller.delete(`/api/v1/activities/${activity.id}`, { "if-match": '"1"' });
    expect(staleDelete.statusCode).toBe(412);
    expect((await owner.caller.get(`/api/v1/activities/${activity.id}`)).json().subject).toBe("A");
  });

  it("creates one activity for a retried POST with the same Idempotency-Key", async () => {
    const owner = await signUp(t.app);
    const headers = { "idempotency-key": "log-call-1" };
    const [a, b] = await Promise.all([
      owner.caller.post("/api/v1/activities", note, headers),
      owner.caller.post("/api/v1/activities", note, headers),
    ]);
    expect([a.statusCode, b.statusCode]).toEqual([201, 201]);
    expect(a.json().id).toBe(b.json().id);
    const again = await owner.caller.post("/api/v1/activities", note, headers);
    expect(again.headers["idempotent-replayed"]).toBe("true");
    expect(
      (await owner.caller.post("/api/v1/activities", { ...note, subject: "Other" }, headers)).statusCode,
    ).toBe(422);
    expect((await owner.caller.get("/api/v1/activities?count=true")).json().total).toBe(1);
  });
});

describe("activities: trash", () => {
  it("trashes, lists the trash, restores and purges with its links", async () => {
    const owner = await signUp(t.app);
    const { contactId } = await createLinkTargets(t, owner);
    const activity = await createActivity(owner, { ...note, links: [{ type: "contact", id: contactId }] });
    expect((await owner.caller.delete(`/api/v1/activities/${activity.id}`)).statusCode).toBe(204);
    expect((await owner.caller.get(`/api/v1/activities/${activity.id}`)).statusCode).toBe(404);
    expect((await owner.caller.get("/api/v1/activities")).json().data).toHaveLength(0);
    const trash = (await owner.caller.get("/api/v1/activities/trash")).json().data;
    expect(trash.map((a: { id: string }) => a.id)).toEqual([activity.id]);
    expect(trash[0].links).toEqual([{ type: "contact", id: contactId }]);

    const restored = await owner.caller.post(`/api/v1/activities/${activity.id}/restore`);
    expect(restored.statusCode).toBe(200);
    expect(restored.json().links).toEqual([{ type: "contact", id: contactId }]);
    expect((await owner.caller.delete(`/api/v1/activities/${activity.id}/purge`)).statusCode).toBe(404);
    await owner.caller.delete(`/api/v1/activities/${activity.id}`);
    const member = await addMember(t.app, owner, "sales_rep");
    expect((await member.caller.delete(`/api/v1/activities/${activity.id}/purge`)).statusCode).toBe(403);
    expect((await owner.caller.delete(`/api/v1/activities/${activity.id}/purge`)).statusCode).toBe(204);
    expect((await owner.caller.post(`/api/v1/activities/${activity.id}/restore`)).statusCode).toBe(404);
    const links = await queryRows(t.database, "select 1 from record_links where source_id = $1", [
      activity.id,
    ]);
    expect(links).toHaveLength(0);
    const events = await queryRows<{ type: string }>(
      t.database,
      "select type from outbox_events where record_id = $1 order by seq",
      [activity.id],
    );
    expect(events.map((e) => e.type)).toEqual([
      "activity.created",
      "activity.deleted",
      "activity.restored",
      "activity.deleted",
      "activity.purged",
    ]);
  });
});

describe("activities: batch", () => {
  it("applies creates, updates and deletes together", async () => {
    const owner = await signUp(t.app);
    const existing = await createActivity(owner);
    const doomed = await createActivity(owner);
    const response = await owner.caller.post("/api/v1/activities/batch", {
      create: Array.from({ length: 20 }, (_, i) => ({ type: "call", subject: `Call ${i}` })),
      update: [{ id: existing.id, subject: "Batch-updated" }],
      delete: [doomed.id],
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().created).toHaveLength(20);
    expect(response.json().updated[0].subject).toBe("Batch-updated");
    expect((await owner.caller.get("/api/v1/activities?count=true")).json().total).toBe(21);
  });

  it("saves nothing when any item fails, and names each failing item", async () => {
    const owner = await signUp(t.app);
    const call = await createActivity(owner, { type: "call" });
    const response = await owner.caller.post("/api/v1/activities/batch", {
      create: [
        { type: "note", body: "fine" },
        { type: "note", body: "<script>x</script>" },
        {
          type: "note",
          body: "fine",
          links: [{ type: "contact", id: "01900000-0000-7000-8000-000000000000" }],
        },
      ],
      update: [
        { id: call.id, location: "Room 1" },
        { id: "01900000-0000-7000-8000-000000000000", subject: "Ghost" },
      ],
      delete: ["01900000-0000-7000-8000-000000000001"],
    });
    expect(response.statusCode).toBe(400);
    expect(pathsOf(response)).toEqual([
      "create[1].body",
      "create[2].links[0].id",
      "update[0].location",
      "update[1].id",
      "delete[0].id",
    ]);
    const schema = await owner.caller.post("/api/v1/activities/batch", {
      create: [
        { type: "note", body: "x" },
        { type: "call", direction: "up" },
      ],
    });
    expect(pathsOf(schema)).toEqual(["create[1].direction"]);
    expect((await owner.caller.get("/api/v1/activities?count=true")).json().total).toBe(1);
  });

  it("refuses more than 1,000 operations", async () => {
    const owner = await signUp(t.app);
    const response = await owner.caller.post("/api/v1/activities/batch", {
      create: Array.from({ length: 1001 }, () => ({ type: "call" })),
    });
    expect(response.statusCode).toBe(400);
  });
});

describe("activities: permissions and tenants", () => {
  it("lets viewers read but not write, and members not purge", async () => {
    const owner = await signUp(t.app);
    const activity = await createActivity(owner);
    const viewer = await addMember(t.app, owner, "read_only");
    expect((await viewer.caller.get(`/api/v1/activities/${activity.id}`)).statusCode).toBe(200);
    expect((await viewer.caller.get("/api/v1/activities")).json().data).toHaveLength(1);
    expect((await viewer.caller.post("/api/v1/activities", note)).statusCode).toBe(403);
    expect((await viewer.caller.post("/api/v1/activities/batch", { create: [note] })).statusCode).toBe(403);
    expect(
      (await viewer.caller.patch(`/api/v1/activities/${activity.id}`, { subject: "x" })).statusCode,
    ).toBe(403);
    expect((await viewer.caller.delete(`/api/v1/activities/${activity.id}`)).statusCode).toBe(403);
    expect((await viewer.caller.post(`/api/v1/activities/${activity.id}/restore`)).statusCode).toBe(403);
    const member = await addMember(t.app, owner, "sales_rep");
    const mine = await createActivity(member);
    expect(mine.ownerId).toBe(member.session.user.id);
    await member.caller.delete(`/api/v1/activities/${mine.id}`);
    expect((await member.caller.delete(`/api/v1/activities/${mine.id}/purge`)).statusCode).toBe(403);
    const { caller: key } = await createApiKey(owner, "sales_rep");
    expect((await key.post("/api/v1/activities", note)).statusCode).toBe(201);
  });

  it("keeps activities inside their workspace on every route", async () => {
    const owner = await signUp(t.app);
    const create = async (o: SignedIn) => `/api/v1/activities/${(await createActivity(o)).id}`;
    const trashed = async (o: SignedIn) => {
      const url = await create(o);
      await o.caller.delete(url);
      return url;
    };
    await expectTenantIsolation(t.app, owner, { method: "GET", create });
    await expectTenantIsolation(t.app, owner, { method: "PATCH", create, body: { subject: "Hijacked" } });
    await expectTenantIsolation(t.app, owner, { method: "DELETE", create });
    await expectTenantIsolation(t.app, owner, {
      method: "POST",
      create: async (o) => `${await trashed(o)}/restore`,
    });
    await expectTenantIsolation(t.app, owner, {
      method: "DELETE",
      create: async (o) => `${await trashed(o)}/purge`,
    });
    const outsider = await signUp(t.app);
    const activity = await createActivity(owner);
    const batch = await outsider.caller.post("/api/v1/activities/batch", {
      update: [{ id: activity.id, subject: "x" }],
      delete: [activity.id],
    });
    expect(batch.statusCode).toBe(400);
    expect(pathsOf(batch)).toEqual(["update[0].id", "delete[0].id"]);
    expect((await outsider.caller.get("/api/v1/activities")).json().data).toHaveLength(0);
    expect((await outsider.caller.get("/api/v1/activities/trash")).json().data).toHaveLength(0);
    expect((await owner.caller.get(`/api/v1/activities/${activity.id}`)).json().subject).toBe("First chat");
  });
});
