import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Validator } from "@seriousme/openapi-schema-validator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../test/index.ts";

let t: TestApp;
beforeAll(async () => {
  const webDir = mkdtempSync(path.join(tmpdir(), "rapport-web-"));
  mkdirSync(path.join(webDir, "assets"));
  writeFileSync(path.join(webDir, "index.html"), "<!doctype html><title>Rapport</title>");
  writeFileSync(path.join(webDir, "assets", "app-1a2b3c.js"), "console.log('app')");
  t = await createTestApp({ webDir, trustProxy: true });
});
afterAll(() => t.close());

describe("operations endpoints", () => {
  it("answers /healthz and /readyz", async () => {
    expect((await t.app.inject("/healthz")).json()).toEqual({ status: "ok" });
    const ready = await t.app.inject("/readyz");
    expect(ready.statusCode).toBe(200);
    expect(ready.json().status).toBe("ready");
  });

  it("exposes Prometheus metrics by route pattern, with database state", async () => {
    await t.app.inject("/api/v1/auth/session");
    const metrics = await t.app.inject("/metrics");
    expect(metrics.headers["content-type"]).toContain("text/plain");
    expect(metrics.body).toContain(
      'rapport_http_requests_total{method="GET",route="/api/v1/auth/session",status="401"}',
    );
    expect(metrics.body).toContain("rapport_http_request_duration_seconds_bucket");
    expect(metrics.body).toMatch(/rapport_db_connections\{state="total"\} \d+/);
  });
});

describe("HTTP conventions", () => {
  it("sends security headers, a strict script policy and a request id", async () => {
    const response = await t.app.inject({
      url: "/api/v1/auth/session",
      headers: { "x-request-id": "trace-123" },
    });
    const csp = String(response.headers["content-security-policy"]);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(response.headers["x-content-type-options"]).toBe("nosniff");
    expect(response.headers["x-request-id"]).toBe("trace-123");
    expect(response.json().requestId).toBe("trace-123");
    expect(response.headers["strict-transport-security"]).toBeUndefined();
  });

  it("adds HSTS behind a TLS-terminating proxy", async () => {
    const response = await t.app.inject({ url: "/healthz", headers: { "x-forwarded-proto": "https" } });
    expect(response.headers["strict-transport-security"]).toContain("max-age=");
  });

  it("answers unknown API paths with problem+json", async () => {
    const response = await t.app.inject("/api/v1/nothing-here");
    expect(response.statusCode).toBe(404);
    expect(response.headers["content-type"]).toContain("application/problem+json");
    expect(response.json()).toMatchObject({ status: 404, code: "not_found", title: "Not found" });
  });

  it("serves the web app: hashed assets cached for a year, every other page gets index.html", async () => {
    const asset = await t.app.inject("/assets/app-1a2b3c.js");
    expect(asset.statusCode).toBe(200);
    expect(asset.headers["cache-control"]).toContain("immutable");
    for (const url of ["/", "/contacts", "/settings/api-keys?x=1"]) {
      const page = await t.app.inject(url);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain("<title>Rapport</title>");
      expect(page.headers["cache-control"]).toBe("no-cache");
    }
    expect((await t.app.inject("/assets/missing.js")).statusCode).toBe(404);
  });
});

describe("OpenAPI", () => {
  it("is a valid OpenAPI 3.1 document whose every operation exists", async () => {
    const response = await t.app.inject("/api/openapi.json");
    expect(response.statusCode).toBe(200);
    const document = response.json();
    expect(document.openapi).toBe("3.1.0");
    const result = await new Validator().validate(document);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);

    const operations = Object.entries(document.paths as Record<string, Record<string, unknown>>).flatMap(
      ([url, methods]) => Object.keys(methods).map((method) => ({ url, method: method.toUpperCase() })),
    );
    expect(operations.length).toBeGreaterThanOrEqual(20);
    for (const { url, method } of operations) {
      const fastifyUrl = url.replace(/\{(\w+)\}/g, ":$1");
      expect(t.app.hasRoute({ url: fastifyUrl, method: method as "GET" }), `${method} ${url}`).toBe(true);
    }
    const signIn = document.paths["/api/v1/auth/sign-in"].post;
    expect(Object.keys(signIn.responses).sort()).toEqual(["200", "400", "401", "403", "429"]);
  });

  it("serves the docs page", async () => {
    const response = await t.app.inject("/api/docs/");
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain("swagger");
  });
});

describe("route declarations", () => {
  it("refuses an API route that does not state who may call it", async () => {
    const { default: Fastify } = await import("fastify");
    const { registerAuthentication } = await import("./authenticate.ts");
    const { default: fastifyCookie } = await import("@fastify/cookie");
    const bare = Fastify();
    await bare.register(fastifyCookie);
    registerAuthentication(bare, {
      session: async () => null,
      apiKey: async () => null,
      grants: async () => {
        throw new Error("no principal to resolve");
      },
    });
    expect(() => bare.get("/api/v1/undeclared", async () => "oops")).toThrow(/must declare config.access/);
    bare.get("/api/v1/declared", { config: { access: "public" } }, async () => "fine");
    expect((await bare.inject("/api/v1/declared")).body).toBe("fine");
  });
});
