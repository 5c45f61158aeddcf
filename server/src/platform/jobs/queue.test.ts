import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { createTestDatabase, queryRows } from "../../../test/database.ts";
import type { Database } from "../db/index.ts";
import { createLogger } from "../log.ts";
import { defineJob } from "./job.ts";
import { JobQueue } from "./queue.ts";

type JobRow = { id: string; name: string; state: string; retry_count: number; output: unknown };

/** Polls every 25 ms until `check` passes or `ms` elapse (then fails with its last error). */
async function eventually(check: () => Promise<void>, ms = 10_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 25));
    }
  }
}

const seen: string[] = [];
const echo = defineJob({
  name: "test.echo",
  description: "A test job",
  scope: "workspace",
  payload: z.object({ workspaceId: z.string(), text: z.string() }),
  concurrency: 2,
  handler: async ({ text }) => {
    seen.push(text);
    return { echoed: text };
  },
});
let failures = 0;
const flaky = defineJob({
  name: "test.flaky",
  description: "A test job",
  scope: "system",
  payload: z.object({ failTimes: z.number() }),
  retryLimit: 1,
  retryDelaySeconds: 0,
  retryBackoff: false,
  handler: async ({ failTimes }, { attempt }) => {
    if (attempt <= failTimes) {
      failures++;
      throw new Error(`attempt ${attempt} failed on purpose`);
    }
    return { attempt };
  },
});
let housekeeping = 0;
const daily = defineJob({
  name: "test.daily",
  description: "A test job",
  scope: "system",
  payload: z.object({}),
  policy: "short",
  cron: { schedule: "17 3 * * *", payload: {}, atStart: { onceInSeconds: 3600 } },
  handler: async () => {
    housekeeping++;
    return undefined;
  },
});
const idle = defineJob({
  name: "test.idle",
  description: "A test job",
  scope: "system",
  payload: z.object({ n: z.number() }),
  policy: "short",
  handler: async () => undefined,
});

describe("job queue", () => {
  let database: Database;
  let queue: JobQueue;
  const jobs = (name: string) =>
    queryRows<JobRow>(
      database,
      "select id, name, state, retry_count, output from pgboss.job where name = $1 order by created_on",
      [name],
    );

  beforeAll(async () => {
    database = await createTestDatabase();
    queue = new JobQueue({ database, log: createLogger("silent"), definitions: [echo, flaky, idle, daily] });
    await queue.start({ workers: true });
  });
  afterAll(async () => {
    await queue?.stop();
    await database?.close();
  });

  it("runs a cron job with `atStart` when a worker starts, once per its window", async () => {
    await eventually(async () => expect(housekeeping).toBe(1));
    // Another worker process starting within the hour does not run it again.
    const second = new JobQueue({ database, log: createLogger("silent"), definitions: [daily] });
    await second.start({ workers: true });
    await second.stop();
    expect((await jobs("test.daily")).length).toBe(1);
    expect(housekeeping).toBe(1);
  });

  it("runs an enqueued job and keeps its output", async () => {
    const id = await queue.enqueue(echo, { workspaceId: "w1", text: "hello" });
    await eventually(async () => {
      const [row] = (await jobs("test.echo")).filter((j) => j.id === id);
      expect(row).toMatchObject({ state: "completed", output: { echoed: "hello" } });
    });
    expect(seen).toContain("hello");
  });

  it("retries a failing job, and one that keeps failing ends failed with its error", async () => {
    const recovers = await queue.enqueue(flaky, { failTimes: 1 });
    const fails = await queue.enqueue(flaky, { failTimes: 5 });
    await eventually(async () => {
      const rows = await jobs("test.flaky");
      expect(rows.find((j) => j.id === recovers)).toMatchObject({ state: "completed", retry_count: 1 });
      expect(rows.find((j) => j.id === fails)).toMatchObject({
        state: "failed",
        retry_count: 1,
        output: { message: "attempt 2 failed on purpose" },
      });
    });
    expect(failures).toBe(3);
  });

  it("writes a job in the caller's transaction: gone with a rollback, kept with a commit", async () => {
    await queue.stop();
    await queue.start({ workers: false });
    await expect(
      database.db.transaction(async (tx) => {
        await queue.enqueue(idle, { n: 1 }, { tx });
        await tx.execute(sql`select 1`);
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    expect(await jobs("test.idle")).toHaveLength(0);
    const id = await database.db.transaction((tx) => queue.enqueue(idle, { n: 2 }, { tx }));
    expect(await jobs("test.idle")).toEqual([expect.objectContaining({ id, state: "created" })]);
  });

  it("keeps one waiting job per singleton key on a short queue", async () => {
    const first = await queue.enqueue(idle, { n: 3 }, { singletonKey: "k" });
    const duplicate = await queue.enqueue(idle, { n: 4 }, { singletonKey: "k" });
    const other = await queue.enqueue(idle, { n: 5 }, { singletonKey: "other" });
    expect(first).toBeTruthy();
    expect(duplicate).toBeNull();
    expect(other).toBeTruthy();
  });

  it("refuses a payload its schema rejects, and a workspace job without a workspace", async () => {
    await expect(queue.enqueue(idle, { n: "x" } as never)).rejects.toThrow();
    await expect(queue.enqueue(echo, { text: "no workspace" } as never)).rejects.toThrow();
  });

  it("retries and cancels by id", async () => {
    const [failed] = (await jobs("test.flaky")).filter((j) => j.state === "failed");
    expect(await queue.retry("test.flaky", failed!.id)).toBe(true);
    expect(await queue.retry("test.flaky", failed!.id)).toBe(false);
    const [waiting] = (await jobs("test.idle")).filter((j) => j.state === "created");
    expect(await queue.cancel("test.idle", waiting!.id)).toBe(true);
    expect(await queue.cancel("test.idle", waiting!.id)).toBe(false);
  });
});
