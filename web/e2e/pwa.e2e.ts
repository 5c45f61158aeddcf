import { startTestServer } from "@rapport/server/test";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { launchBrowser, newPage, pageErrors, shot } from "./browser.ts";

describe("installable app (PWA)", () => {
  let server: Awaited<ReturnType<typeof startTestServer>> | undefined;
  let browser: Browser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  test("links a manifest with PNG icons, registers the service worker, and starts offline", async () => {
    const url = server!.url;
    const page = await newPage(browser, url);
    await page.goto("/sign-in");
    await page.getByRole("button", { name: "Sign in" }).waitFor();

    const manifestHref = await page.locator('link[rel="manifest"]').getAttribute("href");
    const manifest = await page.request.get(manifestHref!);
    expect(manifest.status()).toBe(200);
    expect(manifest.headers()["content-type"]).toContain("application/manifest+json");
    const { icons, start_url: startUrl, display } = await manifest.json();
    expect({ startUrl, display }).toEqual({ startUrl: "/", display: "standalone" });
    for (const size of ["192x192", "512x512"]) {
      const icon = icons.find(
        (i: { sizes: string; type: string }) => i.sizes === size && i.type === "image/png",
      );
      expect(icon, size).toBeDefined();
      const png = await page.request.get(icon.src);
      expect(png.status()).toBe(200);
      expect(png.headers()["content-type"]).toBe("image/png");
    }
    const sw = await page.request.get("/sw.js");
    expect(sw.headers()["cache-control"]).toBe("no-cache");

    // Registered, and in control of the page (it claims open pages when it activates).
    const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
    expect(scope).toBe(`${url}/`);
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    const cachedPaths = await page.evaluate(async () => {
      const paths: string[] = [];
      for (const name of await caches.keys()) {
        for (const request of await (await caches.open(name)).keys())
          paths.push(new URL(request.url).pathname);
      }
      return paths;
    });
    expect(cachedPaths).toContain("/index.html");
    expect(cachedPaths.some((p) => p.startsWith("/assets/"))).toBe(true);
    // The API is never cached.
    expect(cachedPaths.filter((p) => p.startsWith("/api/"))).toEqual([]);

    // The server goes away: the app shell still starts, from the service worker's cache.
    await server!.close();
    server = undefined;
    await page.reload();
    expect(await page.title()).toBe("Rapport");
    // The app runs, and says the server cannot be reached rather than failing blank.
    await page.getByText(/Could not reach the server/).waitFor();
    await shot(page, "offline-start-desktop");
    expect(pageErrors(page)).toEqual([]);
  });
});
