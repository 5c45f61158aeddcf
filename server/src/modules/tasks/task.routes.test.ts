import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  addMember,
  createTestApp,
  expectTenantIsolation,
  queryRows,
  type SignedIn,
  signUp,
  type TestApp,
} from "../../../test/index.ts";
import { createLinkTargets } from "../activities/link-targets.fixtures.ts";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

async function createTask(owner: SignedIn, body: object = { title: "Send the proposal" }) {
  const response = await owner.caller.post("/api/v1/tasks", body);
  if (response.statusCode !== 201) throw new Error(`create failed: ${response.statusCode} ${response.body}`);
  return response.json();
}

const pathsOf = (response: { json(): { errors?: { path: string }[] } }) =>
  (response.json().errors ?? []).map((e) => e.path);

const eventsOf = async (id: string) =>
  (
    await queryRows<{ type: string }>(
      t.database,
      "select type from outbox_events where record_id = $1 order by seq",
      [id],
    )
  ).map((e) => e.type);

describe("tasks: create, read, update", () => {
  it("creates an open, normal-priority task assigned to and owned by the creator", async () => {
    const owner = await signUp(t.app);
    const response = await owner.caller.post("/api/v1/tasks", { title: "  Call Ada  " });
    expect(response.statusCode).toBe(201);
    const task = response.json();
    expect(task).toMatchObject({
      title: "Call Ada",
      status: "open",
      priority: "normal",
      assigneeId: owner.session.user.id,
      ownerId: owner.session.user.id,
      dueAt: null,
      dueDate: null,
      allDay: false,
      completedAt: null,
      recurrence: null,
      links: [],
      nextOccurrenceId: null,
      version: 1,
    });
    expect(response.headers.etag).toBe('"1"');
    const read = await owner.caller.get(`/api/v1/tasks/${task.id}`);
    const { nextOccurrenceId: _, ...dto } = task;
    expect(read.json()).toEqual(dto);
  });

  it("names every invalid field and writes nothing", async () => {
    const owner = await signUp(t.app);
    const outsider = await signUp(t.app);
    const response = await owner.caller.post("/api/v1/tasks", {
      title: "",
      priority: "asap",
      status: "later",
      dueAt: "tomorrow",
      shoeSize: 42,
    });
    expect(pathsOf(response)).toEqual(
      expect.arrayContaining(["title", "priority", "status", "dueAt", "shoeSize"]),
    );
    const second = await owner.caller.post("/api/v1/tasks", {
      title: "x",
      assigneeId: outsider.session.user.id,
      recurrence: "every monday",
    });
    expect(pathsOf(second)).toEqual(["recurrence", "assigneeId"]);
    const rows = await queryRows<{ n: number }>(
      t.database,
      "select count(*)::int as n from tasks where workspace_id = $1",
      [owner.session.workspace.id],
    );
    expect(rows[0]!.n).toBe(0);
  });

  it("assigns to another member, links records and keeps history", async () => {
    const owner = await signUp(t.app);
    const member = await addMember(t.app, owner, "sales_rep");
    const { contactId, dealId } = await createLinkTargets(t, owner);
    const task = await createTask(owner, {
      title: "Prepare demo",
      assigneeId: member.session.user.id,
      priority: "high",
      links: [
        { type: "deal", id: dealId },
        { type: "contact", id: contactId },
      ],
    });
    expect(task.assigneeId).toBe(member.session.user.id);
    expect(task.links).toEqual([
      { type: "contact", id: contactId },
      { type: "deal", id: dealId },
    ]);
    const patched = await owner.caller.patch(`/api/v1/tasks/${task.id}`, {
      priority: "urgent",
      title: "Prepare the demo",
    });
    expect(patched.json()).toMatchObject({ priority: "urgent", version: 2, links: task.links });
    const history = await queryRows<{ field: string }>(
      t.database,
      "select field from field_history where record_id = $1 and old_value is not null order by field",
      [task.id],
    );
    expect(history.map((h) => h.field)).toEqual(["priority", "title"]);
    const bad = await owner.caller.patch(`/api/v1/tasks/${task.id}`, {
      links: [{ type: "company", id: contactId }],
    });
    expect(pathsOf(bad)).toEqual(["links[0].id"]);
  });
});

