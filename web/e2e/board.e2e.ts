import type { DealDto, PipelineDto } from "@rapport/core";
import type { Locator, Page } from "playwright-core";
import { describe, expect, test } from "vitest";
import { PHONE, pageErrors, shot, useServerAndBrowser } from "./browser.ts";
import { signUp, uniqueUser } from "./flows.ts";
import { sessionApi } from "./session-api.ts";

/** Polls long enough for a loaded machine (the default second is too short for a save and a refetch). */
const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 15_000, interval: 100 });

async function setUp(page: Page) {
  const pipelines = await sessionApi<{ data: PipelineDto[] }>(page, "GET", "/pipelines");
  const pipeline = pipelines.body.data[0]!;
  const stage = (name: string) => pipeline.stages.find((s) => s.name === name)!.id;
  const company = await sessionApi<{ id: string }>(page, "POST", "/companies", { name: "Acme Corp" });
  const deal = async (name: string, stageName: string, extra: object = {}) => {
    const created = await sessionApi<DealDto>(page, "POST", "/deals", {
      name,
      stageId: stage(stageName),
      ...extra,
    });
    expect(created.status).toBe(201);
    return created.body;
  };
  return { pipeline, stage, company: company.body, deal };
}

const getDeal = async (page: Page, id: string) =>
  (await sessionApi<DealDto>(page, "GET", `/deals/${id}`)).body;
const column = (page: Page, stage: string) => page.getByRole("region", { name: `${stage}`, exact: true });
const card = (page: Page, name: string) => page.locator("[data-deal-id]", { hasText: name });

/** Drags with the mouse in small steps, as a person does (dnd-kit starts after 5 px). */
async function drag(page: Page, from: Locator, to: Locator) {
  // Scroll the board so the card's column is its first visible one: the target is then in view.
  await from.evaluate((el) => {
    const board = el.closest("section[aria-label$='board']") as HTMLElement;
    const column = el.closest("section[data-stage-id]") as HTMLElement;
    board.scrollLeft = column.offsetLeft - board.offsetLeft;
  });
  // After a cancelled or failed move the board reloads and the dialog hands focus back: let it settle.
  await page.waitForLoadState("networkidle").catch(() => undefined);
  await page.waitForTimeout(300);
  const a = (await from.boundingBox())!;
  const b = (await to.boundingBox())!;
  await page.mouse.move(a.x + a.width / 2, a.y + 20);
  await page.mouse.down();
  await page.mouse.move(a.x + a.width / 2 + 10, a.y + 30, { steps: 3 });
  await page.mouse.move(b.x + b.width / 2, b.y + Math.min(b.height / 2, 120), { steps: 12 });
  await page.waitForTimeout(100);
  await page.mouse.up();
}

