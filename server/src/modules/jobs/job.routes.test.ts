import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  addMember,
  createApiKey,
  createTestApp,
  expectTenantIsolation,
  insertFailedJob,
  queryRows,
  type SignedIn,
  signUp,
  type TestApp,
} from "../../../test/index.ts";
import { purgeTrashJob, sweepTrashJob } from "../trash/purge-expired-trash.ts";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

const failPurge = (owner: SignedIn, message = "disk full") =>
  insertFailedJob(t.database, "trash.purge", { workspaceId: owner.session.workspace.id }, message);

describe("jobs: admin API", () => {
  it("lists the workspace's queues with counts, and its failed jobs with their error", async () => {
    const owner = await signUp(t.app);
    const ws = owner.session.workspace.id;
    const failed = await failPurge(owner);
    const waiting = await t.jobs.enqueue(purgeTrashJob, { workspaceId: ws });
    // Another workspace's job and a system-wide one are not counted.
    const other = await signUp(t.app, { workspaceName: "Elsewhere" });
    await failPurge(other, "not yours");
    await t.jobs.enqueue(sweepTrashJob, {});

    const queues = await owner.caller.get("/api/v1/jobs");
    expect(queues.statusCode, queues.body).toBe(200);
    expect(queues.json().data).toEqual([
      {
        name: "trash.purge",
        description: expect.stringContaining("trash"),
        counts: { created: 1, retry: 0, active: 0, completed: 0, cancelled: 0, failed: 1 },
      },
      {
        name: "notifications.task-alert",
        description: expect.stringContaining("reminder"),
        counts: { created: 0, retry: 0, active: 0, completed: 0, cancelled: 0, failed: 0 },
      },
      {
        name: "webhooks.deliver",
        description: expect.stringContaining("webhook"),
        counts: { created: 0, retry: 0, active: 0, completed: 0, cancelled: 0, failed: 0 },
      },
      {
        name: "duplicates.scan",
        description: expect.stringContaining("uplicate"),
        counts: { created: 0, retry: 0, active: 0, completed: 0, cancelled: 0, failed: 0 },
      },
      {
        name: "imports.run",
        description: expect.stringContaining("Imports"),
        counts: { created: 0, retry: 0, active: 0, completed: 0, cancelled: 0, failed: 0 },
      },
    ]);

    const list = await owner.caller.get("/api/v1/jobs/list?state=failed");
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json()).toEqual({
      data: [
        expect.objectContaining({
          id: failed,
          queue: "trash.purge",
          state: "failed",
          error: "disk full",
          attempts: 1,
          maxAttempts: 1,
          payload: { workspaceId: ws },
          startedAt: expect.any(String),
          finishedAt: expect.any(String),
        }),
      ],
      nextCursor: null,
    });
    const all = (await owner.caller.get("/api/v1/jobs/list")).json().data.map((j: { id: string }) => j.id);
    expect(all.sort()).toEqual([failed, waiting].sort());
  });

  it("pages with a cursor, and names the field of a bad query", async () => {
    const owner = await signUp(t.app);
    for (let i = 0; i < 3; i++) await failPurge(owner, `failure ${i}`);
    const first = (await owner.caller.get("/api/v1/jobs/list?limit=2")).json();
    expect(first.data.map((j: { error: string }) => j.error)).toEqual(["failure 2", "failure 1"]);
    const second = (
      await owner.caller.get(`/api/v1/jobs/list?limit=2&cursor=${encodeURIComponent(first.nextCursor)}`)
    ).json();
    expect(second).toMatchObject({ data: [{ error: "failure 0" }], nextCursor: null });

    const paths = async (query: string) => {
      const response = await owner.caller.get(`/api/v1/jobs/list?${query}`);
      expect(response.statusCode, query).toBe(400);
      return response.json().errors.map((e: { path: string }) => e.path);
    };
    expect(await paths("state=broken")).toEqual(["query.state"]);
    expect(await paths("limit=0")).toEqual(["query.limit"]);
    expect(await paths("queue=trash.sweep")).toEqual(["query.queue"]);
    expect(await paths("cursor=nonsense")).toEqual(["query.cursor"]);
  });

  it("retries a failed job and cancels a waiting one, once", async () => {
    const owner = await signUp(t.app);
    const failed = await failPurge(owner);
    const retried = await owner.caller.post(`/api/v1/jobs/${failed}/retry`);
    expect(retried.statusCode, retried.body).toBe(200);
    expect(retried.json()).toMatchObject({ id: failed, state: "retry", maxAttempts: 2, finishedAt: null });
    const again = await owner.caller.post(`/api/v1/jobs/${failed}/retry`);
    expect(again.statusCode).toBe(409);
    expect(again.json().detail).toContain("this one is retry");

    const cancelled = await owner.caller.post(`/api/v1/jobs/${failed}/cancel`);
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(cancelled.json()).toMatchObject({ state: "cancelled", finishedAt: expect.any(String) });
    expect((await owner.caller.post(`/api/v1/jobs/${failed}/cancel`)).statusCode).toBe(409);
  });

  it("is for admins only, and API keys of admins", async () => {
    const owner = await signUp(t.app);
    const failed = await failPurge(owner);
    const member = await addMember(t.app, owner, "sales_rep");
    expect((await member.caller.get("/api/v1/jobs")).statusCode).toBe(403);
    expect((await member.caller.get("/api/v1/jobs/list")).statusCode).toBe(403);
    expect((await member.caller.post(`/api/v1/jobs/${failed}/retry`)).statusCode).toBe(403);
    const { caller: viewerKey } = await createApiKey(owner, "read_only");
    expect((await viewerKey.post(`/api/v1/jobs/${failed}/cancel`)).statusCode).toBe(403);
    const { caller: adminKey } = await createApiKey(owner, "admin");
    expect((await adminKey.post(`/api/v1/jobs/${failed}/retry`)).statusCode).toBe(200);
    expect((await t.app.inject({ method: "GET", url: "/api/v1/jobs" })).statusCode).toBe(401);
  });

  it("keeps each workspace's jobs, and system jobs, out of other workspaces", async () => {
    const owner = await signUp(t.app);
    for (const action of ["retry", "cancel"]) {
      await expectTenantIsolation(t.app, owner, {
        method: "POST",
        create: async (o) => `/api/v1/jobs/${await failPurge(o)}/${action}`,
      });
    }
    // The sweep queue keeps one waiting job: this one, or the one an earlier test enqueued.
    await t.jobs.enqueue(sweepTrashJob, {});
    const [sweep] = await queryRows<{ id: string }>(
      t.database,
      "select id from pgboss.job where name = 'trash.sweep'",
    );
    expect((await owner.caller.post(`/api/v1/jobs/${sweep!.id}/cancel`)).statusCode).toBe(404);
    const outsider = await signUp(t.app, { workspaceName: "Outsider" });
    expect((await outsider.caller.get("/api/v1/jobs/list")).json().data).toEqual([]);
  });
});