describe("tasks: due dates and reminders", () => {
  it("takes a due date as an all-day task due at the start of that day in UTC", async () => {
    const owner = await signUp(t.app);
    const task = await createTask(owner, {
      title: "Renewal",
      dueDate: "2026-04-01",
      remindAt: "2026-04-01T08:00:00Z",
    });
    expect(task).toMatchObject({
      dueAt: "2026-04-01T00:00:00.000Z",
      dueDate: "2026-04-01",
      allDay: true,
      remindAt: "2026-04-01T08:00:00.000Z",
    });
    const timed = await owner.caller.patch(`/api/v1/tasks/${task.id}`, { dueAt: "2026-04-02T15:30:00Z" });
    expect(timed.json()).toMatchObject({ dueAt: "2026-04-02T15:30:00.000Z", dueDate: null, allDay: false });
    const notMidnight = await owner.caller.patch(`/api/v1/tasks/${task.id}`, { allDay: true });
    expect(pathsOf(notMidnight)).toEqual(["allDay"]);
    const both = await owner.caller.post("/api/v1/tasks", {
      title: "x",
      dueAt: "2026-04-01T10:00:00Z",
      dueDate: "2026-04-01",
    });
    expect(pathsOf(both)).toEqual(["dueDate"]);
    const badDate = await owner.caller.post("/api/v1/tasks", { title: "x", dueDate: "01/04/2026" });
    expect(pathsOf(badDate)).toEqual(["dueDate"]);
  });

  it("refuses a reminder after the due time", async () => {
    const owner = await signUp(t.app);
    const late = await owner.caller.post("/api/v1/tasks", {
      title: "x",
      dueAt: "2026-04-01T10:00:00Z",
      remindAt: "2026-04-01T10:00:01Z",
    });
    expect(late.statusCode).toBe(400);
    expect(pathsOf(late)).toEqual(["remindAt"]);
    const task = await createTask(owner, {
      title: "x",
      dueAt: "2026-04-01T10:00:00Z",
      remindAt: "2026-04-01T09:00:00Z",
    });
    const earlier = await owner.caller.patch(`/api/v1/tasks/${task.id}`, { dueAt: "2026-04-01T08:00:00Z" });
    expect(pathsOf(earlier)).toEqual(["remindAt"]);
    const nextDay = await owner.caller.post("/api/v1/tasks", {
      title: "x",
      dueDate: "2026-04-01",
      remindAt: "2026-04-02T00:00:01Z",
    });
    expect(pathsOf(nextDay)).toEqual(["remindAt"]);
  });
});

