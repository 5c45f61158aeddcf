export * from "./evaluate.ts";
export * from "./fields.ts";
export * from "./fuzzy.ts";
export * from "./relative-dates.ts";
export * from "./schema.ts";
