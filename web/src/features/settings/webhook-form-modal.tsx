import { Alert, Button, Group, Modal, MultiSelect, Stack, Switch, Text, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import {
  CreateWebhookBody,
  type Filter,
  UpdateWebhookBody,
  type ViewObject,
  WEBHOOK_EVENT_TYPES,
  type WebhookDto,
  type WebhookWithSecretDto,
} from "@rapport/core";
import { IconAlertTriangle, IconRefresh } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useMemo, useState } from "react";
import { ConfirmButton } from "../../ui/confirm-button.tsx";
import { CopyField } from "../../ui/copy-field.tsx";
import { fieldErrorsOf, messageOf, validateWith } from "../../ui/form.ts";
import { FormAlert } from "../../ui/form-alert.tsx";
import { uiText } from "../../ui/text.ts";
import { customFieldsQuery, filterableFieldsQuery } from "../views/api.ts";
import { humanizePath } from "../views/columns.tsx";
import { FilterPanel } from "../views/filter-panel.tsx";
import { membersQuery, settingsApi, webhooksQuery } from "./api.ts";
import { settingsText } from "./text.ts";

const text = settingsText.webhooks;
type Values = { url: string; description: string; events: string[]; filter: Filter | null; enabled: boolean };
const blank: Values = { url: "", description: "", events: [], filter: null, enabled: true };

// The objects whose fields the filter builder knows (activities have no list screen to filter yet).
const FILTERABLE: Record<string, ViewObject> = {
  contact: "contacts",
  company: "companies",
  deal: "deals",
  task: "tasks",
};

/** The object a filter can apply to: the one object every chosen event is about. */
function filterObject(events: string[]): ViewObject | undefined {
  const objects = new Set(events.map((e) => e.slice(0, e.indexOf("."))));
  return objects.size === 1 ? FILTERABLE[[...objects][0]!] : undefined;
}

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
            filter: (webhook.filter as Filter | null) ?? null,
            enabled: webhook.enabled,
          }
        : blank,
    );
    form.resetDirty();
  }, [opened, webhook?.id]);

  const object = filterObject(form.values.events);
  const fields = useQuery({ ...filterableFieldsQuery(object ?? "contacts"), enabled: object !== undefined });
  const members = useQuery({ ...membersQuery, enabled: object !== undefined });
  const customFields = useQuery({
    ...customFieldsQuery(object ?? "contacts"),
    enabled: object !== undefined,
  });
  const customLabels = useMemo(
    () => new Map((customFields.data ?? []).map((d) => [`custom.${d.key}`, d.label])),
    [customFields.data],
  );
  // An event carries its record, not related ones: its own and custom fields only.
  const ownFields = useMemo(
    () => (fields.data ?? []).filter((f) => !f.path.includes(".") || f.path.startsWith("custom.")),
    [fields.data],
  );
  const users = useMemo(
    () => (members.data ?? []).map((m) => ({ value: m.userId, label: m.name })),
    [members.data],
  );

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
            {object ? (
              <Stack gap={4} align="flex-start">
                <Text size="sm" fw={500}>
                  {text.filter}
                </Text>
                <Text size="xs" c="dimmed">
                  {text.filterHint}
                </Text>
                <FilterPanel
                  filter={form.values.filter}
                  onApply={(filter) => form.setFieldValue("filter", filter)}
                  fields={ownFields}
                  users={users}
                  fieldLabel={(path) => humanizePath(path, customLabels)}
                />
              </Stack>
            ) : (
              form.values.filter && (
                <Alert color="yellow" icon={<IconAlertTriangle size={18} />}>
                  {text.filterNeedsOneObject}{" "}
                  <Button
                    variant="subtle"
                    size="compact-xs"
                    onClick={() => form.setFieldValue("filter", null)}
                  >
                    {text.removeFilter}
                  </Button>
                </Alert>
              )
            )}
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
