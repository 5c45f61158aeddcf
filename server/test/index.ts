export { timeStep, totpCode } from "../src/platform/auth/totp.ts";
export { createTestApp, startTestServer, type TestApp, testConfig } from "./app.ts";
export * from "./client.ts";
export { createTestDatabase, queryRows } from "./database.ts";
export * from "./imports.ts";
export { expectTenantIsolation } from "./isolation.ts";
export { insertFailedJob } from "./jobs.ts";
export { type Received, Receiver, until } from "./receiver.ts";
