import type { Page } from "playwright-core";
import { describe, expect, test } from "vitest";
import { PHONE, pageErrors, shot, useServerAndBrowser } from "./browser.ts";
import { signUp, uniqueUser } from "./flows.ts";

const CSV = [
  "First Name,Last Name,E-mail Address,Business Phone,Company,Birthday",
  "Ada,Lovelace,ada@example.com,+44 20 7946 0000,Analytical Engines,10/12/1815",
  "Charles,Babbage,charles@example.com,+44 20 7946 0001,,26/12/1791",
  "Bad,Row,not-an-email,,,",
].join("\n");

// A Salesforce accounts export: its third row's employee count is not a number.
const ACCOUNTS = [
  "Account Name,Website,Industry,Employees,Annual Revenue,Billing City,Billing Country",
  'Acme Corp,https://www.acme.com/about,Manufacturing,"1,200","$5,000,000",Springfield,USA',
  "Globex,globex.com,Energy,300,,Cypress Creek,USA",
  "Initech,initech.com,Software,lots,,Austin,USA",
].join("\n");

async function chooseFile(page: Page, file = { name: "outlook.csv", body: CSV }) {
  const [chooser] = await Promise.all([
    page.waitForEvent("filechooser"),
    page.getByLabel("File to import").click(),
  ]);
  await chooser.setFiles({ name: file.name, mimeType: "text/csv", buffer: Buffer.from(file.body) });
}

