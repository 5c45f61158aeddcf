import type { RecoveryCodesDto, SessionInfoDto, TwoFactorEnrolmentDto } from "@rapport/core";
import { queryOptions } from "@tanstack/react-query";
import { api } from "../../app/api.ts";

export const mySessionsQuery = queryOptions({
  queryKey: ["my-sessions"],
  queryFn: async () => (await api<{ data: SessionInfoDto[] }>("GET", "/auth/sessions")).data,
});

export const securityApi = {
  startEnrolment: () => api<TwoFactorEnrolmentDto>("POST", "/auth/two-factor/enrol"),
  confirmEnrolment: (code: string) => api<RecoveryCodesDto>("POST", "/auth/two-factor/confirm", { code }),
  disable: (password: string) => api<void>("POST", "/auth/two-factor/disable", { password }),
  revokeSession: (id: string) => api<void>("DELETE", `/auth/sessions/${id}`),
  revokeOtherSessions: () => api<{ ended: number }>("POST", "/auth/sessions/revoke-others"),
};
