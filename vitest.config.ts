import { defineConfig } from "vitest/config";

// One runner for the whole repository: unit and integration tests per package, and browser tests.
export default defineConfig({
  test: {
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
          // Files share one module graph: each file still opens its own database and app, and no
          // test mocks a module. Importing the server afresh for every file was half the run's time
          // (a 14-file sample: 206 s isolated, 112 s shared).
          isolate: false,
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
          // As the server files: each file starts its own server and browser, on modules loaded once.
          isolate: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // One Chromium at a time keeps a 2-core machine from thrashing.
          fileParallelism: false,
        },
      },
    ],
  },
});
