import { type FilterContext, parseFilter } from "@rapport/core";
import { type SQL, sql } from "drizzle-orm";
import { compileFilter, type SqlRegistry } from "../filter/compile.ts";
import {
  afterCursor,
  decodeCursor,
  orderBy,
  paginate,
  parseSort,
  queryFingerprint,
  type SortableField,
  type SortKey,
  sortSelection,
} from "./list.ts";

/** What a list endpoint was asked: the filter (already parsed JSON), sort, page size and cursor. */
export type ListRequest = {
  filter?: unknown;
  sort?: string | undefined;
  limit: number;
  cursor?: string | undefined;
  count: boolean;
  trashed?: boolean;
};

/** The query a store runs for one page: conditions, order, limit+1 and the sort values to select. */
export type PageQuery = {
  where: SQL | undefined;
  order: SQL[];
  limit: number;
  sortValues: Record<string, SQL>;
};

/**
 * One cursor page of rows: compiles the filter against the registry, applies the sort (with the id
 * as tie-breaker) and the cursor, and asks `fetch` for limit+1 rows. Returns the compiled filter
 * too, for a count.
 */
export async function fetchPage<Row extends { id: string }>(
  request: ListRequest,
  spec: {
    registry: SqlRegistry;
    sortable: Record<string, SortableField>;
    defaultSort: SortKey[];
    id: SQL;
    context: FilterContext;
    fetch: (query: PageQuery) => Promise<({ row: Row } & Record<string, unknown>)[]>;
  },
): Promise<{ rows: Row[]; nextCursor: string | null; where: SQL | undefined }> {
  const keys = parseSort(request.sort, spec.sortable, spec.defaultSort);
  const filter = request.filter === undefined ? undefined : parseFilter(request.filter);
  const where = filter ? compileFilter(filter, spec.registry, spec.context) : undefined;
  const fingerprint = queryFingerprint(request.filter ?? null, keys, request.trashed ?? false);
  const cursor = request.cursor ? decodeCursor(request.cursor, fingerprint, keys.length) : undefined;
  const conditions = [where, cursor ? afterCursor(keys, spec.sortable, spec.id, cursor) : undefined].filter(
    Boolean,
  ) as SQL[];
  const rows = await spec.fetch({
    where: conditions.length ? sql.join(conditions, sql` and `) : undefined,
    order: orderBy(keys, spec.sortable, spec.id),
    limit: request.limit + 1,
    sortValues: sortSelection(keys, spec.sortable),
  });
  const { page, nextCursor } = paginate(
    rows.map((r) => ({
      id: r.row.id,
      row: r.row,
      sort: keys.map((_, i) => r[`sort${i}`] as string | null),
    })),
    request.limit,
    fingerprint,
  );
  return { rows: page.map((p) => p.row), nextCursor, where };
}
