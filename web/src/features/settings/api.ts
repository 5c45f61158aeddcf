import type {
  ApiKeyDto,
  ChangePasswordBody,
  CreateApiKeyBody,
  CreatedApiKeyDto,
  CreatedInvitationDto,
  CreateInvitationBody,
  CreateWebhookBody,
  InvitationDto,
  JobDto,
  JobPage,
  JobQueueDto,
  JobState,
  MemberDto,
  Role,
  RoleDto,
  UpdateWebhookBody,
  UpdateWorkspaceBody,
  UserDto,
  WebhookDeliveryDto,
  WebhookDeliveryPage,
  WebhookDto,
  WebhookWithSecretDto,
  WorkspaceDto,
} from "@rapport/core";
import { infiniteQueryOptions, queryOptions } from "@tanstack/react-query";
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
export const rolesQuery = queryOptions({
  queryKey: ["roles"],
  queryFn: async () => (await api<List<RoleDto>>("GET", "/roles")).data,
});
export const apiKeysQuery = queryOptions({
  queryKey: ["api-keys"],
  queryFn: async () => (await api<List<ApiKeyDto>>("GET", "/api-keys")).data,
});

export const jobQueuesQuery = queryOptions({
  queryKey: ["jobs", "queues"],
  queryFn: async () => (await api<List<JobQueueDto>>("GET", "/jobs")).data,
});
export const jobsQuery = (state: JobState | "all") =>
  infiniteQueryOptions({
    queryKey: ["jobs", "list", state],
    queryFn: ({ pageParam }) => {
      const params = new URLSearchParams({ limit: "25" });
      if (state !== "all") params.set("state", state);
      if (pageParam) params.set("cursor", pageParam);
      return api<JobPage>("GET", `/jobs/list?${params}`);
    },
    initialPageParam: "",
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });

export const webhooksQuery = queryOptions({
  queryKey: ["webhooks"],
  queryFn: async () => (await api<List<WebhookDto>>("GET", "/webhooks")).data,
});
export const webhookDeliveriesQuery = (webhookId: string) =>
  infiniteQueryOptions({
    queryKey: ["webhooks", webhookId, "deliveries"],
    queryFn: ({ pageParam }) => {
      const params = new URLSearchParams({ limit: "25" });
      if (pageParam) params.set("cursor", pageParam);
      return api<WebhookDeliveryPage>("GET", `/webhooks/${webhookId}/deliveries?${params}`);
    },
    initialPageParam: "",
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });

export const settingsApi = {
  updateProfile: (name: string) => api<UserDto>("PATCH", "/me", { name }),
  changePassword: (body: ChangePasswordBody) => api<void>("POST", "/auth/password", body),
  updateWorkspace: (body: UpdateWorkspaceBody) => api<WorkspaceDto>("PATCH", "/workspace", body),
  changeRole: (userId: string, role: Role) => api<MemberDto>("PATCH", `/members/${userId}`, { role }),
  removeMember: (userId: string) => api<void>("DELETE", `/members/${userId}`),
  signOutMember: (userId: string) => api<{ ended: number }>("DELETE", `/members/${userId}/sessions`),
  invite: (body: CreateInvitationBody) => api<CreatedInvitationDto>("POST", "/invitations", body),
  revokeInvitation: (id: string) => api<void>("DELETE", `/invitations/${id}`),
  createApiKey: (body: CreateApiKeyBody) => api<CreatedApiKeyDto>("POST", "/api-keys", body),
  revokeApiKey: (id: string) => api<void>("DELETE", `/api-keys/${id}`),
  retryJob: (id: string) => api<JobDto>("POST", `/jobs/${id}/retry`),
  cancelJob: (id: string) => api<JobDto>("POST", `/jobs/${id}/cancel`),
  createWebhook: (body: CreateWebhookBody) => api<WebhookWithSecretDto>("POST", "/webhooks", body),
  updateWebhook: (id: string, body: UpdateWebhookBody) => api<WebhookDto>("PATCH", `/webhooks/${id}`, body),
  rotateWebhookSecret: (id: string) => api<WebhookWithSecretDto>("POST", `/webhooks/${id}/rotate-secret`),
  deleteWebhook: (id: string) => api<void>("DELETE", `/webhooks/${id}`),
  redeliver: (webhookId: string, deliveryId: string) =>
    api<WebhookDeliveryDto>("POST", `/webhooks/${webhookId}/deliveries/${deliveryId}/redeliver`),
};
