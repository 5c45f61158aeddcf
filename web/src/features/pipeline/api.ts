import type { CompanyDto, DealDto, DealSummaryDto, Filter, PipelineDto, UpdateDealBody } from "@rapport/core";
import { infiniteQueryOptions, queryOptions } from "@tanstack/react-query";
import { api } from "../../app/api.ts";
import { SEARCH_FIELD, searchFilter } from "../../ui/filter-builder/model.ts";

type List<T> = { data: T[] };
type Page<T> = { data: T[]; nextCursor: string | null };

/** Cards fetched per request while a column scrolls. */
export const COLUMN_PAGE_SIZE = 50;

export const pipelinesQuery = queryOptions({
  queryKey: ["pipelines"],
  queryFn: async () => (await api<List<PipelineDto>>("GET", "/pipelines")).data,
});

/** What the board shows: a saved view's or the builder's filter, everyone's deals or mine, and a search. */
export type BoardFilter = { filter: Filter | null; mine: boolean; search: string };

export function boardFilter({ filter, mine, search }: BoardFilter): Filter[] {
  const conditions: Filter[] = filter ? [filter] : [];
  if (mine) conditions.push({ field: "ownerId", op: "eq", value: "me" });
  // As the deals table's search box: names and tags, typos and accents forgiven.
  const text = searchFilter(search, [SEARCH_FIELD]);
  if (text) conditions.push(text);
  return conditions;
}

const encode = (filter: Filter) => encodeURIComponent(JSON.stringify(filter));

export const summaryQuery = (pipelineId: string, filter: BoardFilter) =>
  queryOptions({
    queryKey: ["deals", "summary", pipelineId, filter],
    queryFn: () => {
      const conditions = boardFilter(filter);
      const param = conditions.length ? `&filter=${encode({ and: conditions })}` : "";
      return api<DealSummaryDto>("GET", `/deals/summary?pipelineId=${pipelineId}${param}`);
    },
  });

/** One page of a column, with the names of the companies its deals belong to. */
export type ColumnPage = { data: DealDto[]; nextCursor: string | null; companies: Record<string, string> };

type DealWithCompany = DealDto & { embedded?: { company?: CompanyDto | null } };

export const columnKey = (stageId: string, filter: BoardFilter) =>
  ["deals", "board", stageId, filter] as const;

export const columnQuery = (stageId: string, filter: BoardFilter) =>
  infiniteQueryOptions({
    queryKey: columnKey(stageId, filter),
    initialPageParam: null as string | null,
    getNextPageParam: (last: ColumnPage) => last.nextCursor,
    queryFn: async ({ pageParam }): Promise<ColumnPage> => {
      const where = encode({ and: [{ field: "stageId", op: "eq", value: stageId }, ...boardFilter(filter)] });
      const cursor = pageParam ? `&cursor=${encodeURIComponent(pageParam)}` : "";
      // The companies come embedded: one round trip per page, not a second one for their names.
      const page = await api<Page<DealWithCompany>>(
        "GET",
        `/deals?filter=${where}&sort=boardPosition&limit=${COLUMN_PAGE_SIZE}&include=company${cursor}`,
      );
      const companies: Record<string, string> = {};
      const data = page.data.map(({ embedded, ...deal }) => {
        if (embedded?.company) companies[embedded.company.id] = embedded.company.name;
        return deal;
      });
      return { data, nextCursor: page.nextCursor, companies };
    },
  });

export const boardApi = {
  /** Saves a move; `version` goes in If-Match so a deal changed meanwhile answers 412. */
  moveDeal: (deal: DealDto, body: UpdateDealBody) =>
    api<DealDto>("PATCH", `/deals/${deal.id}`, body, { "If-Match": `"${deal.version}"` }),
};
