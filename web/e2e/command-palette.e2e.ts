import { describe, expect, test } from "vitest";
import { PHONE, pageErrors, shot, useServerAndBrowser } from "./browser.ts";
import { callApi, signUp, uniqueUser } from "./flows.ts";

describe("Command palette", () => {
  const env = useServerAndBrowser();

  test("Ctrl-K finds contacts, companies and deals as you type and opens them; commands navigate", async () => {
    const page = await env.page();
    await signUp(page, uniqueUser("palette"));
    const company = await callApi(page, "POST", "/companies", {
      name: "Lovelace Analytics",
      domains: ["lovelace.io"],
    });
    await callApi(page, "POST", "/contacts", {
      firstName: "Ada",
      lastName: "Lovelace",
      emails: [{ value: "ada@lovelace.io", primary: true }],
      jobTitle: "Countess",
    });
    await callApi(page, "POST", "/contacts", { firstName: "Alan", lastName: "Turing" });
    const pipeline = (await callApi(page, "GET", "/pipelines")).json as {
      data: { stages: { id: string }[] }[];
    };
    await callApi(page, "POST", "/deals", {
      name: "Lovelace renewal",
      amount: 12000,
      currency: "USD",
      stageId: pipeline.data[0]!.stages[0]!.id,
    });

    await page.keyboard.press("Control+k");
    const search = page
      .getByRole("searchbox", { name: "Search or run a command" })
      .or(page.getByLabel("Search or run a command"));
    await search.first().fill("lovel");
    await page.getByText("Ada Lovelace").waitFor();
    await page.getByText("Lovelace Analytics").waitFor();
    await page.getByText("Lovelace renewal").waitFor();
    expect(await page.getByText("Alan Turing").count()).toBe(0);
    await shot(page, "command-palette-desktop");

    // Typos are forgiven: the search endpoint ranks by trigram similarity.
    await search.first().fill("ada lovleace");
    await page.getByText("Ada Lovelace").waitFor();
    expect(await page.getByText("Alan Turing").count()).toBe(0);
    await shot(page, "command-palette-typo");
    await search.first().fill("lovel");
    await page.getByText("Lovelace Analytics").click();
    await page.waitForURL(`**/companies/${(company.json as { id: string }).id}`);

    // The table's search box matches the same way.
    await page.goto("/contacts");
    await page.getByText("Alan Turing").waitFor();
    await page.getByRole("searchbox", { name: "Search", exact: true }).fill("lovleace");
    await page.getByText("Alan Turing").waitFor({ state: "detached" });
    await page.getByText("Ada Lovelace").waitFor();

    await page.goto("/contacts");
    await page.getByRole("button", { name: /^Search/ }).waitFor();
    await page.keyboard.press("Control+k");
    await search.first().fill("api keys");
    await page.getByText("Go to API keys").click();
    await page.waitForURL("**/settings/api-keys");
    await page.getByRole("dialog").waitFor({ state: "detached" });

    await page.keyboard.press("Control+k");
    await search.first().fill("zzqx");
    await page.getByText(/Nothing found/).waitFor();
    expect(pageErrors(page)).toEqual([]);
  });

  test("the search button opens it on a phone", async () => {
    const page = await env.page({ viewport: PHONE });
    await signUp(page, uniqueUser("palettephone"));
    await page.getByRole("button", { name: /^Search/ }).click();
    await page.getByLabel("Search or run a command").first().fill("dea");
    await page.getByText("Go to Deals").waitFor();
    await page.getByLabel("Search or run a command").first().fill("new con");
    await page.getByText("New contact").click();
    await page.getByRole("dialog", { name: "New contact" }).waitFor();
    await shot(page, "command-palette-phone");
  });
});
