import type { Filter, ViewObject } from "@rapport/core";
import { type InfiniteData, useInfiniteQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useMemo } from "react";
import type { TableRow } from "../../ui/table/types.ts";
import { type Page, recordsApi } from "./api.ts";

/** Rows per request: big enough to fill a tall screen, small enough to answer quickly. */
export const PAGE_SIZE = 100;

/**
 * Records of an object page by page, by cursor. Only the first page asks for the total count; the
 * table asks for the next page as its viewport nears the end of what is loaded.
 */
export function useRecordPages<Row extends TableRow>(
  object: ViewObject,
  filter: Filter | null,
  sort: string,
) {
  const queryClient = useQueryClient();
  const queryKey = useMemo(() => ["records", object, filter, sort] as const, [object, filter, sort]);
  const query = useInfiniteQuery({
    queryKey,
    queryFn: ({ pageParam }) =>
      recordsApi.query<Row>(object, {
        ...(filter ? { filter } : {}),
        ...(sort ? { sort } : {}),
        limit: PAGE_SIZE,
        ...(pageParam ? { cursor: pageParam } : {}),
        count: pageParam === undefined,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    staleTime: 10_000,
  });
  const rows = useMemo(() => query.data?.pages.flatMap((p) => p.data) ?? [], [query.data]);
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = query;
  const loadMore = useCallback(() => {
    if (hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);

  /** Puts a saved record in place, so an edit shows without reloading every page. */
  const replaceRow = useCallback(
    (row: Row) =>
      queryClient.setQueryData<InfiniteData<Page<Row>, string | undefined>>(queryKey, (data) =>
        data
          ? {
              ...data,
              pages: data.pages.map((p) => ({ ...p, data: p.data.map((r) => (r.id === row.id ? row : r)) })),
            }
          : data,
      ),
    [queryClient, queryKey],
  );

  return {
    rows,
    total: query.data?.pages[0]?.total,
    hasMore: hasNextPage,
    loading: query.isPending,
    loadingMore: isFetchingNextPage,
    error: query.error,
    loadMore,
    replaceRow,
    reload: () => queryClient.resetQueries({ queryKey }),
  };
}
