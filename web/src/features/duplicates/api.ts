import type { CompanyDto, ContactDto, DuplicateGroupDto, DuplicateObject, MergeBody } from "@rapport/core";
import { queryOptions } from "@tanstack/react-query";
import { api } from "../../app/api.ts";

const PLURAL = { contact: "contacts", company: "companies" } as const;

export const duplicateGroupsQuery = (object: DuplicateObject) =>
  queryOptions({
    queryKey: ["duplicates", object],
    queryFn: () => api<{ data: DuplicateGroupDto[] }>("GET", `/duplicates?object=${object}`),
  });

export const duplicatesApi = {
  scan: (object: DuplicateObject) => api<{ jobId: string | null }>("POST", "/duplicates/scan", { object }),
  dismiss: (id: string) => api<void>("POST", `/duplicates/${id}/dismiss`),
  record: (object: DuplicateObject, id: string) =>
    api<ContactDto | CompanyDto>("GET", `/${PLURAL[object]}/${id}`),
  merge: (object: DuplicateObject, body: MergeBody) =>
    api<ContactDto | CompanyDto>("POST", `/${PLURAL[object]}/merge`, body),
};

export const recordPath = (object: DuplicateObject, id: string) => `/${PLURAL[object]}/${id}`;
