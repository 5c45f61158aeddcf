export { buildApp } from "./app.ts";
export { type Config, loadConfig } from "./platform/config.ts";
export { type Database, openDatabase } from "./platform/db/index.ts";
