import {
  ActionIcon,
  Badge,
  Button,
  Group,
  Modal,
  SegmentedControl,
  Select,
  Stack,
  Text,
  Tooltip,
} from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { notifications } from "@mantine/notifications";
import { can, type PermissionObject, type ShareDto } from "@rapport/core";
import { IconShare, IconUser, IconUsersGroup, IconX } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useSession } from "../../app/session.ts";
import { fieldErrorsOf, messageOf } from "../../ui/form.ts";
import { FormAlert } from "../../ui/form-alert.tsx";
import { formatDateTime, formatRelative } from "../../ui/format.ts";
import { PageLoader } from "../../ui/page.tsx";
import { teamQuery } from "../../ui/record/api.ts";
import { teamsQuery } from "../teams/api.ts";
import { sharesQuery, sharingApi } from "./api.ts";
import { sharingText as text } from "./text.ts";

/**
 * The record header's Share action: who the record is shared with beyond their roles' visibility,
 * and sharing with a member or a team. Only for roles that may update the record; the server
 * checks the same.
 */
export function ShareButton({
  object,
  id,
  name,
  noun,
}: {
  object: PermissionObject;
  id: string;
  name: string;
  noun: string;
}) {
  const session = useSession();
  const [opened, { open, close }] = useDisclosure(false);
  if (!can(session.permissions, object, "update")) return null;
  return (
    <>
      <Button
        size="xs"
        variant="default"
        leftSection={<IconShare size={14} />}
        aria-label={text.buttonLabel(noun)}
        onClick={open}
      >
        {text.button}
      </Button>
      <Modal opened={opened} onClose={close} title={text.title(name)} centered size="lg">
        {opened && <ShareDialog object={object} id={id} noun={noun} />}
      </Modal>
    </>
  );
}

type Kind = "member" | "team";

