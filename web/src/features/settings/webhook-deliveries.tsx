import { Badge, Button, Code, Group, Modal, Paper, Stack, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import type { WebhookDeliveryDto, WebhookDto } from "@rapport/core";
import { IconRefresh } from "@tabler/icons-react";
import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { messageOf } from "../../ui/form.ts";
import { FormAlert } from "../../ui/form-alert.tsx";
import { formatDateTime, formatRelative } from "../../ui/format.ts";
import { PageLoader } from "../../ui/page.tsx";
import { settingsApi, webhookDeliveriesQuery } from "./api.ts";
import { settingsText } from "./text.ts";

const text = settingsText.webhooks;
const REFRESH_MS = 5_000;
const STATE_COLORS: Record<string, string> = { pending: "yellow", succeeded: "teal", failed: "red" };

/** The delivery log of one webhook, newest first, with redelivery. */
export function WebhookDeliveriesModal({ webhook, onClose }: { webhook: WebhookDto; onClose: () => void }) {
  const deliveries = useInfiniteQuery({ ...webhookDeliveriesQuery(webhook.id), refetchInterval: REFRESH_MS });
  const list = deliveries.data?.pages.flatMap((page) => page.data) ?? [];
  return (
    <Modal opened onClose={onClose} title={text.deliveriesTitle} centered size="xl">
      <Stack gap="sm">
        <Code style={{ overflowWrap: "anywhere" }}>{webhook.url}</Code>
        {deliveries.isPending ? (
          <PageLoader />
        ) : deliveries.isError ? (
          <FormAlert error={messageOf(deliveries.error)} />
        ) : list.length === 0 ? (
          <Text size="sm" c="dimmed">
            {text.noDeliveries}
          </Text>
        ) : (
          <Stack
            gap="xs"
            component="ul"
            aria-label={text.deliveriesTitle}
            p={0}
            m={0}
            style={{ listStyle: "none" }}
          >
            {list.map((delivery) => (
              <DeliveryItem key={delivery.id} webhookId={webhook.id} delivery={delivery} />
            ))}
          </Stack>
        )}
        {deliveries.hasNextPage && (
          <Group justify="center">
            <Button
              variant="default"
              onClick={() => deliveries.fetchNextPage()}
              loading={deliveries.isFetchingNextPage}
            >
              {text.more}
            </Button>
          </Group>
        )}
      </Stack>
    </Modal>
  );
}

function DeliveryItem({ webhookId, delivery }: { webhookId: string; delivery: WebhookDeliveryDto }) {
  const queryClient = useQueryClient();
  const when = formatRelative(delivery.createdAt);
  const redeliver = useMutation({
    mutationFn: () => settingsApi.redeliver(webhookId, delivery.id),
    onSuccess: async () => {
      notifications.show({ color: "teal", title: settingsText.saved, message: text.redelivered });
      await queryClient.invalidateQueries({ queryKey: webhookDeliveriesQuery(webhookId).queryKey });
    },
    onError: (error) =>
      notifications.show({ color: "red", title: text.redeliver, message: messageOf(error) }),
  });
  const facts = [
    text.attempts(delivery.attempts),
    delivery.responseStatus !== null ? `HTTP ${delivery.responseStatus}` : null,
    delivery.latencyMs !== null ? text.latency(delivery.latencyMs) : null,
    delivery.nextAttemptAt && delivery.attempts > 0
      ? text.nextAttempt(formatRelative(delivery.nextAttemptAt))
      : null,
  ].filter(Boolean);

  return (
    <Paper
      component="li"
      withBorder
      radius="md"
      p="sm"
      aria-label={`${delivery.eventType} ${text.states[delivery.state]}`}
    >
      <Group justify="space-between" align="flex-start" gap="sm" wrap="wrap">
        <Stack gap={4} style={{ flex: 1, minWidth: 200 }}>
          <Group gap="xs" wrap="wrap">
            <Code>{delivery.eventType}</Code>
            <Badge color={STATE_COLORS[delivery.state]} variant="light">
              {text.states[delivery.state]}
            </Badge>
          </Group>
          <Text size="xs" c="dimmed">
            <span title={formatDateTime(delivery.createdAt)}>{when}</span>
            {facts.map((fact) => ` · ${fact}`).join("")}
          </Text>
          {delivery.error && (
            <Text size="sm" c="red.8" style={{ overflowWrap: "anywhere" }}>
              {delivery.error}
            </Text>
          )}
          {delivery.responseSnippet && (
            <Text size="xs" ff="monospace" c="dimmed" lineClamp={2} style={{ overflowWrap: "anywhere" }}>
              {text.response}: {delivery.responseSnippet}
            </Text>
          )}
        </Stack>
        <Button
          size="xs"
          variant="light"
          leftSection={<IconRefresh size={14} />}
          aria-label={text.redeliverLabel(delivery.eventType, when)}
          loading={redeliver.isPending}
          onClick={() => redeliver.mutate()}
        >
          {text.redeliver}
        </Button>
      </Group>
    </Paper>
  );
}
