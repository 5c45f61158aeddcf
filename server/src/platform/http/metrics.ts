import type { FastifyInstance } from "fastify";
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import type { Database } from "../db/index.ts";

/** Prometheus metrics at /metrics: requests by route, latency histograms, database pool state. */
export function registerMetrics(app: FastifyInstance, database: Database) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "rapport_" });
  const labelNames = ["method", "route", "status"] as const;
  const requests = new Counter({
    name: "rapport_http_requests_total",
    help: "HTTP requests by method, route pattern and status code",
    labelNames,
    registers: [registry],
  });
  const latency = new Histogram({
    name: "rapport_http_request_duration_seconds",
    help: "HTTP request latency by method, route pattern and status code",
    labelNames,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  new Gauge({
    name: "rapport_db_connections",
    help: "Database connections by state",
    labelNames: ["state"],
    registers: [registry],
    collect() {
      const stats = database.poolStats();
      this.set({ state: "total" }, stats.total);
      this.set({ state: "idle" }, stats.idle);
      this.set({ state: "waiting" }, stats.waiting);
    },
  });
  new Gauge({
    name: "rapport_db_info",
    help: "Which database Rapport runs on (1 for the active kind)",
    labelNames: ["kind"],
    registers: [registry],
  }).set({ kind: database.kind }, 1);

  app.addHook("onResponse", async (request, reply) => {
    const route = request.routeOptions.url ?? "unmatched";
    const labels = { method: request.method, route, status: String(reply.statusCode) };
    requests.inc(labels);
    latency.observe(labels, reply.elapsedTime / 1000);
  });

  app.get("/metrics", { schema: { hide: true } }, async (_request, reply) => {
    reply.type(registry.contentType);
    return registry.metrics();
  });
}