function ShareDialog({ object, id, noun }: { object: PermissionObject; id: string; noun: string }) {
  const queryClient = useQueryClient();
  const shares = useQuery(sharesQuery(object, id));
  const members = useQuery(teamQuery);
  const teams = useQuery(teamsQuery);
  const [kind, setKind] = useState<Kind>("member");
  const [target, setTarget] = useState<string | null>(null);
  const [fieldError, setFieldError] = useState<string | null>(null);

  const memberName = (userId: string | null) =>
    members.data?.find((m) => m.userId === userId)?.name ?? text.someone;
  const teamName = (teamId: string | null) =>
    teams.data?.find((t) => t.id === teamId)?.name ?? text.deletedTeam;
  const whom = (share: ShareDto) =>
    share.userId ? memberName(share.userId) : text.teamName(teamName(share.teamId));
  const refresh = () => queryClient.invalidateQueries({ queryKey: sharesQuery(object, id).queryKey });

  const add = useMutation({
    mutationFn: (chosen: string) =>
      sharingApi.share(object, id, kind === "member" ? { userId: chosen } : { teamId: chosen }),
    onSuccess: async (share) => {
      notifications.show({ color: "teal", message: text.shared(whom(share)) });
      setTarget(null);
      await refresh();
    },
    // Every refusal is shown beside the picker: a wrong target names its field, a repeat share is a conflict.
    onError: (error) => {
      const errors = fieldErrorsOf(error);
      setFieldError(String(errors.userId ?? errors.teamId ?? messageOf(error)));
    },
  });
  const remove = useMutation({
    mutationFn: (share: ShareDto) => sharingApi.unshare(object, id, share.id),
    onSuccess: async (_, share) => {
      notifications.show({ color: "teal", message: text.unshared(whom(share)) });
      await refresh();
    },
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!target) {
      setFieldError(text.choose);
      return;
    }
    add.mutate(target);
  }

  const current = shares.data ?? [];
  const sharedUsers = new Set(current.map((s) => s.userId));
  const sharedTeams = new Set(current.map((s) => s.teamId));
  const options =
    kind === "member"
      ? (members.data ?? [])
          .filter((m) => !sharedUsers.has(m.userId))
          .map((m) => ({ value: m.userId, label: `${m.name} (${m.email})` }))
      : (teams.data ?? []).filter((t) => !sharedTeams.has(t.id)).map((t) => ({ value: t.id, label: t.name }));

  return (
    <Stack>
      <Text size="sm" c="dimmed">
        {text.intro(noun)}
      </Text>
      <form onSubmit={submit} noValidate>
        <Stack gap="xs">
          <SegmentedControl
            aria-label={text.withWhom}
            value={kind}
            onChange={(next) => {
              setKind(next as Kind);
              setTarget(null);
              setFieldError(null);
            }}
            data={[
              { value: "member", label: text.kinds.member },
              { value: "team", label: text.kinds.team },
            ]}
            fullWidth
          />
          <Group align="flex-start" gap="sm" wrap="nowrap">
            <Select
              label={kind === "member" ? text.member : text.team}
              placeholder={kind === "member" ? text.pickMember : text.pickTeam}
              data={options}
              value={target}
              onChange={(next) => {
                setTarget(next);
                setFieldError(null);
              }}
              searchable
              nothingFoundMessage={text.noMatch}
              error={fieldError}
              comboboxProps={{ withinPortal: true }}
              style={{ flex: 1, minWidth: 0 }}
            />
            <Button type="submit" loading={add.isPending} mt={25} leftSection={<IconShare size={16} />}>
              {text.share}
            </Button>
          </Group>
          {options.length === 0 && (kind === "member" ? members.isSuccess : teams.isSuccess) && (
            <Text size="xs" c="dimmed">
              {kind === "member" ? text.noMembers : text.noTeams}
            </Text>
          )}
        </Stack>
      </form>

      <div>
        <Text size="sm" fw={600} mb={6}>
          {text.current}
        </Text>
        {shares.isPending ? (
          <PageLoader />
        ) : shares.isError ? (
          <FormAlert error={messageOf(shares.error)} />
        ) : current.length === 0 ? (
          <Text size="sm" c="dimmed">
            {text.none}
          </Text>
        ) : (
          <Stack gap={6} component="ul" p={0} m={0} style={{ listStyle: "none" }} aria-label={text.current}>
            {current.map((share) => (
              <Group key={share.id} component="li" justify="space-between" wrap="nowrap" gap="sm">
                <Group gap="sm" wrap="nowrap" miw={0}>
                  {share.userId ? <IconUser size={18} /> : <IconUsersGroup size={18} />}
                  <div style={{ minWidth: 0 }}>
                    <Group gap={6} wrap="nowrap">
                      <Text size="sm" fw={500} truncate>
                        {share.userId ? memberName(share.userId) : teamName(share.teamId)}
                      </Text>
                      <Badge size="xs" variant="light" color={share.userId ? "gray" : "indigo"}>
                        {share.userId ? text.memberBadge : text.teamBadge}
                      </Badge>
                    </Group>
                    <Text size="xs" c="dimmed" title={formatDateTime(share.createdAt)}>
                      {share.createdBy
                        ? text.sharedBy(memberName(share.createdBy), formatRelative(share.createdAt))
                        : text.sharedAt(formatRelative(share.createdAt))}
                    </Text>
                  </div>
                </Group>
                <Tooltip label={text.unshare(whom(share))} withArrow>
                  <ActionIcon
                    variant="subtle"
                    color="gray"
                    aria-label={text.unshare(whom(share))}
                    loading={remove.isPending && remove.variables?.id === share.id}
                    onClick={() => remove.mutate(share)}
                  >
                    <IconX size={16} />
                  </ActionIcon>
                </Tooltip>
              </Group>
            ))}
          </Stack>
        )}
        <FormAlert error={remove.error ? messageOf(remove.error) : null} />
      </div>
    </Stack>
  );
}
