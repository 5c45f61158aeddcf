import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createTestApp,
  queryRows,
  type SignedIn,
  signIn,
  signUp,
  type TestApp,
  testConfig,
} from "../../../test/index.ts";
import { buildApp } from "../../app.ts";
import { appBackground } from "../../jobs.ts";
import { openPostgres } from "../../platform/db/client.ts";
import type { Database } from "../../platform/db/index.ts";
import { JobQueue } from "../../platform/jobs/queue.ts";
import { createLogger } from "../../platform/log.ts";

type StreamEvent = { event: string; data: unknown };

/** A server-sent event stream read the way EventSource does; `next` waits for the next event. */
async function openStream(baseUrl: string, who: SignedIn | null) {
  const controller = new AbortController();
  const response = await fetch(`${baseUrl}/api/v1/notifications/stream`, {
    headers:
      who && "cookie" in (who.caller.auth ?? {})
        ? { cookie: (who.caller.auth as { cookie: string }).cookie }
        : {},
    signal: controller.signal,
  });
  const events: StreamEvent[] = [];
  const waiters: (() => void)[] = [];
  let ended = false;
  let buffer = "";
  const reader = response.body?.getReader();
  const decoder = new TextDecoder();
  void (async () => {
    try {
      for (;;) {
        const chunk = await reader?.read();
        if (!chunk || chunk.done) break;
        buffer += decoder.decode(chunk.value, { stream: true });
        let end = buffer.indexOf("\n\n");
        while (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (event && data) events.push({ event, data: JSON.parse(data) });
          end = buffer.indexOf("\n\n");
        }
        for (const wake of waiters.splice(0)) wake();
      }
    } catch {
      // Aborted by close().
    }
    ended = true;
    for (const wake of waiters.splice(0)) wake();
  })();
  return {
    response,
    async next(timeoutMs = 10_000): Promise<StreamEvent> {
      const deadline = Date.now() + timeoutMs;
      while (events.length === 0) {
        if (ended) throw new Error("the stream ended");
        if (Date.now() > deadline) throw new Error("no event arrived in time");
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 200);
        });
      }
      return events.shift()!;
    },
    close: () => controller.abort(),
  };
}

async function listen(app: FastifyInstance) {
  await app.listen({ port: 0, host: "127.0.0.1" });
  const address = app.server.address();
  if (!address || typeof address === "string") throw new Error("no TCP port");
  return `http://127.0.0.1:${address.port}`;
}

let t: TestApp;
let url: string;
beforeAll(async () => {
  t = await createTestApp({ workers: true });
  url = await listen(t.app);
});
afterAll(() => t.close());

const pastReminder = () => new Date(Date.now() - 60_000).toISOString();

describe("notification stream", () => {
  it("pushes a new notification and its reading to the user's stream, and only theirs", async () => {
    const owner = await signUp(t.app);
    const stranger = await signUp(t.app);
    const mine = await openStream(url, owner);
    const theirs = await openStream(url, stranger);
    expect(mine.response.status).toBe(200);
    expect(mine.response.headers.get("content-type")).toContain("text/event-stream");

    const task = (
      await owner.caller.post("/api/v1/tasks", { title: "Ring Bea", remindAt: pastReminder() })
    ).json();
    const pushed = await mine.next();
    expect(pushed).toMatchObject({
      event: "notification",
      data: {
        kind: "task.reminder",
        title: "Ring Bea",
        record: { object: "task", id: task.id },
        readAt: null,
      },
    });
    const id = (pushed.data as { id: string }).id;
    await owner.caller.post(`/api/v1/notifications/${id}/read`);
    expect(await mine.next()).toEqual({ event: "read", data: { ids: [id] } });
    await owner.caller.post(`/api/v1/tasks`, { title: "Another", remindAt: pastReminder() });
    expect((await mine.next()).event).toBe("notification");
    await owner.caller.post("/api/v1/notifications/read-all");
    expect(await mine.next()).toEqual({ event: "read", data: { ids: "all" } });
    await expect(theirs.next(500)).rejects.toThrow("no event arrived in time");
    mine.close();
    theirs.close();
  });

  it("ends when its session signs out, leaving the user's other sessions streaming", async () => {
    const owner = await signUp(t.app);
    const elsewhere = await signIn(t.app, owner.email);
    const leaving = await openStream(url, owner);
    const staying = await openStream(url, elsewhere);
    expect((await owner.caller.post("/api/v1/auth/sign-out")).statusCode).toBe(204);
    await expect(leaving.next()).rejects.toThrow("the stream ended");
    await elsewhere.caller.post("/api/v1/tasks", { title: "Still here", remindAt: pastReminder() });
    expect(await staying.next()).toMatchObject({ event: "notification", data: { title: "Still here" } });
    staying.close();
  });

  it("refuses a caller without a session", async () => {
    const stream = await openStream(url, null);
    expect(stream.response.status).toBe(401);
    stream.close();
  });

  // Several server processes: each LISTENs on PostgreSQL, so a notification created through one
  // reaches a stream held by another. PGlite is one process's embedded database: nothing to cross.
  it.skipIf(!process.env.TEST_DATABASE_URL)(
    "reaches a stream held by another server process on the same PostgreSQL",
    async () => {
      const [row] = await queryRows<{ name: string }>(t.database, "select current_database() as name");
      const name = row!.name;
      const databaseUrl = new URL(process.env.TEST_DATABASE_URL!);
      databaseUrl.pathname = `/${name}`;
      const other: Database = openPostgres(databaseUrl.toString(), { max: 2 });
      const config = testConfig();
      const log = createLogger(config.logLevel);
      const jobs = new JobQueue({ database: other, log, ...appBackground(config) });
      await jobs.start({ workers: false });
      const secondApp = await buildApp({ config, database: other, log, jobs });
      try {
        const secondUrl = await listen(secondApp);
        const owner = await signUp(t.app);
        const stream = await openStream(secondUrl, owner);
        expect(stream.response.status).toBe(200);
        // Written through the first app, whose worker delivers the alert.
        await owner.caller.post("/api/v1/tasks", { title: "Across processes", remindAt: pastReminder() });
        expect(await stream.next()).toMatchObject({
          event: "notification",
          data: { title: "Across processes" },
        });
        stream.close();
      } finally {
        await secondApp.close();
        await jobs.stop();
        await other.close();
      }
    },
  );
});
