import type { ContactDto } from "@rapport/core";
import { IconAddressBook } from "@tabler/icons-react";
import { SEARCH_FIELD } from "../../ui/filter-builder/model.ts";
import type { ColumnDef } from "../../ui/table/types.ts";
import { ImportButton } from "../imports/import-button.tsx";
import { dayOrDash, metaColumns, orDash, type TableContext } from "../views/columns.tsx";
import { type ObjectTableConfig, ObjectTablePage } from "../views/object-table-page.tsx";
import { contactsText } from "./text.ts";

const t = contactsText.columns;
const text = (
  key: "firstName" | "lastName" | "jobTitle" | "leadSource",
  label: string,
): ColumnDef<ContactDto> => ({
  key,
  label,
  width: 160,
  sortField: key === "leadSource" ? undefined : key,
  render: (row) => orDash(row[key]),
  text: (row) => row[key] ?? "",
  edit: { kind: "text", read: (row) => row[key], patch: (value) => ({ [key]: value }) },
});

const columns = (ctx: TableContext): ColumnDef<ContactDto>[] => [
  {
    key: "displayName",
    label: t.name,
    width: 220,
    sortField: "displayName",
    render: (row) => row.displayName,
    text: (row) => row.displayName,
    href: (row) => `/contacts/${row.id}`,
  },
  text("firstName", t.firstName),
  text("lastName", t.lastName),
  { key: "email", label: t.email, width: 220, sortField: "email", render: (row) => orDash(row.email) },
  { key: "phone", label: t.phone, width: 150, render: (row) => orDash(row.phone) },
  text("jobTitle", t.jobTitle),
  {
    key: "lifecycleStage",
    label: t.lifecycleStage,
    width: 150,
    sortField: "lifecycleStage",
    render: (row) =>
      row.lifecycleStage
        ? (ctx.lifecycleStages.find((s) => s.key === row.lifecycleStage)?.label ?? row.lifecycleStage)
        : orDash(null),
    edit: {
      kind: "select",
      clearable: true,
      options: ctx.lifecycleStages.map((s) => ({ value: s.key, label: s.label })),
      read: (row) => row.lifecycleStage,
      patch: (value) => ({ lifecycleStage: value || null }),
    },
  },
  text("leadSource", t.leadSource),
  {
    key: "birthday",
    label: t.birthday,
    width: 140,
    sortField: "birthday",
    render: (row) => dayOrDash(row.birthday),
    edit: { kind: "date", read: (row) => row.birthday, patch: (value) => ({ birthday: value || null }) },
  },
  ...metaColumns<ContactDto>(ctx, { owner: true }),
];

const config: ObjectTableConfig<ContactDto> = {
  object: "contacts",
  noun: contactsText.noun,
  title: contactsText.title,
  description: contactsText.description,
  columns,
  defaultColumns: ["displayName", "email", "jobTitle", "lifecycleStage", "ownerId", "tags", "createdAt"],
  searchFields: [SEARCH_FIELD],
  ownerField: "ownerId",
  empty: {
    title: contactsText.emptyTitle,
    body: contactsText.emptyBody,
    icon: <IconAddressBook size={32} stroke={1.5} />,
  },
  rowName: (row) => row.displayName,
  headerActions: <ImportButton object="contacts" />,
};

export function ContactsPage() {
  return <ObjectTablePage config={config} />;
}
