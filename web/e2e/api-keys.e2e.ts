import { describe, expect, test } from "vitest";
import { pageErrors, shot, useServerAndBrowser } from "./browser.ts";
import { signUp, uniqueUser } from "./flows.ts";

describe("API keys", () => {
  const env = useServerAndBrowser();

  test("a key is shown once, listed, usable and revocable", async () => {
    const page = await env.page();
    await signUp(page, uniqueUser("keys"));
    await page.goto("/settings/api-keys");
    await page.getByRole("heading", { name: "No API keys yet" }).waitFor();
    await shot(page, "settings-api-keys-empty-desktop");

    await page.getByRole("button", { name: "Create API key" }).first().click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Name").fill("Nightly export");
    await shot(page, "settings-api-keys-create-desktop");
    await dialog.getByRole("button", { name: "Create API key" }).click();
    await dialog.getByText("You won't see it again.").waitFor();
    const key = await dialog.getByLabel("API key", { exact: true }).inputValue();
    expect(key.length).toBeGreaterThan(20);
    await shot(page, "settings-api-keys-created-desktop");

    const response = await fetch(`${env.url}/api/v1/workspace`, {
      headers: { Authorization: `Bearer ${key}` },
    });
    expect(response.status).toBe(200);

    await dialog.getByRole("button", { name: "Done" }).click();
    await dialog.waitFor({ state: "hidden" });
    const row = page.getByRole("row", { name: /Nightly export/ });
    await row.waitFor();
    expect(await row.textContent()).toContain("Sales rep");
    expect(await page.getByText(key).count()).toBe(0);
    await shot(page, "settings-api-keys-list-desktop");

    await page.getByRole("button", { name: "Revoke API key Nightly export" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Revoke" }).click();
    await page.getByRole("heading", { name: "No API keys yet" }).waitFor();
    expect(await page.getByRole("row", { name: /Nightly export/ }).count()).toBe(0);

    const afterRevoke = await fetch(`${env.url}/api/v1/workspace`, {
      headers: { Authorization: `Bearer ${key}` },
    });
    expect(afterRevoke.status).toBe(401);
    expect(pageErrors(page)).toEqual([]);
  });
});
