export * from "./common.ts";
export * from "./contacts.ts";
export * from "./custom-fields.ts";
export * from "./tags.ts";