describe("pipeline board", () => {
  const env = useServerAndBrowser();

  test("drag to won updates the totals; lost asks for a reason; a stale save rolls back", async () => {
    const page = await env.page();
    await signUp(page, uniqueUser("board"));
    const { deal, company } = await setUp(page);
    const acme = await deal("Acme renewal", "Negotiation", {
      amount: 1000,
      companyId: company.id,
      expectedCloseDate: "2026-12-31",
    });
    const globex = await deal("Globex expansion", "Negotiation", { amount: 2500 });
    const initech = await deal("Initech pilot", "Lead in", { amount: 500 });

    await page.goto("/pipeline");
    await card(page, "Acme renewal").waitFor();
    const won = column(page, "Won stage");
    await poll(() => won.getByTestId("stage-count").textContent()).toBe("0 deals");
    expect(await card(page, "Acme renewal").textContent()).toContain("Acme Corp");
    await shot(page, "board-desktop");

    // Drag to won: the card lands there, the deal is won, and the column totals follow.
    await drag(page, card(page, "Acme renewal"), won);
    await won.locator("[data-deal-id]", { hasText: "Acme renewal" }).waitFor();
    await poll(async () => (await getDeal(page, acme.id)).status).toBe("won");
    await poll(() => won.getByTestId("stage-count").textContent()).toBe("1 deal");
    expect(await won.getByTestId("stage-amount").textContent()).toContain("1,000");
    await poll(() => column(page, "Negotiation stage").getByTestId("stage-count").textContent()).toBe(
      "1 deal",
    );

    // Lost asks first; cancelling leaves the deal where it was.
    const lost = column(page, "Lost stage");
    await drag(page, card(page, "Globex expansion"), lost);
    const dialog = page.getByRole("dialog", { name: "Why was Globex expansion lost?" });
    await dialog.waitFor();
    await dialog.getByRole("button", { name: "Mark as lost" }).click();
    await dialog.getByText("Say why the deal was lost").waitFor();
    await shot(page, "board-lost-reason-desktop");
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await dialog.waitFor({ state: "hidden" });
    await column(page, "Negotiation stage")
      .locator("[data-deal-id]", { hasText: "Globex expansion" })
      .waitFor();
    expect((await getDeal(page, globex.id)).status).toBe("open");

    await drag(page, card(page, "Globex expansion"), lost);
    await dialog.getByLabel("Lost reason").fill("Chose a cheaper vendor");
    await dialog.getByRole("button", { name: "Mark as lost" }).click();
    await lost.locator("[data-deal-id]", { hasText: "Globex expansion" }).waitFor();
    await poll(async () => (await getDeal(page, globex.id)).lostReason).toBe("Chose a cheaper vendor");
    expect((await getDeal(page, globex.id)).status).toBe("lost");

    // Someone else changes the deal meanwhile: the save answers 412 and the card goes back.
    const renamed = await sessionApi(page, "PATCH", `/deals/${initech.id}`, { amount: 750 });
    expect(renamed.status).toBe(200);
    await drag(page, card(page, "Initech pilot"), column(page, "Proposal sent stage"));
    await page.getByText("was changed by someone else meanwhile").waitFor();
    await shot(page, "board-rollback-desktop");
    const leadIn = column(page, "Lead in stage");
    await leadIn.locator("[data-deal-id]", { hasText: "Initech pilot" }).waitFor();
    // The board now shows the latest version of the deal.
    await poll(() => leadIn.locator("[data-deal-id]", { hasText: "Initech pilot" }).textContent()).toContain(
      "750",
    );
    expect(await column(page, "Proposal sent stage").locator("[data-deal-id]").count()).toBe(0);
    expect((await getDeal(page, initech.id)).stageId).toBe(initech.stageId);
    expect(pageErrors(page)).toEqual([]);
  });

  test("reorder within a column by keyboard, and move with the menu", async () => {
    const page = await env.page();
    await signUp(page, uniqueUser("reorder"));
    const { deal, stage } = await setUp(page);
    await deal("Third", "Lead in");
    await deal("Second", "Lead in");
    const first = await deal("First", "Lead in");

    await page.goto("/pipeline");
    const leadIn = column(page, "Lead in stage");
    const names = () => leadIn.getByTestId("deal-name").allTextContents();
    await poll(names).toEqual(["First", "Second", "Third"]);

    // Keyboard drag: pick up First from its handle, move it down one place, drop it.
    await page.getByRole("button", { name: "Drag First" }).focus();
    await page.keyboard.press("Space");
    await page.waitForTimeout(150);
    await page.keyboard.press("ArrowDown");
    await page.waitForTimeout(150);
    await page.keyboard.press("Space");
    await poll(names).toEqual(["Second", "First", "Third"]);
    const filter = encodeURIComponent(
      JSON.stringify({ field: "stageId", op: "eq", value: stage("Lead in") }),
    );
    const saved = async () =>
      (
        await sessionApi<{ data: DealDto[] }>(page, "GET", `/deals?filter=${filter}&sort=boardPosition`)
      ).body.data.map((d) => d.name);
    await poll(saved).toEqual(["Second", "First", "Third"]);

    // The keyboard also moves a deal to the next stage.
    await page.getByRole("button", { name: "Drag Third" }).focus();
    await page.keyboard.press("Space");
    await page.waitForTimeout(150);
    await page.keyboard.press("ArrowRight");
    await page.waitForTimeout(150);
    await page.keyboard.press("Space");
    await column(page, "Qualified stage").locator("[data-deal-id]", { hasText: "Third" }).waitFor();
    await poll(saved).toEqual(["Second", "First"]);

    // The menu moves a deal without dragging (screen readers, phones).
    await page.getByRole("button", { name: "Move First to another stage" }).click();
    await page.getByRole("menuitem", { name: "Proposal sent" }).click();
    await column(page, "Proposal sent stage").locator("[data-deal-id]", { hasText: "First" }).waitFor();
    await poll(async () => (await getDeal(page, first.id)).stageId).toBe(stage("Proposal sent"));
    // By keyboard too: Enter opens it, Escape closes it and hands focus back to its button.
    const menuButton = page.getByRole("button", { name: "Move Second to another stage" });
    await menuButton.focus();
    await page.keyboard.press("Enter");
    await page.getByRole("menuitem", { name: "Won" }).waitFor();
    await page.keyboard.press("Escape");
    await page.getByRole("menu").waitFor({ state: "hidden" });
    await poll(() => menuButton.evaluate((el) => el === document.activeElement)).toBe(true);

    // Filters apply to cards and totals: "My deals" leaves out others', the search narrows by name.
    await deal("Nobody's deal", "Negotiation", { ownerId: null, amount: 300 });
    await page.reload();
    const negotiation = column(page, "Negotiation stage");
    await negotiation.locator("[data-deal-id]", { hasText: "Nobody's deal" }).waitFor();
    await page.getByText("My deals").click();
    await poll(() => negotiation.getByTestId("stage-count").textContent()).toBe("0 deals");
    expect(await negotiation.locator("[data-deal-id]").count()).toBe(0);
    await page.getByText("Everyone's deals").click();
    await poll(() => negotiation.getByTestId("stage-count").textContent()).toBe("1 deal");
    await page.getByLabel("Search deals").fill("Thi");
    await poll(names).toEqual([]);
    await poll(() => column(page, "Qualified stage").getByTestId("deal-name").allTextContents()).toEqual([
      "Third",
    ]);
    await page.getByLabel("Search deals").fill("");
    await poll(names).toEqual(["Second"]);
    expect(pageErrors(page)).toEqual([]);
  });

  test("the search box forgives typos, as the deals table's does", async () => {
    const page = await env.page();
    await signUp(page, uniqueUser("boardsearch"));
    const { deal } = await setUp(page);
    await deal("ACME Corporation Ltd.", "Lead in", { amount: 1200 });
    await deal("Acme Corporation expansion", "Negotiation", { amount: 800 });
    await deal("Globex pilot", "Lead in", { amount: 300 });

    await page.goto("/pipeline");
    await card(page, "Globex pilot").waitFor();
    const leadIn = column(page, "Lead in stage");
    const negotiation = column(page, "Negotiation stage");
    const names = (c: Locator) => () => c.getByTestId("deal-name").allTextContents();

    // A misspelt name still finds the deals (a "name contains" search found none), cards and totals.
    await page.getByLabel("Search deals").fill("acme corporatoin");
    await poll(names(leadIn)).toEqual(["ACME Corporation Ltd."]);
    await poll(names(negotiation)).toEqual(["Acme Corporation expansion"]);
    await poll(() => leadIn.getByTestId("stage-count").textContent()).toBe("1 deal");
    await shot(page, "board-search-typo-desktop");

    await page.getByLabel("Search deals").fill("acme corp");
    await poll(names(leadIn)).toEqual(["ACME Corporation Ltd."]);
    await page.getByLabel("Search deals").fill("globx");
    await poll(names(leadIn)).toEqual(["Globex pilot"]);
    await poll(names(negotiation)).toEqual([]);
    await poll(() => negotiation.getByTestId("stage-count").textContent()).toBe("0 deals");
    expect(pageErrors(page)).toEqual([]);
  });

  test("a saved deals view and the filter builder narrow the board and its totals", async () => {
    const page = await env.page();
    await signUp(page, uniqueUser("boardview"));
    const { deal } = await setUp(page);
    await deal("Big one", "Lead in", { amount: 5000 });
    await deal("Small one", "Lead in", { amount: 50 });
    await deal("Mid one", "Qualified", { amount: 800 });
    const view = await sessionApi<{ id: string }>(page, "POST", "/views", {
      object: "deals",
      name: "Big deals",
      filter: { field: "amount", op: "gte", value: 500 },
    });
    expect(view.status).toBe(201);

    await page.goto("/pipeline");
    await card(page, "Small one").waitFor();
    const leadIn = column(page, "Lead in stage");
    await poll(() => leadIn.getByTestId("stage-count").textContent()).toBe("2 deals");

    await page.getByRole("textbox", { name: "View" }).click();
    await page.getByRole("option", { name: "Big deals" }).click();
    await page.waitForURL(new RegExp(`view=${view.body.id}`));
    await poll(() => leadIn.getByTestId("stage-count").textContent()).toBe("1 deal");
    await poll(() => card(page, "Small one").count()).toBe(0);
    await poll(() => card(page, "Big one").count()).toBe(1);
    await poll(() => card(page, "Mid one").count()).toBe(1);

    // The builder starts from the view's filter; a condition added to it narrows the board further.
    await page.getByRole("button", { name: /^Filter/ }).click();
    await page.getByRole("button", { name: "Add condition" }).click();
    const condition = page.getByTestId("filter-condition").last();
    await condition.getByRole("textbox", { name: "Field" }).click();
    await condition.getByRole("textbox", { name: "Field" }).fill("Name");
    await page.getByRole("option", { name: "Name", exact: true }).click();
    await condition.getByRole("textbox", { name: "Operator" }).click();
    await page.getByRole("option", { name: "is", exact: true }).click();
    await condition.getByRole("textbox", { name: "Value" }).fill("Mid one");
    await page.getByRole("button", { name: "Apply" }).click();
    await poll(() => card(page, "Big one").count()).toBe(0);
    await poll(() => card(page, "Mid one").count()).toBe(1);
    await poll(() => leadIn.getByTestId("stage-count").textContent()).toBe("0 deals");
    await shot(page, "board-view-filter-desktop");

    // All deals: no view, no filter.
    await page.getByRole("textbox", { name: "View" }).click();
    await page.getByRole("option", { name: "All deals" }).click();
    await poll(() => leadIn.getByTestId("stage-count").textContent()).toBe("2 deals");
    await card(page, "Small one").waitFor();
    expect(pageErrors(page)).toEqual([]);
  });

  test("a long column draws only the cards in view, loads page by page, and its cards still drag", async () => {
    const page = await env.page();
    await signUp(page, uniqueUser("longcolumn"));
    const { stage } = await setUp(page);
    const create = Array.from({ length: 120 }, (_, i) => ({
      name: `Bulk deal ${String(i).padStart(4, "0")}`,
      amount: 10,
      stageId: stage("Qualified"),
    }));
    const batch = await sessionApi(page, "POST", "/deals/batch", { create });
    expect(batch.status).toBe(200);
    const filter = encodeURIComponent(
      JSON.stringify({ field: "stageId", op: "eq", value: stage("Qualified") }),
    );
    const saved = async () =>
      (
        await sessionApi<{ data: DealDto[] }>(
          page,
          "GET",
          `/deals?filter=${filter}&sort=boardPosition&limit=200`,
        )
      ).body.data.map((d) => d.name);

    await page.goto("/pipeline");
    const qualified = column(page, "Qualified stage");
    await poll(() => qualified.getByTestId("stage-count").textContent()).toBe("120 deals");
    expect(await qualified.getByTestId("stage-amount").textContent()).toContain("1,200");
    const cards = qualified.locator("[data-deal-id]");
    await cards.first().waitFor();
    // Virtualized: a screenful of cards is in the page, not the 50 of the first page.
    expect(await cards.count()).toBeLessThan(30);
    expect(await qualified.getByRole("listitem").first().getAttribute("aria-setsize")).toBe("120");

    // Scrolling to the end of the column fetches the next pages until the column is complete.
    const scroller = qualified.locator(":scope > div").last();
    const toEnd = () => scroller.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
    const lastShown = async () => {
      await toEnd();
      return Number(await qualified.getByRole("listitem").last().getAttribute("aria-posinset"));
    };
    await poll(lastShown).toBe(120);
    expect(await cards.count()).toBeLessThan(30);
    expect(await qualified.getByRole("button", { name: "Load more deals" }).count()).toBe(0);
    await shot(page, "board-long-column-desktop");

    // A card far down the column moves down one place by keyboard; the saved order follows.
    const before = await saved();
    const deep = before[100]!;
    const handle = page.getByRole("button", { name: `Drag ${deep}` });
    // It is not in the page until the column scrolls up to it.
    await poll(async () => {
      if ((await handle.count()) === 0) await scroller.evaluate((el) => el.scrollBy({ top: -240 }));
      return handle.count();
    }).toBe(1);
    await handle.scrollIntoViewIfNeeded();
    await handle.focus();
    await page.keyboard.press("Space");
    await page.waitForTimeout(150);
    await page.keyboard.press("ArrowDown");
    // The card below makes room by moving up: the drop now lands below it.
    const below = card(page, before[101]!);
    await poll(() => below.evaluate((el) => el.style.transform)).toMatch(/translate.*-\d/);
    await page.keyboard.press("Space");
    const reordered = [...before];
    reordered.splice(100, 2, before[101]!, deep);
    await poll(saved).toEqual(reordered);

    // And the last card, drawn only once scrolled to, drags with the mouse to another stage.
    const last = reordered.at(-1)!;
    await toEnd();
    await drag(page, card(page, last), column(page, "Proposal sent stage"));
    await column(page, "Proposal sent stage").locator("[data-deal-id]", { hasText: last }).waitFor();
    await poll(() => qualified.getByTestId("stage-count").textContent()).toBe("119 deals");
    await poll(saved).toEqual(reordered.slice(0, -1));
    expect(pageErrors(page)).toEqual([]);
  }, 150_000);

  test("at phone width the board scrolls sideways, a column about a screen wide", async () => {
    const page = await env.page({ viewport: PHONE });
    await signUp(page, uniqueUser("boardphone"));
    const { deal, company, stage } = await setUp(page);
    const big = await deal("Phone deal", "Lead in", {
      amount: 4200,
      companyId: company.id,
      expectedCloseDate: "2027-01-15",
    });
    await deal("Another deal", "Lead in", { amount: 99 });

    await page.goto("/pipeline");
    await card(page, "Phone deal").waitFor();
    const region = page.getByRole("region", { name: /board$/ });
    const sizes = await region.evaluate((el) => ({
      scroll: el.scrollWidth,
      client: el.clientWidth,
      column: el.querySelector("section")!.getBoundingClientRect().width,
    }));
    expect(sizes.scroll).toBeGreaterThan(sizes.client * 3);
    expect(sizes.column).toBeGreaterThan(300);
    expect(sizes.column).toBeLessThanOrEqual(375);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await shot(page, "board-phone");

    await page.getByRole("button", { name: "Move Phone deal to another stage" }).click();
    await page.getByRole("menuitem", { name: "Won" }).click();
    await poll(async () => (await getDeal(page, big.id)).stageId).toBe(stage("Won"));
    await page.getByText("Phone deal moved to Won").waitFor();
    expect(pageErrors(page)).toEqual([]);
  });
});
