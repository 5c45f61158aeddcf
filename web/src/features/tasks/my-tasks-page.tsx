import "@mantine/dates/styles.css";
import {
  ActionIcon,
  Badge,
  Box,
  Checkbox,
  Group,
  Menu,
  Paper,
  Popover,
  Stack,
  Text,
  Title,
} from "@mantine/core";
import { DatePicker } from "@mantine/dates";
import { notifications as toasts } from "@mantine/notifications";
import type { TaskDto } from "@rapport/core";
import { IconAlarm, IconAlarmSnooze, IconCalendarEvent, IconChecklist } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useSearch } from "@tanstack/react-router";
import { useEffect, useState } from "react";
import { EmptyState } from "../../ui/empty-state.tsx";
import { messageOf } from "../../ui/form.ts";
import { formatDateTime, formatDay } from "../../ui/format.ts";
import { PageHeader, PageLoader } from "../../ui/page.tsx";
import type { Page } from "../views/api.ts";
import { MY_TASKS_LIMIT, myTasksQuery, tasksApi } from "./api.ts";
import {
  groupTasks,
  reschedulePatch,
  SNOOZE_PRESETS,
  type SnoozePreset,
  snoozePatch,
  snoozeUntil,
  TASK_GROUPS,
  type TaskGroup,
  type TaskPatch,
} from "./my-tasks.ts";
import { TasksTabs } from "./tasks-tabs.tsx";
import { myTasksText as t } from "./text.ts";

type Change = { task: TaskDto } & ({ kind: "complete" } | { kind: "patch"; patch: TaskPatch });

export function MyTasksPage() {
  const queryClient = useQueryClient();
  const tasks = useQuery(myTasksQuery);
  const { task: focused } = useSearch({ strict: false }) as { task?: string };
  // Regrouped each minute, so a task moves to "Overdue" when its time passes.
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 60_000);
    return () => clearInterval(timer);
  }, []);

  // Shown at once; put back as it was if the server refuses.
  const change = useMutation({
    mutationFn: (c: Change) =>
      c.kind === "complete" ? tasksApi.complete(c.task) : tasksApi.update(c.task, c.patch),
    onMutate: async (c) => {
      await queryClient.cancelQueries({ queryKey: myTasksQuery.queryKey });
      const before = queryClient.getQueryData(myTasksQuery.queryKey);
      queryClient.setQueryData<Page<TaskDto>>(myTasksQuery.queryKey, (page) => {
        if (!page) return page;
        if (c.kind === "complete") return { ...page, data: page.data.filter((x) => x.id !== c.task.id) };
        return { ...page, data: page.data.map((x) => (x.id === c.task.id ? optimistic(x, c.patch) : x)) };
      });
      return { before };
    },
    onError: (error, _c, context) => {
      queryClient.setQueryData(myTasksQuery.queryKey, context?.before);
      toasts.show({ color: "red", title: t.saveFailed, message: messageOf(error) });
    },
    onSuccess: (_result, c) => {
      if (c.kind === "complete") toasts.show({ title: t.completed, message: c.task.title, autoClose: 4000 });
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: ["tasks"] }),
  });

  return (
    <>
      <PageHeader title={t.title} description={t.description} actions={<TasksTabs value="mine" />} />
      {tasks.isPending ? (
        <PageLoader />
      ) : tasks.isError ? (
        <Text c="red.8">
          {t.loadFailed}: {messageOf(tasks.error)}
        </Text>
      ) : tasks.data.data.length === 0 ? (
        <Paper withBorder radius="md">
          <EmptyState
            icon={<IconChecklist size={32} stroke={1.5} />}
            title={t.emptyTitle}
            description={t.empty}
          />
        </Paper>
      ) : (
        <Stack gap="lg">
          {TASK_GROUPS.map((group) => {
            const list = groupTasks(tasks.data.data, now)[group];
            return list.length === 0 ? null : (
              <TaskGroupList
                key={group}
                group={group}
                tasks={list}
                focused={focused}
                onChange={(c) => change.mutate(c)}
              />
            );
          })}
          {tasks.data.nextCursor && (
            <Text size="sm" c="dimmed">
              {t.more(MY_TASKS_LIMIT)}
            </Text>
          )}
        </Stack>
      )}
    </>
  );
}

/** What a patch will look like once saved, for the optimistic update. */
function optimistic(task: TaskDto, patch: TaskPatch): TaskDto {
  const next = { ...task };
  if (patch.dueAt !== undefined) Object.assign(next, { dueAt: patch.dueAt, dueDate: null, allDay: false });
  if (patch.dueDate !== undefined) {
    Object.assign(next, { dueAt: `${patch.dueDate}T00:00:00.000Z`, dueDate: patch.dueDate, allDay: true });
  }
  if (patch.remindAt !== undefined) next.remindAt = patch.remindAt;
  return next;
}

