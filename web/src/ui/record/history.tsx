import { Button, Loader, Stack, Table, Text } from "@mantine/core";
import { useInfiniteQuery } from "@tanstack/react-query";
import { messageOf } from "../form.ts";
import { formatDateTime } from "../format.ts";
import { historyQuery, type RecordObject } from "./api.ts";
import { MemberName } from "./field-value.tsx";
import { recordText } from "./text.ts";
import { useLoadMore } from "./timeline.tsx";

const text = recordText.history;

function show(value: unknown): string {
  if (value === null || value === undefined || value === "") return text.emptyValue;
  if (Array.isArray(value)) {
    return value.length
      ? value.map((v) => (v && typeof v === "object" && "value" in v ? String(v.value) : show(v))).join(", ")
      : text.emptyValue;
  }
  if (typeof value === "object") {
    return Object.entries(value)
      .filter(([, v]) => v !== null && v !== undefined && v !== "")
      .map(([k, v]) => `${k}: ${show(v)}`)
      .join(", ");
  }
  return String(value);
}

/** Every field change of a record: when, who, which field, from what to what. */
export function FieldHistory({
  object,
  id,
  labelOf,
}: {
  object: RecordObject;
  id: string;
  labelOf: (field: string) => string;
}) {
  const history = useInfiniteQuery(historyQuery(object, id));
  const sentinel = useLoadMore(history.hasNextPage, history.isFetchingNextPage, history.fetchNextPage);
  const entries = history.data?.pages.flatMap((p) => p.data) ?? [];
  if (history.isPending) return <Loader size="sm" aria-label={recordText.timeline.loading} />;
  if (history.isError) return <Text c="red.8">{messageOf(history.error)}</Text>;
  if (entries.length === 0) {
    return (
      <Text c="dimmed" size="sm">
        {text.empty}
      </Text>
    );
  }
  return (
    <Stack gap="xs">
      <Table.ScrollContainer minWidth={520}>
        <Table fz="sm" verticalSpacing={6} striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{text.when}</Table.Th>
              <Table.Th>{text.field}</Table.Th>
              <Table.Th>{text.from}</Table.Th>
              <Table.Th>{text.to}</Table.Th>
              <Table.Th>{text.who}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {entries.map((entry) => (
              <Table.Tr key={entry.id}>
                <Table.Td style={{ whiteSpace: "nowrap" }}>{formatDateTime(entry.changedAt)}</Table.Td>
                <Table.Td>{labelOf(entry.field)}</Table.Td>
                <Table.Td c="dimmed" style={{ overflowWrap: "anywhere" }}>
                  {show(entry.oldValue)}
                </Table.Td>
                <Table.Td style={{ overflowWrap: "anywhere" }}>{show(entry.newValue)}</Table.Td>
                <Table.Td>
                  {entry.actor.userId ? <MemberName id={entry.actor.userId} /> : text.apiKey}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <div ref={sentinel} />
      {history.hasNextPage && (
        <Button
          variant="subtle"
          size="compact-sm"
          onClick={() => history.fetchNextPage()}
          loading={history.isFetchingNextPage}
          style={{ alignSelf: "center" }}
        >
          {text.loadMore}
        </Button>
      )}
    </Stack>
  );
}
