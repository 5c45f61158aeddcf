import type { RoleDto } from "@rapport/core";
import { describe, expect, test } from "vitest";
import { PHONE, pageErrors, shot, useServerAndBrowser } from "./browser.ts";
import { signUp, uniqueUser } from "./flows.ts";
import { sessionApi } from "./session-api.ts";

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
    await page.getByRole("button", { name: "Save role" }).click();
    await page.getByText("Role saved").first().waitFor();
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
