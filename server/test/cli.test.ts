import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

const BIN = path.join(import.meta.dirname, "../bin/rapport.mjs");

type Result = { code: number | null; stdout: string; stderr: string };

function env(dataDir: string, extra: Record<string, string> = {}) {
  const { DATABASE_URL: _ignored, ...rest } = process.env;
  return { ...rest, RAPPORT_DATA_DIR: dataDir, LOG_LEVEL: "warn", ...extra };
}

function run(args: string[], dataDir: string, extra: Record<string, string> = {}): Promise<Result> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: env(dataDir, extra) });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** Starts `rapport serve` and resolves with its URL once it is listening. */
function serve(
  dataDir: string,
  extra: Record<string, string>,
): Promise<{ child: ChildProcess; url: string; exited: Promise<number | null> }> {
  const child = spawn(process.execPath, [BIN, "serve"], { env: env(dataDir, { PORT: "0", ...extra }) });
  const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (d) => {
      out += d;
      const match = /is running at (http:\/\/\S+)/.exec(out);
      if (match) resolve({ child, url: match[1]!, exited });
    });
    let err = "";
    child.stderr!.on("data", (d) => (err += d));
    void exited.then((code) => reject(new Error(`serve exited with ${code}: ${err}`)));
  });
}

const tempDir = () => mkdtempSync(path.join(tmpdir(), "rapport-cli-"));

// The commands run on an embedded data directory whatever database the tests are given (they are
// about the data directory: its lock, bootstrap, restart), so the PostgreSQL pass would only repeat
// this file word for word.
describe.skipIf(process.env.TEST_DATABASE_URL)("rapport CLI", () => {
  it("prints its version and refuses unknown commands", async () => {
    expect((await run(["version"], tempDir())).stdout.trim()).toBe("0.1.0");
    const unknown = await run(["frobnicate"], tempDir());
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown command 'frobnicate'");
  });

  it("creates a workspace for an operator and prints a reset link", async () => {
    const dir = tempDir();
    const created = await run(
      [
        "workspace",
        "create",
        "--name",
        "Tenant One",
        "--owner-email",
        "Ops@Example.com",
        "--owner-password",
        "operator passphrase",
        "--api-key",
        "tenant-one-key-0123456789",
      ],
      dir,
    );
    expect(created.stderr).toBe("");
    expect(created.code).toBe(0);
    const out = JSON.parse(created.stdout);
    expect(out).toMatchObject({ ownerEmail: "ops@example.com", apiKey: "tenant-one-key-0123456789" });
    expect(out.workspaceId).toMatch(/^[0-9a-f-]{36}$/);

    const missing = await run(["workspace", "create", "--name", "X"], dir);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("--owner-email, --owner-password");

    const reset = await run(["user", "reset-password", "ops@example.com"], dir);
    expect(reset.code).toBe(0);
    expect(reset.stdout).toMatch(/http:\/\/127\.0\.0\.1:3000\/reset-password\?token=\S{43}/);
    const nobody = await run(["user", "reset-password", "nobody@example.com"], dir);
    expect(nobody.code).toBe(2);
    expect(nobody.stderr).toContain("No account has the email nobody@example.com");
  }, 60_000);

  it("reports invalid configuration by variable name", async () => {
    const result = await run(["serve"], tempDir(), { PORT: "eighty" });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('PORT must be a whole number (got "eighty")');
  });

  it("runs separate workers only against PostgreSQL", async () => {
    const [worker, off] = await Promise.all([
      run(["worker"], tempDir()),
      run(["serve"], tempDir(), { RAPPORT_WORKERS: "off" }),
    ]);
    expect(worker.code).toBe(2);
    expect(worker.stderr).toContain("rapport worker needs DATABASE_URL");
    expect(off.code).toBe(2);
    expect(off.stderr).toContain("RAPPORT_WORKERS=off needs DATABASE_URL");
  });

  it("bootstraps headlessly, guards its data directory, and shuts down gracefully", async () => {
    const dir = tempDir();
    const apiKey = "bootstrap-key-0123456789abcdef";
    const server = await serve(dir, {
      RAPPORT_BOOTSTRAP_EMAIL: "admin@example.com",
      RAPPORT_BOOTSTRAP_PASSWORD: "bootstrap passphrase",
      RAPPORT_BOOTSTRAP_WORKSPACE: "Headless Co",
      RAPPORT_BOOTSTRAP_API_KEY: apiKey,
    });
    try {
      const workspace = await fetch(`${server.url}/api/v1/workspace`, {
        headers: { authorization: `Bearer ${apiKey}` },
      });
      expect(workspace.status).toBe(200);
      expect(((await workspace.json()) as { name: string }).name).toBe("Headless Co");
      const signIn = await fetch(`${server.url}/api/v1/auth/sign-in`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: "admin@example.com", password: "bootstrap passphrase" }),
      });
      expect(signIn.status).toBe(200);

      const busy = await run(["migrate"], dir);
      expect(busy.code).toBe(2);
      expect(busy.stderr).toContain("is in use by another Rapport process");
    } finally {
      server.child.kill("SIGTERM");
    }
    expect(await server.exited).toBe(0);
    expect(existsSync(path.join(dir, "rapport.lock"))).toBe(false);
    // The sign-in above is in the workspace's audit chain, which is intact.
    const verify = await run(["audit", "verify"], dir);
    expect(verify.stderr).toBe("");
    expect(verify.stdout).toMatch(/^[0-9a-f-]{36}: ok, 1 entries$/m);
    expect(verify.code).toBe(0);

    // A restart keeps the data and does not bootstrap twice.
    const again = await serve(dir, {
      RAPPORT_BOOTSTRAP_EMAIL: "someone-else@example.com",
      RAPPORT_BOOTSTRAP_PASSWORD: "bootstrap passphrase",
      RAPPORT_BOOTSTRAP_WORKSPACE: "Second",
    });
    try {
      const members = await fetch(`${again.url}/api/v1/members`, {
        headers: { authorization: `Bearer ${apiKey}` },
      });
      const body = (await members.json()) as { data: { email: string }[] };
      expect(body.data.map((m) => m.email)).toEqual(["admin@example.com"]);
    } finally {
      again.child.kill("SIGTERM");
    }
    expect(await again.exited).toBe(0);
  }, 90_000);
});
