export * from "./accounts.ts";
export * from "./activities.ts";
export * from "./deals.ts";
export * from "./people.ts";
export * from "./records.ts";
export * from "./views.ts";
export * from "./webhooks.ts";
