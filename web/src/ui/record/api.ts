import type {
  ActivityDto,
  CompanyDto,
  ContactDto,
  CreateActivityBody,
  CreateCompanyBody,
  CreateContactBody,
  CreateDealBody,
  CreateTaskBody,
  CustomFieldDto,
  CustomFieldObject,
  DealDto,
  Filter,
  HistoryEntryDto,
  MemberDto,
  PipelineDto,
  TagDto,
  TaskDto,
  TimelineObject,
  TimelinePage,
} from "@rapport/core";
import { infiniteQueryOptions, type QueryClient, queryOptions } from "@tanstack/react-query";
import { api } from "../../app/api.ts";

/** The record objects that have a page of their own. */
export type RecordObject = TimelineObject;
export type RecordDtoOf = { contacts: ContactDto; companies: CompanyDto; deals: DealDto };
type List<T> = { data: T[] };
type Page<T> = { data: T[]; nextCursor: string | null; total?: number };

export const recordQuery = <O extends RecordObject>(object: O, id: string) =>
  queryOptions({
    queryKey: ["record", object, id],
    queryFn: () => api<RecordDtoOf[O]>("GET", `/${object}/${id}`),
  });

export const customFieldsQuery = (object: CustomFieldObject) =>
  queryOptions({
    queryKey: ["custom-fields", object],
    queryFn: async () =>
      (await api<List<CustomFieldDto>>("GET", `/fields/${object}`)).data.toSorted(
        (a, b) => a.position - b.position,
      ),
    staleTime: 5 * 60_000,
  });

export const pipelinesQuery = queryOptions({
  queryKey: ["pipelines"],
  queryFn: async () => (await api<List<PipelineDto>>("GET", "/pipelines")).data,
  staleTime: 5 * 60_000,
});

export const tagsQuery = queryOptions({
  queryKey: ["tags"],
  queryFn: async () => (await api<List<TagDto>>("GET", "/tags")).data,
  staleTime: 5 * 60_000,
});

/** The same key as the settings' members query, so both share one cache entry. */
export const teamQuery = queryOptions({
  queryKey: ["members"],
  queryFn: async () => (await api<List<MemberDto>>("GET", "/members")).data,
  staleTime: 5 * 60_000,
});

const filterParam = (filter: Filter) => encodeURIComponent(JSON.stringify(filter));

/** A page of records matching a filter, for related-record lists and pickers. */
export const filteredQuery = <O extends RecordObject>(
  object: O,
  filter: Filter | null,
  options: { sort?: string; limit?: number } = {},
) =>
  queryOptions({
    queryKey: ["records", object, filter, options],
    queryFn: () =>
      api<Page<RecordDtoOf[O]>>(
        "GET",
        `/${object}?count=true&limit=${options.limit ?? 50}${filter ? `&filter=${filterParam(filter)}` : ""}${
          options.sort ? `&sort=${options.sort}` : ""
        }`,
      ),
  });

export const timelineQuery = (object: RecordObject, id: string) =>
  infiniteQueryOptions({
    queryKey: ["timeline", object, id],
    queryFn: ({ pageParam }) =>
      api<TimelinePage>(
        "GET",
        `/${object}/${id}/timeline?limit=30${pageParam ? `&cursor=${encodeURIComponent(pageParam)}` : ""}`,
      ),
    initialPageParam: "",
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

export const historyQuery = (object: RecordObject, id: string) =>
  infiniteQueryOptions({
    queryKey: ["history", object, id],
    queryFn: ({ pageParam }) =>
      api<{ data: HistoryEntryDto[]; nextCursor: string | null }>(
        "GET",
        `/${object}/${id}/history?limit=50${pageParam ? `&cursor=${encodeURIComponent(pageParam)}` : ""}`,
      ),
    initialPageParam: "",
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

/** The ETag of a record version, as the API sends it. */
export const etagOf = (version: number) => `"${version}"`;

export const recordApi = {
  update: <O extends RecordObject>(object: O, id: string, version: number, body: Record<string, unknown>) =>
    api<RecordDtoOf[O]>("PATCH", `/${object}/${id}`, body, { "If-Match": etagOf(version) }),
  /** With `allowDuplicate`, also when it looks like an existing contact (else a 409 lists them). */
  createContact: (body: CreateContactBody, allowDuplicate = false) =>
    api<ContactDto>("POST", `/contacts${allowDuplicate ? "?allowDuplicate=true" : ""}`, body),
  createCompany: (body: CreateCompanyBody, allowDuplicate = false) =>
    api<CompanyDto>("POST", `/companies${allowDuplicate ? "?allowDuplicate=true" : ""}`, body),
  createDeal: (body: CreateDealBody) => api<DealDto>("POST", "/deals", body),
  createTask: (body: CreateTaskBody) => api<TaskDto>("POST", "/tasks", body),
  createActivity: (body: CreateActivityBody) => api<ActivityDto>("POST", "/activities", body),
  completeTask: (id: string) => api<TaskDto>("POST", `/tasks/${id}/complete`),
};

/** After a write that shows up on record pages: refetch the timelines, histories and related lists. */
export function refreshRecordViews(queryClient: QueryClient): Promise<unknown> {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: ["timeline"] }),
    queryClient.invalidateQueries({ queryKey: ["history"] }),
    queryClient.invalidateQueries({ queryKey: ["records"] }),
  ]);
}
