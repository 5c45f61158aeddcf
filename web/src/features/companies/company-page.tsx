import { Anchor, Group } from "@mantine/core";
import type { CompanyDto } from "@rapport/core";
import { IconBuilding } from "@tabler/icons-react";
import { useParams } from "@tanstack/react-router";
import { useSession } from "../../app/session.ts";
import { formatNumber } from "../../ui/format.ts";
import { MemberName } from "../../ui/record/field-value.tsx";
import type { FieldSpec } from "../../ui/record/fields.ts";
import { RecordPage, type RecordView } from "../../ui/record/record-page.tsx";
import { RelatedList } from "../../ui/record/related.tsx";
import { companyRecordText as text } from "./text.ts";

/** The built-in fields of a company, as the field panel edits them. */
export function companyFields(baseCurrency: string): FieldSpec<CompanyDto>[] {
  return [
    { path: "name", label: text.name, kind: "text", required: true, read: (c) => c.name },
    { path: "domains", label: text.domains, kind: "text_list", read: (c) => c.domains },
    { path: "industry", label: text.industry, kind: "text", read: (c) => c.industry },
    { path: "employeeCount", label: text.employeeCount, kind: "number", read: (c) => c.employeeCount },
    {
      path: "annualRevenue",
      label: text.annualRevenue,
      kind: "currency",
      currency: baseCurrency,
      read: (c) => c.annualRevenue,
    },
    { path: "phone", label: text.phone, kind: "phone", read: (c) => c.phone },
    {
      path: "parentCompanyId",
      label: text.parentCompany,
      kind: "record_link",
      target: "companies",
      read: (c) => c.parentCompanyId,
    },
    { path: "ownerId", label: text.owner, kind: "user", read: (c) => c.ownerId },
    { path: "address", label: text.address, kind: "address", read: (c) => c.address },
    { path: "tags", label: text.tags, kind: "tags", read: (c) => c.tags },
    { path: "description", label: text.description, kind: "long_text", read: (c) => c.description },
  ];
}

function companyView(baseCurrency: string): RecordView<CompanyDto> {
  return {
    title: (c) => c.name,
    facts: (c) => (
      <Group gap="xs" component="span" wrap="wrap">
        {c.domains[0] && (
          <Anchor href={`https://${c.domains[0]}`} target="_blank" rel="noopener noreferrer" size="sm">
            {c.domains[0]}
          </Anchor>
        )}
        {c.industry && <span>{c.industry}</span>}
        {c.employeeCount !== null && <span>{text.employees(formatNumber(c.employeeCount))}</span>}
        {c.ownerId && (
          <span>
            {text.ownedBy} <MemberName id={c.ownerId} />
          </span>
        )}
      </Group>
    ),
    builtIn: companyFields(baseCurrency),
    related: (c) => (
      <>
        <RelatedList
          title={text.relatedContacts}
          object="contacts"
          filter={{ field: "companies.id", op: "eq", value: c.id }}
        />
        <RelatedList
          title={text.relatedDeals}
          object="deals"
          filter={{ field: "companyId", op: "eq", value: c.id }}
        />
      </>
    ),
  };
}

export function CompanyPage() {
  const { id } = useParams({ strict: false }) as { id: string };
  const session = useSession();
  return (
    <RecordPage
      object="companies"
      id={id}
      noun={text.noun}
      icon={<IconBuilding size={24} />}
      view={companyView(session.workspace.baseCurrency)}
    />
  );
}
