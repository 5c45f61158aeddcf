import { createHash } from "node:crypto";
import { type SQL, sql } from "drizzle-orm";
import { AppError } from "../errors.ts";

export type SortType = "text" | "number" | "date" | "datetime" | "uuid" | "boolean";
/** A sortable field: its SQL expression and type; text sorts case-insensitively. */
export type SortableField = { sql: SQL; type: SortType };
export type SortKey = { field: string; desc: boolean };

const CAST: Record<SortType, string> = {
  text: "text",
  number: "numeric",
  date: "date",
  datetime: "timestamptz",
  uuid: "uuid",
  boolean: "boolean",
};

/** Parses `-amount,name` against the sortable fields; unknown keys are a 400 naming them. */
export function parseSort(
  text: string | undefined,
  sortable: Record<string, SortableField>,
  fallback: SortKey[],
): SortKey[] {
  if (!text?.trim()) return fallback;
  const keys = text.split(",").map((part) => {
    const trimmed = part.trim();
    const desc = trimmed.startsWith("-");
    const field = desc ? trimmed.slice(1) : trimmed.replace(/^\+/, "");
    if (!sortable[field]) {
      throw new AppError(
        "validation_failed",
        `Cannot sort by '${field}'. Sortable fields: ${Object.keys(sortable).join(", ")}.`,
        {
          errors: [{ path: "sort", message: `Unknown sort field '${field}'` }],
        },
      );
    }
    return { field, desc };
  });
  if (new Set(keys.map((k) => k.field)).size !== keys.length) {
    throw new AppError("validation_failed", "Each field may appear once in sort.", {
      errors: [{ path: "sort", message: "Repeated sort field" }],
    });
  }
  return keys.slice(0, 5);
}

const sortExpr = (f: SortableField) => (f.type === "text" ? sql`lower(${f.sql})` : f.sql);

/** ORDER BY for the keys, with the id as the final tie-breaker so pages never overlap. */
export function orderBy(keys: SortKey[], sortable: Record<string, SortableField>, id: SQL): SQL[] {
  const last = keys.at(-1)?.desc ?? false;
  return [
    ...keys.map((k) =>
      k.desc ? sql`${sortExpr(sortable[k.field]!)} desc` : sql`${sortExpr(sortable[k.field]!)} asc`,
    ),
    last ? sql`${id} desc` : sql`${id} asc`,
  ];
}

/** The sort values of a row, selected beside it so the next cursor can be built from the last row. */
export function sortSelection(keys: SortKey[], sortable: Record<string, SortableField>): Record<string, SQL> {
  return Object.fromEntries(
    keys.map((k, i) => [`sort${i}`, sql<string | null>`(${sortExpr(sortable[k.field]!)})::text`]),
  );
}

/** A fingerprint of what the query asks, so a cursor cannot be replayed against another query. */
export function queryFingerprint(...parts: unknown[]): string {
  return createHash("sha256").update(JSON.stringify(parts)).digest("base64url").slice(0, 16);
}

type CursorPayload = { q: string; v: (string | null)[]; id: string };

export function encodeCursor(fingerprint: string, values: (string | null)[], id: string): string {
  return Buffer.from(JSON.stringify({ q: fingerprint, v: values, id } satisfies CursorPayload)).toString(
    "base64url",
  );
}

export function decodeCursor(cursor: string, fingerprint: string, keyCount: number): CursorPayload {
  let payload: CursorPayload;
  try {
    payload = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as CursorPayload;
  } catch {
    payload = { q: "", v: [], id: "" };
  }
  if (
    payload.q !== fingerprint ||
    !Array.isArray(payload.v) ||
    payload.v.length !== keyCount ||
    typeof payload.id !== "string"
  ) {
    throw new AppError(
      "validation_failed",
      "This cursor belongs to a different query (filter or sort changed) or is damaged. Start again without a cursor.",
      { errors: [{ path: "cursor", message: "Cursor does not match this query" }] },
    );
  }
  return payload;
}

/**
 * Rows strictly after the cursor in the sort order. PostgreSQL puts NULLs last ascending and first
 * descending, and the predicate follows the same rule.
 */
export function afterCursor(
  keys: SortKey[],
  sortable: Record<string, SortableField>,
  id: SQL,
  cursor: CursorPayload,
): SQL {
  const lastDesc = keys.at(-1)?.desc ?? false;
  let tail: SQL = lastDesc ? sql`${id} < ${cursor.id}::uuid` : sql`${id} > ${cursor.id}::uuid`;
  for (let i = keys.length - 1; i >= 0; i--) {
    const key = keys[i]!;
    const field = sortable[key.field]!;
    const expr = sortExpr(field);
    const raw = cursor.v[i] ?? null;
    const value = raw === null ? null : sql`${raw}::${sql.raw(CAST[field.type])}`;
    if (value === null) {
      tail = key.desc
        ? sql`(${expr} is not null or (${expr} is null and ${tail}))`
        : sql`(${expr} is null and ${tail})`;
    } else if (key.desc) {
      tail = sql`(${expr} < ${value} or (${expr} = ${value} and ${tail}))`;
    } else {
      tail = sql`(${expr} > ${value} or ${expr} is null or (${expr} = ${value} and ${tail}))`;
    }
  }
  return tail;
}

/** Splits a fetched page of limit+1 rows into the page and the cursor for the next one. */
export function paginate<T extends { id: string; sort: (string | null)[] }>(
  rows: T[],
  limit: number,
  fingerprint: string,
): { page: T[]; nextCursor: string | null } {
  if (rows.length <= limit) return { page: rows, nextCursor: null };
  const page = rows.slice(0, limit);
  const last = page.at(-1)!;
  return { page, nextCursor: encodeCursor(fingerprint, last.sort, last.id) };
}

/** The `filter` query parameter: URL-encoded JSON, or a 400 naming it. */
export function parseFilterParam(raw: string | undefined): unknown {
  if (raw === undefined || raw.trim() === "") return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    throw new AppError(
      "validation_failed",
      "The filter parameter must be URL-encoded JSON in the filter language.",
      {
        errors: [{ path: "query.filter", message: "Not valid JSON" }],
      },
    );
  }
}

/** `If-Match: "3"` (or W/"3") → 3; absent → undefined; anything else is a 400. */
export function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined) return undefined;
  const match = /^(?:W\/)?"(\d+)"$/.exec(header.trim());
  if (!match) {
    throw new AppError("validation_failed", 'If-Match must be the ETag from a GET, such as "3".', {
      errors: [{ path: "headers.if-match", message: "Not an ETag of this API" }],
    });
  }
  return Number(match[1]);
}

export const etagOf = (version: number) => `"${version}"`;
