import type { NotificationDto } from "@rapport/core";
import { queryOptions } from "@tanstack/react-query";
import { api } from "../../app/api.ts";

/** How many notifications the bell's list shows. */
export const LIST_SIZE = 30;

export const notificationKeys = {
  all: ["notifications"] as const,
  unread: ["notifications", "unread"] as const,
  list: ["notifications", "list"] as const,
};

export type NotificationPage = { data: NotificationDto[]; nextCursor: string | null };

export const unreadCountQuery = queryOptions({
  queryKey: notificationKeys.unread,
  queryFn: async () => (await api<{ unread: number }>("GET", "/notifications/unread-count")).unread,
});

export const notificationListQuery = queryOptions({
  queryKey: notificationKeys.list,
  queryFn: () => api<NotificationPage>("GET", `/notifications?limit=${LIST_SIZE}`),
});

export const notificationsApi = {
  markRead: (id: string) => api<NotificationDto>("POST", `/notifications/${id}/read`),
  markAllRead: () => api<{ marked: number }>("POST", "/notifications/read-all"),
};