describe("Contacts → Import", () => {
  // Workers on: the import runs as a background job.
  const env = useServerAndBrowser({ workers: true });

  test("a member uploads a CSV, checks the mapping and preview, dry-runs, imports with live progress, downloads rejected rows and undoes", async () => {
    const page = await env.page();
    await signUp(page, uniqueUser("importer"));
    await page.getByRole("link", { name: "Contacts" }).first().click();
    await page.getByRole("link", { name: "Import" }).click();
    await page.waitForURL("**/contacts/import");
    await chooseFile(page);
    await page.waitForURL(/contacts\/import\?id=/);

    // Outlook's headers are recognised; the birthday column needs the file's date format.
    await expect.poll(() => page.getByLabel("Contact field: E-mail Address").inputValue()).toBe("email");
    expect(await page.getByLabel("Contact field: Company").inputValue()).toBe("companyName");
    await page
      .getByRole("table", { name: "Preview" })
      .getByText("Birthday: '10/12/1815' is not a date in the format YYYY-MM-DD")
      .waitFor();
    await page.getByLabel("Dates in the file").selectOption("DD/MM/YYYY");
    await page
      .getByRole("table", { name: "Preview" })
      .getByText("Ada Lovelace · ada@example.com · Analytical Engines")
      .waitFor();
    await page.getByText("E-mail Address: 'not-an-email' is not an email address").waitFor();
    await shot(page, "import-mapping-desktop");

    await page.getByRole("button", { name: "Dry run" }).click();
    await page
      .getByText("A run would create 2, update 0, skip 0 and reject 1 of 3 rows. Nothing was written.")
      .waitFor();
    await page.getByRole("button", { name: "Import", exact: true }).click();
    await page.getByText("Done: 2 created, 0 updated, 0 skipped, 1 rejected.").waitFor({ timeout: 30_000 });
    await page.getByText("3 of 3 rows").waitFor();
    expect(
      await page.getByRole("progressbar", { name: "Import progress" }).getAttribute("aria-valuenow"),
    ).toBe("100");

    // The progress lives on the server: a reload shows the same state.
    await page.reload();
    await page.getByText("Done: 2 created, 0 updated, 0 skipped, 1 rejected.").waitFor();
    const link = page.getByRole("link", { name: "Download rejected rows" });
    const csv = await page.evaluate(
      async (href) => (await fetch(href!)).text(),
      await link.getAttribute("href"),
    );
    expect(csv).toContain("Bad,Row,not-an-email");
    expect(csv).toContain("is not an email address");
    await shot(page, "import-done-desktop");

    const phone = await env.page({ viewport: PHONE });
    await phone.context().addCookies(await page.context().cookies());
    await phone.goto(page.url());
    await phone.getByText("Done: 2 created").waitFor();
    await shot(phone, "import-done-phone");

    await page.getByRole("button", { name: "Undo import" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Undo import" }).click();
    await page.getByText("This import was undone.").waitFor({ timeout: 30_000 });
    await page.getByRole("link", { name: "Back to contacts" }).click();
    await page.getByText("No contacts yet").waitFor();

    await phone.goto("/contacts/import");
    await chooseFile(phone);
    await phone.getByRole("table", { name: "Preview" }).waitFor();
    // On a phone each column is a card with its choice at full width: nothing scrolls sideways.
    await expect.poll(() => phone.getByLabel("Contact field: E-mail Address").inputValue()).toBe("email");
    expect(await phone.getByRole("table").count()).toBe(1);
    const select = await phone.getByLabel("Contact field: Birthday").boundingBox();
    expect(select!.x + select!.width).toBeLessThanOrEqual(PHONE.width);
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await shot(phone, "import-mapping-phone");
    expect(pageErrors(page)).toEqual([]);
    expect(pageErrors(phone)).toEqual([]);
  }, 120_000);
});

describe("Companies → Import", () => {
  const env = useServerAndBrowser({ workers: true });

  test("a member imports a Salesforce accounts export into companies, with the mapping recognised, a dry run, progress, rejected rows and undo", async () => {
    const page = await env.page();
    await signUp(page, uniqueUser("accounts"));
    await page.getByRole("link", { name: "Companies" }).first().click();
    await page.getByRole("link", { name: "Import" }).click();
    await page.waitForURL("**/companies/import");
    await page.getByRole("heading", { name: "Import companies" }).waitFor();
    await chooseFile(page, { name: "accounts.csv", body: ACCOUNTS });
    await page.waitForURL(/companies\/import\?id=/);

    await expect.poll(() => page.getByLabel("Company field: Account Name").inputValue()).toBe("name");
    expect(await page.getByLabel("Company field: Website").inputValue()).toBe("domain");
    expect(await page.getByLabel("Company field: Employees").inputValue()).toBe("employeeCount");
    expect(await page.getByLabel("Match existing companies on").inputValue()).toBe("domain");
    const preview = page.getByRole("table", { name: "Preview" });
    await preview.getByText("Acme Corp · acme.com").waitFor();
    await preview.getByText("Employees: 'lots' is not a number of employees").waitFor();
    await shot(page, "import-companies-mapping-desktop");

    await page.getByRole("button", { name: "Dry run" }).click();
    await page
      .getByText("A run would create 2, update 0, skip 0 and reject 1 of 3 rows. Nothing was written.")
      .waitFor();
    await page.getByRole("button", { name: "Import", exact: true }).click();
    await page.getByText("Done: 2 created, 0 updated, 0 skipped, 1 rejected.").waitFor({ timeout: 30_000 });
    const href = await page.getByRole("link", { name: "Download rejected rows" }).getAttribute("href");
    const csv = await page.evaluate(async (url) => (await fetch(url!)).text(), href);
    expect(csv).toContain(
      "Initech,initech.com,Software,lots,,Austin,USA,Employees: 'lots' is not a number of employees",
    );
    await shot(page, "import-companies-done-desktop");

    await page.getByRole("link", { name: "Back to companies" }).click();
    await page.getByText("Acme Corp", { exact: true }).first().waitFor();
    await page.getByText("globex.com").waitFor();

    // On a phone, from the contacts' import screen: the upload step chooses the object.
    const phone = await env.page({ viewport: PHONE });
    await phone.context().addCookies(await page.context().cookies());
    await phone.goto("/contacts/import");
    await phone.getByRole("heading", { name: "Import contacts" }).waitFor();
    await phone.getByRole("radiogroup", { name: "Import into" }).getByText("Companies").click();
    await phone.getByRole("heading", { name: "Import companies" }).waitFor();
    await shot(phone, "import-companies-upload-phone");
    await chooseFile(phone, { name: "accounts.csv", body: ACCOUNTS });
    await phone.waitForURL(/companies\/import\?id=/);
    await phone.getByRole("table", { name: "Preview" }).getByText("Globex · globex.com").waitFor();
    await shot(phone, "import-companies-mapping-phone");
    // Already imported: matched by domain, skipped.
    await phone.getByRole("button", { name: "Dry run" }).click();
    await phone.getByText("A run would create 0, update 0, skip 2 and reject 1 of 3 rows.").waitFor();

    await page.goBack();
    await page.getByRole("button", { name: "Undo import" }).click();
    await page.getByRole("dialog").getByText("Companies it created go to the trash").waitFor();
    await page.getByRole("dialog").getByRole("button", { name: "Undo import" }).click();
    await page.getByText("This import was undone.").waitFor({ timeout: 30_000 });
    await page.getByRole("link", { name: "Back to companies" }).click();
    await page.getByText("No companies yet").waitFor();
    expect(pageErrors(page)).toEqual([]);
    expect(pageErrors(phone)).toEqual([]);
  }, 120_000);
});