describe("tasks: completion", () => {
  it("sets completedAt when done, clears it when reopened, and emits task.completed", async () => {
    const owner = await signUp(t.app);
    const task = await createTask(owner);
    const done = await owner.caller.patch(`/api/v1/tasks/${task.id}`, { status: "done" });
    expect(done.statusCode).toBe(200);
    expect(done.json()).toMatchObject({ status: "done", nextOccurrenceId: null });
    expect(done.json().completedAt).not.toBeNull();
    const priority = await owner.caller.patch(`/api/v1/tasks/${task.id}`, { priority: "low" });
    expect(priority.json().completedAt).toBe(done.json().completedAt);
    const reopened = await owner.caller.post(`/api/v1/tasks/${task.id}/reopen`);
    expect(reopened.json()).toMatchObject({ status: "open", completedAt: null });
    const completed = await owner.caller.post(`/api/v1/tasks/${task.id}/complete`, {}, { "if-match": '"4"' });
    expect(completed.statusCode).toBe(200);
    expect(completed.json()).toMatchObject({ status: "done", version: 5 });
    const twice = await owner.caller.post(`/api/v1/tasks/${task.id}/complete`);
    expect(twice.json()).toMatchObject({ status: "done", version: 5 });
    const cancelled = await owner.caller.patch(`/api/v1/tasks/${task.id}`, { status: "cancelled" });
    expect(cancelled.json().completedAt).toBeNull();
    expect(await eventsOf(task.id)).toEqual([
      "task.created",
      "task.updated",
      "task.completed",
      "task.updated",
      "task.updated",
      "task.updated",
      "task.completed",
      "task.updated",
    ]);
  });

  it("creates the next occurrence of a recurring task in the same transaction", async () => {
    const owner = await signUp(t.app);
    const { contactId } = await createLinkTargets(t, owner);
    // 2026-03-09 is a Monday.
    const task = await createTask(owner, {
      title: "Weekly pipeline review",
      description: "Go through every open deal",
      dueAt: "2026-03-09T09:00:00Z",
      remindAt: "2026-03-09T08:45:00Z",
      priority: "high",
      recurrence: "FREQ=WEEKLY;BYDAY=MO",
      tags: ["routine"],
      links: [{ type: "contact", id: contactId }],
    });
    const done = await owner.caller.post(`/api/v1/tasks/${task.id}/complete`);
    expect(done.statusCode).toBe(200);
    const { nextOccurrenceId } = done.json();
    expect(nextOccurrenceId).toEqual(expect.any(String));
    const next = (await owner.caller.get(`/api/v1/tasks/${nextOccurrenceId}`)).json();
    expect(next).toMatchObject({
      title: "Weekly pipeline review",
      description: "Go through every open deal",
      dueAt: "2026-03-16T09:00:00.000Z",
      remindAt: "2026-03-16T08:45:00.000Z",
      priority: "high",
      status: "open",
      completedAt: null,
      recurrence: "FREQ=WEEKLY;BYDAY=MO",
      tags: ["routine"],
      links: [{ type: "contact", id: contactId }],
      assigneeId: owner.session.user.id,
    });
    expect(await eventsOf(task.id)).toEqual(["task.created", "task.updated", "task.completed"]);
    expect(await eventsOf(nextOccurrenceId)).toEqual(["task.created"]);

    const last = await createTask(owner, {
      title: "Once more",
      dueDate: "2026-03-09",
      recurrence: "FREQ=DAILY;COUNT=2",
    });
    const first = (await owner.caller.patch(`/api/v1/tasks/${last.id}`, { status: "done" })).json();
    const second = (await owner.caller.get(`/api/v1/tasks/${first.nextOccurrenceId}`)).json();
    expect(second).toMatchObject({ dueDate: "2026-03-10", allDay: true, recurrence: "FREQ=DAILY;COUNT=1" });
    const end = await owner.caller.post(`/api/v1/tasks/${second.id}/complete`);
    expect(end.json().nextOccurrenceId).toBeNull();
  });

  it("needs a due date to repeat from and a valid rule", async () => {
    const owner = await signUp(t.app);
    const undated = await owner.caller.post("/api/v1/tasks", { title: "x", recurrence: "FREQ=DAILY" });
    expect(pathsOf(undated)).toEqual(["recurrence"]);
    const invalid = await owner.caller.post("/api/v1/tasks", {
      title: "x",
      dueDate: "2026-03-09",
      recurrence: "FREQ=WEEKLY;BYDAY=XX",
    });
    expect(pathsOf(invalid)).toEqual(["recurrence"]);
  });
});

