import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

const BIN = path.join(import.meta.dirname, "../../../bin/rapport.mjs");

function run(
  args: string[],
  dataDir: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const { DATABASE_URL: _ignored, ...env } = process.env;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { ...env, RAPPORT_DATA_DIR: dataDir, LOG_LEVEL: "warn" },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

// On an embedded data directory whatever database the tests are given: the PostgreSQL pass would
// only repeat it (the import itself runs through the service the API tests cover on both).
describe.skipIf(process.env.TEST_DATABASE_URL)("rapport import", () => {
  it("dry-runs then imports contacts and companies into the only workspace, through the same code as the API", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "rapport-import-"));
    const file = path.join(dir, "people.csv");
    writeFileSync(
      file,
      "First Name;Last Name;E-mail Address\nAda;Lovelace;ada@example.com\nBob;;not-an-email\n",
    );
    const dataDir = path.join(dir, "data");
    const created = await run(
      [
        "workspace",
        "create",
        "--name",
        "Acme",
        "--owner-email",
        "o@example.com",
        "--owner-password",
        "correct horse battery staple",
      ],
      dataDir,
    );
    expect(created.code, created.stderr).toBe(0);

    const dry = await run(["import", file, "--object", "contacts", "--dry-run"], dataDir);
    expect(dry.code, dry.stderr).toBe(0);
    expect(JSON.parse(dry.stdout).dryRun).toMatchObject({ rows: 2, created: 1, rejected: 1 });

    const real = await run(["import", file, "--object", "contacts"], dataDir);
    expect(real.code, real.stderr).toBe(0);
    expect(JSON.parse(real.stdout)).toMatchObject({ status: "completed", created: 1, rejected: 1 });

    const again = await run(["import", file, "--policy", "skip"], dataDir);
    expect(JSON.parse(again.stdout)).toMatchObject({
      status: "completed",
      created: 0,
      skipped: 1,
      rejected: 1,
    });

    // Companies, matched on their domain: the second run of the same file skips what the first made.
    const accounts = path.join(dir, "accounts.csv");
    writeFileSync(
      accounts,
      "Account Name,Website,Employees\nAcme Corp,https://www.acme.com,1200\nGlobex,globex.com,lots\n",
    );
    const companies = await run(["import", accounts, "--object", "companies"], dataDir);
    expect(companies.code, companies.stderr).toBe(0);
    expect(JSON.parse(companies.stdout)).toMatchObject({ status: "completed", created: 1, rejected: 1 });
    const rerun = await run(["import", accounts, "--object", "companies", "--dry-run"], dataDir);
    expect(JSON.parse(rerun.stdout).dryRun).toMatchObject({ rows: 2, created: 0, skipped: 1, rejected: 1 });
    const unknown = await run(["import", accounts, "--object", "deals"], dataDir);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("--object: import into one of contacts, companies");

    const missing = await run(["import", path.join(dir, "nope.csv")], dataDir);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("No such file");
  }, 240_000);
});
