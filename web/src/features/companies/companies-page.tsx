import type { CompanyDto } from "@rapport/core";
import { IconBuilding } from "@tabler/icons-react";
import { SEARCH_FIELD } from "../../ui/filter-builder/model.ts";
import { formatNumber } from "../../ui/format.ts";
import type { ColumnDef } from "../../ui/table/types.ts";
import { ImportButton } from "../imports/import-button.tsx";
import { metaColumns, orDash, type TableContext } from "../views/columns.tsx";
import { type ObjectTableConfig, ObjectTablePage } from "../views/object-table-page.tsx";
import { companiesText } from "./text.ts";

const t = companiesText.columns;
const number = (key: "employeeCount" | "annualRevenue", label: string): ColumnDef<CompanyDto> => ({
  key,
  label,
  width: 140,
  align: "right",
  sortField: key,
  render: (row) => (row[key] === null ? orDash(null) : formatNumber(row[key])),
  edit: {
    kind: "number",
    read: (row) => row[key],
    patch: (value) => ({ [key]: value === "" ? null : Number(value) }),
  },
});

const columns = (ctx: TableContext): ColumnDef<CompanyDto>[] => [
  {
    key: "name",
    label: t.name,
    width: 220,
    sortField: "name",
    render: (row) => row.name,
    text: (row) => row.name,
    href: (row) => `/companies/${row.id}`,
  },
  { key: "domains", label: t.domains, width: 180, render: (row) => orDash(row.domains.join(", ")) },
  {
    key: "industry",
    label: t.industry,
    width: 160,
    sortField: "industry",
    render: (row) => orDash(row.industry),
    edit: { kind: "text", read: (row) => row.industry, patch: (value) => ({ industry: value }) },
  },
  number("employeeCount", t.employeeCount),
  number("annualRevenue", t.annualRevenue),
  {
    key: "phone",
    label: t.phone,
    width: 150,
    render: (row) => orDash(row.phone),
    edit: { kind: "text", read: (row) => row.phone, patch: (value) => ({ phone: value }) },
  },
  ...metaColumns<CompanyDto>(ctx, { owner: true }),
];

const config: ObjectTableConfig<CompanyDto> = {
  object: "companies",
  noun: companiesText.noun,
  title: companiesText.title,
  description: companiesText.description,
  columns,
  defaultColumns: ["name", "domains", "industry", "employeeCount", "ownerId", "tags", "createdAt"],
  searchFields: [SEARCH_FIELD],
  ownerField: "ownerId",
  empty: {
    title: companiesText.emptyTitle,
    body: companiesText.emptyBody,
    icon: <IconBuilding size={32} stroke={1.5} />,
  },
  rowName: (row) => row.name,
  headerActions: <ImportButton object="companies" />,
};

export function CompaniesPage() {
  return <ObjectTablePage config={config} />;
}
