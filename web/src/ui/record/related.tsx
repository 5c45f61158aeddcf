import { Badge, Group, Loader, Paper, Stack, Text, Title } from "@mantine/core";
import type { CompanyDto, ContactDto, DealDto, Filter } from "@rapport/core";
import { useQuery } from "@tanstack/react-query";
import { messageOf } from "../form.ts";
import { formatMoney } from "../format.ts";
import { filteredQuery, type RecordObject } from "./api.ts";
import { RecordAnchor, StageName } from "./field-value.tsx";
import { recordText } from "./text.ts";

const SHOWN = 10;

/** Records of another object related to this one, such as a company's contacts. */
export function RelatedList({
  title,
  object,
  filter,
}: {
  title: string;
  object: RecordObject;
  /** null: there is nothing to list. */
  filter: Filter | null;
}) {
  const list = useQuery({ ...filteredQuery(object, filter, { limit: SHOWN }), enabled: filter !== null });
  const rows = filter === null ? [] : (list.data?.data ?? []);
  const total = list.data?.total ?? rows.length;
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-label={title}>
      <Group justify="space-between" mb="xs">
        <Title order={2} fz="md">
          {title}
        </Title>
        {total > 0 && (
          <Badge variant="light" color="gray">
            {total}
          </Badge>
        )}
      </Group>
      {filter !== null && list.isPending ? (
        <Loader size="xs" />
      ) : list.isError ? (
        <Text size="sm" c="red.8">
          {messageOf(list.error)}
        </Text>
      ) : rows.length === 0 ? (
        <Text size="sm" c="dimmed">
          {recordText.related.none}
        </Text>
      ) : (
        <Stack gap={6} component="ul" m={0} p={0} style={{ listStyle: "none" }}>
          {rows.map((row) => (
            <li key={row.id}>
              <RelatedRow object={object} row={row as ContactDto | CompanyDto | DealDto} />
            </li>
          ))}
          {total > rows.length && (
            <Text size="xs" c="dimmed">
              {recordText.related.more(total - rows.length)}
            </Text>
          )}
        </Stack>
      )}
    </Paper>
  );
}

function RelatedRow({ object, row }: { object: RecordObject; row: ContactDto | CompanyDto | DealDto }) {
  if ("displayName" in row) {
    return (
      <div>
        <RecordAnchor object={object} id={row.id}>
          {row.displayName}
        </RecordAnchor>
        {(row.jobTitle || row.email) && (
          <Text size="xs" c="dimmed" truncate="end">
            {[row.jobTitle, row.email].filter(Boolean).join(" · ")}
          </Text>
        )}
      </div>
    );
  }
  if ("stageId" in row) {
    return (
      <div>
        <RecordAnchor object={object} id={row.id}>
          {row.name}
        </RecordAnchor>
        <Text size="xs" c="dimmed">
          {row.amount != null && `${formatMoney(row.amount, row.currency)} · `}
          <StageName id={row.stageId} />
        </Text>
      </div>
    );
  }
  return (
    <div>
      <RecordAnchor object={object} id={row.id}>
        {row.name}
      </RecordAnchor>
      {(row.industry || row.domains[0]) && (
        <Text size="xs" c="dimmed" truncate="end">
          {[row.domains[0], row.industry].filter(Boolean).join(" · ")}
        </Text>
      )}
    </div>
  );
}
