import { Badge, Button, Group, Stack, Table, Text, Title } from "@mantine/core";
import { useMutation, useQueryClient, useSuspenseQuery } from "@tanstack/react-query";
import { messageOf } from "../../ui/form.ts";
import { FormAlert } from "../../ui/form-alert.tsx";
import { formatDateTime, formatRelative } from "../../ui/format.ts";
import { mySessionsQuery, securityApi } from "./api.ts";
import { securityText } from "./text.ts";

const text = securityText.sessions;

export function SessionsSection() {
  const { data: sessions } = useSuspenseQuery(mySessionsQuery);
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: mySessionsQuery.queryKey });
  const revoke = useMutation({ mutationFn: securityApi.revokeSession, onSuccess: refresh });
  const revokeOthers = useMutation({ mutationFn: securityApi.revokeOtherSessions, onSuccess: refresh });
  const error = revoke.error ?? revokeOthers.error;

  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Title order={3} size="h4">
          {text.title}
        </Title>
        <Button
          variant="default"
          disabled={sessions.length < 2}
          loading={revokeOthers.isPending}
          onClick={() => revokeOthers.mutate()}
        >
          {text.revokeOthers}
        </Button>
      </Group>
      <FormAlert
        error={error ? messageOf(error) : null}
        success={revokeOthers.data ? text.revokedOthers(revokeOthers.data.ended) : null}
      />
      <Table.ScrollContainer minWidth={320}>
        <Table verticalSpacing="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{text.device}</Table.Th>
              <Table.Th visibleFrom="sm">{text.ip}</Table.Th>
              <Table.Th>{text.lastSeen}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {sessions.map((s) => (
              <Table.Tr key={s.id}>
                <Table.Td>
                  <Group gap="xs">
                    <Text size="sm" fw={500}>
                      {s.device}
                    </Text>
                    {s.current && (
                      <Badge size="sm" variant="light">
                        {text.thisDevice}
                      </Badge>
                    )}
                  </Group>
                  <Text size="xs" c="dimmed">
                    {text.started} {formatDateTime(s.createdAt)}
                  </Text>
                </Table.Td>
                <Table.Td visibleFrom="sm">
                  <Text size="sm">{s.ip ?? "—"}</Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm" title={formatDateTime(s.lastSeenAt)}>
                    {formatRelative(s.lastSeenAt)}
                  </Text>
                </Table.Td>
                <Table.Td ta="right">
                  {!s.current && (
                    <Button
                      size="xs"
                      variant="subtle"
                      color="red"
                      aria-label={text.revokeLabel(s.device)}
                      loading={revoke.isPending && revoke.variables === s.id}
                      onClick={() => revoke.mutate(s.id)}
                    >
                      {text.revoke}
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}
