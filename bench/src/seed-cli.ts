import { parseArgs } from "node:util";
import { loadConfig } from "../../server/src/platform/config.ts";
import { openDatabase } from "../../server/src/platform/db/index.ts";
import { seedWorkspace } from "./seed.ts";

// `npm run seed -- --contacts 1000000`: adds a realistic workspace to the configured database
// (DATABASE_URL, or the embedded one in RAPPORT_DATA_DIR) and prints how to sign in to it.
const { values } = parseArgs({
  options: { contacts: { type: "string", default: "100000" }, name: { type: "string" } },
});
const contacts = Number(values.contacts);
if (!Number.isInteger(contacts) || contacts < 10) {
  process.stderr.write("seed: --contacts must be a whole number of at least 10\n");
  process.exit(2);
}
const config = loadConfig();
const database = await openDatabase(config);
try {
  const started = Date.now();
  const seeded = await seedWorkspace(database.db, { contacts }, values.name);
  process.stdout.write(
    `Seeded in ${((Date.now() - started) / 1000).toFixed(0)} s: workspace ${seeded.workspaceId}\nSign in as ${seeded.ownerEmail} / ${seeded.password}\n`,
  );
} finally {
  await database.close();
}
