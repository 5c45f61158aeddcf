import {
  Badge,
  Box,
  Button,
  Code,
  Group,
  NativeSelect,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
} from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { JOB_STATES, type JobDto, type JobQueueDto, type JobState } from "@rapport/core";
import { IconClockPlay, IconRefresh } from "@tabler/icons-react";
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type ReactNode, useState } from "react";
import { ConfirmButton } from "../../ui/confirm-button.tsx";
import { EmptyState } from "../../ui/empty-state.tsx";
import { messageOf } from "../../ui/form.ts";
import { FormAlert } from "../../ui/form-alert.tsx";
import { formatDateTime, formatNumber, formatRelative } from "../../ui/format.ts";
import { PageLoader } from "../../ui/page.tsx";
import { jobQueuesQuery, jobsQuery, settingsApi } from "./api.ts";
import { SectionHeader } from "./section-header.tsx";
import { settingsText } from "./text.ts";

const text = settingsText.jobs;
// Counts and states change on their own as workers run, so the page keeps itself current.
const REFRESH_MS = 5_000;

const STATE_COLORS: Record<JobState, string> = {
  created: "gray",
  retry: "yellow",
  active: "blue",
  completed: "teal",
  cancelled: "gray",
  failed: "red",
};

type Filter = JobState | "all";

export function JobsPage() {
  const [filter, setFilter] = useState<Filter>("failed");
  return (
    <>
      <SectionHeader title={settingsText.sections.jobs} description={text.description} />
      <Stack gap="xl">
        <QueueTable />
        <Stack gap="sm">
          <NativeSelect
            label={text.show}
            value={filter}
            onChange={(event) => setFilter(event.currentTarget.value as Filter)}
            data={["failed", ...JOB_STATES.filter((s) => s !== "failed"), "all"].map((value) => ({
              value,
              label: text.states[value]!,
            }))}
            maw={260}
          />
          <JobList filter={filter} />
        </Stack>
      </Stack>
    </>
  );
}

function QueueTable() {
  const queues = useQuery({ ...jobQueuesQuery, refetchInterval: REFRESH_MS });
  if (queues.isPending) return <PageLoader />;
  if (queues.isError) return <FormAlert error={messageOf(queues.error)} />;
  const count = (n: number, color?: string) => (
    <Text size="sm" ta="right" c={n > 0 ? color : "dimmed"} fw={n > 0 && color ? 600 : undefined}>
      {formatNumber(n)}
    </Text>
  );
  const columns = (queue: JobQueueDto) => [
    { label: text.waiting, n: queue.counts.created + queue.counts.retry },
    { label: text.running, n: queue.counts.active, color: "blue" },
    { label: text.completed, n: queue.counts.completed },
    { label: text.failed, n: queue.counts.failed, color: "red" },
    { label: text.cancelled, n: queue.counts.cancelled },
  ];
  return (
    <>
      {/* Phones get one card per queue; the table would hide its counts behind a scroll. */}
      <Stack
        gap="sm"
        hiddenFrom="sm"
        component="ul"
        aria-label={text.queues}
        p={0}
        m={0}
        style={{ listStyle: "none" }}
      >
        {queues.data.map((queue) => (
          <Paper component="li" key={queue.name} withBorder radius="md" p="sm">
            <Code>{queue.name}</Code>
            <Text size="xs" c="dimmed" mt={4}>
              {queue.description}
            </Text>
            <SimpleGrid cols={5} spacing={4} mt="xs">
              {columns(queue).map((column) => (
                <Stack key={column.label} gap={0} align="center">
                  <Text size="xs" c="dimmed" ta="center">
                    {column.label}
                  </Text>
                  {count(column.n, column.color)}
                </Stack>
              ))}
            </SimpleGrid>
          </Paper>
        ))}
      </Stack>
      <Box visibleFrom="sm">
        <QueueTableWide queues={queues.data} columns={columns} count={count} />
      </Box>
    </>
  );
}

