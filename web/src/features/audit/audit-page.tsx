import { Anchor, Button, Code, Group, Stack, Table, Text, TextInput } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import type { AuditEntryDto } from "@rapport/core";
import { IconHistory, IconShieldCheck } from "@tabler/icons-react";
import { useInfiniteQuery, useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { EmptyState } from "../../ui/empty-state.tsx";
import { messageOf } from "../../ui/form.ts";
import { FormAlert } from "../../ui/form-alert.tsx";
import { formatDateTime } from "../../ui/format.ts";
import { PageLoader } from "../../ui/page.tsx";
import { SectionHeader } from "../settings/section-header.tsx";
import { type AuditFilters, auditApi, auditQuery } from "./api.ts";
import { auditText as text } from "./text.ts";

export function AuditPage() {
  const [filters, setFilters] = useState<AuditFilters>({ action: "", from: "", to: "" });
  const [debounced] = useDebouncedValue(filters, 300);
  const verify = useMutation({ mutationFn: auditApi.verify });
  const report = verify.data;

  return (
    <>
      <SectionHeader title={text.section} description={text.description} />
      <Stack gap="md">
        <Group align="flex-end" wrap="wrap">
          <TextInput
            label={text.action}
            placeholder={text.actionHint}
            value={filters.action}
            onChange={(e) => setFilters({ ...filters, action: e.currentTarget.value })}
            w={240}
          />
          <TextInput
            type="date"
            label={text.from}
            value={filters.from}
            onChange={(e) => setFilters({ ...filters, from: e.currentTarget.value })}
          />
          <TextInput
            type="date"
            label={text.to}
            value={filters.to}
            onChange={(e) => setFilters({ ...filters, to: e.currentTarget.value })}
          />
          <Button component="a" href={auditApi.exportUrl(debounced)} variant="default" download>
            {text.export}
          </Button>
          <Button
            leftSection={<IconShieldCheck size={16} />}
            variant="light"
            loading={verify.isPending}
            onClick={() => verify.mutate()}
          >
            {text.verify}
          </Button>
        </Group>
        <FormAlert
          error={
            verify.error
              ? messageOf(verify.error)
              : report && !report.ok
                ? text.broken(report.seq, report.problem)
                : null
          }
          success={report?.ok ? text.verified(report.entries) : null}
        />
        <AuditTable filters={debounced} />
      </Stack>
    </>
  );
}

function AuditTable({ filters }: { filters: AuditFilters }) {
  const query = useInfiniteQuery(auditQuery(filters));
  if (query.isPending) return <PageLoader />;
  if (query.isError) return <FormAlert error={messageOf(query.error)} />;
  const entries = query.data.pages.flatMap((p) => p.data);
  if (entries.length === 0)
    return <EmptyState icon={<IconHistory size={28} />} title={text.empty} description={text.emptyHint} />;
  return (
    <Stack gap="sm">
      <Table.ScrollContainer minWidth={640}>
        <Table verticalSpacing="xs" striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>#</Table.Th>
              <Table.Th>{text.at}</Table.Th>
              <Table.Th>{text.action}</Table.Th>
              <Table.Th>{text.actor}</Table.Th>
              <Table.Th>{text.target}</Table.Th>
              <Table.Th>{text.ip}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {entries.map((e) => (
              <Table.Tr key={e.id}>
                <Table.Td>
                  <Text size="sm" c="dimmed">
                    {e.seq}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{formatDateTime(e.at)}</Text>
                </Table.Td>
                <Table.Td>
                  <Code>{e.action}</Code>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{actorLabel(e)}</Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm" c="dimmed">
                    {e.target ? `${e.target.type} ${e.target.id.slice(0, 8)}` : "—"}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm" title={e.userAgent ?? undefined}>
                    {e.ip ?? "—"}
                  </Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {query.hasNextPage && (
        <Group>
          <Anchor component="button" onClick={() => query.fetchNextPage()}>
            {text.more}
          </Anchor>
        </Group>
      )}
    </Stack>
  );
}

function actorLabel(e: AuditEntryDto): string {
  if (e.actor.name) return e.actor.name;
  if (e.actor.apiKeyId) return text.apiKey;
  if (typeof e.details.email === "string") return e.details.email;
  return e.actor.userId ? text.nobody : text.system;
}
