import { existsSync } from "node:fs";
import { parseArgs } from "node:util";
import { Email, IMPORT_OBJECTS, ImportObject, NewPassword } from "@rapport/core";
import { buildApp, VERSION } from "./app.ts";
import { appBackground } from "./jobs.ts";
import { issuePasswordReset } from "./modules/auth/auth.service.ts";
import { importFromCli } from "./modules/imports/import-cli.ts";
import { bootstrap } from "./modules/workspaces/bootstrap.ts";
import { createWorkspaceWithOwner } from "./modules/workspaces/create-workspace.ts";
import { listChains, verifyChain } from "./platform/audit/verify.ts";
import { ConfigError, loadConfig } from "./platform/config.ts";
import { configureFieldKeys } from "./platform/crypto/field-keys.ts";
import { rotateKeys, sealTotpSecrets } from "./platform/crypto/rotate-keys.ts";
import { DataDirBusyError } from "./platform/db/data-dir-lock.ts";
import { openDatabase } from "./platform/db/index.ts";
import { AppError } from "./platform/errors.ts";
import { JobQueue } from "./platform/jobs/queue.ts";
import { createLogger } from "./platform/log.ts";
import { runWorker } from "./worker.ts";

const HELP = `Usage: rapport <command>

Commands:
  serve                                  Start the server (web app and API); it also runs the
                                         background jobs unless RAPPORT_WORKERS=off
  worker                                 Run background jobs only (PostgreSQL; any number of them)
  migrate                                Apply database migrations and exit
  workspace create --name N --owner-email E --owner-password P [--owner-name NAME] [--api-key K]
                                         Create a workspace and its owner; prints the workspace id and key
  user reset-password EMAIL              Print a one-time password reset link
  keys rotate                            Re-encrypt sensitive values and TOTP secrets under
                                         RAPPORT_SECRET (the old secret in RAPPORT_SECRET_PREVIOUS)
  audit verify [--workspace ID]          Check the audit trail's hash chains (one workspace's, or
                                         all of them and the system chain); exits 1 if one is broken
  import FILE [--object contacts|companies] [--workspace ID] [--dry-run]
         [--match-by email|domain|name|custom.KEY]
         [--policy skip|update|create] [--date-format F] [--phone-country CC]
                                         Import a CSV (or a vCard file of contacts), mapping its columns as the
                                         web import suggests; prints the counts
  version                                Print the version

Configuration comes from environment variables; see the README.`;

async function serve() {
  const config = loadConfig();
  const log = createLogger(config.logLevel);
  const database = await openDatabase(config);
  await bootstrap(database.db, config, log);
  // TOTP secrets stored before they were encrypted are sealed once, here.
  configureFieldKeys(config.secret, config.previousSecret);
  await sealTotpSecrets(database.db);
  const jobs = new JobQueue({ database, log, ...appBackground(config) });
  // The embedded database belongs to this process, so it always runs the jobs (config enforces it).
  await jobs.start({ workers: config.workers });
  const app = await buildApp({ config, database, log, jobs });
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "shutting down: finishing in-flight requests");
    // Force the exit if something hangs, rather than leave a half-dead process.
    setTimeout(() => process.exit(1), 15_000).unref();
    await app.close();
    await jobs.stop();
    await database.close();
    log.info("stopped");
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  const url = config.databaseUrl ? "PostgreSQL (DATABASE_URL)" : `embedded PostgreSQL in ${config.dataDir}`;
  process.stdout.write(
    `\nRapport ${VERSION} is running at ${config.publicUrl.replace(`:${config.port}`, `:${port}`)}\nDatabase: ${url}\n\n`,
  );
}

/** Opens the database for a one-off command and always closes it. */
async function withDatabase<T>(
  work: (db: Awaited<ReturnType<typeof openDatabase>>, config: ReturnType<typeof loadConfig>) => Promise<T>,
) {
  const config = loadConfig();
  configureFieldKeys(config.secret, config.previousSecret);
  const database = await openDatabase(config);
  try {
    return await work(database, config);
  } finally {
    await database.close();
  }
}

async function workspaceCreate(args: string[]) {
  const { values } = parseArgs({
    args,
    options: {
      name: { type: "string" },
      "owner-email": { type: "string" },
      "owner-password": { type: "string" },
      "owner-name": { type: "string" },
      "api-key": { type: "string" },
    },
  });
  const missing = ["name", "owner-email", "owner-password"].filter((k) => !values[k as keyof typeof values]);
  if (missing.length) fail(`workspace create needs ${missing.map((m) => `--${m}`).join(", ")}`);
  const email = Email.safeParse(values["owner-email"]);
  if (!email.success) fail(`--owner-email is not a valid email address: ${values["owner-email"]}`);
  const password = NewPassword.safeParse(values["owner-password"]);
  if (!password.success) fail(`--owner-password: ${password.error.issues[0]?.message}`);
  if (values["api-key"] !== undefined && values["api-key"].length < 20)
    fail("--api-key must be at least 20 characters");
  await withDatabase(async ({ db }) => {
    const { workspace, owner, apiKey } = await createWorkspaceWithOwner(db, {
      name: values.name!,
      owner: {
        email: email.data,
        name: values["owner-name"] ?? email.data.split("@")[0]!,
        password: password.data,
      },
      allowExistingOwner: true,
      apiKey: values["api-key"],
    });
    process.stdout.write(
      `${JSON.stringify({ workspaceId: workspace.id, ownerId: owner.id, ownerEmail: owner.email, apiKey: apiKey ?? null }, null, 2)}\n`,
    );
  });
}

