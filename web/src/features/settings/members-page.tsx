import { Badge, Group, Table, Text, VisuallyHidden } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { type MemberDto, type Role, roleLabel } from "@rapport/core";
import { IconLogout, IconUserMinus } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useSession } from "../../app/session.ts";
import { ConfirmButton } from "../../ui/confirm-button.tsx";
import { messageOf } from "../../ui/form.ts";
import { FormAlert } from "../../ui/form-alert.tsx";
import { formatDate } from "../../ui/format.ts";
import { PageLoader } from "../../ui/page.tsx";
import { membersQuery, settingsApi } from "./api.ts";
import { assignableRoles, RoleBadge, RoleSelect, useWorkspaceRoles } from "./role-select.tsx";
import { SectionHeader } from "./section-header.tsx";
import { settingsText } from "./text.ts";

const text = settingsText.members;

export function MembersPage() {
  const session = useSession();
  const queryClient = useQueryClient();
  const members = useQuery(membersQuery);
  const isAdmin = session.permissions.administer;
  const roles = useWorkspaceRoles();
  const changeRole = useMutation({
    mutationFn: ({ member, role }: { member: MemberDto; role: Role }) =>
      settingsApi.changeRole(member.userId, role),
    onSuccess: (_updated, { member, role }) => {
      notifications.show({
        color: "teal",
        title: settingsText.saved,
        message: text.roleChanged(member.name, roles.find((r) => r.key === role)?.name ?? roleLabel(role)),
      });
    },
    onError: (error) =>
      notifications.show({ color: "red", title: text.roleFailed, message: messageOf(error) }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: membersQuery.queryKey }),
  });

  /** Admins manage everyone but themselves; only owners manage owners. */
  function canManage(member: MemberDto): boolean {
    if (!isAdmin || member.userId === session.user.id) return false;
    return member.role !== "owner" || session.role === "owner";
  }

  async function signOut(member: MemberDto) {
    const { ended } = await settingsApi.signOutMember(member.userId);
    notifications.show({
      color: "teal",
      title: settingsText.saved,
      message: text.signedOut(member.name, ended),
    });
  }

  async function remove(member: MemberDto) {
    await settingsApi.removeMember(member.userId);
    notifications.show({ color: "teal", title: settingsText.saved, message: text.removed(member.name) });
    await queryClient.invalidateQueries({ queryKey: membersQuery.queryKey });
  }

  return (
    <>
      <SectionHeader title={settingsText.sections.members} description={text.description} />
      {members.isPending ? (
        <PageLoader />
      ) : members.isError ? (
        <FormAlert error={messageOf(members.error)} />
      ) : (
        <Table.ScrollContainer minWidth={300}>
          <Table verticalSpacing="sm" highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{text.member}</Table.Th>
                <Table.Th>{settingsText.role}</Table.Th>
                <Table.Th visibleFrom="md">{text.joined}</Table.Th>
                {isAdmin && (
                  <Table.Th>
                    <VisuallyHidden>{text.actions}</VisuallyHidden>
                  </Table.Th>
                )}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {members.data.map((member) => (
                <Table.Tr key={member.userId}>
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap">
                      <Text size="sm" fw={500}>
                        {member.name}
                      </Text>
                      {member.userId === session.user.id && (
                        <Badge size="xs" variant="light" styles={{ label: { overflow: "visible" } }}>
                          {text.you}
                        </Badge>
                      )}
                    </Group>
                    <Text size="xs" c="dimmed" style={{ wordBreak: "break-all" }}>
                      {member.email}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    {canManage(member) ? (
                      <RoleSelect
                        label={text.roleOf(member.name)}
                        hideLabel
                        value={member.role}
                        roles={assignableRoles(session.role, roles)}
                        disabled={changeRole.isPending}
                        onChange={(role) => role !== member.role && changeRole.mutate({ member, role })}
                      />
                    ) : (
                      <RoleBadge role={member.role} roles={roles} />
                    )}
                  </Table.Td>
                  <Table.Td visibleFrom="md">
                    <Text size="sm" c="dimmed" style={{ whiteSpace: "nowrap" }}>
                      {formatDate(member.joinedAt)}
                    </Text>
                  </Table.Td>
                  {isAdmin && (
                    <Table.Td ta="right">
                      {canManage(member) && (
                        <Group gap={4} justify="flex-end" wrap="nowrap">
                          <ConfirmButton
                            aria-label={text.signOutLabel(member.name)}
                            title={text.signOutTitle}
                            message={text.signOutMessage(member.name, session.workspace.name)}
                            confirmLabel={text.signOut}
                            onConfirm={() => signOut(member)}
                            icon={<IconLogout size={18} />}
                          >
                            {text.signOut}
                          </ConfirmButton>
                          <ConfirmButton
                            aria-label={text.removeLabel(member.name)}
                            title={text.removeTitle}
                            message={text.removeMessage(member.name, session.workspace.name)}
                            confirmLabel={text.remove}
                            onConfirm={() => remove(member)}
                            icon={<IconUserMinus size={18} />}
                          >
                            {text.remove}
                          </ConfirmButton>
                        </Group>
                      )}
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </>
  );
}