describe("tasks: versions and idempotency", () => {
  it("refuses a stale If-Match with 412 on every write", async () => {
    const owner = await signUp(t.app);
    const task = await createTask(owner);
    expect(
      (await owner.caller.patch(`/api/v1/tasks/${task.id}`, { title: "A" }, { "if-match": '"1"' }))
        .statusCode,
    ).toBe(200);
    const stale = { "if-match": '"1"' };
    expect((await owner.caller.patch(`/api/v1/tasks/${task.id}`, { title: "B" }, stale)).statusCode).toBe(
      412,
    );
    expect((await owner.caller.post(`/api/v1/tasks/${task.id}/complete`, {}, stale)).statusCode).toBe(412);
    expect((await owner.caller.delete(`/api/v1/tasks/${task.id}`, stale)).statusCode).toBe(412);
    expect((await owner.caller.get(`/api/v1/tasks/${task.id}`)).json()).toMatchObject({
      title: "A",
      status: "open",
    });
  });

  it("creates one task for a retried POST with the same Idempotency-Key", async () => {
    const owner = await signUp(t.app);
    const headers = { "idempotency-key": "task-1" };
    const body = { title: "Follow up" };
    const [a, b] = await Promise.all([
      owner.caller.post("/api/v1/tasks", body, headers),
      owner.caller.post("/api/v1/tasks", body, headers),
    ]);
    expect(a.json().id).toBe(b.json().id);
    expect((await owner.caller.post("/api/v1/tasks", body, headers)).headers["idempotent-replayed"]).toBe(
      "true",
    );
    expect((await owner.caller.post("/api/v1/tasks", { title: "Other" }, headers)).statusCode).toBe(422);
    expect((await owner.caller.get("/api/v1/tasks?count=true")).json().total).toBe(1);
  });
});

