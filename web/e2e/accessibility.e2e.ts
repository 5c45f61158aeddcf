import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Page } from "playwright-core";
import { describe, expect, test } from "vitest";
import { PHONE, useServerAndBrowser } from "./browser.ts";
import { callApi, signUp, uniqueUser } from "./flows.ts";

// axe-core, run inside the page: the WCAG 2.1 A and AA rules on what is on screen.
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

type Violation = {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; html: string }[];
};

/** The serious and critical WCAG violations on the page as it is now, one line each. */
async function violations(page: Page): Promise<string[]> {
  // Evaluated through the debugging protocol, so the page's Content-Security-Policy does not apply.
  await page.evaluate(AXE_SOURCE);
  const found = await page.evaluate(async () => {
    const axe = (
      window as unknown as { axe: { run(options: unknown): Promise<{ violations: Violation[] }> } }
    ).axe;
    const result = await axe.run({ runOnly: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] });
    return result.violations;
  });
  return found
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.help}): ${v.nodes.map((n) => n.html.slice(0, 160)).join(", ")}`);
}

/** Each screen's violations prefixed with its path and width, so one run reports them all. */
async function audit(page: Page, screens: [string, () => Promise<unknown>][]): Promise<string[]> {
  const problems: string[] = [];
  const width = page.viewportSize()?.width;
  for (const [path, ready] of screens) {
    await page.goto(path);
    await ready();
    await page.waitForLoadState("networkidle").catch(() => undefined);
    for (const v of await violations(page)) problems.push(`${path} @${width}px: ${v}`);
  }
  return problems;
}

describe("accessibility (axe, WCAG 2.1 AA)", () => {
  const env = useServerAndBrowser();

  test("the sign-in and sign-up screens", async () => {
    const page = await env.page();
    const problems = await audit(page, [
      ["/sign-in", () => page.getByRole("button", { name: "Sign in" }).waitFor()],
      ["/sign-up", () => page.getByRole("button", { name: "Create workspace" }).waitFor()],
    ]);
    expect(problems).toEqual([]);
  });

  test("the everyday screens, at desktop and phone widths", async () => {
    const page = await env.page();
    const user = uniqueUser("axe");
    await signUp(page, user);
    const company = await callApi(page, "POST", "/companies", {
      name: "Axe Industries",
      domains: ["axe.test"],
    });
    const companyId = (company.json as { id: string }).id;
    const contact = await callApi(page, "POST", "/contacts", {
      firstName: "Ada",
      lastName: "Access",
      companies: [{ companyId, role: null, primary: true }],
      emails: [{ value: "ada@axe.test", label: "work", primary: true }],
    });
    expect(contact.status, JSON.stringify(contact.json)).toBe(201);
    const contactId = (contact.json as { id: string }).id;
    const deal = await callApi(page, "POST", "/deals", { name: "Axe renewal", amount: 1200, companyId });
    const dealId = (deal.json as { id: string }).id;
    await callApi(page, "POST", "/tasks", { title: "Call Ada", dueAt: new Date().toISOString() });
    await callApi(page, "POST", "/teams", { name: "Axe team" });

    const screens: [string, () => Promise<unknown>][] = [
      ["/contacts", () => page.getByText("Ada Access").first().waitFor()],
      [`/contacts/${contactId}`, () => page.getByRole("heading", { name: "Ada Access" }).waitFor()],
      ["/companies", () => page.getByText("Axe Industries").first().waitFor()],
      [`/companies/${companyId}`, () => page.getByRole("heading", { name: "Axe Industries" }).waitFor()],
      ["/deals", () => page.getByText("Axe renewal").first().waitFor()],
      [`/deals/${dealId}`, () => page.getByRole("heading", { name: "Axe renewal" }).waitFor()],
      ["/pipeline", () => page.getByText("Axe renewal").first().waitFor()],
      ["/tasks/mine", () => page.getByText("Call Ada").first().waitFor()],
      ["/settings/profile", () => page.getByRole("heading").first().waitFor()],
      ["/settings/members", () => page.getByText(user.email).first().waitFor()],
      ["/settings/pipelines", () => page.getByRole("heading").first().waitFor()],
      ["/settings/fields", () => page.getByRole("heading").first().waitFor()],
      ["/settings/teams", () => page.getByText("Axe team").first().waitFor()],
    ];
    const problems = await audit(page, screens);
    await page.setViewportSize(PHONE);
    problems.push(...(await audit(page, screens.slice(0, 4))));
    expect(problems).toEqual([]);
  });
});
