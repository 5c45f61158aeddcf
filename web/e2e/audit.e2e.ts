import { queryRows } from "@rapport/server/test";
import { describe, expect, test } from "vitest";
import { PHONE, pageErrors, shot, useServerAndBrowser } from "./browser.ts";
import { callApi, signUp, uniqueUser } from "./flows.ts";

describe("Audit log", () => {
  const env = useServerAndBrowser();

  test("an admin filters the log, exports it and verifies the chain", async () => {
    const page = await env.page();
    await signUp(page, uniqueUser("auditor"));
    const created = await callApi(page, "POST", "/contacts", { firstName: "Grace", lastName: "Hopper" });
    expect(created.status).toBe(201);

    await page.goto("/settings/audit");
    await page.getByRole("cell", { name: "record.created" }).waitFor();
    await shot(page, "settings-audit-desktop");

    await page.getByLabel("Action").fill("auth.*");
    await page.getByRole("heading", { name: "No entries match" }).waitFor();
    await page.getByLabel("Action").fill("record.*");
    await page.getByRole("cell", { name: "record.created" }).waitFor();

    const href = await page.getByRole("link", { name: "Export CSV" }).getAttribute("href");
    expect(href).toBe("/api/v1/audit/export.csv?action=record.*");
    const csv = await page.evaluate(async (url) => (await fetch(url!)).text(), href);
    expect(csv.split("\n")[1]).toMatch(/^1,.*,record\.created,/);

    await page.getByRole("button", { name: "Verify chain" }).click();
    // The contact and the export (itself audited).
    await page.getByText(/The audit log is intact: 2 entries/).waitFor();
    expect(pageErrors(page)).toEqual([]);
  });

  test("shows a broken chain, on a phone", async () => {
    const page = await env.page({ viewport: PHONE });
    await signUp(page, uniqueUser("tampered"));
    for (const firstName of ["A", "B"]) {
      expect((await callApi(page, "POST", "/contacts", { firstName })).status).toBe(201);
    }
    const session = await callApi(page, "GET", "/auth/session");
    const workspaceId = (session.json as { workspace: { id: string } }).workspace.id;
    // An operator with the table owner's rights switches the guard off and rewrites an entry.
    await queryRows(env.database, "alter table audit_log disable trigger audit_log_no_change");
    await queryRows(
      env.database,
      "update audit_log set action = 'record.forged' where workspace_id = $1 and seq = 1",
      [workspaceId],
    );
    await queryRows(env.database, "alter table audit_log enable trigger audit_log_no_change");
    await page.goto("/settings/audit");
    await page.getByRole("button", { name: "Verify chain" }).click();
    await page.getByText(/tampered with at entry 1/).waitFor();
    await shot(page, "settings-audit-broken-phone");
  });
});
