import {
  ActionIcon,
  Box,
  Button,
  Group,
  Indicator,
  Loader,
  Popover,
  ScrollArea,
  Stack,
  Text,
  UnstyledButton,
} from "@mantine/core";
import { notifications as toasts } from "@mantine/notifications";
import type { NotificationDto } from "@rapport/core";
import { IconAlarm, IconBell, IconClockExclamation } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "@tanstack/react-router";
import { useState } from "react";
import { useSession } from "../../app/session.ts";
import { messageOf } from "../../ui/form.ts";
import { formatRelative } from "../../ui/format.ts";
import {
  type NotificationPage,
  notificationKeys,
  notificationListQuery,
  notificationsApi,
  unreadCountQuery,
} from "./api.ts";
import { notificationsText as t } from "./text.ts";
import { useNotificationStream } from "./use-notification-stream.ts";

/** The header's bell: the unread count, and a list to read, mark read and open notifications from. */
export function NotificationBell() {
  useNotificationStream(useSession().workspace.id);
  const [opened, setOpened] = useState(false);
  const { data: unread = 0 } = useQuery(unreadCountQuery);
  const label = unread > 0 ? t.bellWithCount(unread) : t.bell;
  return (
    // The count sits on the button, outside the popover's target, which must be the button alone.
    <Indicator
      label={unread > 99 ? "99+" : unread}
      size={18}
      color="red"
      offset={4}
      disabled={unread === 0}
      data-testid="notification-count"
    >
      <Popover
        opened={opened}
        onChange={setOpened}
        position="bottom-end"
        width={380}
        shadow="md"
        trapFocus
        returnFocus
      >
        <Popover.Target>
          <ActionIcon variant="default" size="lg" aria-label={label} onClick={() => setOpened((o) => !o)}>
            <IconBell size={18} stroke={1.6} />
          </ActionIcon>
        </Popover.Target>
        <Popover.Dropdown p={0} maw="calc(100vw - 16px)" aria-label={t.title} role="dialog">
          {opened && <NotificationList unread={unread} onNavigate={() => setOpened(false)} />}
        </Popover.Dropdown>
      </Popover>
    </Indicator>
  );
}

function NotificationList({ unread, onNavigate }: { unread: number; onNavigate(): void }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const list = useQuery(notificationListQuery);
  const failed = (error: unknown) =>
    toasts.show({ color: "red", title: t.actionFailed, message: messageOf(error) });

  // Marked read at once in the bell; put back if the server refuses.
  const markRead = useMutation({
    mutationFn: (id: string) => notificationsApi.markRead(id),
    onMutate: async (id) => {
      await queryClient.cancelQueries({ queryKey: notificationKeys.all });
      const before = {
        list: queryClient.getQueryData<NotificationPage>(notificationKeys.list),
        unread: queryClient.getQueryData<number>(notificationKeys.unread),
      };
      const now = new Date().toISOString();
      queryClient.setQueryData<NotificationPage>(
        notificationKeys.list,
        (page) =>
          page && {
            ...page,
            data: page.data.map((n) => (n.id === id && !n.readAt ? { ...n, readAt: now } : n)),
          },
      );
      if (before.list?.data.some((n) => n.id === id && !n.readAt)) {
        queryClient.setQueryData<number>(notificationKeys.unread, (n) => Math.max(0, (n ?? 1) - 1));
      }
      return before;
    },
    onError: (error, _id, before) => {
      queryClient.setQueryData(notificationKeys.list, before?.list);
      queryClient.setQueryData(notificationKeys.unread, before?.unread);
      failed(error);
    },
  });
  const markAll = useMutation({
    mutationFn: notificationsApi.markAllRead,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: notificationKeys.all }),
    onError: failed,
  });

  function open(notification: NotificationDto) {
    if (!notification.readAt) markRead.mutate(notification.id);
    onNavigate();
    if (notification.record?.object === "task") {
      void navigate({ to: "/tasks/mine", search: { task: notification.record.id } });
    }
  }

  return (
    <Stack gap={0}>
      <Group justify="space-between" px="md" py="xs" wrap="nowrap">
        <Text fw={600}>{t.title}</Text>
        <Button
          variant="subtle"
          size="compact-sm"
          disabled={unread === 0}
          loading={markAll.isPending}
          onClick={() => markAll.mutate()}
        >
          {t.markAllRead}
        </Button>
      </Group>
      <ScrollArea.Autosize mah="min(70vh, 480px)" type="auto">
        {list.isPending ? (
          <Group justify="center" p="lg">
            <Loader size="sm" />
          </Group>
        ) : list.isError ? (
          <Text c="red.8" size="sm" p="md">
            {t.loadFailed}: {messageOf(list.error)}
          </Text>
        ) : list.data.data.length === 0 ? (
          <Text c="dimmed" size="sm" p="md">
            {t.empty}
          </Text>
        ) : (
          <Box component="ul" m={0} p={0} style={{ listStyle: "none" }} aria-label={t.title}>
            {list.data.data.map((notification) => (
              <NotificationItem
                key={notification.id}
                notification={notification}
                onOpen={() => open(notification)}
                onMarkRead={() => markRead.mutate(notification.id)}
              />
            ))}
          </Box>
        )}
      </ScrollArea.Autosize>
    </Stack>
  );
}

function NotificationItem({
  notification,
  onOpen,
  onMarkRead,
}: {
  notification: NotificationDto;
  onOpen(): void;
  onMarkRead(): void;
}) {
  const Icon = notification.kind === "task.due" ? IconClockExclamation : IconAlarm;
  const unread = !notification.readAt;
  return (
    <Box
      component="li"
      data-unread={unread || undefined}
      style={{
        borderTop: "1px solid var(--mantine-color-default-border)",
        background: unread ? "var(--mantine-primary-color-light)" : undefined,
      }}
    >
      <Group wrap="nowrap" gap={0} align="stretch">
        <UnstyledButton onClick={onOpen} px="md" py="sm" style={{ flex: 1, minWidth: 0 }}>
          <Group wrap="nowrap" gap="sm" align="flex-start">
            <Icon size={20} stroke={1.6} style={{ flexShrink: 0, marginTop: 2 }} />
            <Box miw={0}>
              <Text size="xs" c="dimmed">
                {t.kinds[notification.kind] ?? notification.kind}
                {" · "}
                {formatRelative(notification.at ?? notification.createdAt)}
              </Text>
              <Text size="sm" fw={unread ? 600 : 400} lineClamp={2}>
                {notification.title}
              </Text>
            </Box>
          </Group>
        </UnstyledButton>
        {unread && (
          <ActionIcon
            variant="subtle"
            size="sm"
            m="xs"
            aria-label={`${t.markRead}: ${notification.title}`}
            title={t.markRead}
            onClick={onMarkRead}
          >
            <Box w={8} h={8} bg="blue" style={{ borderRadius: "50%" }} />
          </ActionIcon>
        )}
      </Group>
    </Box>
  );
}
