import { describe, expect, test } from "vitest";
import { PHONE, pageErrors, shot, useServerAndBrowser } from "./browser.ts";
import { callApi, signUp, uniqueUser } from "./flows.ts";

describe("Exports and personal data", () => {
  const env = useServerAndBrowser();

  test("the contacts table exports the current filter and columns as CSV, JSON or vCard", async () => {
    const page = await env.page();
    await signUp(page, uniqueUser("exporter"));
    for (const [firstName, lastName] of [
      ["Grace", "Hopper"],
      ["Alan", "Turing"],
      ["=cmd", "Evil"],
    ]) {
      expect((await callApi(page, "POST", "/contacts", { firstName, lastName })).status).toBe(201);
    }
    await page.goto("/contacts");
    await page.getByRole("link", { name: "Grace Hopper" }).waitFor();
    await page.getByRole("searchbox", { name: "Search" }).fill("Hopper");
    await page.getByRole("link", { name: "Alan Turing" }).waitFor({ state: "detached" });

    await page.getByRole("button", { name: "Export these contacts" }).click();
    const csvItem = page.getByRole("menuitem", { name: "CSV (spreadsheet)" });
    await csvItem.waitFor();
    await page.getByRole("menuitem", { name: "vCard (contacts app)" }).waitFor();
    await shot(page, "contacts-export-menu-desktop");
    const href = await csvItem.getAttribute("href");
    expect(href).toMatch(/^\/api\/v1\/contacts\/export\?format=csv&filter=.*&fields=/);
    const csv = await page.evaluate(async (url) => (await fetch(url!)).text(), href);
    const lines = csv
      .replace(/^\uFEFF/, "")
      .trim()
      .split("\r\n");
    expect(lines[0]).toMatch(/^id,displayName,email/);
    expect(lines.slice(1).map((l) => l.split(",")[1])).toEqual(["Grace Hopper"]);

    const vcfHref = await page.getByRole("menuitem", { name: "vCard (contacts app)" }).getAttribute("href");
    const vcf = await page.evaluate(async (url) => (await fetch(url!)).text(), vcfHref);
    expect(vcf).toContain("FN:Grace Hopper");
    expect(pageErrors(page)).toEqual([]);
  });

  test("an admin downloads a contact's personal data and erases it with a typed confirmation", async () => {
    const page = await env.page();
    await signUp(page, uniqueUser("dpo"));
    const created = await callApi(page, "POST", "/contacts", {
      firstName: "Margaret",
      lastName: "Hamilton",
      emails: [{ value: "margaret@apollo.example", label: "work" }],
    });
    const id = (created.json as { id: string }).id;
    await page.goto(`/contacts/${id}`);
    await page.getByRole("heading", { name: "Margaret Hamilton" }).waitFor();

    await page.getByRole("button", { name: "Privacy actions for this contact" }).click();
    await page.getByRole("menuitem", { name: "Export personal data" }).click();
    await page.getByText(/Downloaded personal-data-.*\.zip/).waitFor();

    await page.getByRole("button", { name: "Privacy actions for this contact" }).click();
    await page.getByRole("menuitem", { name: "Erase personal data" }).click();
    const dialog = page.getByRole("dialog", { name: "Erase this contact's personal data" });
    await dialog.waitFor();
    const erase = dialog.getByRole("button", { name: "Erase for good" });
    await dialog.getByLabel(/Type "Margaret Hamilton" or ERASE/).fill("Margaret");
    expect(await erase.isDisabled()).toBe(true);
    await dialog.getByLabel(/Type "Margaret Hamilton" or ERASE/).fill("Margaret Hamilton");
    await shot(page, "contact-erase-dialog-desktop");
    await erase.click();
    await page.getByRole("heading", { name: "Erased contact" }).waitFor();
    await page.getByText("The contact's personal data was erased.").waitFor();
    await page.getByText("Personal data erased").waitFor();
    const after = await callApi(page, "GET", `/contacts/${id}`);
    expect(after.json).toMatchObject({ displayName: "Erased contact", emails: [] });
    await shot(page, "contact-erased-desktop");
    expect(pageErrors(page)).toEqual([]);
  });

  test("an admin marks a new custom field sensitive; its values show in the clear", async () => {
    const page = await env.page();
    await signUp(page, uniqueUser("sensitive"));
    await page.goto("/settings/fields");
    await page.getByRole("heading", { name: "No custom fields yet" }).waitFor();
    await page.getByRole("button", { name: "New field" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Label").fill("Tax number");
    await dialog.getByLabel("Sensitive").check();
    await shot(page, "settings-fields-sensitive-desktop");
    await dialog.getByRole("button", { name: "New field" }).click();
    await page.getByRole("row", { name: /Tax number.*Sensitive/ }).waitFor();
    const created = await callApi(page, "POST", "/contacts", {
      firstName: "Rosalind",
      custom: { tax_number: "GB-123-456" },
    });
    expect(created.status).toBe(201);
    const id = (created.json as { id: string }).id;
    await page.goto(`/contacts/${id}`);
    await page.getByText("GB-123-456").waitFor();
    expect(pageErrors(page)).toEqual([]);
  });

  test("the privacy menu fits a phone", async () => {
    const page = await env.page({ viewport: PHONE });
    await signUp(page, uniqueUser("phone"));
    const created = await callApi(page, "POST", "/contacts", { firstName: "Ada", lastName: "Lovelace" });
    await page.goto(`/contacts/${(created.json as { id: string }).id}`);
    await page.getByRole("button", { name: "Privacy actions for this contact" }).click();
    await page.getByRole("menuitem", { name: "Erase personal data" }).waitFor();
    await shot(page, "contact-privacy-menu-phone");
    await page.keyboard.press("Escape");
    await page.goto("/contacts");
    await page.getByRole("button", { name: "Export these contacts" }).waitFor();
    await shot(page, "contacts-export-phone");
  });
});
