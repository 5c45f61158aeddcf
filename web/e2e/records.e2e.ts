import type { Page } from "playwright-core";
import { describe, expect, test } from "vitest";
import { DESKTOP, PHONE, pageErrors, shot, useServerAndBrowser } from "./browser.ts";
import { signUp, uniqueUser } from "./flows.ts";

type Json = Record<string, unknown>;

/** A second client of the same workspace, calling the API with its own key. */
function otherClient(baseUrl: string, key: string) {
  return async (method: string, path: string, body?: unknown): Promise<Json> => {
    const response = await fetch(`${baseUrl}/api/v1${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${key}`,
        ...(body === undefined ? {} : { "Content-Type": "application/json" }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await response.json()) as Json;
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(json)}`);
    return json;
  };
}

/** Creates an API key through the signed-in browser session (as an admin would in settings). */
async function apiKeyOf(page: Page): Promise<string> {
  const session = (await (await page.request.get("/api/v1/auth/session")).json()) as { csrfToken: string };
  const created = await page.request.post("/api/v1/api-keys", {
    data: { name: "Other client", role: "admin" },
    headers: { "X-CSRF-Token": session.csrfToken },
  });
  expect(created.status()).toBe(201);
  return ((await created.json()) as { key: string }).key;
}

describe("record pages and quick create", () => {
  const env = useServerAndBrowser();

  for (const [width, viewport] of [
    ["desktop", DESKTOP],
    ["phone", PHONE],
  ] as const) {
    test(`create, edit with a conflict, log a call, open company and deal (${width})`, async () => {
      const page = await env.page({ viewport });
      await signUp(page, uniqueUser(`records-${width}`));
      const other = otherClient(env.url, await apiKeyOf(page));
      await other("POST", "/fields/contacts", { label: "Favourite language", type: "text" });
      await other("POST", "/fields/contacts", { label: "Profile", type: "url" });
      const company = await other("POST", "/companies", {
        name: "Analytical Engines",
        domains: ["engines.example"],
        industry: "Machinery",
      });

      // Quick-create from the header; an invalid email is refused beside its field.
      await page.getByRole("button", { name: "New record" }).click();
      await page.getByRole("menuitem", { name: "Contact" }).click();
      const dialog = page.getByRole("dialog", { name: "New contact" });
      await dialog.getByLabel("First name").fill("Ada");
      await dialog.getByLabel("Last name").fill("Lovelace");
      await dialog.getByLabel("Email").fill("ada-at-example");
      await dialog.getByLabel("Favourite language").fill("Note G");
      await shot(page, `quick-create-contact-${width}`);
      await dialog.getByRole("button", { name: "Create" }).click();
      await dialog.getByText("Enter a valid email address").waitFor();
      expect(await dialog.getByLabel("Email").getAttribute("aria-invalid")).toBe("true");
      await dialog.getByLabel("Email").fill("ada@example.com");
      await dialog.getByRole("button", { name: "Create" }).click();
      await page.waitForURL(/\/contacts\/[0-9a-f-]{36}$/);
      const contactId = page.url().split("/").at(-1)!;
      await page.getByRole("heading", { name: "Ada Lovelace", level: 1 }).waitFor();
      const stored = await other("GET", `/contacts/${contactId}`);
      expect(stored.custom).toEqual({ favourite_language: "Note G" });
      expect(stored.ownerId).not.toBeNull();

      // Edit: a custom field's API error shows beside it; fixed, the save goes through.
      await page.getByRole("button", { name: "Edit contact fields" }).click();
      await page.getByLabel("Job title").fill("Analyst");
      await page.getByLabel("Profile").fill("not a url");
      await page.getByRole("button", { name: "Save changes" }).click();
      await page.getByText("Expected an http(s) URL such as https://example.com", { exact: true }).waitFor();
      expect(await page.getByLabel("Profile").getAttribute("aria-invalid")).toBe("true");
      await page.getByLabel("Profile").fill("https://example.com/ada");
      await page.getByRole("button", { name: "Save changes" }).click();
      await page.getByRole("button", { name: "Edit contact fields" }).waitFor();
      await page.getByText("Analyst").first().waitFor();
      expect((await other("GET", `/contacts/${contactId}`)).jobTitle).toBe("Analyst");

      // Someone else changes the job title while this user edits it: a 412, shown with their value.
      await page.getByRole("button", { name: "Edit contact fields" }).click();
      await page.getByLabel("Job title").fill("Programmer");
      await other("PATCH", `/contacts/${contactId}`, { jobTitle: "Mathematician" });
      await page.getByRole("button", { name: "Save changes" }).click();
      const conflict = page.getByRole("alert").filter({ hasText: "Someone else changed this record" });
      await conflict.waitFor();
      expect(await conflict.textContent()).toContain("Mathematician");
      expect(await conflict.textContent()).toContain("Programmer");
      await shot(page, `contact-conflict-${width}`);
      expect((await other("GET", `/contacts/${contactId}`)).jobTitle).toBe("Mathematician");
      if (width === "desktop") {
        await conflict.getByRole("button", { name: "Apply my changes over theirs" }).click();
        await page.getByRole("button", { name: "Edit contact fields" }).waitFor();
        expect((await other("GET", `/contacts/${contactId}`)).jobTitle).toBe("Programmer");
      } else {
        await conflict.getByRole("button", { name: "Discard my changes and reload" }).click();
        await page.getByRole("button", { name: "Edit contact fields" }).waitFor();
        await page.getByText("Mathematician").first().waitFor();
        expect((await other("GET", `/contacts/${contactId}`)).jobTitle).toBe("Mathematician");
      }

      // Log a call from the quick action; it appears in the timeline.
      await page
        .getByRole("group", { name: "Quick actions" })
        .getByRole("button", { name: "Log call" })
        .click();
      const composer = page.getByRole("region", { name: "Add to the timeline" });
      await composer.getByLabel("Duration (minutes)").fill("12");
      await composer.getByLabel("Outcome").fill("Connected");
      await composer.getByLabel("Notes").fill("Discussed the <engine> & its notes");
      await composer.getByRole("button", { name: "Log call" }).click();
      const timeline = page.getByRole("list", { name: "Timeline" });
      await timeline.getByText("Outbound · 12 min · Connected").waitFor();
      await timeline.getByText("Discussed the <engine> & its notes").waitFor();
      if (width === "desktop") {
        // A meeting with attendees, and a task completed from the timeline.
        await composer.locator("label", { hasText: "Meeting" }).click();
        await composer.getByLabel("Subject").fill("Design review");
        await composer.getByLabel("Location").fill("London");
        await composer.getByLabel("Attendees").fill("charles@example.com");
        await composer.getByLabel("Attendees").press("Enter");
        await composer.getByRole("button", { name: "Log meeting" }).click();
        await timeline.getByText("Meeting: Design review").waitFor();
        await timeline.getByText("Attendees: charles@example.com").waitFor();
        await composer.locator("label", { hasText: "Task" }).click();
        await composer.getByLabel("Title").fill("Send the engine notes");
        await composer.getByRole("button", { name: "Add task" }).click();
        await timeline.getByText("Task: Send the engine notes").waitFor();
        await timeline.getByRole("button", { name: "Mark done: Send the engine notes" }).click();
        await timeline.getByText("Done", { exact: true }).waitFor();
      }
      await page.getByRole("tab", { name: "Field history" }).click();
      await page.getByRole("cell", { name: "Job title" }).first().waitFor();
      await page.getByRole("tab", { name: "Timeline" }).click();
      await timeline.getByText("Connected").first().waitFor();
      await shot(page, `contact-page-${width}`);

      // The company page lists its contacts and deals.
      await other("PATCH", `/contacts/${contactId}`, {
        companies: [{ companyId: company.id, primary: true }],
      });
      const deal = await other("POST", "/deals", {
        name: "Difference engine",
        amount: 25000,
        companyId: company.id,
        expectedCloseDate: "2027-03-31",
        contacts: [{ contactId }],
      });
      if (width === "desktop") {
        // Every custom field type shows and edits on the company page.
        const options = [
          { value: "a", label: "Alpha" },
          { value: "b", label: "Beta" },
        ];
        const members = (await other("GET", "/members")).data as { userId: string }[];
        const defs: Json[] = [
          { label: "Motto", type: "text" },
          { label: "History", type: "long_text" },
          { label: "Looms", type: "number" },
          { label: "Budget", type: "currency", currency: "EUR" },
          { label: "Founded", type: "date" },
          { label: "Next visit", type: "datetime" },
          { label: "Partner", type: "boolean" },
          { label: "Tier", type: "single_select", options },
          { label: "Markets", type: "multi_select", options },
          { label: "Homepage", type: "url" },
          { label: "Support email", type: "email" },
          { label: "Switchboard", type: "phone" },
          { label: "Account manager", type: "user" },
          { label: "Champion", type: "record_link", target: "contacts" },
        ];
        for (const def of defs) await other("POST", "/fields/companies", def);
        await other("PATCH", `/companies/${company.id}`, {
          custom: {
            motto: "Weaving algebra",
            history: "Founded by Charles.",
            looms: 3,
            budget: 1250.5,
            founded: "1834-06-01",
            next_visit: "2027-01-15T10:30:00Z",
            partner: false,
            tier: "a",
            markets: ["a", "b"],
            homepage: "https://engines.example",
            support_email: "help@engines.example",
            switchboard: "+44 20 7946 0958",
            account_manager: members[0]!.userId,
            champion: contactId,
          },
        });
      }
      await page.goto(`/companies/${company.id}`);
      await page.getByRole("heading", { name: "Analytical Engines", level: 1 }).waitFor();
      if (width === "desktop") {
        const details = page.locator("main").getByText("Weaving algebra");
        await details.waitFor();
        await page.getByText("€1,250.50").waitFor();
        await page.getByText("Jun 1, 1834").waitFor();
        await page.getByText("Alpha", { exact: true }).first().waitFor();
        await page.getByText("Beta", { exact: true }).first().waitFor();
        await page.getByRole("link", { name: "help@engines.example" }).waitFor();
        await page.getByRole("button", { name: "Edit company fields" }).click();
        await page.getByLabel("Partner").check();
        await page.getByLabel("Looms").fill("4");
        await shot(page, `company-edit-${width}`);
        await page.getByRole("button", { name: "Save changes" }).click();
        await page.getByRole("button", { name: "Edit company fields" }).waitFor();
        const saved = (await other("GET", `/companies/${company.id}`)).custom as Json;
        expect(saved).toMatchObject({
          partner: true,
          looms: 4,
          tier: "a",
          markets: ["a", "b"],
          champion: contactId,
        });
      }
      const contacts = page.getByRole("region", { name: "Contacts" });
      await contacts.getByRole("link", { name: "Ada Lovelace" }).waitFor();
      await page
        .getByRole("region", { name: "Deals" })
        .getByRole("link", { name: "Difference engine" })
        .waitFor();
      await shot(page, `company-page-${width}`);

      // The deal page shows amount, stage and close date, and its contacts and company.
      await page
        .getByRole("region", { name: "Deals" })
        .getByRole("link", { name: "Difference engine" })
        .click();
      await page.waitForURL(`**/deals/${deal.id}`);
      await page.getByRole("heading", { name: "Difference engine", level: 1 }).waitFor();
      await page
        .getByRole("region", { name: "Contacts" })
        .getByRole("link", { name: "Ada Lovelace" })
        .waitFor();
      await page
        .getByRole("region", { name: "Company" })
        .getByRole("link", { name: "Analytical Engines" })
        .waitFor();
      expect(await page.locator("main").textContent()).toMatch(/25,000/);
      await shot(page, `deal-page-${width}`);

      if (width === "desktop") {
        // A deal from quick-create starts in the default pipeline's first stage, owned by me.
        await page.getByRole("button", { name: "New record" }).click();
        await page.getByRole("menuitem", { name: "Deal" }).click();
        const dealDialog = page.getByRole("dialog", { name: "New deal" });
        expect(await dealDialog.getByLabel("Stage").inputValue()).toBe("Lead in");
        expect(await dealDialog.getByLabel("Currency").inputValue()).toBe("USD");
        await dealDialog.getByLabel(/^Name/).fill("Jacquard loom");
        await dealDialog.getByLabel("Amount").fill("-5");
        await dealDialog.getByRole("button", { name: "Create" }).click();
        await dealDialog.getByText("An amount is 0 or more").waitFor();
        await dealDialog.getByLabel("Amount").fill("1200");
        await dealDialog.getByRole("button", { name: "Create" }).click();
        await page.waitForURL(/\/deals\/[0-9a-f-]{36}$/);
        await page.getByRole("heading", { name: "Jacquard loom", level: 1 }).waitFor();
        const created = await other("GET", `/deals/${page.url().split("/").at(-1)}`);
        const pipelines = (await other("GET", "/pipelines")).data as { id: string; isDefault: boolean }[];
        expect(created.pipelineId).toBe(pipelines.find((p) => p.isDefault)!.id);
        expect(created.ownerId).toBe(stored.ownerId);
        expect(created.amount).toBe(1200);
        await page.goBack();
        await page.getByRole("heading", { name: "Difference engine", level: 1 }).waitFor();
      }

      // A task created from anywhere stays on the page and says so.
      await page.getByRole("button", { name: "New record" }).click();
      await page.getByRole("menuitem", { name: "Task" }).click();
      const taskDialog = page.getByRole("dialog", { name: "New task" });
      await taskDialog.getByLabel("Title").fill("Send the notes");
      await taskDialog.getByRole("button", { name: "Create" }).click();
      await page.getByText("Task created").waitFor();
      expect(page.url()).toContain(`/deals/${deal.id}`);
      expect(pageErrors(page)).toEqual([]);
    });
  }
});
