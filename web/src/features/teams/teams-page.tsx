import {
  Badge,
  Button,
  Group,
  Modal,
  MultiSelect,
  Paper,
  Select,
  Stack,
  Text,
  TextInput,
} from "@mantine/core";
import { type FormErrors, useForm } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import { CreateTeamBody, type MemberDto, type TeamDto } from "@rapport/core";
import { IconPlus, IconUsersGroup } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { EmptyState } from "../../ui/empty-state.tsx";
import { fieldErrorsOf, messageOf, validateWith } from "../../ui/form.ts";
import { FormAlert } from "../../ui/form-alert.tsx";
import { QueryView } from "../../ui/query-view.tsx";
import { RowActions } from "../../ui/row-actions.tsx";
import { membersQuery } from "../settings/api.ts";
import { SectionHeader } from "../settings/section-header.tsx";
import { teamsApi, teamsQuery } from "./api.ts";
import { teamsText as text } from "./text.ts";

/** Settings → Teams (admins only; the route and the server refuse others). */
export function TeamsPage() {
  const queryClient = useQueryClient();
  const teams = useQuery(teamsQuery);
  const members = useQuery(membersQuery);
  // null: closed; "new": adding; a team: editing it.
  const [editing, setEditing] = useState<TeamDto | "new" | null>(null);
  const nameOf = (id: string) => members.data?.find((m) => m.userId === id)?.name ?? text.formerMember;

  async function remove(team: TeamDto) {
    await teamsApi.remove(team.id);
    notifications.show({ color: "teal", title: text.saved, message: text.deleted(team.name) });
    await queryClient.invalidateQueries({ queryKey: teamsQuery.queryKey });
  }

  return (
    <>
      <SectionHeader
        title={text.section}
        description={text.description}
        actions={
          <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing("new")}>
            {text.add}
          </Button>
        }
      />
      <QueryView
        query={teams}
        empty={
          <EmptyState
            icon={<IconUsersGroup size={32} stroke={1.5} />}
            title={text.emptyTitle}
            description={text.emptyBody}
          />
        }
      >
        {(items) => (
          <Stack gap="sm">
            {items.map((team) => (
              <Paper key={team.id} withBorder radius="md" p="md" aria-label={team.name} component="section">
                <Group justify="space-between" align="flex-start" wrap="nowrap" gap="sm">
                  <div style={{ minWidth: 0 }}>
                    <Text fw={600} style={{ overflowWrap: "anywhere" }}>
                      {team.name}
                    </Text>
                    <Text size="sm" c="dimmed">
                      {text.memberCount(team.memberIds.length)}
                      {team.managerId && ` · ${text.manager}: ${nameOf(team.managerId)}`}
                    </Text>
                  </div>
                  <RowActions
                    editLabel={text.editLabel(team.name)}
                    onEdit={() => setEditing(team)}
                    deleteLabel={text.deleteLabel(team.name)}
                    deleteTitle={text.deleteTitle}
                    deleteMessage={text.deleteMessage(team.name)}
                    onDelete={() => remove(team)}
                  />
                </Group>
                {team.memberIds.length === 0 && (
                  <Text size="sm" c="dimmed" mt="sm">
                    {text.noMembers}
                  </Text>
                )}
                <Group gap={6} mt={team.memberIds.length ? "sm" : 0} aria-label={text.members} role="list">
                  {team.memberIds.map((id) => (
                    <Badge
                      key={id}
                      role="listitem"
                      variant={id === team.managerId ? "filled" : "light"}
                      color={id === team.managerId ? "indigo" : "gray"}
                      tt="none"
                      size="lg"
                      fw={500}
                      title={id === team.managerId ? text.managerBadge : undefined}
                    >
                      {nameOf(id)}
                      {id === team.managerId && ` · ${text.managerBadge}`}
                    </Badge>
                  ))}
                </Group>
              </Paper>
            ))}
          </Stack>
        )}
      </QueryView>
      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing === "new" || editing === null ? text.newTitle : text.editTitle(editing.name)}
        centered
      >
        {editing !== null && (
          <TeamForm
            key={editing === "new" ? "new" : editing.id}
            team={editing === "new" ? null : editing}
            members={members.data ?? []}
            onDone={() => setEditing(null)}
          />
        )}
      </Modal>
    </>
  );
}

type TeamValues = { name: string; memberIds: string[]; managerId: string | null };

/** Creates a team (no `team`) or renames it and replaces its members and manager. */
function TeamForm({
  team,
  members,
  onDone,
}: {
  team: TeamDto | null;
  members: MemberDto[];
  onDone: () => void;
}) {
  const queryClient = useQueryClient();
  const form = useForm<TeamValues>({
    initialValues: {
      name: team?.name ?? "",
      memberIds: team?.memberIds ?? [],
      managerId: team?.managerId ?? null,
    },
    validate: validateWith(CreateTeamBody),
  });
  const save = useMutation({
    mutationFn: (values: TeamValues) => {
      // The manager is a member too; list them so the chosen members show what the server keeps.
      const memberIds =
        values.managerId && !values.memberIds.includes(values.managerId)
          ? [...values.memberIds, values.managerId]
          : values.memberIds;
      const body = { name: values.name, memberIds, managerId: values.managerId };
      return team ? teamsApi.update(team.id, body) : teamsApi.create(body);
    },
    onSuccess: async (saved) => {
      notifications.show({
        color: "teal",
        title: text.saved,
        message: team ? text.updated(saved.name) : text.created(saved.name),
      });
      await queryClient.invalidateQueries({ queryKey: teamsQuery.queryKey });
      onDone();
    },
    onError: (error) => form.setErrors(memberErrors(fieldErrorsOf(error))),
  });
  const options = members.map((m) => ({ value: m.userId, label: `${m.name} (${m.email})` }));
  const fieldErrors = Object.keys(form.errors).length > 0;

  return (
    <form onSubmit={form.onSubmit((values) => save.mutate(values))} noValidate>
      <Stack>
        <TextInput
          label={text.name}
          placeholder={text.namePlaceholder}
          required
          data-autofocus
          maxLength={80}
          {...form.getInputProps("name")}
        />
        <MultiSelect
          label={text.members}
          description={text.membersHint}
          placeholder={text.membersPlaceholder}
          data={options}
          searchable
          hidePickedOptions
          nothingFoundMessage={text.noMatch}
          comboboxProps={{ withinPortal: true }}
          {...form.getInputProps("memberIds")}
        />
        <Select
          label={text.manager}
          description={text.managerHint}
          placeholder={text.noManager}
          data={options}
          searchable
          clearable
          comboboxProps={{ withinPortal: true }}
          {...form.getInputProps("managerId")}
        />
        {!fieldErrors && <FormAlert error={save.error ? messageOf(save.error) : null} />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {text.cancel}
          </Button>
          <Button type="submit" loading={save.isPending}>
            {team ? text.save : text.create}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** The server names a wrong member as `memberIds[2]`; the picker shows it under `memberIds`. */
function memberErrors(errors: FormErrors): FormErrors {
  const out: FormErrors = {};
  for (const [path, message] of Object.entries(errors)) {
    const field = path.startsWith("memberIds") ? "memberIds" : path;
    if (!(field in out)) out[field] = message;
  }
  return out;
}
