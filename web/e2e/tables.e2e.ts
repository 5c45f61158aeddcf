import type { Page } from "playwright-core";
import { describe, expect, test } from "vitest";
import { DESKTOP, PHONE, pageErrors, shot, useServerAndBrowser } from "./browser.ts";
import { signUp, uniqueUser } from "./flows.ts";

/** Calls the API from inside the page, with its session cookie and CSRF token. */
async function call(page: Page, method: string, path: string, body?: unknown) {
  const result = await page.evaluate(
    async ([method, path, body]) => {
      const csrf = document.cookie
        .split("; ")
        .find((c) => c.startsWith("rapport_csrf="))
        ?.split("=")[1];
      const response = await fetch(`/api/v1${path}`, {
        method,
        headers: { "content-type": "application/json", "x-csrf-token": decodeURIComponent(csrf ?? "") },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: response.status, body: await response.json().catch(() => null) };
    },
    [method, path, body] as const,
  );
  if (result.status >= 300)
    throw new Error(`${method} ${path}: ${result.status} ${JSON.stringify(result.body)}`);
  return result.body;
}

/** A workspace with 250 contacts (so the table loads more than one page), companies, deals and tasks. */
async function seed(page: Page) {
  const people = [
    { firstName: "Ada", lastName: "Lovelace", jobTitle: "Engineer", emails: [{ value: "ada@example.com" }] },
    { firstName: "Alan", lastName: "Turing", jobTitle: "Engineer", emails: [{ value: "alan@example.com" }] },
    { firstName: "Grace", lastName: "Hopper", jobTitle: "Admiral", emails: [{ value: "grace@example.com" }] },
  ];
  const filler = Array.from({ length: 247 }, (_, i) => ({
    firstName: `Person${String(i).padStart(3, "0")}`,
    lastName: "Example",
    jobTitle: i % 2 ? "Sales" : "Support",
  }));
  await call(page, "POST", "/contacts/batch", { create: [...people, ...filler] });
  await call(page, "POST", "/companies/batch", {
    create: [
      {
        name: "Analytical Engines Ltd",
        industry: "Hardware",
        employeeCount: 12,
        domains: ["engines.example"],
      },
      { name: "Bletchley Park", industry: "Research", employeeCount: 900 },
      { name: "Cobol Systems", industry: "Software", employeeCount: 45 },
    ],
  });
  await call(page, "POST", "/deals/batch", {
    create: [
      { name: "Difference engine", amount: 12000 },
      { name: "Bombe upgrade", amount: 30500.5 },
      { name: "Compiler licence", amount: 800 },
    ],
  });
  await call(page, "POST", "/tasks/batch", {
    create: [
      { title: "Call Ada about the engine", priority: "high", dueDate: "2026-12-10" },
      { title: "Send the Bombe proposal", priority: "normal" },
    ],
  });
}

const grid = (page: Page) => page.getByRole("grid");
const count = (page: Page) => page.getByTestId("record-count").textContent();

async function addFilter(page: Page, field: string, value: string, screenshot: string) {
  await page.getByRole("button", { name: /^Filter/ }).click();
  await page.getByRole("button", { name: "Add condition" }).click();
  const condition = page.getByTestId("filter-condition").last();
  await condition.getByRole("textbox", { name: "Field" }).click();
  await condition.getByRole("textbox", { name: "Field" }).fill(field);
  await page.getByRole("option", { name: field, exact: true }).click();
  await condition.getByRole("textbox", { name: "Operator" }).click();
  await page.getByRole("option", { name: "is", exact: true }).click();
  await condition.getByRole("textbox", { name: "Value" }).fill(value);
  await shot(page, screenshot);
  await page.getByRole("button", { name: "Apply" }).click();
}

async function saveView(page: Page, name: string) {
  await page.getByRole("button", { name: "Save view" }).click();
  await page.getByRole("dialog").getByLabel("Name").fill(name);
  await page.getByRole("dialog").getByRole("button", { name: "Save" }).click();
  await page.waitForURL(/\/contacts\?view=/);
  await page.getByRole("heading", { name }).waitFor();
}

describe("tables", () => {
  const env = useServerAndBrowser();

  test("desktop: sort, load more, filter and save a view, inline edit, bulk tag", async () => {
    const page = await env.page({ viewport: DESKTOP });
    await signUp(page, uniqueUser("tables"));
    await seed(page);
    await page.goto("/contacts");
    await grid(page).waitFor();
    await expect.poll(() => count(page)).toBe("250 records");
    await shot(page, "table-contacts-desktop");

    // Sorting by name (ascending) puts Ada first; scrolling to the end loads the next pages.
    await page.getByRole("button", { name: "Name", exact: true }).click();
    await expect.poll(() => page.getByRole("row").nth(1).textContent()).toContain("Ada Lovelace");
    await page.getByRole("button", { name: "Name", exact: true }).click();
    await expect.poll(() => page.getByRole("row").nth(1).textContent()).toContain("Person246");
    await grid(page).evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
    await grid(page).evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
    await expect
      .poll(async () => {
        await grid(page).evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
        return page.getByRole("row").last().textContent();
      })
      .toContain("Ada Lovelace");

    // Filter, save as a view; the view survives a reload and is listed in the sidebar.
    await addFilter(page, "Job title", "Engineer", "filter-builder-desktop");
    await expect.poll(() => count(page)).toBe("2 records");
    await saveView(page, "Engineers");
    await page.getByRole("navigation", { name: "Contacts: Views" }).getByText("Engineers").waitFor();
    await page.reload();
    await page.getByRole("heading", { name: "Engineers" }).waitFor();
    await expect.poll(() => count(page)).toBe("2 records");
    await shot(page, "table-contacts-view-desktop");

    // Inline edit: double-click (or Enter on) a cell, pick a value, and it is saved.
    const adaRow = page.getByRole("row").filter({ hasText: "Ada Lovelace" });
    await adaRow.locator('[data-column="lifecycleStage"]').dblclick();
    await page.getByLabel("Edit Lifecycle stage").selectOption({ label: "Customer" });
    await expect.poll(() => adaRow.locator('[data-column="lifecycleStage"]').textContent()).toBe("Customer");
    const saved = await call(
      page,
      "GET",
      `/contacts?filter=${encodeURIComponent('{"field":"firstName","op":"eq","value":"Ada"}')}`,
    );
    expect(saved.data[0].lifecycleStage).toBe("customer");

    // Keyboard: arrows move the active cell, Enter edits, Escape cancels.
    // The lifecycle save re-renders the row: let it settle, and wait for focus before each key.
    await expect.poll(() => page.getByLabel("Edit Lifecycle stage").count()).toBe(0);
    const focused = (column: string, name: string) =>
      page
        .getByRole("row")
        .filter({ hasText: name })
        .locator(`[data-column="${column}"]`)
        .evaluate((el) => el === document.activeElement);
    await adaRow.locator('[data-column="jobTitle"]').click();
    await expect.poll(() => focused("jobTitle", "Ada Lovelace")).toBe(true);
    await page.keyboard.press("ArrowUp");
    await expect.poll(() => focused("jobTitle", "Alan Turing")).toBe(true);
    await page.keyboard.press("Enter");
    await expect.poll(() => page.getByLabel("Edit Job title").inputValue()).toBe("Engineer");
    await page.keyboard.press("Escape");
    await expect.poll(() => page.getByLabel("Edit Job title").count()).toBe(0);

    // Bulk tag the selected rows: one batch request.
    await page.getByLabel("Select all loaded rows").check();
    await page.getByRole("button", { name: "Add tag" }).click();
    await page.getByRole("dialog").getByLabel("Tag").fill("vip");
    await page.getByRole("option", { name: "vip" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Apply" }).click();
    await expect.poll(() => page.locator('[data-column="tags"]').filter({ hasText: "vip" }).count()).toBe(2);
    await shot(page, "table-contacts-bulk-tag-desktop");

    // A value the API refuses is shown at the cell.
    await page.goto("/deals");
    await grid(page).waitFor();
    await expect.poll(() => page.getByTestId("amount-total").textContent()).toContain("43,300.50");
    const dealRow = page.getByRole("row").filter({ hasText: "Difference engine" });
    await dealRow.locator('[data-column="amount"]').dblclick();
    await page.getByLabel("Edit Amount").fill("-5");
    await page.getByLabel("Edit Amount").press("Enter");
    await page.getByRole("alert").filter({ hasText: "0 or more" }).waitFor();
    await shot(page, "table-deals-invalid-cell-desktop");
    await page.getByLabel("Edit Amount").fill("15000");
    await page.getByLabel("Edit Amount").press("Enter");
    await expect.poll(() => dealRow.locator('[data-column="amount"]').textContent()).toContain("15,000.00");
    await expect.poll(() => page.getByTestId("amount-total").textContent()).toContain("46,300.50");

    for (const object of ["companies", "deals", "tasks"]) {
      await page.goto(`/${object}`);
      await grid(page).waitFor();
      await page.getByRole("row").nth(1).waitFor();
      await shot(page, `table-${object}-desktop`);
    }
    expect(pageErrors(page)).toEqual([]);
  });

  test("phone: cards, filter and save a view, edit in place, bulk tag", async () => {
    const page = await env.page({ viewport: PHONE });
    await signUp(page, uniqueUser("tablesphone"));
    await seed(page);
    await page.goto("/contacts");
    await page.getByRole("list", { name: "Contacts" }).waitFor();
    await expect.poll(() => count(page)).toBe("250 records");
    await shot(page, "table-contacts-phone");

    await addFilter(page, "Job title", "Engineer", "filter-builder-phone");
    await expect.poll(() => count(page)).toBe("2 records");
    await saveView(page, "Engineers on the go");
    await page.reload();
    await page.getByRole("heading", { name: "Engineers on the go" }).waitFor();
    await expect.poll(() => count(page)).toBe("2 records");

    const card = page.getByRole("listitem").filter({ hasText: "Alan Turing" });
    await card.getByRole("button", { name: /^Edit Lifecycle stage/ }).click();
    await page.getByLabel("Edit Lifecycle stage", { exact: true }).selectOption({ label: "Opportunity" });
    await expect
      .poll(() => card.locator('[data-column="lifecycleStage"]').textContent())
      .toContain("Opportunity");

    await page.getByLabel("Select Ada Lovelace").check();
    await page.getByLabel("Select Alan Turing").check();
    await page.getByRole("button", { name: "Add tag" }).click();
    await page.getByRole("dialog").getByLabel("Tag").fill("mobile");
    await page.getByRole("option", { name: "mobile" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Apply" }).click();
    await expect.poll(() => page.getByRole("listitem").filter({ hasText: "mobile" }).count()).toBe(2);
    await shot(page, "table-contacts-view-phone");

    for (const object of ["companies", "deals", "tasks"]) {
      await page.goto(`/${object}`);
      await page.getByRole("listitem").first().waitFor();
      await shot(page, `table-${object}-phone`);
    }
    expect(pageErrors(page)).toEqual([]);
  });
});
