import { Anchor, Badge, Button, Card, Group, SegmentedControl, Stack, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { can, DUPLICATE_RECORDS, type DuplicateGroupDto, type DuplicateObject } from "@rapport/core";
import { IconCopy, IconRefresh, IconScan } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { useState } from "react";
import { useSession } from "../../app/session.ts";
import { EmptyState } from "../../ui/empty-state.tsx";
import { messageOf } from "../../ui/form.ts";
import { FormAlert } from "../../ui/form-alert.tsx";
import { formatDateTime } from "../../ui/format.ts";
import { PageHeader, PageLoader } from "../../ui/page.tsx";
import { duplicateGroupsQuery, duplicatesApi, recordPath } from "./api.ts";
import { MergeDialog } from "./merge-dialog.tsx";
import { duplicatesText as text } from "./text.ts";

export function DuplicatesPage() {
  const session = useSession();
  const [object, setObject] = useState<DuplicateObject>("contact");
  // Scanning, dismissing and merging change the object's records (a merge retires some).
  const records = DUPLICATE_RECORDS[object];
  const canChange =
    can(session.permissions, records, "update") && can(session.permissions, records, "delete");
  const [merging, setMerging] = useState<string[] | null>(null);
  const groups = useQuery(duplicateGroupsQuery(object));
  const scan = useMutation({
    mutationFn: () => duplicatesApi.scan(object),
    onSuccess: () => notifications.show({ title: text.scanStarted, message: text.scanStartedBody }),
  });

  return (
    <>
      <PageHeader
        title={text.title}
        description={text.description}
        actions={
          <Group gap="xs">
            <Button
              variant="default"
              leftSection={<IconRefresh size={16} />}
              onClick={() => void groups.refetch()}
              loading={groups.isFetching}
            >
              {text.refresh}
            </Button>
            {canChange && (
              <Button
                leftSection={<IconScan size={16} />}
                onClick={() => scan.mutate()}
                loading={scan.isPending}
              >
                {text.scan}
              </Button>
            )}
          </Group>
        }
      />
      <Stack gap="md">
        <SegmentedControl
          aria-label={text.objectLabel}
          value={object}
          onChange={(v) => setObject(v as DuplicateObject)}
          data={[
            { value: "contact", label: text.objects.contact },
            { value: "company", label: text.objects.company },
          ]}
          w={{ base: "100%", sm: 320 }}
        />
        <FormAlert
          error={scan.error ? messageOf(scan.error) : groups.error ? messageOf(groups.error) : null}
        />
        {groups.isPending ? (
          <PageLoader />
        ) : groups.data?.data.length === 0 ? (
          <EmptyState
            icon={<IconCopy size={32} stroke={1.5} />}
            title={text.emptyTitle}
            description={text.emptyBody}
          />
        ) : (
          groups.data?.data.map((group) => (
            <GroupCard
              key={group.id}
              group={group}
              canChange={canChange}
              onMerge={() => setMerging(group.records.map((r) => r.id))}
            />
          ))
        )}
      </Stack>
      {merging && <MergeDialog object={object} ids={merging} onClose={() => setMerging(null)} />}
    </>
  );
}

function GroupCard({
  group,
  canChange,
  onMerge,
}: {
  group: DuplicateGroupDto;
  canChange: boolean;
  onMerge: () => void;
}) {
  const queryClient = useQueryClient();
  const dismiss = useMutation({
    mutationFn: () => duplicatesApi.dismiss(group.id),
    onSuccess: () => {
      notifications.show({ color: "teal", message: text.dismissed });
      void queryClient.invalidateQueries({ queryKey: ["duplicates"] });
    },
  });
  const reasons = [...new Set(group.pairs.flatMap((p) => p.reasons))];
  const names = group.records.map((r) => r.displayName).join(", ");
  return (
    <Card withBorder padding="md" aria-label={names} component="section">
      <Group justify="space-between" align="flex-start" gap="sm">
        <Stack gap={6}>
          <Group gap="xs" wrap="wrap">
            {group.records.map((r) => (
              <Anchor key={r.id} component={Link} to={recordPath(group.object, r.id)} fw={600}>
                {r.displayName}
              </Anchor>
            ))}
          </Group>
          <Group gap={6} wrap="wrap">
            <Badge variant="filled" color={group.score >= 0.9 ? "red" : "orange"}>
              {text.score(group.score)}
            </Badge>
            {reasons.map((reason) => (
              <Badge key={reason} variant="light" color="gray">
                {text.reasons[reason]}
              </Badge>
            ))}
          </Group>
          <Text size="xs" c="dimmed">
            {text.foundAt} {formatDateTime(group.foundAt)}
          </Text>
          <FormAlert error={dismiss.error ? messageOf(dismiss.error) : null} />
        </Stack>
        {canChange && (
          <Group gap="xs">
            <Button variant="default" size="xs" onClick={() => dismiss.mutate()} loading={dismiss.isPending}>
              {text.dismiss}
            </Button>
            <Button size="xs" onClick={onMerge}>
              {text.merge}
            </Button>
          </Group>
        )}
      </Group>
    </Card>
  );
}
