// Renders the app icons (PNG, for the web app manifest and iOS) from public/favicon.svg with the
// Chromium that browser tests use. The PNGs are committed; run again after changing the logo:
//   node web/scripts/make-icons.mjs
import { readFile } from "node:fs/promises";
import path from "node:path";
import { chromium } from "playwright-core";

const publicDir = path.join(import.meta.dirname, "../public");
const svg = await readFile(path.join(publicDir, "favicon.svg"), "utf8");
// A maskable icon keeps its content inside the central 80 % "safe zone" on a full-bleed background.
const square = svg.replace('rx="14"', 'rx="0"');

const icons = [
  { file: "icon-192.png", size: 192, body: svg, padding: 0, background: "transparent" },
  { file: "icon-512.png", size: 512, body: svg, padding: 0, background: "transparent" },
  { file: "icon-maskable-512.png", size: 512, body: square, padding: 0.12, background: "#4c6ef5" },
  { file: "apple-touch-icon.png", size: 180, body: square, padding: 0, background: "#4c6ef5" },
];

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu"],
});
try {
  for (const icon of icons) {
    const page = await browser.newPage({ viewport: { width: icon.size, height: icon.size } });
    const inset = Math.round(icon.size * icon.padding);
    await page.setContent(
      `<html><body style="margin:0;background:${icon.background}"><div style="padding:${inset}px;width:${
        icon.size - 2 * inset
      }px;height:${icon.size - 2 * inset}px">${icon.body.replace("<svg ", '<svg width="100%" height="100%" ')}</div></body></html>`,
    );
    await page.screenshot({
      path: path.join(publicDir, icon.file),
      omitBackground: icon.background === "transparent",
    });
    await page.close();
    console.log(`wrote public/${icon.file}`);
  }
} finally {
  await browser.close();
}
