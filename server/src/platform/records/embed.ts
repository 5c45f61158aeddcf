import { type FieldError, MAX_LIST_LIMIT } from "@rapport/core";
import { z } from "zod";
import { redactable } from "../auth/field-rules.ts";
import type { Principal } from "../auth/principal.ts";
import type { Db } from "../db/index.ts";
import { invalidFields } from "../errors.ts";
import type { ListRequest } from "./list-plan.ts";

/** Fetches records of one kind by id, for the whole page at once. */
export type Loader<T> = (db: Db, principal: Principal, ids: string[]) => Promise<Map<string, T>>;

/** A relation `include=` can embed in each item: the embedded value's schema and how to load it. */
export type Embed<Item> = {
  schema: z.ZodType;
  load(db: Db, principal: Principal, items: Item[]): Promise<(item: Item) => unknown>;
};

type ListFn<T> = (db: Db, principal: Principal, request: ListRequest) => Promise<{ data: T[] }>;

/**
 * Loads records through their object's list function (`id in [...]`), so embedded records obey the
 * same rules as a list of them: trashed ones are left out, and so will be those the caller may not see.
 */
export function byList<T extends { id: string }>(list: ListFn<T>): Loader<T> {
  return async (db, principal, ids) => {
    const unique = [...new Set(ids)];
    const found = new Map<string, T>();
    for (let i = 0; i < unique.length; i += MAX_LIST_LIMIT) {
      const chunk = unique.slice(i, i + MAX_LIST_LIMIT);
      const page = await list(db, principal, {
        filter: { field: "id", op: "in", value: chunk },
        limit: MAX_LIST_LIMIT,
        count: false,
      });
      for (const record of page.data) found.set(record.id, record);
    }
    return found;
  };
}

/** Embeds the record an item points at, or null. */
export function embedOne<Item, T>(
  schema: z.ZodType,
  loader: Loader<T>,
  idOf: (item: Item) => string | null,
): Embed<Item> {
  return {
    schema: redactable(schema).nullable(),
    async load(db, principal, items) {
      const ids = items.map(idOf).filter((id): id is string => id !== null);
      const byId = ids.length ? await loader(db, principal, ids) : new Map<string, T>();
      return (item) => {
        const id = idOf(item);
        return (id && byId.get(id)) ?? null;
      };
    },
  };
}

/** Embeds the records an item lists, in the item's order, leaving out those that cannot be loaded. */
export function embedMany<Item, T>(
  schema: z.ZodType,
  loader: Loader<T>,
  idsOf: (item: Item) => string[],
): Embed<Item> {
  return {
    schema: z.array(redactable(schema)),
    async load(db, principal, items) {
      const ids = items.flatMap(idsOf);
      const byId = ids.length ? await loader(db, principal, ids) : new Map<string, T>();
      return (item) => idsOf(item).flatMap((id) => byId.get(id) ?? []);
    },
  };
}

/** The ids of the records of one type an activity or a task is linked to. */
export const linkedIds =
  <Item extends { links: { type: string; id: string }[] }>(type: string) =>
  (item: Item) =>
    item.links.filter((l) => l.type === type).map((l) => l.id);

/** What `fields=` and `include=` ask of a page of items. */
export type Shape = { fields?: string[] | undefined; include?: string[] | undefined };

/**
 * Checks `fields` against the item's properties (and `custom.<key>`) and `include` against the
 * embeddable relations, before any query runs.
 */
export function checkShape(shape: Shape, properties: string[], embeds: Record<string, unknown>) {
  const errors: FieldError[] = [];
  const known = new Set(properties);
  for (const field of shape.fields ?? []) {
    if (!known.has(field) && !/^custom\.[A-Za-z0-9_]+$/.test(field)) {
      errors.push({ path: "fields", message: `No field '${field}'. Choose from: ${properties.join(", ")}` });
    }
  }
  const names = Object.keys(embeds);
  for (const name of shape.include ?? []) {
    if (!(name in embeds)) {
      errors.push({
        path: "include",
        message: names.length
          ? `'${name}' cannot be included here. Choose from: ${names.join(", ")}`
          : "Nothing can be included for these records",
      });
    }
  }
  if (errors.length) throw invalidFields(errors);
}

/** Embeds the included relations under `embedded` and keeps only the chosen fields (and `id`). */
export async function shapeItems<Item extends { id: string }>(
  db: Db,
  principal: Principal,
  items: Item[],
  shape: Shape,
  embeds: Record<string, Embed<Item>>,
): Promise<Record<string, unknown>[]> {
  const include = [...new Set(shape.include ?? [])];
  const resolvers = await Promise.all(include.map((name) => embeds[name]!.load(db, principal, items)));
  return items.map((item) => {
    const shaped: Record<string, unknown> = shape.fields?.length ? pick(item, shape.fields) : { ...item };
    if (include.length) {
      shaped.embedded = Object.fromEntries(include.map((name, i) => [name, resolvers[i]!(item)]));
    }
    return shaped;
  });
}

function pick(item: { id: string }, fields: string[]): Record<string, unknown> {
  const source = item as Record<string, unknown>;
  const picked: Record<string, unknown> = { id: item.id };
  for (const field of fields) {
    if (field.startsWith("custom.")) {
      const key = field.slice("custom.".length);
      const custom = (source.custom ?? {}) as Record<string, unknown>;
      const into = (picked.custom ?? {}) as Record<string, unknown>;
      if (key in custom) into[key] = custom[key];
      picked.custom = into;
    } else {
      picked[field] = source[field];
    }
  }
  return picked;
}

/** Splits a comma-separated query parameter such as `fields=displayName,email`. */
export const commaList = (value: string | undefined) =>
  value
    ?.split(",")
    .map((s) => s.trim())
    .filter(Boolean);
