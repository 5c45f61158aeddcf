import type { CompanyDto, DealDto, DealSummaryDto, Filter, PipelineDto, UpdateDealBody } from "@rapport/core";
import { infiniteQueryOptions, queryOptions } from "@tanstack/react-query";
import { api } from "../../app/api.ts";

type List<T> = { data: T[] };
type Page<T> = { data: T[]; nextCursor: string | null };

/** Cards fetched per request while a column scrolls. */
export const COLUMN_PAGE_SIZE = 50;

export const pipelinesQuery = queryOptions({
  queryKey: ["pipelines"],
  queryFn: async () => (await api<List<PipelineDto>>("GET", "/pipelines")).data,
});

/** What the board shows: a saved view's or the builder's filter, everyone's deals or mine, and a name search. */
export type BoardFilter = { filter: Filter | null; mine: boolean; search: string };

export function boardFilter({ filter, mine, search }: BoardFilter): Filter[] {
  const conditions: Filter[] = filter ? [filter] : [];
  if (mine) conditions.push({ field: "ownerId", op: "eq", value: "me" });
  const text = search.trim();
  if (text) conditions.push({ field: "name", op: "contains", value: text });
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

async function companyNames(ids: string[]): Promise<Record<string, string>> {
  if (ids.length === 0) return {};
  const filter = encode({ field: "id", op: "in", value: ids });
  const page = await api<Page<CompanyDto>>("GET", `/companies?filter=${filter}&limit=${ids.length}`);
  return Object.fromEntries(page.data.map((c) => [c.id, c.name]));
}

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
      const page = await api<Page<DealDto>>(
        "GET",
        `/deals?filter=${where}&sort=boardPosition&limit=${COLUMN_PAGE_SIZE}${cursor}`,
      );
      const ids = [...new Set(page.data.flatMap((d) => (d.companyId ? [d.companyId] : [])))];
      return { ...page, companies: await companyNames(ids) };
    },
  });

export const boardApi = {
  /** Saves a move; `version` goes in If-Match so a deal changed meanwhile answers 412. */
  moveDeal: (deal: DealDto, body: UpdateDealBody) =>
    api<DealDto>("PATCH", `/deals/${deal.id}`, body, { "If-Match": `"${deal.version}"` }),
};
