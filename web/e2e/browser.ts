import { mkdir } from "node:fs/promises";
import path from "node:path";
import { startTestServer } from "@rapport/server/test";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";

export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 375, height: 740 };

const SCREENSHOTS = path.join(import.meta.dirname, "screenshots");

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** A page in a fresh context (its own cookies), so each user of a test is isolated. */
export async function newPage(
  browser: Browser,
  baseURL: string,
  options: { viewport?: { width: number; height: number }; colorScheme?: "light" | "dark" } = {},
): Promise<Page> {
  const context = await browser.newContext({
    baseURL,
    viewport: options.viewport ?? DESKTOP,
    colorScheme: options.colorScheme ?? "light",
    isMobile: (options.viewport ?? DESKTOP).width < 500,
    hasTouch: (options.viewport ?? DESKTOP).width < 500,
  });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  // The server's CSP forbids inline scripts; a violation only shows up in the console.
  page.on("console", (message) => {
    if (message.type() === "error" && /Content Security Policy|Refused to/.test(message.text())) {
      errors.push(message.text());
    }
  });
  (page as Page & { errors: string[] }).errors = errors;
  return page;
}

/** Uncaught exceptions and CSP violations, for asserting a clean run. */
export function pageErrors(page: Page): string[] {
  return (page as Page & { errors?: string[] }).errors ?? [];
}

/**
 * Saves a PNG under web/e2e/screenshots/ once animations and pending requests have settled, for a
 * person to look at. CI (a fresh clone, thrown away after the run) only waits for the page to settle.
 */
export async function shot(page: Page, name: string): Promise<void> {
  await page.waitForLoadState("networkidle").catch(() => undefined);
  if (process.env.CI) return;
  await mkdir(SCREENSHOTS, { recursive: true });
  await page.waitForTimeout(250);
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/**
 * Starts a test server (fresh database, built web app; `{ workers: true }` also runs background
 * jobs) and a browser before the file's tests and stops both after them; `page()` opens an isolated
 * page on that server.
 */
export function useServerAndBrowser(options: Parameters<typeof startTestServer>[0] = {}) {
  let server: Awaited<ReturnType<typeof startTestServer>> | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    [server, browser] = await Promise.all([startTestServer(options), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  return {
    get url(): string {
      return server!.url;
    },
    /** The server's database, for a test that must reach past the API (as an operator could). */
    get database() {
      return server!.database;
    },
    page: (options?: Parameters<typeof newPage>[2]) => newPage(browser!, server!.url, options),
  };
}
