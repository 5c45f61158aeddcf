import {
  type Filter,
  type FilterClock,
  PERMISSION_OBJECTS,
  type PermissionObject,
  parseFilter,
} from "@rapport/core";
import { type SQL, sql } from "drizzle-orm";
import { type HiddenFields, hiddenFieldsOf } from "../auth/field-rules.ts";
import { visibleWhere } from "../auth/permissions.ts";
import { type Principal, viewerOf } from "../auth/principal.ts";
import type { Db } from "../db/index.ts";
import { compileFilter, type SqlRegistry, withoutHidden } from "../filter/compile.ts";
import { filterCorrections } from "../filter/corrections.ts";
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

/** What a list endpoint is asked: the filter (already parsed from JSON), sort, page size and cursor. */
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
  /**
   * Every row kept must match a search of indexed text (`matches` on a folded field): the trigram
   * index may find them all in a few pages, so the store collects them before ordering them.
   */
  searched: boolean;
};

/** What a list of one object can filter and sort by in a workspace, its custom fields included. */
export type ListFields = {
  registry: SqlRegistry;
  sortable: Record<string, SortableField>;
  customFields: { key: string; label: string }[];
};

export type ListSpec = {
  /** The permission object listed: whose records the caller sees and whose fields its role hides. */
  object: PermissionObject;
  registry: SqlRegistry;
  sortable: Record<string, SortableField>;
  id: SQL;
  defaultSort: SortKey[];
};

/**
 * The fields without those the role hides: filtering or sorting by one answers 400 as for an
 * unknown field, and the filter builder does not offer it.
 */
export function visibleListFields(fields: ListFields, hidden: HiddenFields): ListFields {
  const object = fields.registry.object;
  const rules = object ? hidden(object) : new Set<string>();
  if (PERMISSION_OBJECTS.every((o) => hidden(o).size === 0)) return fields;
  return {
    registry: withoutHidden(fields.registry, hidden),
    sortable: Object.fromEntries(Object.entries(fields.sortable).filter(([name]) => !rules.has(name))),
    customFields: fields.customFields.filter((d) => !rules.has(`custom.${d.key}`)),
  };
}

/**
 * Whether every row the filter keeps must match a `matches` condition on an indexed folded text (a
 * search box): one at the top of the filter or in an `and`, on a field of the listed object itself.
 */
function searchesIndexedText(filter: Filter, registry: SqlRegistry): boolean {
  if ("field" in filter) return filter.op === "matches" && registry.fields[filter.field]?.folded === true;
  return "and" in filter && filter.and.some((child) => searchesIndexedText(child, registry));
}

/**
 * Turns a list request into the pieces a store's list query needs: `where` (the filter alone, for
 * counting), `pageWhere` (filter and cursor), the order, the sort values to select, and the limit
 * (one more than asked, so `page` can tell whether there is a next page). The words of the filter's
 * `matches` conditions are looked up in the workspace's search dictionary first, for their corrections.
 */
export async function planList(
  db: Db,
  principal: Principal,
  request: ListRequest,
  spec: ListSpec,
  clock: FilterClock,
) {
  // What the caller's role allows, in one place for every list: the records it sees, the fields
  // it may filter and sort by, and who `me` is (an API key's creator for a key).
  const visible = visibleWhere(principal, spec.object);
  const { registry, sortable } = visibleListFields(
    { registry: spec.registry, sortable: spec.sortable, customFields: [] },
    hiddenFieldsOf(principal),
  );
  const keys = parseSort(request.sort, sortable, spec.defaultSort);
  const filter = request.filter === undefined ? undefined : parseFilter(request.filter);
  const corrections = filter ? await filterCorrections(db, principal.workspaceId, filter) : undefined;
  const filtered = filter
    ? compileFilter(filter, registry, { userId: viewerOf(principal), ...clock, corrections })
    : undefined;
  const where = visible && filtered ? sql`(${visible}) and (${filtered})` : (visible ?? filtered);
  const fingerprint = queryFingerprint(request.filter ?? null, keys, request.trashed ?? false);
  const cursor = request.cursor ? decodeCursor(request.cursor, fingerprint, keys.length) : undefined;
  const conditions = [where, cursor ? afterCursor(keys, spec.sortable, spec.id, cursor) : undefined].filter(
    (c): c is SQL => c !== undefined,
  );
  const query: PageQuery = {
    where: conditions.length ? sql.join(conditions, sql` and `) : undefined,
    order: orderBy(keys, spec.sortable, spec.id),
    sortValues: sortSelection(keys, spec.sortable),
    limit: request.limit + 1,
    searched: filter !== undefined && searchesIndexedText(filter, registry),
  };
  return {
    /** The filter and visibility, without the cursor: for counting. */
    where,
    /** What the store's list query needs: filter and cursor, order, sort values, limit + 1. */
    query,
    /** The page of rows the store returned (with their `sort0…` values) and the next cursor. */
    page<R extends { id: string }>(rows: ({ row: R } & Record<string, unknown>)[]) {
      const { page, nextCursor } = paginate(
        rows.map((r) => ({
          id: r.row.id,
          row: r.row,
          sort: keys.map((_, i) => r[`sort${i}`] as string | null),
        })),
        request.limit,
        fingerprint,
      );
      return { rows: page.map((p) => p.row), nextCursor };
    },
  };
}
