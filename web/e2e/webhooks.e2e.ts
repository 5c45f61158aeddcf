import { createHmac } from "node:crypto";
import { queryRows, Receiver, startTestServer, until } from "@rapport/server/test";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { launchBrowser, newPage, PHONE, pageErrors, shot } from "./browser.ts";
import { signIn, signUp, uniqueUser } from "./flows.ts";
import { sessionApi } from "./session-api.ts";

describe("Settings → Webhooks", () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;
  const receiver = new Receiver();

  beforeAll(async () => {
    await receiver.start();
    // Workers on: the relay and the delivery jobs run, so the log fills with real deliveries.
    [server, browser] = await Promise.all([startTestServer({ workers: true }), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await receiver.stop();
  });

  test("an admin adds a webhook, copies its secret once, reads the delivery log, redelivers, and sees a disabled notice", async () => {
    const user = uniqueUser("hooks");
    const page = await newPage(browser, server.url);
    await signUp(page, user);
    await page.getByRole("link", { name: "Settings" }).first().click();
    await page.getByRole("link", { name: "Webhooks" }).click();
    await page.waitForURL("**/settings/webhooks");
    await page.getByRole("heading", { name: "No webhooks yet" }).waitFor();
    await shot(page, "settings-webhooks-empty-desktop");

    await page.getByRole("button", { name: "Add webhook" }).first().click();
    const dialog = page.getByRole("dialog");
    await dialog.getByRole("button", { name: "Add webhook" }).click();
    await dialog.getByText("Enter an absolute URL").waitFor();
    await dialog.getByText("Choose at least one event type").waitFor();
    await dialog.getByLabel("URL").fill(receiver.url);
    await dialog.getByLabel("Description").fill("CRM sync");
    await dialog.getByRole("textbox", { name: "Events" }).click();
    await page.getByRole("option", { name: "contact.created", exact: true }).click();
    await page.getByRole("option", { name: "contact.updated", exact: true }).click();
    // Closes the list of events.
    await dialog.getByRole("heading", { name: "Add webhook" }).click();
    // Events of one object: a filter on its records can narrow them.
    await dialog.getByRole("button", { name: /^Filter/ }).click();
    await page.getByRole("button", { name: "Add condition" }).click();
    const condition = page.getByTestId("filter-condition").last();
    await condition.getByRole("textbox", { name: "Field" }).click();
    await condition.getByRole("textbox", { name: "Field" }).fill("First name");
    await page.getByRole("option", { name: "First name", exact: true }).click();
    await condition.getByRole("textbox", { name: "Operator" }).click();
    await page.getByRole("option", { name: "is", exact: true }).click();
    await condition.getByRole("textbox", { name: "Value" }).fill("Ada");
    await page.getByRole("button", { name: "Apply" }).click();
    await dialog.getByRole("button", { name: "Filter (1)" }).waitFor();
    await shot(page, "settings-webhooks-create-desktop");
    await dialog.getByRole("button", { name: "Add webhook" }).click();
    await dialog.getByText("You won't see it again").waitFor();
    const secret = await dialog.getByLabel("Signing secret", { exact: true }).inputValue();
    expect(secret).toMatch(/^whsec_/);
    await shot(page, "settings-webhooks-secret-desktop");
    await dialog.getByRole("button", { name: "Done" }).click();
    await dialog.waitFor({ state: "hidden" });
    const item = page.getByRole("listitem", { name: receiver.url });
    await item.getByText("CRM sync").waitFor();
    expect(await page.getByText(secret).count()).toBe(0);

    // A change in the CRM reaches the receiver, signed with the secret just shown; one the filter
    // leaves out (made first, so it would arrive first) does not.
    await sessionApi(page, "POST", "/contacts", { firstName: "Bob", lastName: "Babbage" });
    await sessionApi(page, "POST", "/contacts", { firstName: "Ada", lastName: "Lovelace" });
    await until(() => receiver.received.length === 1, 10_000, "the delivery");
    const [got] = receiver.received;
    expect(JSON.parse(got!.body).data).toMatchObject({ contact: { firstName: "Ada" } });
    const [, t, v1] = /^t=(\d+),v1=([0-9a-f]+)$/.exec(got!.signature)!;
    expect(v1).toBe(createHmac("sha256", secret).update(`${t}.${got!.body}`).digest("hex"));

    await item.getByRole("button", { name: `Deliveries of webhook ${receiver.url}` }).click();
    const log = page.getByRole("list", { name: "Delivery log" });
    await log.getByText("Delivered").waitFor();
    await log.getByText("HTTP 200").waitFor();
    await shot(page, "settings-webhooks-deliveries-desktop");
    await log.getByRole("button", { name: /^Redeliver contact\.created/ }).click();
    await until(() => receiver.received.length === 2, 10_000, "the redelivery");
    expect(receiver.received[1]!.eventId).toBe(got!.eventId);
    await page.keyboard.press("Escape");
    await log.waitFor({ state: "hidden" });

    // What the delivery job leaves when it gives up on the receiver.
    await queryRows(
      server.database,
      "update webhooks set enabled = false, disabled_at = now(), disabled_reason = $1",
      [
        "Disabled after 14 failed attempts to deliver event 0190… (contact.updated); the last: The receiver answered 503. Fix the receiver, then enable the webhook again.",
      ],
    );
    await page.reload();
    await item.getByText("Rapport disabled this webhook").waitFor();
    await item.getByText("Disabled", { exact: true }).waitFor();
    await shot(page, "settings-webhooks-disabled-desktop");

    const phone = await newPage(browser, server.url, { viewport: PHONE });
    await signIn(phone, user.email, user.password);
    await phone.waitForURL("**/contacts");
    await phone.goto("/settings/webhooks");
    await phone.getByText("Rapport disabled this webhook").waitFor();
    await expectNoHorizontalScroll(phone);
    await shot(phone, "settings-webhooks-disabled-phone");
    await phone.getByRole("button", { name: `Deliveries of webhook ${receiver.url}` }).click();
    await phone.getByRole("list", { name: "Delivery log" }).getByText("Delivered").first().waitFor();
    await shot(phone, "settings-webhooks-deliveries-phone");

    // Enabling it again clears the notice.
    await item.getByRole("button", { name: `Edit webhook ${receiver.url}` }).click();
    await dialog.getByLabel("Enabled").check();
    await dialog.getByRole("button", { name: "Save" }).click();
    await dialog.waitFor({ state: "hidden" });
    await item.getByText("Active").waitFor();
    expect(await item.getByText("Rapport disabled this webhook").count()).toBe(0);
    expect(pageErrors(page)).toEqual([]);
    expect(pageErrors(phone)).toEqual([]);
  });
});

async function expectNoHorizontalScroll(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}
