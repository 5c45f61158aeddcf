// Builds the web app when web/dist is missing or older than its sources, so `npm start` and
// `npm test` always serve the current UI without rebuilding on every run.
import { execSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const built = path.join(root, "web/dist/index.html");
const sources = [
  "web/src",
  "web/public",
  "web/index.html",
  "web/vite.config.ts",
  "web/package.json",
  "core/src",
];

function newest(entry) {
  if (!existsSync(entry)) return 0;
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(entry).map((name) => newest(path.join(entry, name))));
}

const builtAt = existsSync(built) ? statSync(built).mtimeMs : 0;
const changedAt = Math.max(...sources.map((s) => newest(path.join(root, s))));
if (changedAt > builtAt) {
  console.log(builtAt ? "Web app sources changed: rebuilding…" : "Building the web app (first run)…");
  execSync("npm run --silent -w @rapport/web build", { cwd: root, stdio: "inherit" });
}
