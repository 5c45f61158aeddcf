import type { Page } from "playwright-core";
import { expect } from "vitest";

let counter = 0;

/** A unique identity per call, so tests never collide on email addresses. */
export function uniqueUser(label: string) {
  counter += 1;
  const id = `${Date.now().toString(36)}${counter}`;
  return {
    name: `${label[0]!.toUpperCase()}${label.slice(1)} Tester`,
    email: `${label}-${id}@example.com`,
    password: "correct horse battery staple",
    workspaceName: `${label[0]!.toUpperCase()}${label.slice(1)} & Co`,
  };
}

export type TestUser = ReturnType<typeof uniqueUser>;

export async function signUp(page: Page, user: TestUser): Promise<void> {
  await page.goto("/sign-up");
  await page.getByLabel("Workspace name").fill(user.workspaceName);
  await page.getByLabel("Your name").fill(user.name);
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel(/^Password/).fill(user.password);
  await page.getByRole("button", { name: "Create workspace" }).click();
  await page.waitForURL("**/contacts");
  await page.getByRole("heading", { name: "No contacts yet" }).waitFor();
}

export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel(/^Password/).fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

export async function signOut(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Account menu" }).click();
  await page.getByRole("menuitem", { name: "Sign out" }).click();
  await page.waitForURL("**/sign-in");
}

export async function expectText(page: Page, text: string): Promise<void> {
  await page.getByText(text).first().waitFor();
  expect(await page.getByText(text).first().isVisible()).toBe(true);
}

/** Calls the API as the signed-in page (its session cookie and CSRF token), returning status and JSON. */
export async function callApi(
  page: Page,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: unknown }> {
  return page.evaluate(
    async ({ method, path, body }) => {
      const csrf = document.cookie
        .split(";")
        .map((c) => c.trim().split("="))
        .find(([name]) => name === "rapport_csrf")?.[1];
      const response = await fetch(`/api/v1${path}`, {
        method,
        headers: {
          ...(body === undefined ? {} : { "content-type": "application/json" }),
          ...(csrf ? { "x-csrf-token": decodeURIComponent(csrf) } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      return { status: response.status, json: text ? JSON.parse(text) : null };
    },
    { method, path, body },
  );
}
