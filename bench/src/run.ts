// Benchmarks, not tests: each reports latency percentiles and throughput beside raw SQL doing the
// same work through the same driver in the same run. PGlite always; PostgreSQL when
// BENCH_DATABASE_URL names a server. The seeded workspace is kept between runs. Each group's
// modules load when it runs: the import's peak RSS then counts what a server holds, not the browser
// driver of the UI group.
//   BENCH_CONTACTS  contacts in the seeded workspace (default 1,000,000)
//   BENCH_N         requests per measured operation (default 500)
//   BENCH_ONLY      "auth", "records", "search", "export", "import", "jobs", "webhooks" or "ui" to run one group
//   BENCH_UI_CONTACTS  contacts in the workspace the web app is measured on (default 100,000)
//   BENCH_IMPORT_ROWS  CSV rows imported by the import benchmark (default 1,000,000)
//   BENCH_IMPORT_OBJECT  what the import benchmark imports: contacts (default) or companies
//   BENCH_TARGETS   "pglite", "postgres" or both (default), comma-separated
const contacts = Number(process.env.BENCH_CONTACTS ?? 1_000_000);
const n = Number(process.env.BENCH_N ?? 500);
const only = process.env.BENCH_ONLY;

if (!only || only === "auth") {
  const { authBenchmark } = await import("./auth.bench.ts");
  await authBenchmark({ n, workspaces: 2000, databaseUrl: undefined });
  if (process.env.BENCH_DATABASE_URL)
    await authBenchmark({ n, workspaces: 2000, databaseUrl: process.env.BENCH_DATABASE_URL });
}
if (!only || only === "records") {
  const { recordsBenchmark, targets } = await import("./records.bench.ts");
  const wanted = new Set((process.env.BENCH_TARGETS ?? "pglite,postgres").split(","));
  for (const target of targets(contacts, wanted)) await recordsBenchmark(target, { contacts, n });
}
if (!only || only === "search") {
  const { searchBenchmark } = await import("./search.bench.ts");
  const { targets } = await import("./records.bench.ts");
  const wanted = new Set((process.env.BENCH_TARGETS ?? "pglite,postgres").split(","));
  for (const target of targets(contacts, wanted)) await searchBenchmark(target, { contacts, n });
}
if (!only || only === "export") {
  const { exportBenchmark } = await import("./export.bench.ts");
  const { targets } = await import("./records.bench.ts");
  const wanted = new Set((process.env.BENCH_TARGETS ?? "pglite,postgres").split(","));
  for (const target of targets(contacts, wanted)) await exportBenchmark(target, { contacts });
}
if (!only || only === "jobs") {
  const { jobsBenchmark, jobTargets } = await import("./jobs.bench.ts");
  const wanted = new Set((process.env.BENCH_TARGETS ?? "pglite,postgres").split(","));
  for (const target of jobTargets(wanted)) await jobsBenchmark(target, { n });
}
if (!only || only === "webhooks") {
  const { webhooksBenchmark } = await import("./webhooks.bench.ts");
  const { jobTargets } = await import("./jobs.bench.ts");
  const wanted = new Set((process.env.BENCH_TARGETS ?? "pglite,postgres").split(","));
  for (const target of jobTargets(wanted)) await webhooksBenchmark(target, { n });
}
if (!only || only === "ui") {
  const { uiBenchmark } = await import("./ui.bench.ts");
  const { targets } = await import("./records.bench.ts");
  // The web app in Chromium over a workspace of the size the issue names: 100,000 contacts.
  const uiContacts = Number(process.env.BENCH_UI_CONTACTS ?? 100_000);
  const wanted = new Set((process.env.BENCH_TARGETS ?? "pglite,postgres").split(","));
  for (const target of targets(uiContacts, wanted))
    await uiBenchmark(target, { contacts: uiContacts, seconds: 4 });
}
if (!only || only === "import") {
  const { importBenchmark, importTargets } = await import("./import.bench.ts");
  const wanted = new Set((process.env.BENCH_TARGETS ?? "pglite,postgres").split(","));
  const rows = Number(process.env.BENCH_IMPORT_ROWS ?? 1_000_000);
  const object = process.env.BENCH_IMPORT_OBJECT === "companies" ? "companies" : "contacts";
  for (const target of importTargets(wanted)) await importBenchmark(target, { rows, object });
}
if (!process.env.BENCH_DATABASE_URL) {
  console.log("\n(Set BENCH_DATABASE_URL=postgres://… to run the same benchmarks on a PostgreSQL server.)");
}

// A module, for the top-level awaits above; it exports nothing.
export {};
