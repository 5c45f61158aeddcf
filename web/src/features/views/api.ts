import type {
  CreateViewBody,
  FilterableFieldDto,
  PipelineDto,
  TagDto,
  UpdateViewBody,
  ViewDto,
  ViewObject,
} from "@rapport/core";
import { queryOptions } from "@tanstack/react-query";
import { api } from "../../app/api.ts";

type List<T> = { data: T[] };
export type Page<T> = { data: T[]; nextCursor: string | null; total?: number };

/** The `view` search value that opens a table or board without the default view. */
export const ALL_RECORDS = "all";

/** The view a `view` search value names: none for ALL_RECORDS, the object's default when absent. */
export const chooseView = (views: ViewDto[] | undefined, requested: string | undefined) =>
  requested === ALL_RECORDS
    ? undefined
    : requested
      ? views?.find((v) => v.id === requested)
      : views?.find((v) => v.isDefault);

export const viewsQuery = (object: ViewObject) =>
  queryOptions({
    queryKey: ["views", object],
    queryFn: async () => (await api<List<ViewDto>>("GET", `/views?object=${object}`)).data,
  });

export const filterableFieldsQuery = (object: ViewObject) =>
  queryOptions({
    queryKey: ["filterable-fields", object],
    queryFn: async () => (await api<List<FilterableFieldDto>>("GET", `/fields/${object}/filterable`)).data,
    staleTime: 5 * 60_000,
  });

export { customFieldsQuery } from "../../ui/record/api.ts";

export const tagsQuery = queryOptions({
  queryKey: ["tags"],
  queryFn: async () => (await api<List<TagDto>>("GET", "/tags")).data,
});

export const pipelinesQuery = queryOptions({
  queryKey: ["pipelines"],
  queryFn: async () => (await api<List<PipelineDto>>("GET", "/pipelines")).data,
  staleTime: 5 * 60_000,
});

/** An ETag for If-Match from a record's version. */
export const ifMatch = (version: number) => ({ "If-Match": `"${version}"` });

export const viewsApi = {
  create: (body: CreateViewBody) => api<ViewDto>("POST", "/views", body),
  update: (view: ViewDto, body: UpdateViewBody) =>
    api<ViewDto>("PATCH", `/views/${view.id}`, body, ifMatch(view.version)),
  remove: (id: string) => api<void>("DELETE", `/views/${id}`),
  setDefault: (id: string, isDefault: boolean) =>
    api<ViewDto>(isDefault ? "PUT" : "DELETE", `/views/${id}/default`),
};

/** Batch writes of a record object: one request per bulk action. */
export const recordsApi = {
  query: <Row>(
    object: ViewObject,
    body: { filter?: unknown; sort?: string; limit: number; cursor?: string; count: boolean },
  ) => api<Page<Row>>("POST", `/${object}/query`, body),
  patch: <Row>(object: ViewObject, id: string, version: number, body: object) =>
    api<Row>("PATCH", `/${object}/${id}`, body, ifMatch(version)),
  batch: (object: ViewObject, body: { update?: object[]; delete?: string[] }) =>
    api<{ updated: unknown[]; deleted: string[] }>("POST", `/${object}/batch`, body),
};
