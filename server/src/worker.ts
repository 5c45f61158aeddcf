import { appBackground, type Background } from "./jobs.ts";
import { ConfigError, loadConfig } from "./platform/config.ts";
import { configureFieldKeys } from "./platform/crypto/field-keys.ts";
import { openDatabase } from "./platform/db/index.ts";
import { JobQueue } from "./platform/jobs/queue.ts";
import { createLogger } from "./platform/log.ts";
import { VERSION } from "./version.ts";

/**
 * `rapport worker`: runs the background jobs, the outbox relay and the cron clock, in a process of its own against
 * PostgreSQL; any number of them share the work. SIGTERM lets in-flight jobs finish (or releases
 * them for a retry) before exiting.
 */
export async function runWorker(extend: (background: Background) => Background = (b) => b) {
  const config = loadConfig();
  if (!config.databaseUrl) {
    throw new ConfigError(
      "rapport worker needs DATABASE_URL: the embedded database belongs to one process, and `rapport serve` runs the jobs itself.",
    );
  }
  configureFieldKeys(config.secret, config.previousSecret);
  const log = createLogger(config.logLevel);
  const database = await openDatabase(config);
  const jobs = new JobQueue({ database, log, ...extend(appBackground(config)) });
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "shutting down: finishing in-flight jobs");
    setTimeout(() => process.exit(1), 15_000).unref();
    await jobs.stop();
    await database.close();
    log.info("stopped");
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
  await jobs.start({ workers: true });
  process.stdout.write(
    `\nRapport ${VERSION} worker is running (${[...jobs.definitions.keys()].join(", ")})\nDatabase: PostgreSQL (DATABASE_URL)\n\n`,
  );
}
