import { Alert, Badge, Button, Code, Group, Paper, Stack, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import type { WebhookDto } from "@rapport/core";
import { IconAlertTriangle, IconList, IconPencil, IconPlus, IconWebhook } from "@tabler/icons-react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { ConfirmButton } from "../../ui/confirm-button.tsx";
import { EmptyState } from "../../ui/empty-state.tsx";
import { messageOf } from "../../ui/form.ts";
import { FormAlert } from "../../ui/form-alert.tsx";
import { formatDateTime, formatRelative } from "../../ui/format.ts";
import { PageLoader } from "../../ui/page.tsx";
import { settingsApi, webhooksQuery } from "./api.ts";
import { SectionHeader } from "./section-header.tsx";
import { settingsText } from "./text.ts";
import { WebhookDeliveriesModal } from "./webhook-deliveries.tsx";
import { WebhookFormModal } from "./webhook-form-modal.tsx";

const text = settingsText.webhooks;

type Dialog =
  | { kind: "create" }
  | { kind: "edit"; webhook: WebhookDto }
  | { kind: "deliveries"; webhook: WebhookDto };

export function WebhooksPage() {
  const webhooks = useQuery(webhooksQuery);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const close = () => setDialog(null);

  return (
    <>
      <SectionHeader
        title={settingsText.sections.webhooks}
        description={text.description}
        actions={
          <Button leftSection={<IconPlus size={16} />} onClick={() => setDialog({ kind: "create" })}>
            {text.create}
          </Button>
        }
      />
      {webhooks.isPending ? (
        <PageLoader />
      ) : webhooks.isError ? (
        <FormAlert error={messageOf(webhooks.error)} />
      ) : webhooks.data.length === 0 ? (
        <EmptyState
          icon={<IconWebhook size={32} stroke={1.5} />}
          title={text.emptyTitle}
          description={text.emptyBody}
        />
      ) : (
        <Stack
          gap="sm"
          component="ul"
          aria-label={settingsText.sections.webhooks}
          p={0}
          m={0}
          style={{ listStyle: "none" }}
        >
          {webhooks.data.map((webhook) => (
            <WebhookItem
              key={webhook.id}
              webhook={webhook}
              onEdit={() => setDialog({ kind: "edit", webhook })}
              onDeliveries={() => setDialog({ kind: "deliveries", webhook })}
            />
          ))}
        </Stack>
      )}
      <WebhookFormModal
        opened={dialog?.kind === "create" || dialog?.kind === "edit"}
        webhook={dialog?.kind === "edit" ? dialog.webhook : null}
        onClose={close}
      />
      {dialog?.kind === "deliveries" && <WebhookDeliveriesModal webhook={dialog.webhook} onClose={close} />}
    </>
  );
}

function WebhookItem({
  webhook,
  onEdit,
  onDeliveries,
}: {
  webhook: WebhookDto;
  onEdit: () => void;
  onDeliveries: () => void;
}) {
  const queryClient = useQueryClient();
  async function remove() {
    await settingsApi.deleteWebhook(webhook.id);
    notifications.show({ color: "teal", title: settingsText.saved, message: text.deleted });
    await queryClient.invalidateQueries({ queryKey: webhooksQuery.queryKey });
  }

  return (
    <Paper component="li" withBorder radius="md" p="md" aria-label={webhook.url}>
      <Stack gap="xs">
        <Group justify="space-between" align="flex-start" gap="sm" wrap="wrap">
          <Stack gap={4} style={{ flex: 1, minWidth: 220 }}>
            <Group gap="xs" wrap="wrap">
              <Code style={{ overflowWrap: "anywhere" }}>{webhook.url}</Code>
              <Badge color={webhook.enabled ? "teal" : "gray"} variant="light">
                {webhook.enabled ? text.active : text.disabled}
              </Badge>
            </Group>
            {webhook.description && <Text size="sm">{webhook.description}</Text>}
            <Text size="xs" c="dimmed" title={webhook.events.join(", ")}>
              {text.eventCount(webhook.events.length)}: {webhook.events.join(", ")}
            </Text>
          </Stack>
          <Group gap="xs">
            <Button
              size="xs"
              variant="default"
              leftSection={<IconList size={14} />}
              aria-label={text.deliveriesLabel(webhook.url)}
              onClick={onDeliveries}
            >
              {text.deliveries}
            </Button>
            <Button
              size="xs"
              variant="default"
              leftSection={<IconPencil size={14} />}
              aria-label={text.editLabel(webhook.url)}
              onClick={onEdit}
            >
              {text.edit}
            </Button>
            <ConfirmButton
              aria-label={text.deleteLabel(webhook.url)}
              title={text.deleteTitle}
              message={text.deleteMessage(webhook.url)}
              confirmLabel={text.delete}
              onConfirm={remove}
            >
              {text.delete}
            </ConfirmButton>
          </Group>
        </Group>
        {webhook.disabledReason && (
          <Alert color="red" icon={<IconAlertTriangle size={18} />} title={text.disabledNotice}>
            <Text size="sm" style={{ overflowWrap: "anywhere" }}>
              {webhook.disabledReason}
            </Text>
            {webhook.disabledAt && (
              <Text size="xs" c="dimmed" mt={4} title={formatDateTime(webhook.disabledAt)}>
                {formatRelative(webhook.disabledAt)}
              </Text>
            )}
          </Alert>
        )}
      </Stack>
    </Paper>
  );
}
