import {
  Alert,
  Button,
  Code,
  Group,
  Modal,
  Stack,
  Table,
  Text,
  TextInput,
  VisuallyHidden,
} from "@mantine/core";
import { useForm } from "@mantine/form";
import { useDisclosure } from "@mantine/hooks";
import { notifications } from "@mantine/notifications";
import { type ApiKeyDto, CreateApiKeyBody, type CreatedApiKeyDto, type Role } from "@rapport/core";
import { IconAlertTriangle, IconKey, IconPlus } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useSession } from "../../app/session.ts";
import { ConfirmButton } from "../../ui/confirm-button.tsx";
import { CopyField } from "../../ui/copy-field.tsx";
import { EmptyState } from "../../ui/empty-state.tsx";
import { fieldErrorsOf, messageOf, validateWith } from "../../ui/form.ts";
import { FormAlert } from "../../ui/form-alert.tsx";
import { formatDate, formatDateTime, formatRelative } from "../../ui/format.ts";
import { QueryView } from "../../ui/query-view.tsx";
import { uiText } from "../../ui/text.ts";
import { apiKeysQuery, settingsApi } from "./api.ts";
import { assignableRoles, RoleBadge, RoleSelect, useWorkspaceRoles } from "./role-select.tsx";
import { SectionHeader } from "./section-header.tsx";
import { settingsText } from "./text.ts";

const text = settingsText.apiKeys;

export function ApiKeysPage() {
  const queryClient = useQueryClient();
  const keys = useQuery(apiKeysQuery);
  const roles = useWorkspaceRoles();
  const [opened, { open, close }] = useDisclosure(false);

  async function revoke(key: ApiKeyDto) {
    await settingsApi.revokeApiKey(key.id);
    notifications.show({ color: "teal", title: settingsText.saved, message: text.revoked });
    await queryClient.invalidateQueries({ queryKey: apiKeysQuery.queryKey });
  }

  const createButton = (
    <Button leftSection={<IconPlus size={16} />} onClick={open}>
      {text.create}
    </Button>
  );

  return (
    <>
      <SectionHeader
        title={settingsText.sections.apiKeys}
        description={text.description}
        actions={createButton}
      />
      <QueryView
        query={keys}
        empty={
          <EmptyState
            icon={<IconKey size={32} stroke={1.5} />}
            title={text.emptyTitle}
            description={text.emptyBody}
          />
        }
      >
        {(items) => (
          <Table.ScrollContainer minWidth={680}>
            <Table verticalSpacing="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{text.name}</Table.Th>
                  <Table.Th>{text.prefix}</Table.Th>
                  <Table.Th>{settingsText.role}</Table.Th>
                  <Table.Th>{text.created}</Table.Th>
                  <Table.Th>{text.lastUsed}</Table.Th>
                  <Table.Th>
                    <VisuallyHidden>{settingsText.members.actions}</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((key) => (
                  <Table.Tr key={key.id}>
                    <Table.Td>
                      <Text size="sm" fw={500}>
                        {key.name}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Code>{key.prefix}…</Code>
                    </Table.Td>
                    <Table.Td>
                      <RoleBadge role={key.role} roles={roles} />
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{formatDate(key.createdAt)}</Text>
                      {key.createdBy && (
                        <Text size="xs" c="dimmed">
                          {key.createdBy.name}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Text
                        size="sm"
                        c="dimmed"
                        title={key.lastUsedAt ? formatDateTime(key.lastUsedAt) : undefined}
                      >
                        {key.lastUsedAt ? formatRelative(key.lastUsedAt) : settingsText.never}
                      </Text>
                    </Table.Td>
                    <Table.Td ta="right">
                      <ConfirmButton
                        aria-label={text.revokeLabel(key.name)}
                        title={text.revokeTitle}
                        message={text.revokeMessage(key.name)}
                        confirmLabel={text.revoke}
                        onConfirm={() => revoke(key)}
                      >
                        {text.revoke}
                      </ConfirmButton>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </QueryView>
      <CreateApiKeyModal opened={opened} onClose={close} />
    </>
  );
}

function CreateApiKeyModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const session = useSession();
  const queryClient = useQueryClient();
  const [created, setCreated] = useState<CreatedApiKeyDto | null>(null);
  const roles = useWorkspaceRoles();
  const form = useForm<{ name: string; role: Role }>({
    initialValues: { name: "", role: "sales_rep" },
    validate: validateWith(CreateApiKeyBody),
  });
  const create = useMutation({
    mutationFn: (values: typeof form.values) => settingsApi.createApiKey(CreateApiKeyBody.parse(values)),
    onSuccess: async (key) => {
      setCreated(key);
      await queryClient.invalidateQueries({ queryKey: apiKeysQuery.queryKey });
    },
    onError: (error) => form.setErrors(fieldErrorsOf(error)),
  });

  function close() {
    onClose();
    // Forget the secret as soon as the dialog is gone; it is never shown again.
    setCreated(null);
    create.reset();
    form.reset();
  }

  return (
    <Modal
      opened={opened}
      onClose={close}
      title={created ? text.createdTitle : text.create}
      centered
      size="lg"
    >
      {created ? (
        <Stack>
          <Alert color="yellow" icon={<IconAlertTriangle size={18} />}>
            {text.keyWarning}
          </Alert>
          <CopyField label={text.keyLabel} value={created.key} description={created.name} />
          <Text size="sm">
            {text.usage} <Code>{text.usageHeader}</Code>
          </Text>
          <Group justify="flex-end">
            <Button onClick={close}>{text.done}</Button>
          </Group>
        </Stack>
      ) : (
        <form onSubmit={form.onSubmit((values) => create.mutate(values))} noValidate>
          <Stack>
            <FormAlert error={create.error ? messageOf(create.error) : null} />
            <TextInput
              label={text.name}
              description={text.nameHint}
              required
              data-autofocus
              {...form.getInputProps("name")}
            />
            <RoleSelect
              label={settingsText.role}
              description={text.roleHint}
              roles={assignableRoles(session.role, roles)}
              value={form.values.role}
              onChange={(role) => form.setFieldValue("role", role)}
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                {uiText.cancel}
              </Button>
              <Button type="submit" loading={create.isPending}>
                {text.create}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