function TaskGroupList({
  group,
  tasks,
  focused,
  onChange,
}: {
  group: TaskGroup;
  tasks: TaskDto[];
  focused: string | undefined;
  onChange(change: Change): void;
}) {
  const id = `tasks-${group}`;
  return (
    <section aria-labelledby={id} data-group={group}>
      <Group gap="xs" mb="xs">
        <Title order={3} fz="md" id={id} c={group === "overdue" ? "red.8" : undefined}>
          {t.groups[group]}
        </Title>
        <Badge variant="light" color={group === "overdue" ? "red" : "gray"} size="sm">
          {tasks.length}
        </Badge>
      </Group>
      <Paper withBorder radius="md">
        <Box component="ul" m={0} p={0} style={{ listStyle: "none" }}>
          {tasks.map((task, i) => (
            <TaskItem
              key={task.id}
              task={task}
              first={i === 0}
              focused={task.id === focused}
              overdue={group === "overdue"}
              onChange={onChange}
            />
          ))}
        </Box>
      </Paper>
    </section>
  );
}

const dueLabel = (task: TaskDto) =>
  task.dueDate ? formatDay(task.dueDate) : task.dueAt ? formatDateTime(task.dueAt) : null;

function TaskItem({
  task,
  first,
  focused,
  overdue,
  onChange,
}: {
  task: TaskDto;
  first: boolean;
  focused: boolean;
  overdue: boolean;
  onChange(change: Change): void;
}) {
  const [picking, setPicking] = useState(false);
  const due = dueLabel(task);
  return (
    <Box
      component="li"
      data-task={task.id}
      px="md"
      py="sm"
      ref={(node: HTMLElement | null) => {
        if (node && focused) node.scrollIntoView({ block: "center" });
      }}
      style={{
        borderTop: first ? undefined : "1px solid var(--mantine-color-default-border)",
        background: focused ? "var(--mantine-primary-color-light)" : undefined,
      }}
    >
      <Group wrap="nowrap" gap="sm" align="center">
        <Checkbox
          aria-label={t.complete(task.title)}
          checked={false}
          onChange={() => onChange({ task, kind: "complete" })}
        />
        <Box miw={0} style={{ flex: 1 }}>
          <Text size="sm" fw={500} truncate="end">
            {task.title}
          </Text>
          <Group gap="sm" wrap="wrap" style={{ rowGap: 0 }}>
            {due && (
              <Text size="xs" c={overdue ? "red.8" : "dimmed"}>
                {due}
              </Text>
            )}
            {task.remindAt && task.remindAt !== task.dueAt && (
              <Group gap={2} wrap="nowrap" c="dimmed" title={t.reminder}>
                <IconAlarm size={12} aria-label={t.reminder} />
                <Text size="xs" c="dimmed">
                  {formatDateTime(task.remindAt)}
                </Text>
              </Group>
            )}
          </Group>
        </Box>
        <Popover opened={picking} onChange={setPicking} position="bottom-end" shadow="md" trapFocus>
          <Popover.Target>
            <ActionIcon
              variant="subtle"
              color="gray"
              aria-label={t.rescheduleTitle(task.title)}
              title={t.reschedule}
              onClick={() => setPicking((o) => !o)}
            >
              <IconCalendarEvent size={18} stroke={1.6} />
            </ActionIcon>
          </Popover.Target>
          <Popover.Dropdown>
            <DatePicker
              aria-label={t.rescheduleTitle(task.title)}
              value={task.dueDate ?? (task.dueAt ? task.dueAt.slice(0, 10) : null)}
              onChange={(day) => {
                setPicking(false);
                if (day) onChange({ task, kind: "patch", patch: reschedulePatch(task, day) });
              }}
            />
          </Popover.Dropdown>
        </Popover>
        <Menu position="bottom-end" shadow="md">
          <Menu.Target>
            <ActionIcon variant="subtle" color="gray" aria-label={t.snoozeTitle(task.title)} title={t.snooze}>
              <IconAlarmSnooze size={18} stroke={1.6} />
            </ActionIcon>
          </Menu.Target>
          <Menu.Dropdown>
            <Menu.Label>{t.snooze}</Menu.Label>
            {SNOOZE_PRESETS.map((preset: SnoozePreset) => (
              <Menu.Item
                key={preset}
                onClick={() =>
                  onChange({ task, kind: "patch", patch: snoozePatch(task, snoozeUntil(preset, new Date())) })
                }
              >
                {t.snoozes[preset]}
              </Menu.Item>
            ))}
          </Menu.Dropdown>
        </Menu>
      </Group>
    </Box>
  );
}
