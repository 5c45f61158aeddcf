import path from "node:path";
import type { FastifyInstance } from "fastify";
import { buildApp } from "../src/app.ts";
import { appBackground, type Background } from "../src/jobs.ts";
import type { Config } from "../src/platform/config.ts";
import type { Database } from "../src/platform/db/index.ts";
import { JobQueue } from "../src/platform/jobs/queue.ts";
import { createLogger } from "../src/platform/log.ts";
import { createTestDatabase } from "./database.ts";

export type TestApp = {
  app: FastifyInstance;
  database: Database;
  config: Config;
  jobs: JobQueue;
  close(): Promise<void>;
};

export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    port: 0,
    host: "127.0.0.1",
    dataDir: "/nonexistent",
    databaseUrl: process.env.TEST_DATABASE_URL,
    secret: "test-secret-test-secret-test-secret-0123",
    publicUrl: "http://rapport.test",
    trustProxy: false,
    webDir: path.join(import.meta.dirname, "../../web/dist"),
    // Tests enqueue and read jobs but run none unless they ask (`createTestApp({ workers: true })`),
    // so no polling loop outlives a test or races its assertions.
    workers: false,
    logLevel: (process.env.TEST_LOG_LEVEL as Config["logLevel"] | undefined) ?? "silent",
    bootstrap: undefined,
    // Tests deliver webhooks to receivers on 127.0.0.1.
    allowPrivateWebhooks: true,
    ...overrides,
  };
}

/** The whole HTTP app on its own fresh database, for `app.inject` tests. */
export async function createTestApp(
  overrides: Partial<Config> = {},
  background: (config: Config) => Background = (config) => appBackground(config),
): Promise<TestApp> {
  const config = testConfig(overrides);
  const database = await createTestDatabase();
  const log = createLogger(config.logLevel);
  const jobs = new JobQueue({ database, log, ...background(config) });
  await jobs.start({ workers: config.workers });
  const app = await buildApp({ config, database, log, jobs });
  await app.ready();
  return {
    app,
    database,
    config,
    jobs,
    async close() {
      await app.close();
      await jobs.stop();
      await database.close();
    },
  };
}

/**
 * A real server on a random port (for browser tests), serving the built web app; with
 * `{ workers: true }` it also runs the background jobs (task reminders, for one).
 */
export async function startTestServer(overrides: Partial<Config> = {}): Promise<{
  url: string;
  database: Database;
  close(): Promise<void>;
}> {
  const testApp = await createTestApp(overrides);
  await testApp.app.listen({ port: 0, host: "127.0.0.1" });
  const address = testApp.app.server.address();
  if (!address || typeof address === "string") throw new Error("server did not bind a TCP port");
  const url = `http://127.0.0.1:${address.port}`;
  testApp.config.publicUrl = url;
  return { url, database: testApp.database, close: () => testApp.close() };
}
