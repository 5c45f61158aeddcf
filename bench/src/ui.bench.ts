import { sql } from "drizzle-orm";
import { chromium, type Page } from "playwright-core";
import { benchApp, type Target } from "./records.bench.ts";
import { SEED_PASSWORD } from "./seed.ts";

type Frames = { frames: number; p50: number; p95: number; p99: number; long: number; seconds: number };

/**
 * Frame times while `step` runs once per animation frame for `seconds`, measured in the page: what
 * a user feels as smooth (16.7 ms at 60 Hz) or janky (a frame over 50 ms is a visible stall).
 */
async function frameTimes(page: Page, seconds: number, step: string): Promise<Frames> {
  // Passed as text: functions handed to the page must not carry helpers the bench's compiler adds.
  return page.evaluate(`new Promise((resolve) => {
    const gaps = [];
    const start = performance.now();
    let last = start;
    const tick = (now) => {
      gaps.push(now - last);
      last = now;
      if (now - start < ${seconds * 1000}) {
        ${step}
        requestAnimationFrame(tick);
        return;
      }
      gaps.sort((a, b) => a - b);
      const at = (q) => gaps[Math.min(gaps.length - 1, Math.floor(q * gaps.length))] ?? 0;
      resolve({ frames: gaps.length, p50: at(0.5), p95: at(0.95), p99: at(0.99),
        long: gaps.filter((g) => g > 50).length, seconds: (now - start) / 1000 });
    };
    requestAnimationFrame((now) => { last = now; requestAnimationFrame(tick); });
  })`) as Promise<Frames>;
}

const f = (x: number) => x.toFixed(1).padStart(8);

function printFrames(name: string, r: Frames, extra = "") {
  console.log(
    `${name.padEnd(44)} ${f(r.p50)} ${f(r.p95)} ${f(r.p99)} ${String(r.long).padStart(6)} / ${String(r.frames).padEnd(5)} ${extra}`,
  );
}

/**
 * The web app over the seeded workspace in headless Chromium: how long the contacts table and the
 * pipeline board take to show, and how smooth scrolling through 100,000 rows and a board of
 * thousands of open deals stays (frame times, and frames over 50 ms).
 */
export async function uiBenchmark(target: Target, options: { contacts: number; seconds: number }) {
  const database = await target.open();
  const { ws, q, app, close } = await benchApp(database, options.contacts);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
  });
  try {
    const url = await app.listen({ port: 0, host: "127.0.0.1" });
    const [owner] = await q<{ email: string }>(
      sql`select u.email from users u join memberships m on m.user_id = u.id
          where m.workspace_id = ${ws} and m.role = 'owner'`,
    );
    const [open] = await q<{ n: number }>(
      sql`select count(*)::int as n from deals d join pipelines p on p.workspace_id = d.workspace_id and p.id = d.pipeline_id
          where d.workspace_id = ${ws} and d.deleted_at is null and d.status = 'open' and p.is_default`,
    );
    const page = await (
      await browser.newContext({ baseURL: url, viewport: { width: 1440, height: 900 } })
    ).newPage();
    page.setDefaultTimeout(60_000);
    await page.goto("/sign-in");
    await page.getByLabel("Email").fill(owner!.email);
    await page.getByLabel(/^Password/).fill(SEED_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL("**/contacts");

    console.log(`\nWeb app on ${target.label}: ${options.contacts.toLocaleString("en")} contacts`);
    let t0 = performance.now();
    await page.goto("/contacts");
    await page.locator('[role="grid"] [role="row"][aria-rowindex="2"]').waitFor();
    const tableShown = performance.now() - t0;
    const total = await page.locator('[role="grid"]').getAttribute("aria-rowcount");
    console.log(
      `contacts table: first rows shown after ${tableShown.toFixed(0)} ms (${Number(total) - 1} rows)`,
    );
    console.log(
      `${"operation".padEnd(44)} ${"p50 ms".padStart(8)} ${"p95 ms".padStart(8)} ${"p99 ms".padStart(8)}  frames > 50 ms`,
    );
    // A fling: 1,500 px per frame (about 40 rows), loading pages from the API as it goes.
    const fling = await frameTimes(
      page,
      options.seconds,
      `document.querySelector('[role="grid"]').scrollTop += 1500;`,
    );
    const reached = Number(
      await page.evaluate(`Math.round(document.querySelector('[role="grid"]').scrollTop / 36)`),
    );
    printFrames("contacts table: fling-scroll", fling, `(reached row ~${reached.toLocaleString("en")})`);
    // A jump to the middle of the table, then reading downwards a row at a time.
    await page.evaluate(
      `{ const g = document.querySelector('[role="grid"]'); g.scrollTop = g.scrollHeight / 2; }`,
    );
    const read = await frameTimes(
      page,
      options.seconds,
      `document.querySelector('[role="grid"]').scrollTop += 36;`,
    );
    printFrames("contacts table: jump to middle, then scroll", read);

    t0 = performance.now();
    await page.goto("/pipeline");
    await page.locator("section[aria-label$='board'] [data-deal-id]").first().waitFor();
    const boardShown = performance.now() - t0;
    console.log(
      `pipeline board: first cards shown after ${boardShown.toFixed(0)} ms (${open!.n} open deals)`,
    );
    const sideways = await frameTimes(
      page,
      options.seconds,
      `const b = document.querySelector("section[aria-label$='board']"); b.scrollLeft = (b.scrollLeft + 40) % b.scrollWidth;`,
    );
    printFrames("pipeline board: scroll across stages", sideways);
    const down = await frameTimes(
      page,
      options.seconds,
      // Each column is a section whose last child holds its cards, loading more as it nears the end.
      `for (const c of document.querySelectorAll("section[aria-label$='board'] > section")) c.lastElementChild.scrollTop += 400;`,
    );
    printFrames("pipeline board: scroll down every column", down);
  } finally {
    await browser.close();
    await close();
    await database.close();
  }
}
