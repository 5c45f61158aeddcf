import { authBenchmark } from "./auth.bench.ts";

// Benchmarks, not tests: each reports latency percentiles and throughput beside raw SQL doing the
// same work through the same driver in the same run. PGlite always; PostgreSQL when
// BENCH_DATABASE_URL names a server (each run creates and drops its own database).
// BENCH_N requests per operation; BENCH_WORKSPACES tenants seeded beside the measured one.
const n = Number(process.env.BENCH_N ?? 2000);
const workspaces = Number(process.env.BENCH_WORKSPACES ?? 2000);

await authBenchmark({ n, workspaces, databaseUrl: undefined });
if (process.env.BENCH_DATABASE_URL) {
  await authBenchmark({ n, workspaces, databaseUrl: process.env.BENCH_DATABASE_URL });
} else {
  console.log("\n(Set BENCH_DATABASE_URL=postgres://… to run the same benchmarks on a PostgreSQL server.)");
}
