import type { Page } from "playwright-core";
import { describe, expect, test } from "vitest";
import { PHONE, pageErrors, shot, useServerAndBrowser } from "./browser.ts";
import { signIn, signUp, uniqueUser } from "./flows.ts";
import { sessionApi } from "./session-api.ts";

type Task = { id: string; title: string; status: string; dueAt: string | null; remindAt: string | null };

const HOUR = 3600_000;
const pad = (n: number) => String(n).padStart(2, "0");
const localDay = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;

describe("notifications and My tasks", () => {
  // Workers run, so a task's reminder really goes through the scheduler to the bell.
  const app = useServerAndBrowser({ workers: true });

  const createTask = async (page: Page, body: object) => {
    const response = await sessionApi<Task>(page, "POST", "/tasks", body);
    expect(response.status).toBe(201);
    return response.body;
  };
  const group = (page: Page, name: string) => page.getByRole("region", { name });

  test("a reminder reaches the bell live; read, open, and work through My tasks", async () => {
    const user = uniqueUser("notify");
    const page = await app.page();
    await signUp(page, user);
    await page.getByRole("button", { name: "Notifications", exact: true }).waitFor();

    // Due more than a day ago (too late for a due alert), today, in three days, and undated.
    const overdue = await createTask(page, {
      title: "Chase the invoice",
      dueAt: new Date(Date.now() - 30 * HOUR).toISOString(),
    });
    await createTask(page, { title: "Prepare the demo", dueDate: localDay(new Date()) });
    const upcoming = await createTask(page, {
      title: "Renewal call",
      dueDate: localDay(new Date(Date.now() + 72 * HOUR)),
    });
    await createTask(page, { title: "Read the contract" });
    // A reminder a minute ago: the scheduler delivers it at once, and the stream brings it in.
    const reminded = await createTask(page, {
      title: "Call Ada back",
      remindAt: new Date(Date.now() - 60_000).toISOString(),
    });

    const bell = page.getByRole("button", { name: "Notifications, 1 unread" });
    await bell.waitFor();
    await page.getByText("Task reminder").first().waitFor();
    await bell.click();
    const list = page.getByRole("dialog", { name: "Notifications" });
    await list.getByText("Call Ada back").waitFor();
    await expect(list.getByText(/^Reminder ·/).count()).resolves.toBe(1);
    await shot(page, "notifications-bell-desktop");

    // Opening it marks it read and goes to the task in My tasks.
    await list
      .getByRole("button", { name: /Call Ada back/ })
      .first()
      .click();
    await page.waitForURL(`**/tasks/mine?task=${reminded.id}`);
    await page.getByRole("button", { name: "Notifications", exact: true }).waitFor();
    const [stored] = (await sessionApi<{ data: { readAt: string | null }[] }>(page, "GET", "/notifications"))
      .body.data;
    expect(stored?.readAt).not.toBeNull();

    await group(page, "Overdue").getByText("Chase the invoice").waitFor();
    await group(page, "Today").getByText("Prepare the demo").waitFor();
    await group(page, "Upcoming").getByText("Renewal call").waitFor();
    await group(page, "No date").getByText("Read the contract").waitFor();
    await group(page, "No date").getByText("Call Ada back").waitFor();
    await shot(page, "my-tasks-desktop");

    // Complete: gone from the list, done on the server.
    await page.getByRole("checkbox", { name: "Complete: Renewal call" }).click();
    await group(page, "Upcoming").getByText("Renewal call").waitFor({ state: "detached" });
    await expect
      .poll(async () => (await sessionApi<Task>(page, "GET", `/tasks/${upcoming.id}`)).body.status)
      .toBe("done");

    // Snooze until tomorrow 9:00: reminded then, and due then since it was due before.
    await page.getByRole("button", { name: "Snooze: Chase the invoice" }).click();
    await page.getByRole("menuitem", { name: "Tomorrow 9:00" }).click();
    await group(page, "Upcoming").getByText("Chase the invoice").waitFor();
    const tomorrow9 = new Date();
    tomorrow9.setDate(tomorrow9.getDate() + 1);
    tomorrow9.setHours(9, 0, 0, 0);
    await expect
      .poll(async () => (await sessionApi<Task>(page, "GET", `/tasks/${overdue.id}`)).body)
      .toMatchObject({ remindAt: tomorrow9.toISOString(), dueAt: tomorrow9.toISOString() });

    // Mark all read.
    await createTask(page, { title: "Send the slides", remindAt: new Date(Date.now() - 1000).toISOString() });
    await page.getByRole("button", { name: "Notifications, 1 unread" }).click();
    await page.getByRole("dialog", { name: "Notifications" }).getByText("Send the slides").waitFor();
    await page.getByRole("button", { name: "Mark all read" }).click();
    await page.getByRole("button", { name: "Notifications", exact: true }).waitFor();
    expect(pageErrors(page)).toEqual([]);

    // A phone: the same list, and the bell's list, fit the screen.
    const phone = await app.page({ viewport: PHONE });
    await signIn(phone, user.email, user.password);
    await phone.waitForURL("**/contacts");
    await phone.goto("/tasks/mine");
    await group(phone, "Today").getByText("Prepare the demo").waitFor();
    expect(
      await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
    ).toBeLessThanOrEqual(0);
    await shot(phone, "my-tasks-phone");
    await phone.getByRole("button", { name: "Notifications", exact: true }).click();
    await phone.getByRole("dialog", { name: "Notifications" }).getByText("Send the slides").waitFor();
    await shot(phone, "notifications-bell-phone");
    expect(pageErrors(phone)).toEqual([]);
  });
});
