import {
  ActionIcon,
  Badge,
  Box,
  Button,
  Group,
  Loader,
  Paper,
  Stack,
  Text,
  ThemeIcon,
  Tooltip,
} from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { type ActivityDto, can, type TaskDto, type TimelineItem } from "@rapport/core";
import {
  IconCalendarEvent,
  IconCheck,
  IconChecklist,
  IconCurrencyDollar,
  IconMail,
  IconNote,
  IconPencil,
  IconPhone,
  IconPhoneIncoming,
  IconPhoneOutgoing,
  IconStairsUp,
} from "@tabler/icons-react";
import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { type ReactNode, useEffect, useRef } from "react";
import { useSession } from "../../app/session.ts";
import { messageOf } from "../form.ts";
import { formatDateTime, formatDay, formatDuration, formatMoney, formatRelative } from "../format.ts";
import { type RecordObject, recordApi, refreshRecordViews, timelineQuery } from "./api.ts";
import { MemberName, RecordAnchor, StageName } from "./field-value.tsx";
import { recordText } from "./text.ts";

const text = recordText.timeline;

/** Loads the next page when the sentinel scrolls into view (and on click, for keyboards). */
export function useLoadMore(hasMore: boolean, loading: boolean, loadMore: () => void) {
  const sentinel = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const node = sentinel.current;
    if (!node || !hasMore) return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting) && !loading) loadMore();
      },
      { rootMargin: "400px" },
    );
    observer.observe(node);
    return () => observer.disconnect();
  }, [hasMore, loading, loadMore]);
  return sentinel;
}

/** Everything that happened to a record, newest first, loading older entries as you scroll. */
export function Timeline({
  object,
  id,
  labelOf,
}: {
  object: RecordObject;
  id: string;
  /** The label of a field path in change entries. */
  labelOf: (field: string) => string;
}) {
  const timeline = useInfiniteQuery(timelineQuery(object, id));
  const sentinel = useLoadMore(timeline.hasNextPage, timeline.isFetchingNextPage, timeline.fetchNextPage);
  const items = timeline.data?.pages.flatMap((p) => p.data) ?? [];

  if (timeline.isPending) return <Loader size="sm" aria-label={text.loading} />;
  if (timeline.isError) return <Text c="red.8">{messageOf(timeline.error)}</Text>;
  return (
    <Stack gap="xs">
      {items.length === 0 && (
        <Text c="dimmed" size="sm">
          {text.empty}
        </Text>
      )}
      <Stack gap="xs" component="ol" aria-label={text.label} p={0} m={0} style={{ listStyle: "none" }}>
        {items.map((item) => (
          <li key={`${item.kind}-${item.id}`}>
            <TimelineEntry item={item} labelOf={labelOf} />
          </li>
        ))}
      </Stack>
      <div ref={sentinel} />
      {timeline.hasNextPage ? (
        <Button
          variant="subtle"
          size="compact-sm"
          onClick={() => timeline.fetchNextPage()}
          loading={timeline.isFetchingNextPage}
          style={{ alignSelf: "center" }}
        >
          {text.loadMore}
        </Button>
      ) : (
        items.length > 0 && (
          <Text c="dimmed" size="xs" ta="center">
            {text.end}
          </Text>
        )
      )}
    </Stack>
  );
}

function Entry({
  icon,
  color,
  title,
  at,
  children,
}: {
  icon: ReactNode;
  color: string;
  title: ReactNode;
  at: string;
  children?: ReactNode;
}) {
  return (
    <Paper withBorder radius="md" p="sm">
      <Group gap="sm" wrap="nowrap" align="flex-start">
        <ThemeIcon variant="light" color={color} radius="xl" size={32} style={{ flexShrink: 0 }}>
          {icon}
        </ThemeIcon>
        <Box miw={0} flex={1}>
          <Group justify="space-between" gap="xs" wrap="nowrap" align="flex-start">
            <Text size="sm" fw={600} miw={0} style={{ overflowWrap: "anywhere" }}>
              {title}
            </Text>
            <Tooltip label={formatDateTime(at)}>
              <Text size="xs" c="dimmed" style={{ whiteSpace: "nowrap" }} component="time" dateTime={at}>
                {formatRelative(at)}
              </Text>
            </Tooltip>
          </Group>
          {children}
        </Box>
      </Group>
    </Paper>
  );
}

