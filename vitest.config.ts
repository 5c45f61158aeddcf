import { defineConfig } from "vitest/config";

// One runner for the whole repository: unit and integration tests per package, and browser tests.
export default defineConfig({
  test: {
    // Vitest's default is one worker fewer than the cores: one on the 2-core machines CI runs on.
    // Tests spend much of their time waiting on the database, so more finish sooner: two on the
    // embedded one (it computes in the worker), three against a PostgreSQL server (its own processes).
    maxWorkers: process.env.TEST_DATABASE_URL ? 3 : 2,
    projects: [
      {
        test: {
          name: "core",
          root: "core",
          include: ["src/**/*.test.ts"],
          environment: "node",
        },
      },
      {
        test: {
          name: "server",
          root: "server",
          include: ["src/**/*.test.ts", "test/**/*.test.ts"],
          environment: "node",
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: "web",
          root: "web",
          include: ["src/**/*.test.{ts,tsx}"],
          environment: "happy-dom",
          setupFiles: ["./src/test/setup.ts"],
          // user-event drives Mantine's comboboxes step by step; slow on a busy 2-core machine.
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: "browser",
          root: "web",
          include: ["e2e/**/*.e2e.ts"],
          environment: "node",
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // One Chromium at a time keeps a 2-core machine from thrashing.
          fileParallelism: false,
        },
      },
    ],
  },
});