async function resetPassword(args: string[]) {
  const email = Email.safeParse(args[0]);
  if (!email.success) fail("usage: rapport user reset-password EMAIL");
  await withDatabase(async ({ db }, config) => {
    const link = await issuePasswordReset({ db, config, log: createLogger("silent") }, email.data);
    if (!link) fail(`No account has the email ${email.data}.`);
    process.stdout.write(`Password reset link for ${email.data} (valid for one hour, one use):\n${link}\n`);
  });
}

async function auditVerify(args: string[]) {
  const { values } = parseArgs({ args, options: { workspace: { type: "string" } } });
  await withDatabase(async ({ db }) => {
    const chains = values.workspace ? [values.workspace] : await listChains(db);
    let broken = 0;
    for (const chain of chains) {
      const report = await verifyChain(db, chain);
      const name = chain ?? "system";
      if (report.ok) {
        process.stdout.write(`${name}: ok, ${report.entries} entries\n`);
      } else {
        broken++;
        process.stdout.write(`${name}: BROKEN at seq ${report.seq}: ${report.problem}\n`);
      }
    }
    if (broken > 0) process.exitCode = 1;
  });
}

async function keysRotate() {
  await withDatabase(async ({ db }, config) => {
    if (!config.previousSecret) {
      process.stdout.write(
        "RAPPORT_SECRET_PREVIOUS is not set: only values not yet encrypted under RAPPORT_SECRET are sealed.\n",
      );
    }
    const report = await rotateKeys(db);
    for (const [column, n] of Object.entries(report.values))
      process.stdout.write(`${column}: ${n} rows re-encrypted\n`);
    process.stdout.write(`users.totp_secret: ${report.totpSecrets} secrets re-encrypted\n`);
    process.stdout.write("Done. RAPPORT_SECRET_PREVIOUS can now be removed.\n");
  });
}

async function importFile(args: string[]) {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      object: { type: "string", default: "contacts" },
      workspace: { type: "string" },
      "dry-run": { type: "boolean", default: false },
      "match-by": { type: "string" },
      policy: { type: "string" },
      "date-format": { type: "string" },
      "phone-country": { type: "string" },
    },
  });
  const file = positionals[0];
  if (!file) fail("usage: rapport import FILE --object contacts|companies [--workspace ID] [--dry-run]");
  const object = ImportObject.safeParse(values.object);
  if (!object.success) fail(`--object: import into one of ${IMPORT_OBJECTS.join(", ")}`);
  if (!existsSync(file)) fail(`No such file: ${file}`);
  const settings = {
    ...(values["match-by"] ? { matchBy: values["match-by"] } : {}),
    ...(values.policy ? { matchPolicy: values.policy } : {}),
    ...(values["date-format"] ? { dateFormat: values["date-format"] } : {}),
    ...(values["phone-country"] ? { phoneCountry: values["phone-country"] } : {}),
  };
  await withDatabase(async ({ db }) => {
    const result = await importFromCli(db, {
      file,
      object: object.data,
      workspaceId: values.workspace,
      dryRun: values["dry-run"],
      settings,
    });
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    if ("status" in result && result.status !== "completed") process.exitCode = 1;
  });
}

function fail(message: string): never {
  process.stderr.write(`rapport: ${message}\n`);
  process.exit(2);
}

async function main(argv: string[]) {
  const [command, sub, ...rest] = argv;
  switch (command) {
    case "serve":
      return serve();
    case "worker":
      return runWorker();
    case "migrate":
      return withDatabase(async () => {
        process.stdout.write("Database is up to date.\n");
      });
    case "workspace":
      if (sub === "create") return workspaceCreate(rest);
      return fail(
        "usage: rapport workspace create --name N --owner-email E --owner-password P [--api-key K]",
      );
    case "user":
      if (sub === "reset-password") return resetPassword(rest);
      return fail("usage: rapport user reset-password EMAIL");
    case "keys":
      if (sub === "rotate") return keysRotate();
      return fail("usage: rapport keys rotate");
    case "audit":
      if (sub === "verify") return auditVerify(rest);
      return fail("usage: rapport audit verify [--workspace ID]");
    case "import":
      return importFile([sub, ...rest].filter((a): a is string => a !== undefined));
    case "version":
    case "--version":
      process.stdout.write(`${VERSION}\n`);
      return;
    case undefined:
    case "help":
    case "--help":
      process.stdout.write(`${HELP}\n`);
      return;
    default:
      fail(`unknown command '${command}'.\n\n${HELP}`);
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof DataDirBusyError || error instanceof AppError) {
    fail(error.message);
  }
  process.stderr.write(
    `rapport: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
