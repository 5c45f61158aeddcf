import { mkdtempSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./config.ts";

const dataDir = () => mkdtempSync(path.join(tmpdir(), "rapport-config-"));

describe("loadConfig", () => {
  it("uses the documented defaults and generates a secret once", () => {
    const dir = dataDir();
    const config = loadConfig({ RAPPORT_DATA_DIR: dir });
    expect(config).toMatchObject({
      port: 3000,
      host: "127.0.0.1",
      databaseUrl: undefined,
      logLevel: "info",
      workers: true,
    });
    expect(config.publicUrl).toBe("http://127.0.0.1:3000");
    expect(config.secret.length).toBeGreaterThanOrEqual(32);
    expect(statSync(path.join(dir, "secret")).mode & 0o777).toBe(0o600);
    expect(loadConfig({ RAPPORT_DATA_DIR: dir }).secret).toBe(config.secret);
  });

  it("names every invalid variable with what it got", () => {
    let error: unknown;
    try {
      loadConfig({
        RAPPORT_DATA_DIR: dataDir(),
        PORT: "eighty",
        DATABASE_URL: "mysql://x",
        LOG_LEVEL: "loud",
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toContain('PORT must be a whole number (got "eighty")');
    expect(message).toContain("DATABASE_URL must be a postgres:// or postgresql:// URL");
    expect(message).toContain("LOG_LEVEL must be one of");
  });

  it("takes a given secret and refuses a short one", () => {
    expect(loadConfig({ RAPPORT_DATA_DIR: dataDir(), RAPPORT_SECRET: "s".repeat(40) }).secret).toBe(
      "s".repeat(40),
    );
    expect(() => loadConfig({ RAPPORT_DATA_DIR: dataDir(), RAPPORT_SECRET: "short" })).toThrow(
      /RAPPORT_SECRET must be at least 32/,
    );
  });

  it("wants all three bootstrap variables or none", () => {
    expect(() => loadConfig({ RAPPORT_DATA_DIR: dataDir(), RAPPORT_BOOTSTRAP_EMAIL: "a@b.co" })).toThrow(
      /all three/,
    );
    const config = loadConfig({
      RAPPORT_DATA_DIR: dataDir(),
      RAPPORT_BOOTSTRAP_EMAIL: "a@b.co",
      RAPPORT_BOOTSTRAP_PASSWORD: "long enough password",
      RAPPORT_BOOTSTRAP_WORKSPACE: "Ops",
    });
    expect(config.bootstrap).toMatchObject({ email: "a@b.co", workspace: "Ops", apiKey: undefined });
  });

  it("runs workers in the server unless RAPPORT_WORKERS=off, which needs PostgreSQL", () => {
    const pg = { RAPPORT_DATA_DIR: dataDir(), DATABASE_URL: "postgres://db/rapport" };
    expect(loadConfig(pg).workers).toBe(true);
    expect(loadConfig({ ...pg, RAPPORT_WORKERS: "off" }).workers).toBe(false);
    expect(() => loadConfig({ ...pg, RAPPORT_WORKERS: "no" })).toThrow(/RAPPORT_WORKERS must be on or off/);
    expect(() => loadConfig({ RAPPORT_DATA_DIR: dataDir(), RAPPORT_WORKERS: "off" })).toThrow(
      /RAPPORT_WORKERS=off needs DATABASE_URL/,
    );
  });
});
