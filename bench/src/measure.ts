import { performance } from "node:perf_hooks";

export type Measurement = {
  name: string;
  p50: number;
  p95: number;
  p99: number;
  perSecond: number;
  n: number;
};

/** Runs `operation` `n` times one after another (after a warm-up) and reports latency percentiles in ms. */
export async function measure(
  name: string,
  n: number,
  operation: (i: number) => Promise<unknown>,
): Promise<Measurement> {
  for (let i = 0; i < Math.min(100, n / 10); i++) await operation(i);
  const samples: number[] = [];
  const started = performance.now();
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await operation(i);
    samples.push(performance.now() - t0);
  }
  const elapsed = (performance.now() - started) / 1000;
  samples.sort((a, b) => a - b);
  const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))]!;
  return { name, p50: at(0.5), p95: at(0.95), p99: at(0.99), perSecond: n / elapsed, n };
}

/** Prints API figures beside the same work done in raw SQL, with the p50 ratio. */
export function printTable(title: string, rows: { api: Measurement; sql: Measurement | undefined }[]) {
  const f = (x: number) => x.toFixed(2).padStart(8);
  console.log(`\n${title}`);
  console.log(
    `${"operation".padEnd(44)} ${"p50 ms".padStart(8)} ${"p95 ms".padStart(8)} ${"p99 ms".padStart(8)} ${"req/s".padStart(8)} | ${"SQL p50".padStart(8)} ${"SQL p95".padStart(8)} ${"ratio".padStart(6)}`,
  );
  for (const { api, sql } of rows) {
    const ratio = sql ? (api.p50 / sql.p50).toFixed(1).padStart(6) : "     —";
    console.log(
      `${api.name.padEnd(44)} ${f(api.p50)} ${f(api.p95)} ${f(api.p99)} ${api.perSecond.toFixed(0).padStart(8)} | ${sql ? f(sql.p50) : "       —"} ${sql ? f(sql.p95) : "       —"} ${ratio}`,
    );
  }
}
