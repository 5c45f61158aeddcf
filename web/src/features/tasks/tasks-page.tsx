import { TASK_PRIORITIES, TASK_STATUSES, type TaskDto } from "@rapport/core";
import { IconChecklist } from "@tabler/icons-react";
import { formatDate, formatDateTime, formatDay } from "../../ui/format.ts";
import type { ColumnDef } from "../../ui/table/types.ts";
import { metaColumns, orDash, type TableContext, userColumn } from "../views/columns.tsx";
import { type ObjectTableConfig, ObjectTablePage } from "../views/object-table-page.tsx";
import { TasksTabs } from "./tasks-tabs.tsx";
import { tasksText } from "./text.ts";

const t = tasksText.columns;
const due = (row: TaskDto) =>
  row.dueDate ? formatDay(row.dueDate) : row.dueAt ? formatDateTime(row.dueAt) : orDash(null);

const columns = (ctx: TableContext): ColumnDef<TaskDto>[] => [
  {
    key: "title",
    label: t.title,
    width: 280,
    sortField: "title",
    render: (row) => row.title,
    text: (row) => row.title,
    edit: { kind: "text", read: (row) => row.title, patch: (value) => ({ title: value }) },
  },
  {
    key: "status",
    label: t.status,
    width: 130,
    sortField: "status",
    render: (row) => tasksText.statuses[row.status] ?? row.status,
    edit: {
      kind: "select",
      options: TASK_STATUSES.map((s) => ({ value: s, label: tasksText.statuses[s] ?? s })),
      read: (row) => row.status,
      patch: (value) => ({ status: value }),
    },
  },
  {
    key: "priority",
    label: t.priority,
    width: 110,
    sortField: "priority",
    render: (row) => tasksText.priorities[row.priority] ?? row.priority,
    edit: {
      kind: "select",
      options: TASK_PRIORITIES.map((p) => ({ value: p, label: tasksText.priorities[p] ?? p })),
      read: (row) => row.priority,
      patch: (value) => ({ priority: value }),
    },
  },
  { key: "dueAt", label: t.due, width: 170, sortField: "dueAt", render: due, text: due },
  userColumn<TaskDto>(ctx, "assigneeId", t.assignee, (row) => row.assigneeId),
  {
    key: "completedAt",
    label: t.completedAt,
    width: 140,
    sortField: "completedAt",
    render: (row) => (row.completedAt ? formatDate(row.completedAt) : orDash(null)),
  },
  ...metaColumns<TaskDto>(ctx, { owner: false }),
];

const config: ObjectTableConfig<TaskDto> = {
  object: "tasks",
  noun: tasksText.noun,
  title: tasksText.title,
  description: tasksText.description,
  columns,
  defaultColumns: ["title", "status", "priority", "dueAt", "assigneeId", "tags"],
  searchFields: ["title"],
  ownerField: "assigneeId",
  empty: {
    title: tasksText.emptyTitle,
    body: tasksText.emptyBody,
    icon: <IconChecklist size={32} stroke={1.5} />,
  },
  rowName: (row) => row.title,
  headerActions: <TasksTabs value="all" />,
};

export function TasksPage() {
  return <ObjectTablePage config={config} />;
}
