import { Alert, Button, Group, Stack, Table, Text, TextInput, Title, VisuallyHidden } from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import {
  type CreatedInvitationDto,
  CreateInvitationBody,
  type InvitationDto,
  type Role,
} from "@rapport/core";
import { IconLink } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useSession } from "../../app/session.ts";
import { ConfirmButton } from "../../ui/confirm-button.tsx";
import { CopyField } from "../../ui/copy-field.tsx";
import { fieldErrorsOf, messageOf, validateWith } from "../../ui/form.ts";
import { FormAlert } from "../../ui/form-alert.tsx";
import { formatRelative } from "../../ui/format.ts";
import { QueryView } from "../../ui/query-view.tsx";
import { invitationsQuery, settingsApi } from "./api.ts";
import { assignableRoles, RoleBadge, RoleSelect, useWorkspaceRoles } from "./role-select.tsx";
import { SectionHeader } from "./section-header.tsx";
import { settingsText } from "./text.ts";

const text = settingsText.invitations;

export function InvitationsPage() {
  const session = useSession();
  const queryClient = useQueryClient();
  const invitations = useQuery(invitationsQuery);
  const roles = useWorkspaceRoles();
  const [created, setCreated] = useState<CreatedInvitationDto | null>(null);
  const form = useForm<{ email: string; role: Role }>({
    initialValues: { email: "", role: "sales_rep" },
    validate: validateWith(CreateInvitationBody),
  });
  const invite = useMutation({
    mutationFn: (values: typeof form.values) => settingsApi.invite(CreateInvitationBody.parse(values)),
    onSuccess: async (invitation) => {
      setCreated(invitation);
      form.reset();
      await queryClient.invalidateQueries({ queryKey: invitationsQuery.queryKey });
    },
    onError: (error) => form.setErrors(fieldErrorsOf(error)),
  });

  async function revoke(invitation: InvitationDto) {
    await settingsApi.revokeInvitation(invitation.id);
    if (created?.id === invitation.id) setCreated(null);
    notifications.show({ color: "teal", title: settingsText.saved, message: text.revoked });
    await queryClient.invalidateQueries({ queryKey: invitationsQuery.queryKey });
  }

  return (
    <>
      <SectionHeader title={settingsText.sections.invitations} description={text.description} />
      <form onSubmit={form.onSubmit((values) => invite.mutate(values))} noValidate>
        <Stack gap="sm">
          <FormAlert error={invite.error ? messageOf(invite.error) : null} />
          <Group align="flex-start" gap="sm">
            <TextInput
              label={text.email}
              type="email"
              autoComplete="off"
              required
              style={{ flex: "1 1 240px" }}
              {...form.getInputProps("email")}
            />
            <RoleSelect
              label={settingsText.role}
              roles={assignableRoles(session.role, roles, { allowOwner: false })}
              value={form.values.role}
              onChange={(role) => form.setFieldValue("role", role)}
            />
            <Button type="submit" mt={25} loading={invite.isPending}>
              {text.invite}
            </Button>
          </Group>
        </Stack>
      </form>

      {created && (
        <Alert mt="lg" color="indigo" variant="light" icon={<IconLink size={18} />} title={text.createdTitle}>
          <Stack gap="xs">
            <Text size="sm">{text.createdHint}</Text>
            <CopyField label={text.linkLabel} value={created.url} description={created.email} />
          </Stack>
        </Alert>
      )}

      <Title order={4} fz="md" mt="xl" mb="sm">
        {text.pending}
      </Title>
      <QueryView
        query={invitations}
        empty={
          <Text size="sm" c="dimmed">
            {text.noPending}
          </Text>
        }
      >
        {(items) => (
          <Table.ScrollContainer minWidth={560}>
            <Table verticalSpacing="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{text.email}</Table.Th>
                  <Table.Th>{settingsText.role}</Table.Th>
                  <Table.Th>{text.invitedBy}</Table.Th>
                  <Table.Th>{text.expires}</Table.Th>
                  <Table.Th>
                    <VisuallyHidden>{settingsText.members.actions}</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((invitation) => (
                  <Table.Tr key={invitation.id}>
                    <Table.Td>
                      <Text size="sm">{invitation.email}</Text>
                    </Table.Td>
                    <Table.Td>
                      <RoleBadge role={invitation.role} roles={roles} />
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{invitation.invitedBy?.name ?? "—"}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" c="dimmed">
                        {formatRelative(invitation.expiresAt)}
                      </Text>
                    </Table.Td>
                    <Table.Td ta="right">
                      <ConfirmButton
                        aria-label={text.revokeLabel(invitation.email)}
                        title={text.revokeTitle}
                        message={text.revokeMessage(invitation.email)}
                        confirmLabel={text.revoke}
                        onConfirm={() => revoke(invitation)}
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
    </>
  );
}
