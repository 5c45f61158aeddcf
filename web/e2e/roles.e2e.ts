import type { RoleDto } from "@rapport/core";
import type { Page } from "playwright-core";
import { describe, expect, test } from "vitest";
import { PHONE, pageErrors, shot, useServerAndBrowser } from "./browser.ts";
import { signUp, uniqueUser } from "./flows.ts";
import { sessionApi } from "./session-api.ts";

/**
 * Clicks "Save role" and waits for the server's answer: the role's creation showed a "Role saved"
 * notice too, which may still be on screen, so the notice does not tell that this save is done.
 */
async function saveRole(page: Page, key: string) {
  const saved = page.waitForResponse(
    (r) => r.url().endsWith(`/api/v1/roles/${key}`) && r.request().method() === "PATCH",
  );
  await page.getByRole("button", { name: "Save role" }).click();
  expect((await saved).status()).toBe(200);
}

describe("Roles", () => {
  const env = useServerAndBrowser();

  test("an admin adds a role from a built-in, narrows it in the matrix and saves it", async () => {
    const page = await env.page();
    await signUp(page, uniqueUser("roles"));
    await page.goto("/settings/roles");
    const matrix = page.getByRole("table", { name: "Permissions of Sales rep" });
    await matrix.waitFor();
    expect(await matrix.getByLabel("Sales rep: Delete deals").isChecked()).toBe(true);
    await shot(page, "settings-roles-desktop");

    await page.getByRole("button", { name: "Add role" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Name").fill("Field sales");
    await dialog.getByLabel("Key").fill("field_sales");
    await dialog.getByLabel("Start from").click();
    await page.getByRole("option", { name: "Sales rep" }).click();
    await dialog.getByRole("button", { name: "Create role" }).click();
    await dialog.waitFor({ state: "hidden" });

    const custom = page.getByRole("table", { name: "Permissions of Field sales" });
    await custom.waitFor();
    await custom.getByLabel("Field sales: Delete deals").uncheck();
    await custom.getByLabel("Field sales: which deals it sees").selectOption("own");
    await saveRole(page, "field_sales");
    await shot(page, "settings-roles-custom-desktop");

    const roles = await sessionApi<{ data: RoleDto[] }>(page, "GET", "/roles");
    const saved = roles.body.data.find((r) => r.key === "field_sales")!;
    expect(saved.permissions.objects.deals.visibility).toBe("own");
    expect(saved.permissions.objects.deals.actions).not.toContain("delete");
    expect(saved.permissions.objects.deals.actions).toContain("update");

    await page.getByLabel("Role", { exact: true }).first().click();
    await page.getByRole("option", { name: "Admin" }).click();
    const admin = page.getByRole("table", { name: "Permissions of Admin" });
    await admin.waitFor();
    expect(await admin.getByLabel("Admin: Delete deals").isDisabled()).toBe(true);
    expect(pageErrors(page)).toEqual([]);
  });

  test("the matrix fits beside the settings menu at 1280 px", async () => {
    const page = await env.page();
    await signUp(page, uniqueUser("roleswide"));
    await page.goto("/settings/roles");
    const matrix = page.getByRole("table", { name: "Permissions of Sales rep" });
    await matrix.waitFor();
    // The last column (which records the role sees) ends within the card's content, as the Add role
    // button does, rather than being cut off at the card's edge; nothing needs scrolling.
    const select = (await matrix.getByLabel("Sales rep: which tasks it sees").boundingBox())!;
    const add = (await page.getByRole("button", { name: "Add role" }).boundingBox())!;
    expect(select.x + select.width).toBeLessThanOrEqual(add.x + add.width + 1);
    const overflowing = await matrix.evaluate((table) => {
      const boxes = [table.parentElement, table.parentElement?.parentElement].filter(
        (b): b is HTMLElement => b instanceof HTMLElement,
      );
      return boxes.some((b) => b.scrollWidth > b.clientWidth + 1);
    });
    expect(overflowing).toBe(false);
    expect(pageErrors(page)).toEqual([]);
  });

  test("an admin hides deal amounts from a role and makes a field read-only; its member sees neither control", async () => {
    const admin = await env.page();
    await signUp(admin, uniqueUser("fieldrules"));
    const deal = await sessionApi<{ id: string }>(admin, "POST", "/deals", {
      name: "Secret-sized deal",
      amount: 98_765,
      expectedCloseDate: "2027-03-31",
    });
    expect(deal.status).toBe(201);

    await admin.goto("/settings/roles");
    await admin.getByRole("table", { name: "Permissions of Sales rep" }).waitFor();
    await admin.getByRole("button", { name: "Add role" }).click();
    const dialog = admin.getByRole("dialog");
    await dialog.getByLabel("Name").fill("Field sales");
    await dialog.getByLabel("Key").fill("field_sales");
    await dialog.getByLabel("Start from").click();
    await admin.getByRole("option", { name: "Sales rep" }).click();
    await dialog.getByRole("button", { name: "Create role" }).click();
    await dialog.waitFor({ state: "hidden" });
    await admin.getByRole("table", { name: "Permissions of Field sales" }).waitFor();

    await admin.getByLabel("Records", { exact: true }).selectOption("deals");
    await admin.getByLabel("Field", { exact: true }).selectOption("amount");
    await admin.getByLabel("Rule", { exact: true }).selectOption("hidden");
    await admin.getByRole("button", { name: "Add rule" }).click();
    await admin.getByLabel("Field", { exact: true }).selectOption("expectedCloseDate");
    await admin.getByLabel("Rule", { exact: true }).selectOption("read_only");
    await admin.getByRole("button", { name: "Add rule" }).click();
    const rules = admin.getByRole("table", { name: "Field rules of Field sales" });
    expect(await rules.getByLabel("Field sales: rule for Deals Amount").inputValue()).toBe("hidden");
    expect(await rules.getByLabel("Field sales: rule for Deals Expected close date").inputValue()).toBe(
      "read_only",
    );
    await saveRole(admin, "field_sales");
    await shot(admin, "settings-roles-field-rules-desktop");
    const saved = (await sessionApi<{ data: RoleDto[] }>(admin, "GET", "/roles")).body.data.find(
      (r) => r.key === "field_sales",
    )!;
    expect(saved.permissions.objects.deals.fields).toEqual({
      amount: "hidden",
      expectedCloseDate: "read_only",
    });

    const member = uniqueUser("fieldsales");
    const invitation = await sessionApi<{ url: string }>(admin, "POST", "/invitations", {
      email: member.email,
      role: "field_sales",
    });
    expect(invitation.status).toBe(201);
    const page = await env.page();
    await page.goto(new URL(invitation.body.url).pathname);
    await page.getByLabel("Your name").fill(member.name);
    await page.getByLabel(/^Password/).fill(member.password);
    await page.getByLabel("Confirm password").fill(member.password);
    await page.getByRole("button", { name: "Accept invitation" }).click();
    await page.waitForURL("**/contacts");

    await page.goto("/deals");
    await page.getByRole("link", { name: "Secret-sized deal" }).waitFor();
    expect(await page.getByRole("columnheader", { name: "Name" }).count()).toBeGreaterThan(0);
    expect(await page.getByRole("columnheader", { name: "Amount" }).count()).toBe(0);
    expect(await page.getByText("98,765").count()).toBe(0);
    await shot(page, "deals-amount-hidden-desktop");

    await page.goto(`/deals/${deal.body.id}`);
    await page.getByRole("heading", { name: "Secret-sized deal" }).waitFor();
    await page.getByRole("button", { name: /^Edit .* fields$/ }).click();
    await page.getByRole("textbox", { name: /^Name/ }).waitFor();
    expect(await page.getByLabel("Amount").count()).toBe(0);
    expect(await page.getByLabel("Expected close date").count()).toBe(0);
    await page.getByText("Read-only for your role").waitFor();
    expect(await page.getByText("98,765").count()).toBe(0);
    await shot(page, "deal-read-only-field-desktop");
    await page.setViewportSize(PHONE);
    await shot(page, "deal-read-only-field-phone");

    // The board counts the member's deals but neither sums nor shows their amounts.
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto("/pipeline");
    await page.getByTestId("deal-name").first().waitFor();
    expect(await page.getByTestId("stage-count").count()).toBeGreaterThan(0);
    expect(await page.getByTestId("stage-amount").count()).toBe(0);
    expect(await page.getByText("98,765").count()).toBe(0);
    await shot(page, "pipeline-amount-hidden-desktop");
    expect(pageErrors(page)).toEqual([]);
    expect(pageErrors(admin)).toEqual([]);
  });

  test("at phone width the matrix scrolls inside its box", async () => {
    const page = await env.page({ viewport: PHONE });
    await signUp(page, uniqueUser("rolesphone"));
    await page.goto("/settings/roles");
    await page.getByRole("table", { name: "Permissions of Sales rep" }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await shot(page, "settings-roles-phone");
    expect(pageErrors(page)).toEqual([]);
  });
});
