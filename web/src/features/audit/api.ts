import type { AuditPage, AuditVerifyDto } from "@rapport/core";
import { infiniteQueryOptions } from "@tanstack/react-query";
import { api } from "../../app/api.ts";

export type AuditFilters = { action: string; from: string; to: string };

/** The filters as query parameters (dates as whole days, in the browser's time zone). */
export function auditParams(filters: AuditFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.action.trim()) params.set("action", filters.action.trim());
  if (filters.from) params.set("from", new Date(`${filters.from}T00:00`).toISOString());
  if (filters.to)
    params.set("to", new Date(new Date(`${filters.to}T00:00`).getTime() + 86_400_000).toISOString());
  return params;
}

export const auditQuery = (filters: AuditFilters) =>
  infiniteQueryOptions({
    queryKey: ["audit", filters],
    queryFn: ({ pageParam }) => {
      const params = auditParams(filters);
      params.set("limit", "50");
      if (pageParam) params.set("cursor", pageParam);
      return api<AuditPage>("GET", `/audit?${params}`);
    },
    initialPageParam: "",
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });

export const auditApi = {
  verify: () => api<AuditVerifyDto>("GET", "/audit/verify"),
  exportUrl: (filters: AuditFilters) => `/api/v1/audit/export.csv?${auditParams(filters)}`,
};
