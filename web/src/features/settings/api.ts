import type {
  ApiKeyDto,
  ChangePasswordBody,
  CreateApiKeyBody,
  CreatedApiKeyDto,
  CreatedInvitationDto,
  CreateInvitationBody,
  InvitationDto,
  MemberDto,
  Role,
  UpdateWorkspaceBody,
  UserDto,
  WorkspaceDto,
} from "@rapport/core";
import { queryOptions } from "@tanstack/react-query";
import { api } from "../../app/api.ts";

type List<T> = { data: T[] };

export const membersQuery = queryOptions({
  queryKey: ["members"],
  queryFn: async () => (await api<List<MemberDto>>("GET", "/members")).data,
});
export const invitationsQuery = queryOptions({
  queryKey: ["invitations"],
  queryFn: async () => (await api<List<InvitationDto>>("GET", "/invitations")).data,
});
export const apiKeysQuery = queryOptions({
  queryKey: ["api-keys"],
  queryFn: async () => (await api<List<ApiKeyDto>>("GET", "/api-keys")).data,
});

export const settingsApi = {
  updateProfile: (name: string) => api<UserDto>("PATCH", "/me", { name }),
  changePassword: (body: ChangePasswordBody) => api<void>("POST", "/auth/password", body),
  updateWorkspace: (body: UpdateWorkspaceBody) => api<WorkspaceDto>("PATCH", "/workspace", body),
  changeRole: (userId: string, role: Role) => api<MemberDto>("PATCH", `/members/${userId}`, { role }),
  removeMember: (userId: string) => api<void>("DELETE", `/members/${userId}`),
  invite: (body: CreateInvitationBody) => api<CreatedInvitationDto>("POST", "/invitations", body),
  revokeInvitation: (id: string) => api<void>("DELETE", `/invitations/${id}`),
  createApiKey: (body: CreateApiKeyBody) => api<CreatedApiKeyDto>("POST", "/api-keys", body),
  revokeApiKey: (id: string) => api<void>("DELETE", `/api-keys/${id}`),
};
