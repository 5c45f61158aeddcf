import path from "node:path";
import type { FastifyInstance } from "fastify";
import { buildApp } from "../src/app.ts";
import type { Config } from "../src/platform/config.ts";
import type { Database } from "../src/platform/db/index.ts";
import { createLogger } from "../src/platform/log.ts";
import { createTestDatabase } from "./database.ts";

export type TestApp = { app: FastifyInstance; database: Database; config: Config; close(): Promise<void> };

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
    logLevel: (process.env.TEST_LOG_LEVEL as Config["logLevel"] | undefined) ?? "silent",
    bootstrap: undefined,
    ...overrides,
  };
}

/** The whole HTTP app on its own fresh database, for `app.inject` tests. */
export async function createTestApp(overrides: Partial<Config> = {}): Promise<TestApp> {
  const config = testConfig(overrides);
  const database = await createTestDatabase();
  const app = await buildApp({ config, database, log: createLogger(config.logLevel) });
  await app.ready();
  return {
    app,
    database,
    config,
    async close() {
      await app.close();
      await database.close();
    },
  };
}

/** A real server on a random port (for browser tests), serving the built web app. */
export async function startTestServer(): Promise<{ url: string; close(): Promise<void> }> {
  const testApp = await createTestApp();
  await testApp.app.listen({ port: 0, host: "127.0.0.1" });
  const address = testApp.app.server.address();
  if (!address || typeof address === "string") throw new Error("server did not bind a TCP port");
  const url = `http://127.0.0.1:${address.port}`;
  testApp.config.publicUrl = url;
  return { url, close: () => testApp.close() };
}
