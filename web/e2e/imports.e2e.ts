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

async function chooseFile(page: Page) {
  const [chooser] = await Promise.all([
    page.waitForEvent("filechooser"),
    page.getByLabel("File to import").click(),
  ]);
  await chooser.setFiles({ name: "outlook.csv", mimeType: "text/csv", buffer: Buffer.from(CSV) });
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
    await shot(phone, "import-mapping-phone");
    expect(pageErrors(page)).toEqual([]);
    expect(pageErrors(phone)).toEqual([]);
  }, 120_000);
});
