import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { FastifyInstance } from "fastify";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../src/app.ts";
import { appBackground } from "../src/jobs.ts";
import { openPostgres } from "../src/platform/db/client.ts";
import type { Database } from "../src/platform/db/index.ts";
import { migrate } from "../src/platform/db/migrate.ts";
import { JobQueue } from "../src/platform/jobs/queue.ts";
import { createLogger } from "../src/platform/log.ts";
import { testConfig } from "./app.ts";
import { Caller, signUp } from "./client.ts";
import { queryRows } from "./database.ts";
import { Receiver, until } from "./receiver.ts";

const serverUrl = process.env.TEST_DATABASE_URL;
const MAIN = path.join(import.meta.dirname, "../src/main.ts");
const CONTACTS = 16;
const UPDATES = 3;
const dataDir = mkdtempSync(path.join(tmpdir(), "rapport-webhooks-"));

type Worker = { child: ChildProcess; exited: Promise<number | null> };

/** `rapport worker` as its own process; resolves once it runs. */
function startWorker(url: string): Promise<Worker> {
  const child = spawn(process.execPath, ["--import", "tsx", MAIN, "worker"], {
    env: {
      ...process.env,
      DATABASE_URL: url,
      LOG_LEVEL: "warn",
      RAPPORT_DATA_DIR: dataDir,
      RAPPORT_ALLOW_PRIVATE_WEBHOOKS: "true",
    },
    cwd: path.join(import.meta.dirname, ".."),
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    let out = "";
    let err = "";
    child.stdout!.on("data", (d) => {
      out += d;
      if (out.includes("worker is running")) resolve({ child, exited });
    });
    child.stderr!.on("data", (d) => (err += d));
    void exited.then((code) => reject(new Error(`worker exited with ${code}: ${err}`)));
  });
}

/** `rapport serve` with RAPPORT_WORKERS=off, in this process on a pool of its own. */
async function startServer(url: string) {
  const config = testConfig({ databaseUrl: url, workers: false });
  const database = openPostgres(url, { max: 4 });
  const log = createLogger("silent");
  const jobs = new JobQueue({ database, log, ...appBackground(config) });
  await jobs.start({ workers: false });
  const app = await buildApp({ config, database, log, jobs });
  await app.ready();
  return {
    app,
    async close() {
      await app.close();
      await jobs.stop();
      await database.close();
    },
  };
}

// Several processes on one database: PGlite belongs to one process, so this needs PostgreSQL.
describe.skipIf(!serverUrl)("webhooks scaled out (PostgreSQL only)", () => {
  const name = `rapport_hooks_${randomBytes(5).toString("hex")}`;
  let url: string;
  let database: Database;
  const workers: Worker[] = [];
  const servers: { app: FastifyInstance; close(): Promise<void> }[] = [];
  const receiver = new Receiver();

  beforeAll(async () => {
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const u = new URL(serverUrl!);
    u.pathname = `/${name}`;
    url = u.toString();
    database = openPostgres(url, { max: 2 });
    await database.withConnection(migrate);
    await receiver.start();
  });

  afterAll(async () => {
    for (const w of workers) w.child.kill("SIGKILL");
    for (const s of servers) await s.close();
    await receiver.stop();
    await database?.close();
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  });

  it("two workers and two servers: no event delivered twice by event id, none missing, in order per record", async () => {
    servers.push(await startServer(url), await startServer(url));
    workers.push(...(await Promise.all([startWorker(url), startWorker(url)])));
    const [a, b] = servers as [(typeof servers)[0], (typeof servers)[0]];
    const owner = await signUp(a.app);
    const callers = [owner.caller, new Caller(b.app, owner.caller.auth)];
    const hook = await owner.caller.post("/api/v1/webhooks", {
      url: receiver.url,
      events: ["contact.created", "contact.updated"],
    });
    expect(hook.statusCode, hook.body).toBe(201);

    // Writes through both servers at once, so events of different records commit out of seq order.
    const ids = await Promise.all(
      Array.from({ length: CONTACTS }, async (_, i) => {
        const created = await callers[i % 2]!.post("/api/v1/contacts", { firstName: `Contact ${i}` });
        expect(created.statusCode, created.body).toBe(201);
        return created.json().id as string;
      }),
    );
    for (let round = 1; round <= UPDATES; round++) {
      await Promise.all(
        ids.map(async (id, i) => {
          const updated = await callers[(i + round) % 2]!.patch(`/api/v1/contacts/${id}`, {
            jobTitle: `Title ${round}`,
          });
          expect(updated.statusCode, updated.body).toBe(200);
        }),
      );
    }
    const total = CONTACTS * (1 + UPDATES);
    await until(() => receiver.received.length >= total, 30_000, `${total} deliveries`);
    // Anything delivered twice would arrive about now.
    await new Promise((r) => setTimeout(r, 1500));

    const events = await queryRows<{ id: string; record_id: string }>(
      database,
      "select id, record_id from outbox_events where workspace_id = $1 order by seq",
      [owner.session.workspace.id],
    );
    expect(events).toHaveLength(total);
    const receivedIds = receiver.received.map((r) => r.eventId);
    expect(receivedIds).toHaveLength(total);
    expect([...receivedIds].sort()).toEqual(events.map((e) => e.id).sort());
    for (const id of ids) {
      expect(receiver.received.filter((r) => r.event.recordId === id).map((r) => r.eventId)).toEqual(
        events.filter((e) => e.record_id === id).map((e) => e.id),
      );
    }
  }, 60_000);
});