type FieldChange = Extract<TimelineItem, { kind: "change" }>["changes"][number];

/** The labels of a change; a change of `custom` names the custom fields that changed. */
function changedLabels(change: FieldChange, labelOf: (field: string) => string): string[] {
  const { field, oldValue, newValue } = change;
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null;
  if (field !== "custom" || !(isObject(oldValue) || isObject(newValue))) return [labelOf(field)];
  const before = isObject(oldValue) ? oldValue : {};
  const after = isObject(newValue) ? newValue : {};
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter(
    (key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]),
  );
  return keys.length ? keys.map((key) => labelOf(`custom.${key}`)) : [labelOf(field)];
}

function TimelineEntry({ item, labelOf }: { item: TimelineItem; labelOf: (field: string) => string }) {
  switch (item.kind) {
    case "change": {
      const title =
        item.event === "updated"
          ? text.updated(item.changes.flatMap((c) => changedLabels(c, labelOf)).join(", "))
          : item.event === "created"
            ? text.created
            : item.event === "deleted"
              ? text.deleted
              : item.event === "restored"
                ? text.restored
                : item.event === "erased"
                  ? text.erased
                  : item.event;
      return (
        <Entry icon={<IconPencil size={16} />} color="gray" title={title} at={item.at}>
          {(item.actor.userId || item.actor.apiKeyId) && (
            <Text size="xs" c="dimmed">
              {text.by("")}
              {item.actor.userId ? <MemberName id={item.actor.userId} /> : recordText.history.apiKey}
            </Text>
          )}
        </Entry>
      );
    }
    case "activity":
      return <ActivityEntry activity={item.activity} at={item.at} />;
    case "task":
      return <TaskEntry task={item.task} at={item.at} />;
    case "stage_change": {
      const { fromStageId, toStageId } = item.stageChange;
      return (
        <Entry
          icon={<IconStairsUp size={16} />}
          color="grape"
          at={item.at}
          title={
            <>
              <RecordAnchor object="deals" id={item.deal.id}>
                {item.deal.name}
              </RecordAnchor>{" "}
              {fromStageId ? (
                <>
                  {text.movedFrom} <StageName id={fromStageId} /> {text.to} <StageName id={toStageId} />
                </>
              ) : (
                <>
                  {text.entered} <StageName id={toStageId} />
                </>
              )}
            </>
          }
        />
      );
    }
    case "deal":
      return (
        <Entry
          icon={<IconCurrencyDollar size={16} />}
          color="green"
          at={item.at}
          title={
            <>
              {text.dealCreated}:{" "}
              <RecordAnchor object="deals" id={item.deal.id}>
                {item.deal.name}
              </RecordAnchor>
            </>
          }
        >
          {item.deal.amount != null && (
            <Text size="sm">{formatMoney(item.deal.amount, item.deal.currency)}</Text>
          )}
        </Entry>
      );
  }
}

const ACTIVITY_LOOK = {
  note: { icon: <IconNote size={16} />, color: "yellow", title: text.note },
  call: { icon: <IconPhone size={16} />, color: "blue", title: text.call },
  meeting: { icon: <IconCalendarEvent size={16} />, color: "teal", title: text.meeting },
  email: { icon: <IconMail size={16} />, color: "indigo", title: text.email },
} as const;

