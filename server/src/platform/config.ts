import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

const Env = z.object({
  PORT: z.coerce
    .number({ message: "must be a whole number" })
    .int({ message: "must be a whole number" })
    .min(0)
    .max(65535, { message: "must be between 0 and 65535" })
    .default(3000),
  HOST: z.string().min(1).default("127.0.0.1"),
  RAPPORT_DATA_DIR: z.string().min(1).default("./data"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, { message: "must be a postgres:// or postgresql:// URL" })
    .optional(),
  RAPPORT_SECRET: z.string().min(32, { message: "must be at least 32 characters long" }).optional(),
  RAPPORT_SECRET_PREVIOUS: z.string().min(32, { message: "must be at least 32 characters long" }).optional(),
  RAPPORT_PUBLIC_URL: z
    .url({ message: "must be an absolute URL such as https://crm.example.com" })
    .optional(),
  RAPPORT_TRUST_PROXY: z.enum(["true", "false"], { message: "must be true or false" }).default("false"),
  RAPPORT_WEB_DIR: z.string().optional(),
  RAPPORT_WORKERS: z.enum(["on", "off"], { message: "must be on or off" }).default("on"),
  RAPPORT_ALLOW_PRIVATE_WEBHOOKS: z
    .enum(["true", "false"], { message: "must be true or false" })
    .default("false"),
  LOG_LEVEL: z.enum(LOG_LEVELS, { message: `must be one of ${LOG_LEVELS.join(", ")}` }).default("info"),
  RAPPORT_BOOTSTRAP_EMAIL: z.string().optional(),
  RAPPORT_BOOTSTRAP_PASSWORD: z.string().optional(),
  RAPPORT_BOOTSTRAP_WORKSPACE: z.string().optional(),
  RAPPORT_BOOTSTRAP_API_KEY: z
    .string()
    .min(20, { message: "must be at least 20 characters long" })
    .optional(),
});

export type Config = {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  secret: string;
  /** The secret before a change, so values sealed under it open until `rapport keys rotate`. */
  previousSecret?: string | undefined;
  publicUrl: string;
  trustProxy: boolean;
  webDir: string;
  /** Whether `rapport serve` also runs the background jobs (always in embedded mode). */
  workers: boolean;
  logLevel: (typeof LOG_LEVELS)[number];
  /** Whether webhooks may call loopback, private and link-local addresses (off: a server-side request forgery guard). */
  allowPrivateWebhooks: boolean;
  bootstrap: { email: string; password: string; workspace: string; apiKey: string | undefined } | undefined;
};

export class ConfigError extends Error {
  override name = "ConfigError";
}

/** Reads and validates the environment; every problem is reported at once, by variable name. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const blanksRemoved = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ""));
  const parsed = Env.safeParse(blanksRemoved);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0]);
      return `  ${name} ${issue.message} (got ${JSON.stringify(env[name])})`;
    });
    throw new ConfigError(`Rapport cannot start: fix these environment variables:\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  const bootstrapVars = [
    e.RAPPORT_BOOTSTRAP_EMAIL,
    e.RAPPORT_BOOTSTRAP_PASSWORD,
    e.RAPPORT_BOOTSTRAP_WORKSPACE,
  ];
  const bootstrapCount = bootstrapVars.filter(Boolean).length;
  if (bootstrapCount > 0 && bootstrapCount < 3) {
    throw new ConfigError(
      "Rapport cannot start: set all three of RAPPORT_BOOTSTRAP_EMAIL, RAPPORT_BOOTSTRAP_PASSWORD and RAPPORT_BOOTSTRAP_WORKSPACE, or none of them.",
    );
  }
  if (e.RAPPORT_WORKERS === "off" && !e.DATABASE_URL) {
    throw new ConfigError(
      "Rapport cannot start: RAPPORT_WORKERS=off needs DATABASE_URL. The embedded database belongs to one process, so `rapport serve` runs the background jobs itself.",
    );
  }
  const dataDir = path.resolve(e.RAPPORT_DATA_DIR);
  const displayHost = e.HOST === "0.0.0.0" || e.HOST === "::" ? "localhost" : e.HOST;
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir,
    databaseUrl: e.DATABASE_URL,
    secret: e.RAPPORT_SECRET ?? loadOrCreateSecret(dataDir),
    previousSecret: e.RAPPORT_SECRET_PREVIOUS,
    publicUrl: (e.RAPPORT_PUBLIC_URL ?? `http://${displayHost}:${e.PORT}`).replace(/\/$/, ""),
    trustProxy: e.RAPPORT_TRUST_PROXY === "true",
    webDir: path.resolve(e.RAPPORT_WEB_DIR ?? path.join(import.meta.dirname, "../../../web/dist")),
    workers: e.RAPPORT_WORKERS === "on",
    logLevel: e.LOG_LEVEL,
    allowPrivateWebhooks: e.RAPPORT_ALLOW_PRIVATE_WEBHOOKS === "true",
    bootstrap:
      bootstrapCount === 3
        ? {
            email: e.RAPPORT_BOOTSTRAP_EMAIL!,
            password: e.RAPPORT_BOOTSTRAP_PASSWORD!,
            workspace: e.RAPPORT_BOOTSTRAP_WORKSPACE!,
            apiKey: e.RAPPORT_BOOTSTRAP_API_KEY,
          }
        : undefined,
  };
}

/** The secret is generated once and kept beside the data, so restarts keep sessions and encrypted fields valid. */
function loadOrCreateSecret(dataDir: string): string {
  const file = path.join(dataDir, "secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: "wx" });
  chmodSync(file, 0o600);
  return secret;
}
