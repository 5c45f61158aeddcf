import { Badge } from "@mantine/core";
import type { DealDto } from "@rapport/core";
import { IconCurrencyDollar } from "@tabler/icons-react";
import { SEARCH_FIELD } from "../../ui/filter-builder/model.ts";
import { formatDate, formatMoney } from "../../ui/format.ts";
import type { ColumnDef } from "../../ui/table/types.ts";
import { dayOrDash, metaColumns, orDash, type TableContext } from "../views/columns.tsx";
import { type ObjectTableConfig, ObjectTablePage } from "../views/object-table-page.tsx";
import { dealsText } from "./text.ts";

const t = dealsText.columns;
const STATUS_COLOR: Record<string, string> = { open: "blue", won: "teal", lost: "red" };

const columns = (ctx: TableContext): ColumnDef<DealDto>[] => [
  {
    key: "name",
    label: t.name,
    width: 240,
    sortField: "name",
    render: (row) => row.name,
    text: (row) => row.name,
    href: (row) => `/deals/${row.id}`,
    edit: { kind: "text", read: (row) => row.name, patch: (value) => ({ name: value }) },
  },
  {
    key: "amount",
    label: t.amount,
    width: 150,
    align: "right",
    sortField: "amount",
    render: (row) => (row.amount === null ? orDash(null) : formatMoney(row.amount, row.currency)),
    text: (row) => (row.amount === null ? "" : formatMoney(row.amount, row.currency)),
    edit: {
      kind: "number",
      read: (row) => row.amount,
      patch: (value) => ({ amount: value === "" ? null : Number(value) }),
    },
  },
  { key: "currency", label: t.currency, width: 100, render: (row) => row.currency },
  {
    key: "stage",
    label: t.stage,
    width: 170,
    render: (row) => orDash(ctx.stage(row.stageId)?.name),
    text: (row) => ctx.stage(row.stageId)?.name ?? "",
    edit: {
      kind: "select",
      // Only the stages of the deal's own pipeline; lost stages need a reason (bulk change stage asks).
      options: ctx.pipelines.flatMap((p) =>
        p.stages
          .filter((s) => s.kind !== "lost")
          .map((s) => ({ value: s.id, label: `${p.name} › ${s.name}` })),
      ),
      read: (row) => row.stageId,
      patch: (value) => ({ stageId: value }),
    },
  },
  {
    key: "pipeline",
    label: t.pipeline,
    width: 150,
    render: (row) => orDash(ctx.stage(row.stageId)?.pipelineName),
  },
  {
    key: "status",
    label: t.status,
    width: 100,
    render: (row) => (
      <Badge size="sm" variant="light" color={STATUS_COLOR[row.status]}>
        {dealsText.statuses[row.status] ?? row.status}
      </Badge>
    ),
    text: (row) => dealsText.statuses[row.status] ?? row.status,
  },
  {
    key: "probability",
    label: t.probability,
    width: 110,
    align: "right",
    sortField: "probability",
    render: (row) => `${row.probability}%`,
  },
  {
    key: "expectedCloseDate",
    label: t.expectedCloseDate,
    width: 150,
    sortField: "expectedCloseDate",
    render: (row) => dayOrDash(row.expectedCloseDate),
    edit: {
      kind: "date",
      read: (row) => row.expectedCloseDate,
      patch: (value) => ({ expectedCloseDate: value || null }),
    },
  },
  {
    key: "closedAt",
    label: t.closedAt,
    width: 140,
    sortField: "closedAt",
    render: (row) => (row.closedAt ? formatDate(row.closedAt) : orDash(null)),
  },
  ...metaColumns<DealDto>(ctx, { owner: true }),
];

const config: ObjectTableConfig<DealDto> = {
  object: "deals",
  noun: dealsText.noun,
  title: dealsText.title,
  description: dealsText.description,
  columns,
  defaultColumns: ["name", "amount", "stage", "status", "expectedCloseDate", "ownerId", "tags"],
  searchFields: [SEARCH_FIELD],
  ownerField: "ownerId",
  empty: {
    title: dealsText.emptyTitle,
    body: dealsText.emptyBody,
    icon: <IconCurrencyDollar size={32} stroke={1.5} />,
  },
  rowName: (row) => row.name,
  deals: true,
};

export function DealsPage() {
  return <ObjectTablePage config={config} />;
}
