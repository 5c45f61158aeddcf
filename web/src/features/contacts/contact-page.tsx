import { Anchor, Group } from "@mantine/core";
import type { ContactDto, LifecycleStage } from "@rapport/core";
import { IconUser } from "@tabler/icons-react";
import { useParams } from "@tanstack/react-router";
import { useMemo } from "react";
import { useSession } from "../../app/session.ts";
import { MemberName, RecordLink } from "../../ui/record/field-value.tsx";
import type { FieldSpec } from "../../ui/record/fields.ts";
import { RecordPage, type RecordView } from "../../ui/record/record-page.tsx";
import { RelatedList } from "../../ui/record/related.tsx";
import { PrivacyMenu } from "../privacy/privacy-menu.tsx";
import { contactRecordText as text } from "./text.ts";

/** Keeps each kept value's label; the first value is the primary one. */
const labeled = (key: "emails" | "phones") => (value: unknown, record: ContactDto | null) =>
  (value as string[])
    .map((v) => v.trim())
    .filter(Boolean)
    .map((v, i) => ({
      value: v,
      label: record?.[key].find((e) => e.value === v)?.label ?? null,
      primary: i === 0,
    }));

const primaryFirst = (values: ContactDto["emails"]) =>
  values.toSorted((a, b) => Number(b.primary) - Number(a.primary)).map((v) => v.value);

/** The built-in fields of a contact, as the field panel edits them; stages are the workspace's own. */
const contactFields = (stages: LifecycleStage[]): FieldSpec<ContactDto>[] => [
  { path: "firstName", label: text.firstName, kind: "text", read: (c) => c.firstName },
  { path: "lastName", label: text.lastName, kind: "text", read: (c) => c.lastName },
  {
    path: "emails",
    label: text.emails,
    kind: "text_list",
    read: (c) => primaryFirst(c.emails),
    write: labeled("emails"),
  },
  {
    path: "phones",
    label: text.phones,
    kind: "text_list",
    read: (c) => primaryFirst(c.phones),
    write: labeled("phones"),
  },
  { path: "jobTitle", label: text.jobTitle, kind: "text", read: (c) => c.jobTitle },
  {
    path: "companies",
    label: text.companies,
    kind: "record_links",
    target: "companies",
    // The first company is the primary one; roles are kept.
    read: (c) =>
      c.companies.toSorted((a, b) => Number(b.primary) - Number(a.primary)).map((l) => l.companyId),
    write: (value, record) =>
      (value as string[]).map((companyId, i) => ({
        companyId,
        role: record?.companies.find((l) => l.companyId === companyId)?.role ?? null,
        primary: i === 0,
      })),
  },
  {
    path: "lifecycleStage",
    label: text.lifecycleStage,
    kind: "single_select",
    options: stages.map((s) => ({ value: s.key, label: s.label })),
    read: (c) => c.lifecycleStage,
  },
  { path: "leadSource", label: text.leadSource, kind: "text", read: (c) => c.leadSource },
  { path: "ownerId", label: text.owner, kind: "user", read: (c) => c.ownerId },
  { path: "birthday", label: text.birthday, kind: "date", read: (c) => c.birthday },
  { path: "address", label: text.address, kind: "address", read: (c) => c.address },
  { path: "tags", label: text.tags, kind: "tags", read: (c) => c.tags },
  { path: "description", label: text.description, kind: "long_text", read: (c) => c.description },
];

const contactView = (stages: LifecycleStage[]): RecordView<ContactDto> => ({
  title: (c) => c.displayName,
  facts: (c) => (
    <Group gap="xs" component="span" wrap="wrap">
      {c.jobTitle && <span>{c.jobTitle}</span>}
      {c.companyId && (
        <span>
          {c.jobTitle ? `${text.at} ` : ""}
          <RecordLink object="companies" id={c.companyId} />
        </span>
      )}
      {c.email && (
        <Anchor href={`mailto:${c.email}`} size="sm">
          {c.email}
        </Anchor>
      )}
      {c.phone && (
        <Anchor href={`tel:${c.phone}`} size="sm">
          {c.phone}
        </Anchor>
      )}
      {c.ownerId && (
        <span>
          {text.ownedBy} <MemberName id={c.ownerId} />
        </span>
      )}
    </Group>
  ),
  builtIn: contactFields(stages),
  actions: (c) => <PrivacyMenu contact={c} />,
  related: (c) => (
    <>
      <RelatedList
        title={text.relatedCompanies}
        object="companies"
        filter={
          c.companies.length ? { field: "id", op: "in", value: c.companies.map((l) => l.companyId) } : null
        }
      />
      <RelatedList
        title={text.relatedDeals}
        object="deals"
        filter={{ field: "contacts.id", op: "eq", value: c.id }}
      />
    </>
  ),
});

export function ContactPage() {
  const { id } = useParams({ strict: false }) as { id: string };
  const stages = useSession().workspace.lifecycleStages;
  const view = useMemo(() => contactView(stages), [stages]);
  return <RecordPage object="contacts" id={id} noun={text.noun} icon={<IconUser size={24} />} view={view} />;
}
