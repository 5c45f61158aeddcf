import { notifications as toasts } from "@mantine/notifications";
import type { NotificationDto } from "@rapport/core";
import { type QueryClient, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { type NotificationPage, notificationKeys } from "./api.ts";
import { notificationsText } from "./text.ts";

const STREAM_URL = "/api/v1/notifications/stream";
// When the browser gives up on the stream (the server answered an error, or went away), try again
// after this long, doubling up to the maximum.
const RETRY_MS = 2_000;
const MAX_RETRY_MS = 60_000;

function received(queryClient: QueryClient, notification: NotificationDto) {
  queryClient.setQueryData<number>(notificationKeys.unread, (n) => (n ?? 0) + 1);
  queryClient.setQueryData<NotificationPage>(notificationKeys.list, (page) =>
    page && !page.data.some((n) => n.id === notification.id)
      ? { ...page, data: [notification, ...page.data] }
      : page,
  );
  toasts.show({
    id: `notification-${notification.id}`,
    title: notificationsText.arrived(notification.kind),
    message: notification.title,
    autoClose: 8000,
  });
}

/**
 * Keeps the notification queries live through the server's event stream while the user is signed
 * in: a new notification updates the bell at once; anything that may have been missed (a reconnect,
 * the server's reset) refetches.
 */
export function useNotificationStream(workspaceId: string) {
  const queryClient = useQueryClient();
  // A new stream per workspace: the server streams one workspace's notifications per connection.
  // biome-ignore lint/correctness/useExhaustiveDependencies: workspaceId only restarts the stream.
  useEffect(() => {
    let source: EventSource | null = null;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let delay = RETRY_MS;
    let stopped = false;
    const refetch = () => queryClient.invalidateQueries({ queryKey: notificationKeys.all });

    const connect = () => {
      const next = new EventSource(STREAM_URL);
      source = next;
      let opened = false;
      next.onopen = () => {
        // Events sent while disconnected are lost: catch up from the API.
        if (opened || delay !== RETRY_MS) void refetch();
        opened = true;
        delay = RETRY_MS;
      };
      next.addEventListener("notification", (event) => {
        received(queryClient, JSON.parse((event as MessageEvent<string>).data) as NotificationDto);
      });
      next.addEventListener("read", () => void refetch());
      next.addEventListener("reset", () => void refetch());
      next.onerror = () => {
        // The browser retries a dropped stream by itself; a refused one (CLOSED) is ours to retry.
        if (next.readyState !== EventSource.CLOSED || stopped) return;
        retry = setTimeout(connect, delay);
        delay = Math.min(delay * 2, MAX_RETRY_MS);
      };
    };

    connect();
    return () => {
      stopped = true;
      clearTimeout(retry);
      source?.close();
    };
  }, [queryClient, workspaceId]);
}