function QueueTableWide({
  queues,
  columns,
  count,
}: {
  queues: JobQueueDto[];
  columns: (queue: JobQueueDto) => { label: string; n: number; color?: string }[];
  count: (n: number, color?: string) => ReactNode;
}) {
  return (
    <Table.ScrollContainer minWidth={560}>
      <Table verticalSpacing="sm" aria-label={text.queues}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{text.queue}</Table.Th>
            {[text.waiting, text.running, text.completed, text.failed, text.cancelled].map((label) => (
              <Table.Th key={label} ta="right">
                {label}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {queues.map((queue) => (
            <Table.Tr key={queue.name}>
              <Table.Td>
                <Code>{queue.name}</Code>
                <Text size="xs" c="dimmed" mt={4}>
                  {queue.description}
                </Text>
              </Table.Td>
              {columns(queue).map((column) => (
                <Table.Td key={column.label}>{count(column.n, column.color)}</Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function JobList({ filter }: { filter: Filter }) {
  const jobs = useInfiniteQuery({ ...jobsQuery(filter), refetchInterval: REFRESH_MS });
  if (jobs.isPending) return <PageLoader />;
  if (jobs.isError) return <FormAlert error={messageOf(jobs.error)} />;
  const list = jobs.data.pages.flatMap((page) => page.data);
  if (list.length === 0) {
    return (
      <EmptyState
        icon={<IconClockPlay size={32} stroke={1.5} />}
        title={text.emptyTitle(text.states[filter]!)}
        description={text.emptyBody}
      />
    );
  }
  return (
    <Stack gap="sm" component="ul" aria-label={text.jobsList} p={0} m={0} style={{ listStyle: "none" }}>
      {list.map((job) => (
        <JobItem key={job.id} job={job} />
      ))}
      {jobs.hasNextPage && (
        <Group justify="center">
          <Button variant="default" onClick={() => jobs.fetchNextPage()} loading={jobs.isFetchingNextPage}>
            {text.more}
          </Button>
        </Group>
      )}
    </Stack>
  );
}

function JobItem({ job }: { job: JobDto }) {
  const queryClient = useQueryClient();
  const queued = formatRelative(job.createdAt);
  const waiting = job.state === "created" || job.state === "retry";

  const done = async (message: string) => {
    notifications.show({ color: "teal", title: settingsText.saved, message });
    await queryClient.invalidateQueries({ queryKey: ["jobs"] });
  };
  const retry = useMutation({
    mutationFn: () => settingsApi.retryJob(job.id),
    onSuccess: () => done(text.retried),
    onError: async (error) => {
      notifications.show({ color: "red", title: text.actionFailed, message: messageOf(error) });
      await queryClient.invalidateQueries({ queryKey: ["jobs"] });
    },
  });

  return (
    <Paper component="li" withBorder radius="md" p="md" aria-label={`${job.queue} ${text.states[job.state]}`}>
      <Group justify="space-between" align="flex-start" gap="sm" wrap="wrap">
        <Stack gap={4} style={{ flex: 1, minWidth: 220 }}>
          <Group gap="xs" wrap="wrap">
            <Code>{job.queue}</Code>
            <Badge color={STATE_COLORS[job.state]} variant="light">
              {text.states[job.state]}
            </Badge>
          </Group>
          {job.error && (
            <Text size="sm" c="red.8" style={{ overflowWrap: "anywhere" }}>
              {job.error}
            </Text>
          )}
          <Text size="xs" c="dimmed">
            <span title={formatDateTime(job.createdAt)}>{text.created(queued)}</span>
            {" · "}
            {text.attempts(job.attempts, job.maxAttempts)}
            {job.finishedAt && (
              <span title={formatDateTime(job.finishedAt)}>
                {" · "}
                {text.finished(formatRelative(job.finishedAt))}
              </span>
            )}
            {waiting && (
              <span title={formatDateTime(job.runAfter)}>
                {" · "}
                {text.runsAfter(formatRelative(job.runAfter))}
              </span>
            )}
          </Text>
        </Stack>
        <Group gap="xs">
          {job.state === "failed" && (
            <Button
              size="xs"
              variant="light"
              leftSection={<IconRefresh size={14} />}
              aria-label={text.retryLabel(job.queue, queued)}
              loading={retry.isPending}
              onClick={() => retry.mutate()}
            >
              {text.retry}
            </Button>
          )}
          {(waiting || job.state === "active") && (
            <ConfirmButton
              aria-label={text.cancelLabel(job.queue, queued)}
              title={text.cancelTitle}
              message={text.cancelMessage}
              confirmLabel={text.cancel}
              buttonProps={{ size: "xs" }}
              onConfirm={async () => {
                await settingsApi.cancelJob(job.id);
                await done(text.cancelDone);
              }}
            >
              {text.cancel}
            </ConfirmButton>
          )}
        </Group>
      </Group>
    </Paper>
  );
}
