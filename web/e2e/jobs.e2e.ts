import { insertFailedJob, queryRows, startTestServer } from "@rapport/server/test";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { launchBrowser, newPage, PHONE, pageErrors, shot } from "./browser.ts";
import { signIn, signUp, uniqueUser } from "./flows.ts";

describe("Settings → Jobs", () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const stateOf = async (id: string) =>
    (
      await queryRows<{ state: string }>(server.database, "select state from pgboss.job where id = $1", [id])
    )[0]?.state;

  test("an admin sees a failed job with its error, retries it, then cancels the retry", async () => {
    const user = uniqueUser("jobs");
    const page = await newPage(browser, server.url);
    await signUp(page, user);
    const [workspace] = await queryRows<{ id: string }>(
      server.database,
      "select m.workspace_id as id from memberships m join users u on u.id = m.user_id where u.email = $1",
      [user.email],
    );
    // A purge that failed for good, as a worker leaves it.
    const failed = await insertFailedJob(
      server.database,
      "trash.purge",
      { workspaceId: workspace!.id },
      "Connection terminated unexpectedly",
    );

    await page.getByRole("link", { name: "Settings" }).first().click();
    await page.getByRole("link", { name: "Jobs" }).click();
    await page.waitForURL("**/settings/jobs");
    const jobs = page.getByRole("list", { name: "Jobs" });
    await jobs.getByText("Connection terminated unexpectedly").waitFor();
    const queueRow = page.getByRole("table", { name: "Queues" }).getByRole("row", { name: /trash\.purge/ });
    expect((await queueRow.getByRole("cell").allTextContents()).slice(1)).toEqual(["0", "0", "0", "1", "0"]);
    expect(await jobs.getByText("Attempt 1 of 1").count()).toBe(1);
    await shot(page, "settings-jobs-failed-desktop");

    const phone = await newPage(browser, server.url, { viewport: PHONE });
    await signIn(phone, user.email, user.password);
    await phone.waitForURL("**/contacts");
    await phone.goto("/settings/jobs");
    await phone.getByText("Connection terminated unexpectedly").waitFor();
    await expectNoHorizontalScroll(phone);
    await shot(phone, "settings-jobs-failed-phone");

    await jobs.getByRole("button", { name: /^Retry trash\.purge job/ }).click();
    await page.getByRole("heading", { name: "No jobs: failed" }).waitFor();
    expect(await stateOf(failed)).toBe("retry");

    await page.getByLabel("Show").selectOption("retry");
    await jobs.getByText("Attempt 1 of 2").waitFor();
    await shot(page, "settings-jobs-retry-desktop");
    await jobs.getByRole("button", { name: /^Cancel trash\.purge job/ }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Cancel job" }).click();
    await page.getByRole("heading", { name: "No jobs: waiting to retry" }).waitFor();
    expect(await stateOf(failed)).toBe("cancelled");
    await expect
      .poll(async () => (await queueRow.getByRole("cell").allTextContents()).slice(1))
      .toEqual(["0", "0", "0", "0", "1"]);

    expect(pageErrors(page)).toEqual([]);
    expect(pageErrors(phone)).toEqual([]);
  });
});

async function expectNoHorizontalScroll(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}
