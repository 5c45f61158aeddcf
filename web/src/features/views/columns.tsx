import { Badge, Group } from "@mantine/core";
import type { CustomFieldDto, LifecycleStage, MemberDto, PipelineDto, StageDto } from "@rapport/core";
import { formatDate, formatDateTime, formatDay, formatMoney, formatNumber } from "../../ui/format.ts";
import { tableText } from "../../ui/table/text.ts";
import type { ColumnDef } from "../../ui/table/types.ts";

/** What columns need to show names instead of ids. */
export type TableContext = {
  members: MemberDto[];
  memberName: (id: string | null) => string;
  pipelines: PipelineDto[];
  stage: (id: string) => (StageDto & { pipelineId: string; pipelineName: string }) | undefined;
  customFields: CustomFieldDto[];
  /** The workspace's contact lifecycle stages, in order. */
  lifecycleStages: LifecycleStage[];
};

type Meta = {
  ownerId: string | null;
  tags: string[];
  createdAt: string;
  updatedAt: string;
  custom: Record<string, unknown>;
};

const dash = tableText.noValue;
export const orDash = (value: string | null | undefined) => (value ? value : dash);
export const dayOrDash = (day: string | null) => (day ? formatDay(day) : dash);

export function TagList({ tags }: { tags: readonly string[] }) {
  if (tags.length === 0) return <span>{dash}</span>;
  return (
    <Group gap={4} wrap="nowrap" style={{ overflow: "hidden" }}>
      {tags.map((tag) => (
        <Badge key={tag} size="sm" variant="light" radius="sm" style={{ flexShrink: 0 }}>
          {tag}
        </Badge>
      ))}
    </Group>
  );
}

export function memberOptions(ctx: TableContext) {
  return ctx.members.map((m) => ({ value: m.userId, label: m.name }));
}

/** A user column (owner, assignee) edited by picking a member. */
export function userColumn<Row>(
  ctx: TableContext,
  key: string,
  label: string,
  read: (row: Row) => string | null,
): ColumnDef<Row> {
  return {
    key,
    label,
    width: 160,
    render: (row) => orDash(ctx.memberName(read(row))),
    text: (row) => ctx.memberName(read(row)),
    edit: {
      kind: "select",
      options: memberOptions(ctx),
      clearable: true,
      read,
      patch: (value) => ({ [key]: value || null }),
    },
  };
}

/** Columns every record has: owner, tags, created, updated. */
export function metaColumns<Row extends Meta>(
  ctx: TableContext,
  options: { owner: boolean },
): ColumnDef<Row>[] {
  return [
    ...(options.owner ? [userColumn<Row>(ctx, "ownerId", "Owner", (row) => row.ownerId)] : []),
    {
      key: "tags",
      label: "Tags",
      width: 200,
      render: (row) => <TagList tags={row.tags} />,
      text: (row) => row.tags.join(", "),
    },
    {
      key: "createdAt",
      label: "Created",
      width: 150,
      sortField: "createdAt",
      render: (row) => formatDate(row.createdAt),
      text: (row) => formatDateTime(row.createdAt),
    },
    {
      key: "updatedAt",
      label: "Updated",
      width: 150,
      sortField: "updatedAt",
      render: (row) => formatDate(row.updatedAt),
      text: (row) => formatDateTime(row.updatedAt),
    },
  ];
}

function customText(def: CustomFieldDto, value: unknown, ctx: TableContext): string {
  if (value === null || value === undefined || value === "") return dash;
  switch (def.type) {
    case "number":
      return typeof value === "number" ? formatNumber(value) : String(value);
    case "currency":
      return typeof value === "number" ? formatMoney(value, def.currency ?? "USD") : String(value);
    case "date":
      return formatDay(String(value));
    case "datetime":
      return formatDateTime(String(value));
    case "boolean":
      return value ? tableText.yes : tableText.no;
    case "single_select":
      return def.options.find((o) => o.value === value)?.label ?? String(value);
    case "multi_select":
      return Array.isArray(value)
        ? value.map((v) => def.options.find((o) => o.value === v)?.label ?? String(v)).join(", ")
        : String(value);
    case "user":
      return ctx.memberName(String(value));
    default:
      return String(value);
  }
}

/** One column per custom field; text, number, currency, date and single-select values edit in place. */
export function customColumns<Row extends Meta>(ctx: TableContext): ColumnDef<Row>[] {
  return ctx.customFields.map((def) => {
    const read = (row: Row) => {
      const v = row.custom[def.key];
      return v === undefined || v === null ? null : (v as string | number);
    };
    const patch = (value: string) => ({
      custom: {
        [def.key]:
          value === "" ? null : def.type === "number" || def.type === "currency" ? Number(value) : value,
      },
    });
    const base: ColumnDef<Row> = {
      key: `custom.${def.key}`,
      label: def.label,
      width: 160,
      sortField: def.type === "multi_select" ? undefined : `custom.${def.key}`,
      align: def.type === "number" || def.type === "currency" ? "right" : "left",
      render: (row) => customText(def, row.custom[def.key], ctx),
      text: (row) => customText(def, row.custom[def.key], ctx),
    };
    switch (def.type) {
      case "text":
      case "url":
      case "email":
      case "phone":
        return { ...base, edit: { kind: "text", read, patch } };
      case "number":
      case "currency":
        return { ...base, edit: { kind: "number", read, patch } };
      case "date":
        return { ...base, edit: { kind: "date", read, patch } };
      case "single_select":
        return {
          ...base,
          edit: {
            kind: "select",
            clearable: !def.required,
            options: def.options.map((o) => ({ value: o.value, label: o.label })),
            read: (row) => (read(row) === null ? null : String(read(row))),
            patch,
          },
        };
      default:
        return base;
    }
  });
}

/** A readable label for a filter path: `company.industry` → "Company › Industry". */
export function humanizePath(path: string, customLabels: ReadonlyMap<string, string>): string {
  const custom = customLabels.get(path);
  if (custom) return custom;
  return path
    .split(".")
    .filter((part) => part !== "custom")
    .map((part) => {
      const words = part
        .replace(/Id$/, "")
        .replace(/([a-z])([A-Z])/g, "$1 $2")
        .toLowerCase();
      return words.charAt(0).toUpperCase() + words.slice(1);
    })
    .join(" › ");
}
