import { Badge, Group } from "@mantine/core";
import type { DealDto, PipelineDto } from "@rapport/core";
import { IconCurrencyDollar } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useParams } from "@tanstack/react-router";
import { formatDay, formatMoney } from "../../ui/format.ts";
import { PageLoader } from "../../ui/page.tsx";
import { pipelinesQuery } from "../../ui/record/api.ts";
import { MemberName, RecordLink, StageName } from "../../ui/record/field-value.tsx";
import type { FieldSpec } from "../../ui/record/fields.ts";
import { RecordPage, type RecordView } from "../../ui/record/record-page.tsx";
import { RelatedList } from "../../ui/record/related.tsx";
import { dealRecordText as text } from "./text.ts";

const STATUS_COLOR = { open: "blue", won: "teal", lost: "red" } as const;

/** The built-in fields of a deal, as the field panel edits them. */
export function dealFields(pipelines: PipelineDto[]): FieldSpec<DealDto>[] {
  return [
    { path: "name", label: text.name, kind: "text", required: true, read: (d) => d.name },
    {
      path: "amount",
      label: text.amount,
      kind: "currency",
      currencyOf: (d) => d.currency,
      read: (d) => d.amount,
    },
    {
      path: "currency",
      label: text.currency,
      kind: "text",
      read: (d) => d.currency,
      write: (v) => String(v).trim().toUpperCase(),
    },
    {
      path: "pipelineId",
      label: text.pipeline,
      kind: "single_select",
      options: pipelines.map((p) => ({ value: p.id, label: p.name })),
      read: (d) => d.pipelineId,
    },
    { path: "stageId", label: text.stage, kind: "stage", read: (d) => d.stageId },
    { path: "lostReason", label: text.lostReason, kind: "text", read: (d) => d.lostReason },
    {
      path: "probability",
      label: text.probability,
      description: text.probabilityHint,
      kind: "number",
      read: (d) => d.probabilityOverride,
    },
    {
      path: "expectedCloseDate",
      label: text.expectedCloseDate,
      kind: "date",
      read: (d) => d.expectedCloseDate,
    },
    {
      path: "companyId",
      label: text.company,
      kind: "record_link",
      target: "companies",
      read: (d) => d.companyId,
    },
    {
      path: "contacts",
      label: text.contacts,
      kind: "record_links",
      target: "contacts",
      read: (d) => d.contacts.map((c) => c.contactId),
      write: (value, record) =>
        (value as string[]).map((contactId) => ({
          contactId,
          role: record?.contacts.find((c) => c.contactId === contactId)?.role ?? null,
        })),
    },
    { path: "ownerId", label: text.owner, kind: "user", read: (d) => d.ownerId },
    { path: "tags", label: text.tags, kind: "tags", read: (d) => d.tags },
    { path: "description", label: text.description, kind: "long_text", read: (d) => d.description },
  ];
}

function dealView(pipelines: PipelineDto[]): RecordView<DealDto> {
  return {
    title: (d) => d.name,
    facts: (d) => (
      <Group gap="xs" component="span" wrap="wrap">
        {d.amount != null && (
          <span style={{ fontWeight: 600, color: "var(--mantine-color-text)" }}>
            {formatMoney(d.amount, d.currency)}
          </span>
        )}
        <Badge color={STATUS_COLOR[d.status]} variant="light">
          <StageName id={d.stageId} /> · {d.probability}%
        </Badge>
        {d.expectedCloseDate && <span>{text.closes(formatDay(d.expectedCloseDate))}</span>}
        {d.companyId && <RecordLink object="companies" id={d.companyId} />}
        {d.ownerId && (
          <span>
            {text.ownedBy} <MemberName id={d.ownerId} />
          </span>
        )}
      </Group>
    ),
    builtIn: dealFields(pipelines),
    related: (d) => (
      <>
        <RelatedList
          title={text.relatedCompany}
          object="companies"
          filter={d.companyId ? { field: "id", op: "eq", value: d.companyId } : null}
        />
        <RelatedList
          title={text.relatedContacts}
          object="contacts"
          filter={{ field: "deals.id", op: "eq", value: d.id }}
        />
      </>
    ),
  };
}

export function DealPage() {
  const { id } = useParams({ strict: false }) as { id: string };
  const pipelines = useQuery(pipelinesQuery);
  if (!pipelines.data) return <PageLoader />;
  return (
    <RecordPage
      object="deals"
      id={id}
      noun={text.noun}
      icon={<IconCurrencyDollar size={24} />}
      view={dealView(pipelines.data)}
    />
  );
}