function ActivityEntry({ activity, at }: { activity: ActivityDto; at: string }) {
  const look = ACTIVITY_LOOK[activity.type];
  const icon =
    activity.type === "call" && activity.direction ? (
      activity.direction === "inbound" ? (
        <IconPhoneIncoming size={16} />
      ) : (
        <IconPhoneOutgoing size={16} />
      )
    ) : (
      look.icon
    );
  const facts: string[] = [];
  if (activity.type === "call") {
    if (activity.direction) facts.push(activity.direction === "inbound" ? text.inbound : text.outbound);
    if (activity.durationSeconds !== null) facts.push(formatDuration(activity.durationSeconds));
    if (activity.outcome) facts.push(activity.outcome);
  }
  if (activity.type === "meeting") {
    facts.push(
      activity.endsAt
        ? `${formatDateTime(activity.occurredAt)} ${text.until} ${formatDateTime(activity.endsAt)}`
        : formatDateTime(activity.occurredAt),
    );
    if (activity.location) facts.push(activity.location);
  }
  return (
    <Entry
      icon={icon}
      color={look.color}
      at={at}
      title={activity.subject ? `${look.title}: ${activity.subject}` : look.title}
    >
      {facts.length > 0 && (
        <Text size="sm" c="dimmed">
          {facts.join(" · ")}
        </Text>
      )}
      {activity.type === "meeting" && activity.attendees.length > 0 && (
        <Text size="sm" c="dimmed">
          {text.attendees}:{" "}
          {activity.attendees
            .map((a) => a.name ?? a.email)
            .filter(Boolean)
            .join(", ")}
        </Text>
      )}
      {activity.body && (
        <Box
          fz="sm"
          mt={4}
          className="rapport-rich-text"
          style={{ overflowWrap: "anywhere" }}
          // The server sanitizes every body on save (allow-listed tags and attributes only).
          // biome-ignore lint/security/noDangerouslySetInnerHtml: sanitized by the API
          dangerouslySetInnerHTML={{ __html: activity.body }}
        />
      )}
      {activity.ownerId && (
        <Text size="xs" c="dimmed" mt={4}>
          {text.by("")}
          <MemberName id={activity.ownerId} />
        </Text>
      )}
    </Entry>
  );
}

function TaskEntry({ task, at }: { task: TaskDto; at: string }) {
  const queryClient = useQueryClient();
  const canWrite = can(useSession().permissions, "tasks", "update");
  const complete = useMutation({
    mutationFn: () => recordApi.completeTask(task.id),
    onSuccess: () => refreshRecordViews(queryClient),
    onError: (error) =>
      notifications.show({ color: "red", title: recordText.saveFailed, message: messageOf(error) }),
  });
  const done = task.status === "done";
  const due = task.dueDate ? formatDay(task.dueDate) : task.dueAt ? formatDateTime(task.dueAt) : null;
  return (
    <Entry icon={<IconChecklist size={16} />} color="orange" at={at} title={`${text.task}: ${task.title}`}>
      <Group gap="xs" mt={2}>
        {done ? (
          <Badge color="teal" variant="light" leftSection={<IconCheck size={12} />}>
            {text.done}
          </Badge>
        ) : (
          canWrite && (
            <Tooltip label={text.complete}>
              <ActionIcon
                variant="default"
                size="sm"
                aria-label={`${text.complete}: ${task.title}`}
                onClick={() => complete.mutate()}
                loading={complete.isPending}
              >
                <IconCheck size={14} />
              </ActionIcon>
            </Tooltip>
          )
        )}
        {due && (
          <Text size="sm" c="dimmed">
            {text.due(due)}
          </Text>
        )}
        {task.assigneeId && (
          <Text size="sm" c="dimmed">
            · <MemberName id={task.assigneeId} />
          </Text>
        )}
      </Group>
      {task.description && (
        <Text size="sm" mt={4} style={{ whiteSpace: "pre-wrap" }}>
          {task.description}
        </Text>
      )}
    </Entry>
  );
}