describe("tasks: trash and batch", () => {
  it("trashes, restores and purges with its links", async () => {
    const owner = await signUp(t.app);
    const { companyId } = await createLinkTargets(t, owner);
    const task = await createTask(owner, { title: "x", links: [{ type: "company", id: companyId }] });
    expect((await owner.caller.delete(`/api/v1/tasks/${task.id}`)).statusCode).toBe(204);
    expect((await owner.caller.get(`/api/v1/tasks/${task.id}`)).statusCode).toBe(404);
    expect(
      (await owner.caller.get("/api/v1/tasks/trash")).json().data.map((x: { id: string }) => x.id),
    ).toEqual([task.id]);
    expect((await owner.caller.post(`/api/v1/tasks/${task.id}/restore`)).json().links).toHaveLength(1);
    expect((await owner.caller.delete(`/api/v1/tasks/${task.id}/purge`)).statusCode).toBe(404);
    await owner.caller.delete(`/api/v1/tasks/${task.id}`);
    const member = await addMember(t.app, owner, "sales_rep");
    expect((await member.caller.delete(`/api/v1/tasks/${task.id}/purge`)).statusCode).toBe(403);
    expect((await owner.caller.delete(`/api/v1/tasks/${task.id}/purge`)).statusCode).toBe(204);
    expect(
      await queryRows(t.database, "select 1 from record_links where source_id = $1", [task.id]),
    ).toHaveLength(0);
    expect(await eventsOf(task.id)).toEqual([
      "task.created",
      "task.deleted",
      "task.restored",
      "task.deleted",
      "task.purged",
    ]);
  });

  it("applies a batch all or nothing, naming each failing item", async () => {
    const owner = await signUp(t.app);
    const existing = await createTask(owner);
    const ok = await owner.caller.post("/api/v1/tasks/batch", {
      create: [{ title: "a" }, { title: "b", dueDate: "2026-05-01" }],
      update: [{ id: existing.id, status: "done" }],
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().created).toHaveLength(2);
    expect(ok.json().updated[0]).toMatchObject({ status: "done", nextOccurrenceId: null });
    const bad = await owner.caller.post("/api/v1/tasks/batch", {
      create: [
        { title: "fine" },
        { title: "late reminder", dueAt: "2026-05-01T10:00:00Z", remindAt: "2026-05-02T10:00:00Z" },
        { title: "bad rule", dueDate: "2026-05-01", recurrence: "FREQ=SOMETIMES" },
      ],
      update: [{ id: "01900000-0000-7000-8000-000000000000", title: "Ghost" }],
      delete: [existing.id],
    });
    expect(bad.statusCode).toBe(400);
    expect(pathsOf(bad)).toEqual(["create[1].remindAt", "create[2].recurrence", "update[0].id"]);
    const schema = await owner.caller.post("/api/v1/tasks/batch", {
      create: [{ title: "ok" }, { title: "" }],
    });
    expect(pathsOf(schema)).toEqual(["create[1].title"]);
    const tooMany = await owner.caller.post("/api/v1/tasks/batch", {
      create: Array.from({ length: 1001 }, () => ({ title: "x" })),
    });
    expect(tooMany.statusCode).toBe(400);
    expect((await owner.caller.get("/api/v1/tasks?count=true")).json().total).toBe(3);
  });
});

describe("tasks: permissions and tenants", () => {
  it("lets viewers read but not write", async () => {
    const owner = await signUp(t.app);
    const task = await createTask(owner);
    const viewer = await addMember(t.app, owner, "read_only");
    expect((await viewer.caller.get(`/api/v1/tasks/${task.id}`)).statusCode).toBe(200);
    expect((await viewer.caller.get("/api/v1/tasks")).json().data).toHaveLength(1);
    expect((await viewer.caller.post("/api/v1/tasks", { title: "x" })).statusCode).toBe(403);
    expect((await viewer.caller.patch(`/api/v1/tasks/${task.id}`, { title: "x" })).statusCode).toBe(403);
    expect((await viewer.caller.post(`/api/v1/tasks/${task.id}/complete`)).statusCode).toBe(403);
    expect((await viewer.caller.post(`/api/v1/tasks/${task.id}/reopen`)).statusCode).toBe(403);
    expect((await viewer.caller.delete(`/api/v1/tasks/${task.id}`)).statusCode).toBe(403);
    expect((await viewer.caller.post("/api/v1/tasks/batch", { create: [{ title: "x" }] })).statusCode).toBe(
      403,
    );
    const assigned = await owner.caller.post("/api/v1/tasks", {
      title: "x",
      assigneeId: viewer.session.user.id,
    });
    expect(assigned.json().assigneeId).toBe(viewer.session.user.id);
  });

  it("keeps tasks inside their workspace on every route", async () => {
    const owner = await signUp(t.app);
    const create = async (o: SignedIn) => `/api/v1/tasks/${(await createTask(o)).id}`;
    const trashed = async (o: SignedIn) => {
      const url = await create(o);
      await o.caller.delete(url);
      return url;
    };
    await expectTenantIsolation(t.app, owner, { method: "GET", create });
    await expectTenantIsolation(t.app, owner, { method: "PATCH", create, body: { title: "Hijacked" } });
    await expectTenantIsolation(t.app, owner, { method: "DELETE", create });
    await expectTenantIsolation(t.app, owner, {
      method: "POST",
      create: async (o) => `${await create(o)}/complete`,
    });
    await expectTenantIsolation(t.app, owner, {
      method: "POST",
      create: async (o) => `${await create(o)}/reopen`,
    });
    await expectTenantIsolation(t.app, owner, {
      method: "POST",
      create: async (o) => `${await trashed(o)}/restore`,
    });
    await expectTenantIsolation(t.app, owner, {
      method: "DELETE",
      create: async (o) => `${await trashed(o)}/purge`,
    });
    const outsider = await signUp(t.app);
    const task = await createTask(owner);
    const batch = await outsider.caller.post("/api/v1/tasks/batch", {
      update: [{ id: task.id, title: "x" }],
      delete: [task.id],
    });
    expect(pathsOf(batch)).toEqual(["update[0].id", "delete[0].id"]);
    expect((await outsider.caller.get("/api/v1/tasks")).json().data).toHaveLength(0);
    expect((await outsider.caller.get("/api/v1/tasks/trash")).json().data).toHaveLength(0);
    expect((await owner.caller.get(`/api/v1/tasks/${task.id}`)).json().title).toBe("Send the proposal");
  });
});
