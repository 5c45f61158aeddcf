import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  addMember,
  createApiKey,
  createTestApp,
  queryRows,
  type SignedIn,
  signUp,
  type TestApp,
} from "../../../test/index.ts";
import { createLogger } from "../../platform/log.ts";
import { deliverTaskAlert, sweepTaskAlertsJob } from "./task-alerts.ts";

// Workers run, so the alert jobs that task writes schedule really deliver.
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ workers: true });
});
afterAll(() => t.close());

const minutesFromNow = (m: number) => new Date(Date.now() + m * 60_000).toISOString();

async function createTask(who: SignedIn, body: object) {
  const response = await who.caller.post("/api/v1/tasks", body);
  if (response.statusCode !== 201) throw new Error(`create failed: ${response.statusCode} ${response.body}`);
  return response.json() as { id: string; version: number };
}

type Listed = { id: string; kind: string; title: string; record: unknown; readAt: string | null; at: string };
const list = async (who: SignedIn, query = "") => {
  const response = await who.caller.get(`/api/v1/notifications${query}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as { data: Listed[]; nextCursor: string | null };
};
const unread = async (who: SignedIn) =>
  (await who.caller.get("/api/v1/notifications/unread-count")).json().unread as number;

/** Waits for the worker to deliver: until `who` has `n` notifications. */
async function waitForNotifications(who: SignedIn, n: number, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { data } = await list(who);
    if (data.length >= n) return data;
    if (Date.now() > deadline) throw new Error(`expected ${n} notifications, have ${data.length}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The outputs of the alert jobs of one task, once they all have finished. */
async function finishedAlertJobs(taskId: string, n: number, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rows = await queryRows<{ state: string; output: { result?: string } | null }>(
      t.database,
      "select state, output from pgboss.job where name = 'notifications.task-alert' and data->>'taskId' = $1",
      [taskId],
    );
    const done = rows.filter((r) => r.state === "completed");
    if (done.length >= n) return done.map((r) => r.output?.result);
    if (Date.now() > deadline) throw new Error(`alert jobs of ${taskId}: ${JSON.stringify(rows)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe("task alerts", () => {
  it("notifies the assignee when a reminder's time has come, once, linking to the task", async () => {
    const owner = await signUp(t.app);
    const member = await addMember(t.app, owner, "sales_rep");
    const remindAt = minutesFromNow(-5);
    const task = await createTask(owner, {
      title: "Call Ada back",
      remindAt,
      assigneeId: member.session.user.id,
    });
    const [notification] = await waitForNotifications(member, 1);
    expect(notification).toMatchObject({
      kind: "task.reminder",
      title: "Call Ada back",
      record: { object: "task", id: task.id },
      at: remindAt,
      readAt: null,
    });
    // The creator is not the assignee, so they get nothing.
    expect((await list(owner)).data).toEqual([]);

    // Saving the task again, and the minute's sweep, do not notify twice.
    await owner.caller.patch(`/api/v1/tasks/${task.id}`, { priority: "high" });
    await finishedAlertJobs(task.id, 2);
    await sweepTaskAlertsJob.handler({}, jobContext());
    expect(
      await deliverTaskAlert(t.database.db, {
        workspaceId: owner.session.workspace.id,
        taskId: task.id,
        kind: "task.reminder",
        at: new Date(remindAt),
      }),
    ).toBe("duplicate");
    expect((await list(member)).data).toHaveLength(1);
  });

  it("sends a near reminder at its time, not before", async () => {
    const owner = await signUp(t.app);
    const remindAt = new Date(Date.now() + 2500).toISOString();
    await createTask(owner, { title: "Soon", remindAt, dueAt: minutesFromNow(60) });
    expect(await unread(owner)).toBe(0);
    const [notification] = await waitForNotifications(owner, 1);
    expect(Date.parse(notification!.at)).toBeLessThanOrEqual(Date.now());
    expect(notification).toMatchObject({ kind: "task.reminder", title: "Soon" });
  });

  it("notifies the owner when a timed task falls due; an all-day task gets no due alert", async () => {
    const owner = await signUp(t.app);
    const task = await createTask(owner, { title: "Send the quote", dueAt: minutesFromNow(-1) });
    await createTask(owner, { title: "All day", dueDate: new Date().toISOString().slice(0, 10) });
    const [notification] = await waitForNotifications(owner, 1);
    expect(notification).toMatchObject({ kind: "task.due", record: { object: "task", id: task.id } });
    await sweepTaskAlertsJob.handler({}, jobContext());
    expect((await list(owner)).data.map((n) => n.title)).toEqual(["Send the quote"]);
  });

  it("sends nothing for a task completed, trashed or moved before its time", async () => {
    const owner = await signUp(t.app);
    const at = new Date(Date.now() + 2000).toISOString();
    const done = await createTask(owner, { title: "Done early", remindAt: at });
    const trashed = await createTask(owner, { title: "Trashed", remindAt: at });
    const moved = await createTask(owner, { title: "Moved", remindAt: at });
    expect((await owner.caller.post(`/api/v1/tasks/${done.id}/complete`)).statusCode).toBe(200);
    expect((await owner.caller.delete(`/api/v1/tasks/${trashed.id}`)).statusCode).toBe(204);
    const later = minutesFromNow(120);
    expect((await owner.caller.patch(`/api/v1/tasks/${moved.id}`, { remindAt: later })).statusCode).toBe(200);

    expect(await finishedAlertJobs(done.id, 1)).toEqual(["obsolete"]);
    expect(await finishedAlertJobs(trashed.id, 1)).toEqual(["obsolete"]);
    expect(await finishedAlertJobs(moved.id, 1)).toEqual(["obsolete"]);
    await sweepTaskAlertsJob.handler({}, jobContext());
    expect((await list(owner)).data).toEqual([]);
  });

  it("the sweep sends an alert whose job was lost", async () => {
    const owner = await signUp(t.app);
    const task = await createTask(owner, { title: "Lost job", remindAt: minutesFromNow(60) });
    // As if the reminder had been written without its job: moved into the past behind the API's back.
    await queryRows(t.database, "delete from pgboss.job where data->>'taskId' = $1", [task.id]);
    const at = new Date(Date.now() - 30_000);
    await queryRows(t.database, "update tasks set remind_at = $1 where id = $2", [at, task.id]);
    const result = await sweepTaskAlertsJob.handler({}, jobContext());
    expect(result?.sent).toBeGreaterThanOrEqual(1);
    const [notification] = (await list(owner)).data;
    expect(notification).toMatchObject({ title: "Lost job", at: at.toISOString() });
  });
});

describe("notifications API", () => {
  async function withNotifications(n: number) {
    const owner = await signUp(t.app);
    for (let i = 0; i < n; i++)
      await createTask(owner, { title: `Task ${i}`, remindAt: minutesFromNow(-1 - i) });
    await waitForNotifications(owner, n);
    return owner;
  }

  it("lists newest first a page at a time, counts unread, marks one and all read", async () => {
    const owner = await withNotifications(3);
    expect(await unread(owner)).toBe(3);
    const first = await list(owner, "?limit=2");
    expect(first.data).toHaveLength(2);
    const second = await list(owner, `?limit=2&cursor=${first.nextCursor}`);
    expect(second.data).toHaveLength(1);
    expect(second.nextCursor).toBeNull();
    const all = [...first.data, ...second.data];
    expect(all.map((n) => n.id)).toEqual([...all.map((n) => n.id)].sort().reverse());

    const read = await owner.caller.post(`/api/v1/notifications/${all[1]!.id}/read`);
    expect(read.statusCode, read.body).toBe(200);
    expect(read.json().readAt).not.toBeNull();
    // Read again: still read, the same time.
    expect((await owner.caller.post(`/api/v1/notifications/${all[1]!.id}/read`)).json().readAt).toBe(
      read.json().readAt,
    );
    expect(await unread(owner)).toBe(2);
    expect((await list(owner, "?unread=true")).data.map((n) => n.id)).toEqual([all[0]!.id, all[2]!.id]);

    const readAll = await owner.caller.post("/api/v1/notifications/read-all");
    expect(readAll.json()).toEqual({ marked: 2 });
    expect(await unread(owner)).toBe(0);
    expect((await list(owner, "?unread=true")).data).toEqual([]);
    expect((await list(owner)).data).toHaveLength(3);
  });

  it("shows each user only their own: another user's or workspace's notification is not found", async () => {
    const owner = await withNotifications(1);
    const [mine] = (await list(owner)).data;
    const colleague = await addMember(t.app, owner, "admin");
    const stranger = await signUp(t.app);
    for (const other of [colleague, stranger]) {
      expect((await list(other)).data).toEqual([]);
      expect(await unread(other)).toBe(0);
      const response = await other.caller.post(`/api/v1/notifications/${mine!.id}/read`);
      expect(response.statusCode).toBe(404);
      expect((await other.caller.post("/api/v1/notifications/read-all")).json()).toEqual({ marked: 0 });
    }
    expect(await unread(owner)).toBe(1);
  });

  it("refuses API keys, strangers and bad input", async () => {
    const owner = await signUp(t.app);
    const { caller: key } = await createApiKey(owner);
    expect((await key.get("/api/v1/notifications")).statusCode).toBe(403);
    expect((await key.get("/api/v1/notifications/stream")).statusCode).toBe(403);
    const anonymous = await t.app.inject({ method: "GET", url: "/api/v1/notifications/unread-count" });
    expect(anonymous.statusCode).toBe(401);
    const badCursor = await owner.caller.get("/api/v1/notifications?cursor=yesterday");
    expect(badCursor.statusCode).toBe(400);
    expect(badCursor.body).toContain("cursor");
    expect((await owner.caller.get("/api/v1/notifications?limit=0")).statusCode).toBe(400);
    expect((await owner.caller.post("/api/v1/notifications/not-an-id/read")).statusCode).toBe(400);
  });
});

function jobContext() {
  return {
    db: t.database.db,
    log: createLogger("silent"),
    jobId: "test",
    attempt: 1,
    enqueue: () => Promise.resolve(null),
  };
}
