import { describe, expect, test } from "vitest";
import { PHONE, pageErrors, shot, useServerAndBrowser } from "./browser.ts";
import { callApi, signUp, uniqueUser } from "./flows.ts";

describe("Workspace settings: lifecycle stages", () => {
  const env = useServerAndBrowser();

  test("an admin renames, adds, reorders and removes stages; a stage in use stays", async () => {
    const page = await env.page();
    await signUp(page, uniqueUser("stages"));
    await page.goto("/settings/workspace");
    await page.getByRole("heading", { name: "Contact lifecycle stages" }).waitFor();

    await page.getByLabel("Stage 2", { exact: true }).fill("Prospect");
    await page.getByRole("button", { name: "Add a stage" }).click();
    await page.getByLabel("Stage 8", { exact: true }).fill("Churned customer");
    await page.getByText("New — key: churned_customer").waitFor();
    await page.getByRole("button", { name: "Move Churned customer up" }).click();
    await page.getByRole("button", { name: "Remove Evangelist" }).click();
    await shot(page, "settings-lifecycle-stages-desktop");
    await page.getByRole("button", { name: "Save changes" }).last().click();
    await page.getByText("The lifecycle stages were saved.").waitFor();

    const workspace = (await callApi(page, "GET", "/workspace")).json as {
      lifecycleStages: { key: string; label: string }[];
    };
    expect(workspace.lifecycleStages.map((s) => `${s.key}:${s.label}`)).toEqual([
      "subscriber:Subscriber",
      "lead:Prospect",
      "qualified_lead:Qualified lead",
      "opportunity:Opportunity",
      "customer:Customer",
      "churned_customer:Churned customer",
      "other:Other",
    ]);

    // A contact at a stage keeps that stage from being removed; the page says why.
    const contact = await callApi(page, "POST", "/contacts", {
      lastName: "Gone",
      lifecycleStage: "churned_customer",
    });
    expect(contact.status).toBe(201);
    await page.reload();
    await page.getByRole("button", { name: "Remove Churned customer" }).click();
    await page.getByRole("button", { name: "Save changes" }).last().click();
    await page
      .getByText(/1 at 'Churned customer' \(churned_customer\)/)
      .first()
      .waitFor();
    await shot(page, "settings-lifecycle-stages-in-use-desktop");
    const after = (await callApi(page, "GET", "/workspace")).json as { lifecycleStages: unknown[] };
    expect(after.lifecycleStages).toHaveLength(7);
    expect(pageErrors(page)).toEqual([]);
  });

  test("an admin sets the default country that phones are read with", async () => {
    const page = await env.page();
    await signUp(page, uniqueUser("country"));
    await page.goto("/settings/workspace");
    const country = page.getByLabel("Default country for phone numbers");
    await country.fill("de");
    expect(await country.inputValue()).toBe("DE");
    await page.getByRole("button", { name: "Save changes" }).first().click();
    await page.getByText("The workspace settings were saved.").first().waitFor();
    expect(
      ((await callApi(page, "GET", "/workspace")).json as { defaultCountry: string }).defaultCountry,
    ).toBe("DE");
    const contact = await callApi(page, "POST", "/contacts", {
      lastName: "Berlin",
      phones: [{ value: "030 1234567" }],
    });
    expect((contact.json as { phones: { e164: string }[] }).phones[0]?.e164).toBe("+49301234567");
    await shot(page, "settings-default-country-desktop");
    expect(pageErrors(page)).toEqual([]);
  });

  test("fits a phone", async () => {
    const page = await env.page({ viewport: PHONE });
    await signUp(page, uniqueUser("stagesphone"));
    await page.goto("/settings/workspace");
    await page.getByRole("heading", { name: "Contact lifecycle stages" }).scrollIntoViewIfNeeded();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await shot(page, "settings-lifecycle-stages-phone");
  });
});
