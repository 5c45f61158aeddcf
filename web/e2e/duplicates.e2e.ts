import { BUILTIN_ROLE_DEFAULTS } from "@rapport/core";
import { describe, expect, test } from "vitest";
import { PHONE, pageErrors, shot, useServerAndBrowser } from "./browser.ts";
import { callApi, signUp, uniqueUser } from "./flows.ts";
import { sessionApi } from "./session-api.ts";

describe("Duplicates", () => {
  // Workers on: "Scan now" runs the scan job.
  const env = useServerAndBrowser({ workers: true });

  test("quick-create shows the likely duplicate; the scan groups, the merge keeps the picked values", async () => {
    const page = await env.page();
    await signUp(page, uniqueUser("dedup"));
    const first = await callApi(page, "POST", "/contacts", {
      firstName: "Ada",
      lastName: "Lovelace",
      jobTitle: "Analyst",
      emails: [{ value: "ada@engines.example" }],
    });
    expect(first.status).toBe(201);
    const adaId = (first.json as { id: string }).id;

    // The create dialog lists the existing Ada instead of saving; "Create anyway" saves.
    await page.goto("/contacts");
    await page.getByRole("button", { name: "New record" }).click();
    await page.getByRole("menuitem", { name: "Contact" }).click();
    const dialog = page.getByRole("dialog", { name: "New contact" });
    await dialog.getByLabel("First name").fill("Augusta");
    await dialog.getByLabel("Last name").fill("King");
    await dialog.getByLabel("Email").fill("ADA@engines.example");
    await dialog.getByRole("button", { name: "Create", exact: true }).click();
    await dialog.getByText("This may already exist").waitFor();
    await dialog.getByText("Same email").waitFor();
    expect(await dialog.getByRole("link", { name: "Open Ada Lovelace" }).getAttribute("href")).toBe(
      `/contacts/${adaId}`,
    );
    await shot(page, "duplicates-quick-create-desktop");
    await dialog.getByRole("button", { name: "Create anyway" }).click();
    await page.waitForURL(/\/contacts\/[0-9a-f-]{36}$/);
    const augustaId = page.url().split("/").at(-1)!;

    // Scan now, then the group appears (the job runs in the background).
    await page.goto("/duplicates");
    await page.getByRole("heading", { name: "Duplicates" }).waitFor();
    await page.getByRole("button", { name: "Scan now" }).click();
    const group = page.getByRole("region", { name: "Ada Lovelace, Augusta King" });
    for (let i = 0; i < 30 && !(await group.isVisible()); i++) {
      await page.getByRole("button", { name: "Refresh" }).click();
      await page.waitForTimeout(500);
    }
    await group.getByText("Same email").waitFor();
    await shot(page, "duplicates-list-desktop");

    // Merge: keep Ada's record, but Augusta's first name.
    await group.getByRole("button", { name: "Merge" }).click();
    const merge = page.getByRole("dialog", { name: "Merge records" });
    await merge.getByLabel("Keep this record: Ada Lovelace").check();
    await merge.getByLabel("First name from Augusta King").check();
    await shot(page, "duplicates-merge-desktop");
    await merge.getByRole("button", { name: "Merge", exact: true }).click();
    await page.getByText("1 record merged into the one kept.").waitFor();
    await page.getByRole("heading", { name: "No likely duplicates" }).waitFor();

    const survivor = await callApi(page, "GET", `/contacts/${adaId}`);
    expect(survivor.json).toMatchObject({ firstName: "Augusta", lastName: "King" });
    const gone = await callApi(page, "GET", `/contacts/${augustaId}`);
    // fetch follows the 301 to the survivor.
    expect(gone.status).toBe(200);
    expect((gone.json as { id: string }).id).toBe(adaId);
    expect(pageErrors(page)).toEqual([]);
  });

  test("the list on a phone; dismissing keeps the records apart", async () => {
    const page = await env.page({ viewport: PHONE });
    await signUp(page, uniqueUser("dedup-phone"));
    for (const firstName of ["Grace", "Grace"]) {
      const created = await callApi(page, "POST", "/contacts?allowDuplicate=true", {
        firstName,
        lastName: "Hopper",
        phones: [{ value: "+1 415 555 0100" }],
      });
      expect(created.status).toBe(201);
    }
    await page.goto("/duplicates");
    await page.getByRole("button", { name: "Scan now" }).click();
    const group = page.getByRole("region", { name: "Grace Hopper, Grace Hopper" });
    for (let i = 0; i < 30 && !(await group.isVisible()); i++) {
      await page.getByRole("button", { name: "Refresh" }).click();
      await page.waitForTimeout(500);
    }
    await group.getByText("Same phone").waitFor();
    await shot(page, "duplicates-list-phone");
    await group.getByRole("button", { name: "Not duplicates" }).click();
    await page.getByRole("heading", { name: "No likely duplicates" }).waitFor();
    expect(pageErrors(page)).toEqual([]);
  });

  test("on a phone, a role with a read-only job title merges without being offered it", async () => {
    const owner = await env.page();
    await signUp(owner, uniqueUser("dedup-owner"));
    const manager = BUILTIN_ROLE_DEFAULTS.sales_manager.permissions;
    const role = await sessionApi(owner, "POST", "/roles", {
      key: "merger",
      name: "Merger",
      permissions: {
        ...manager,
        objects: {
          ...manager.objects,
          contacts: { ...manager.objects.contacts, fields: { jobTitle: "read_only" } },
        },
      },
    });
    expect(role.status).toBe(201);
    for (const jobTitle of ["Analyst", "Countess"]) {
      const created = await callApi(owner, "POST", "/contacts?allowDuplicate=true", {
        firstName: "Ada",
        lastName: "Lovelace",
        jobTitle,
        emails: [{ value: "ada@engines.example" }],
      });
      expect(created.status).toBe(201);
    }
    const member = uniqueUser("merger");
    const invitation = await sessionApi<{ url: string }>(owner, "POST", "/invitations", {
      email: member.email,
      role: "merger",
    });
    expect(invitation.status).toBe(201);
    const page = await env.page({ viewport: PHONE });
    await page.goto(new URL(invitation.body.url).pathname);
    await page.getByLabel("Your name").fill(member.name);
    await page.getByLabel(/^Password/).fill(member.password);
    await page.getByLabel("Confirm password").fill(member.password);
    await page.getByRole("button", { name: "Accept invitation" }).click();
    await page.waitForURL("**/contacts");

    await page.goto("/duplicates");
    await page.getByRole("button", { name: "Scan now" }).click();
    const group = page.getByRole("region", { name: "Ada Lovelace, Ada Lovelace" });
    for (let i = 0; i < 30 && !(await group.isVisible()); i++) {
      await page.getByRole("button", { name: "Refresh" }).click();
      await page.waitForTimeout(500);
    }
    await group.getByRole("button", { name: "Merge" }).click();
    const merge = page.getByRole("dialog", { name: "Merge records" });
    await merge.getByText("Fields your role may not change keep the value of the record kept.").waitFor();
    expect(await merge.getByRole("cell", { name: "First name", exact: true }).count()).toBe(1);
    expect(await merge.getByRole("cell", { name: "Job title", exact: true }).count()).toBe(0);
    await shot(page, "duplicates-merge-read-only-phone");
    await merge.getByRole("button", { name: "Merge", exact: true }).click();
    await page.getByText("1 record merged into the one kept.").waitFor();
    expect(pageErrors(page)).toEqual([]);
  });
});
