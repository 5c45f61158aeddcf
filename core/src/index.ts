export * from "./auth.ts";
export * from "./filter/index.ts";
export * from "./jobs.ts";
export * from "./limits.ts";
export * from "./problem.ts";
export * from "./records/index.ts";
export * from "./roles.ts";
export * from "./webhooks.ts";
