export { buildApp } from "./app.ts";
export { loadConfig, type Config } from "./platform/config.ts";
export { openDatabase, type Database } from "./platform/db/index.ts";
