import type { CurrencyListDto, CustomFieldDto, PipelineDto, TagDto } from "@rapport/core";
import type { Page } from "playwright-core";
import { describe, expect, test } from "vitest";
import { PHONE, pageErrors, shot, useServerAndBrowser } from "./browser.ts";
import { signUp, uniqueUser } from "./flows.ts";
import { sessionApi } from "./session-api.ts";

/** Polls long enough for a loaded machine (the default second is too short for a save and a refetch). */
const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 15_000, interval: 100 });

const crmReadOnly = "Only owners and admins can change these settings.";

const stageNames = async (page: Page) =>
  (await sessionApi<{ data: PipelineDto[] }>(page, "GET", "/pipelines")).body.data[0]!.stages.map(
    (s) => `${s.name}:${s.kind}:${s.probability}`,
  );

describe("CRM settings", () => {
  const env = useServerAndBrowser();

  test("change a pipeline's stages: add, rename, reorder by button and keyboard", async () => {
    const page = await env.page();
    await signUp(page, uniqueUser("stages"));
    await page.goto("/settings/pipelines");
    const sales = page.getByRole("region", { name: "Pipeline Sales" });
    await sales.getByLabel("Name of stage 1").waitFor();
    await shot(page, "settings-pipelines-desktop");
    expect(await stageNames(page)).toEqual([
      "Lead in:open:10",
      "Qualified:open:25",
      "Proposal sent:open:50",
      "Negotiation:open:75",
      "Won:won:100",
      "Lost:lost:0",
    ]);

    // A new stage without a name is refused beside its field.
    await sales.getByRole("button", { name: "Add stage" }).click();
    await sales.getByRole("button", { name: "Save changes" }).click();
    await sales.getByText("Enter a name").waitFor();
    await sales.getByLabel("Name of stage 5").fill("Demo");
    await sales.getByLabel("Probability of stage 5 (%)").fill("60");
    await sales.getByLabel("Name of stage 2").fill("Discovery");
    // Demo moves above Negotiation with the button, Lead in below Discovery with the keyboard.
    await sales.getByRole("button", { name: "Move Demo up" }).click();
    await sales.getByRole("button", { name: "Reorder stage Lead in" }).focus();
    await page.keyboard.press("Space");
    await page.waitForTimeout(150);
    await page.keyboard.press("ArrowDown");
    await page.waitForTimeout(150);
    await page.keyboard.press("Space");
    await page.waitForTimeout(300);
    await sales.getByRole("button", { name: "Save changes" }).click();
    await page.getByText("Sales was saved.").waitFor();
    expect(await stageNames(page)).toEqual([
      "Discovery:open:25",
      "Lead in:open:10",
      "Proposal sent:open:50",
      "Demo:open:60",
      "Negotiation:open:75",
      "Won:won:100",
      "Lost:lost:0",
    ]);

    // Removing a stage that holds deals asks where they go, beside the question.
    const pipelines = (await sessionApi<{ data: PipelineDto[] }>(page, "GET", "/pipelines")).body.data;
    const demo = pipelines[0]!.stages.find((s) => s.name === "Demo")!;
    await sessionApi(page, "POST", "/deals", { name: "Demo deal", stageId: demo.id });
    await page.reload();
    await sales.getByRole("button", { name: "Remove stage Demo" }).click();
    await sales.getByRole("button", { name: "Save changes" }).click();
    await sales.getByText("holds 1 deal(s)").first().waitFor();
    await shot(page, "settings-pipelines-move-deals-desktop");
    await sales.getByLabel("Move the deals of Demo to").click();
    await page.getByRole("option", { name: "Negotiation" }).click();
    await sales.getByRole("button", { name: "Save changes" }).click();
    await page.getByText("Sales was saved.").waitFor();
    await poll(() => stageNames(page)).not.toContain("Demo:open:60");

    // A second pipeline.
    await page.getByRole("button", { name: "New pipeline" }).click();
    await page.getByRole("dialog").getByLabel("Pipeline name").fill("Partnerships");
    await page.getByRole("dialog").getByRole("button", { name: "New pipeline" }).click();
    await page.getByRole("region", { name: "Pipeline Partnerships" }).waitFor();
    expect(pageErrors(page)).toEqual([]);
  });

  test("create a custom field and a tag, set an exchange rate", async () => {
    const page = await env.page();
    await signUp(page, uniqueUser("fields"));

    await page.goto("/settings/fields");
    await page.getByRole("heading", { name: "No custom fields yet" }).waitFor();
    await page.getByRole("textbox", { name: "Object" }).click();
    await page.getByRole("option", { name: "Deals" }).click();
    await page.getByRole("button", { name: "New field" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByRole("button", { name: "New field" }).click();
    await dialog.getByText("Enter a label").waitFor();
    await dialog.getByLabel("Label").fill("Budget tier");
    await dialog.getByRole("textbox", { name: "Type" }).click();
    await page.getByRole("option", { name: "Single select" }).click();
    const options = dialog.getByLabel("Options");
    for (const option of ["Small", "Medium", "Large"]) {
      await options.fill(option);
      await options.press("Enter");
    }
    await dialog.getByLabel("Required").check();
    await shot(page, "settings-fields-create-desktop");
    await dialog.getByRole("button", { name: "New field" }).click();
    await dialog.getByText("Existing records have no value yet").waitFor();
    await dialog.getByLabel("Required").uncheck();
    await dialog.getByRole("button", { name: "New field" }).click();
    await page.getByRole("row", { name: /Budget tier/ }).waitFor();
    const fields = await sessionApi<{ data: CustomFieldDto[] }>(page, "GET", "/fields/deals");
    expect(fields.body.data).toMatchObject([
      {
        key: "budget_tier",
        type: "single_select",
        options: [
          { value: "small", label: "Small" },
          { value: "medium", label: "Medium" },
          { value: "large", label: "Large" },
        ],
      },
    ]);
    await shot(page, "settings-fields-desktop");

    await page.goto("/settings/tags");
    await page.getByRole("heading", { name: "No tags yet" }).waitFor();
    await page.getByLabel("Tag name").fill("VIP");
    await page.getByRole("textbox", { name: "Colour", exact: true }).fill("#fa5252");
    await page.getByRole("button", { name: "Add tag" }).click();
    await page.getByRole("row", { name: /VIP/ }).waitFor();
    await page.getByLabel("Tag name").fill("vip");
    await page.getByRole("button", { name: "Add tag" }).click();
    await page.getByText("Name already used").waitFor();
    await page.getByRole("button", { name: "Edit tag VIP" }).click();
    await page.getByRole("dialog").getByLabel("Tag name").fill("Key account");
    await page.getByRole("dialog").getByRole("button", { name: "Save changes" }).click();
    await page.getByRole("row", { name: /Key account/ }).waitFor();
    const tags = await sessionApi<{ data: TagDto[] }>(page, "GET", "/tags");
    expect(tags.body.data).toMatchObject([{ name: "Key account", color: "#fa5252" }]);
    await shot(page, "settings-tags-desktop");

    await page.goto("/settings/currencies");
    await page.getByRole("heading", { name: "No exchange rates yet" }).waitFor();
    await page.getByRole("button", { name: "Add rate" }).click();
    const rate = page.getByRole("dialog");
    await rate.getByLabel("Currency").fill("USD");
    await rate.getByLabel(/^Rate of/).fill("1");
    await rate.getByRole("button", { name: "Add rate" }).click();
    await rate.getByText("USD is the base currency").waitFor();
    await rate.getByLabel("Currency").fill("EUR");
    await rate.getByLabel(/^Rate of/).fill("1.08");
    await rate.getByRole("button", { name: "Add rate" }).click();
    await page.getByRole("row", { name: /EUR/ }).waitFor();
    await page.getByRole("button", { name: "Edit rate of EUR" }).click();
    await page.getByRole("dialog").getByLabel("Rate of EUR").fill("1.1");
    await page.getByRole("dialog").getByRole("button", { name: "Save changes" }).click();
    await poll(
      async () => (await sessionApi<CurrencyListDto>(page, "GET", "/currencies")).body.data,
    ).toMatchObject([{ currency: "EUR", rate: 1.1 }]);
    await page.getByText("1 EUR = 1.1 USD").waitFor();
    await shot(page, "settings-currencies-desktop");
    expect(pageErrors(page)).toEqual([]);
  });

  test("a viewer sees the settings and the board read-only", async () => {
    const admin = await env.page();
    const owner = uniqueUser("viewerowner");
    await signUp(admin, owner);
    await sessionApi(admin, "POST", "/tags", { name: "Partner", color: "#12b886" });
    await sessionApi(admin, "POST", "/deals", { name: "Watched deal", amount: 100 });
    const viewer = uniqueUser("read_only");
    const invitation = await sessionApi<{ url: string }>(admin, "POST", "/invitations", {
      email: viewer.email,
      role: "read_only",
    });
    expect(invitation.status).toBe(201);

    const page = await env.page();
    await page.goto(new URL(invitation.body.url).pathname);
    await page.getByLabel("Your name").fill(viewer.name);
    await page.getByLabel(/^Password/).fill(viewer.password);
    await page.getByLabel("Confirm password").fill(viewer.password);
    await page.getByRole("button", { name: "Accept invitation" }).click();
    await page.waitForURL("**/contacts");

    await page.goto("/settings/pipelines");
    const sales = page.getByRole("region", { name: "Pipeline Sales" });
    await sales.getByLabel("Name of stage 1").waitFor();
    expect(await sales.getByLabel("Name of stage 1").getAttribute("readonly")).not.toBeNull();
    expect(await page.getByRole("button", { name: /Save changes|Add stage|New pipeline/ }).count()).toBe(0);
    await page.getByText(crmReadOnly).first().waitFor();

    await page.goto("/settings/tags");
    await page.getByRole("row", { name: /Partner/ }).waitFor();
    expect(await page.getByRole("button", { name: /Add tag|Edit tag|Delete tag/ }).count()).toBe(0);

    await page.goto("/pipeline");
    await page.locator("[data-deal-id]", { hasText: "Watched deal" }).waitFor();
    expect(await page.getByRole("button", { name: /^Drag |^Move .* to another stage/ }).count()).toBe(0);
    await page.getByText("You can view the board").waitFor();
    expect(pageErrors(page)).toEqual([]);
  });

  test("at phone width: each settings screen fits, a stage and a tag can be added", async () => {
    const page = await env.page({ viewport: PHONE });
    await signUp(page, uniqueUser("crmphone"));
    await sessionApi(page, "POST", "/tags", { name: "Partner", color: "#12b886" });
    await sessionApi(page, "POST", "/currencies", { currency: "GBP", rate: 1.27 });
    await sessionApi(page, "POST", "/fields/contacts", { label: "Birthday", type: "date" });
    const fits = () => page.evaluate(() => document.documentElement.scrollWidth);

    await page.goto("/settings/pipelines");
    const sales = page.getByRole("region", { name: "Pipeline Sales" });
    await sales.getByLabel("Name of stage 1").waitFor();
    expect(await fits()).toBeLessThanOrEqual(375);
    await shot(page, "settings-pipelines-phone");
    await sales.getByRole("button", { name: "Add stage" }).click();
    await sales.getByLabel("Name of stage 5").fill("Trial");
    await sales.getByRole("button", { name: "Save changes" }).click();
    await page.getByText("Sales was saved.").waitFor();
    expect(await stageNames(page)).toContain("Trial:open:50");

    await page.goto("/settings/fields");
    await page.getByRole("row", { name: /Birthday/ }).waitFor();
    expect(await fits()).toBeLessThanOrEqual(375);
    await shot(page, "settings-fields-phone");

    await page.goto("/settings/tags");
    await page.getByRole("row", { name: /Partner/ }).waitFor();
    await page.getByLabel("Tag name").fill("Churn risk");
    await page.getByRole("button", { name: "Add tag" }).click();
    await page.getByRole("row", { name: /Churn risk/ }).waitFor();
    expect(await fits()).toBeLessThanOrEqual(375);
    await shot(page, "settings-tags-phone");

    await page.goto("/settings/currencies");
    await page.getByRole("row", { name: /GBP/ }).waitFor();
    expect(await fits()).toBeLessThanOrEqual(375);
    await shot(page, "settings-currencies-phone");
    expect(pageErrors(page)).toEqual([]);
  });
});
