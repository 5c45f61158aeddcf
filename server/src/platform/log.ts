import pino, { type Logger } from "pino";
import type { Config } from "./config.ts";

export type { Logger };

/** Structured JSON logs; credentials never reach them. */
export function createLogger(level: Config["logLevel"]): Logger {
  return pino({
    level,
    base: { service: "rapport" },
    redact: {
      paths: [
        "req.headers.authorization",
        "req.headers.cookie",
        'req.headers["x-csrf-token"]',
        'res.headers["set-cookie"]',
      ],
      censor: "[redacted]",
    },
  });
}
