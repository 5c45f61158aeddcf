import { Alert, Button, Group, Modal, MultiSelect, Stack, Switch, Text, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import {
  CreateWebhookBody,
  UpdateWebhookBody,
  WEBHOOK_EVENT_TYPES,
  type WebhookDto,
  type WebhookWithSecretDto,
} from "@rapport/core";
import { IconAlertTriangle, IconRefresh } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { ConfirmButton } from "../../ui/confirm-button.tsx";
import { CopyField } from "../../ui/copy-field.tsx";
import { fieldErrorsOf, messageOf, validateWith } from "../../ui/form.ts";
import { FormAlert } from "../../ui/form-alert.tsx";
import { uiText } from "../../ui/text.ts";
import { settingsApi, webhooksQuery } from "./api.ts";
import { settingsText } from "./text.ts";

const text = settingsText.webhooks;
type Values = { url: string; description: string; events: string[]; enabled: boolean };
const blank: Values = { url: "", description: "", events: [], enabled: true };

/** Creates a webhook (`webhook` null) or edits one; a new or rotated secret is shown here once. */
export function WebhookFormModal({
  opened,
  webhook,
  onClose,
}: {
  opened: boolean;
  webhook: WebhookDto | null;
  onClose: () => void;
}) {
  const queryClient = useQueryClient();
  const [secret, setSecret] = useState<{ title: string; webhook: WebhookWithSecretDto } | null>(null);
  const form = useForm<Values>({
    initialValues: blank,
    validate: validateWith(webhook ? UpdateWebhookBody : CreateWebhookBody),
  });
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset the form only when another webhook is opened.
  useEffect(() => {
    if (!opened) return;
    form.setValues(
      webhook
        ? {
            url: webhook.url,
            description: webhook.description,
            events: webhook.events,
            enabled: webhook.enabled,
          }
        : blank,
    );
    form.resetDirty();
  }, [opened, webhook?.id]);

  const refresh = () => queryClient.invalidateQueries({ queryKey: webhooksQuery.queryKey });
  const save = useMutation({
    mutationFn: (values: Values) =>
      webhook
        ? settingsApi.updateWebhook(webhook.id, UpdateWebhookBody.parse(values))
        : settingsApi.createWebhook(CreateWebhookBody.parse(values)),
    onSuccess: async (saved) => {
      await refresh();
      if ("secret" in saved) setSecret({ title: text.createdTitle, webhook: saved as WebhookWithSecretDto });
      else close();
    },
    onError: (error) => form.setErrors(fieldErrorsOf(error)),
  });
  const rotate = async () => {
    if (!webhook) return;
    const rotated = await settingsApi.rotateWebhookSecret(webhook.id);
    setSecret({ title: text.rotatedTitle, webhook: rotated });
  };

  function close() {
    onClose();
    // Forget the secret as soon as the dialog is gone; it is never shown again.
    setSecret(null);
    save.reset();
    form.reset();
  }

  return (
    <Modal
      opened={opened}
      onClose={close}
      title={secret ? secret.title : webhook ? text.edit : text.create}
      centered
      size="lg"
    >
      {secret ? (
        <Stack>
          <Alert color="yellow" icon={<IconAlertTriangle size={18} />}>
            {text.secretWarning}
          </Alert>
          <CopyField
            label={text.secretLabel}
            value={secret.webhook.secret}
            description={secret.webhook.url}
          />
          <Text size="sm">{text.secretUsage}</Text>
          <Group justify="flex-end">
            <Button onClick={close}>{text.done}</Button>
          </Group>
        </Stack>
      ) : (
        <form onSubmit={form.onSubmit((values) => save.mutate(values))} noValidate>
          <Stack>
            <FormAlert error={save.error ? messageOf(save.error) : null} />
            <TextInput
              label={text.url}
              description={text.urlHint}
              placeholder="https://example.com/hooks/rapport"
              required
              data-autofocus
              {...form.getInputProps("url")}
            />
            <TextInput
              label={text.descriptionLabel}
              description={text.descriptionHint}
              {...form.getInputProps("description")}
            />
            <MultiSelect
              label={text.events}
              description={text.eventsHint}
              placeholder={form.values.events.length === 0 ? text.eventsPlaceholder : undefined}
              data={[...WEBHOOK_EVENT_TYPES]}
              searchable
              required
              comboboxProps={{ withinPortal: true }}
              {...form.getInputProps("events")}
            />
            <Switch
              label={text.enabled}
              description={text.enabledHint}
              {...form.getInputProps("enabled", { type: "checkbox" })}
            />
            <Group justify="space-between">
              {webhook ? (
                <ConfirmButton
                  title={text.rotateTitle}
                  message={text.rotateMessage}
                  confirmLabel={text.rotate}
                  onConfirm={rotate}
                  buttonProps={{ leftSection: <IconRefresh size={14} /> }}
                >
                  {text.rotate}
                </ConfirmButton>
              ) : (
                <span />
              )}
              <Group gap="xs">
                <Button variant="default" onClick={close}>
                  {uiText.cancel}
                </Button>
                <Button type="submit" loading={save.isPending}>
                  {webhook ? text.save : text.create}
                </Button>
              </Group>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
