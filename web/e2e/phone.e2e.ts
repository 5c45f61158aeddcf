import { describe, expect, test } from "vitest";
import { PHONE, pageErrors, shot, useServerAndBrowser } from "./browser.ts";
import { signUp, uniqueUser } from "./flows.ts";

describe("phone width", () => {
  const env = useServerAndBrowser();

  test("the burger menu opens the navigation", async () => {
    const page = await env.page({ viewport: PHONE });
    await page.goto("/sign-up");
    await shot(page, "sign-up-phone");
    await signUp(page, uniqueUser("phone"));
    await shot(page, "contacts-phone");

    // The closed navbar is moved off-screen, so "visible" here means inside the viewport.
    const deals = page.locator('nav a[href="/deals"]');
    const onScreen = () => deals.evaluate((link) => link.getBoundingClientRect().right > 0);
    expect(await onScreen()).toBe(false);
    await page.getByRole("button", { name: "Toggle navigation" }).click();
    await expect.poll(onScreen).toBe(true);
    await shot(page, "navigation-open-phone");

    await deals.click();
    await page.waitForURL("**/deals");
    await page.getByRole("heading", { name: "No deals yet" }).waitFor();
    await expect.poll(onScreen).toBe(false);

    await page.getByRole("button", { name: "Toggle navigation" }).click();
    await page.locator('nav a[href="/settings"]').click();
    await page.waitForURL("**/settings/profile");
    await shot(page, "settings-profile-phone");
    await page.getByLabel("Settings section").selectOption({ label: "API keys" });
    await page.waitForURL("**/settings/api-keys");
    await shot(page, "settings-api-keys-phone");

    await page.getByRole("button", { name: "Account menu" }).click();
    await page.getByRole("menuitem", { name: "Sign out" }).waitFor();
    await shot(page, "account-menu-phone");
    expect(pageErrors(page)).toEqual([]);
  });

  test("the dark colour scheme", async () => {
    const page = await env.page({ colorScheme: "dark" });
    await signUp(page, uniqueUser("dark"));
    await shot(page, "contacts-dark-desktop");
    await page.getByRole("button", { name: "Colour scheme" }).click();
    await page.getByRole("menuitem", { name: "Light" }).click();
    expect(await page.locator("html").getAttribute("data-mantine-color-scheme")).toBe("light");
  });
});
