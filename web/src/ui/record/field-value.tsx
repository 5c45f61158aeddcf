import { Anchor, Badge, Group, Text } from "@mantine/core";
import type { CustomFieldObject } from "@rapport/core";
import { useQuery } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import type { ReactNode } from "react";
import { api } from "../../app/api.ts";
import { formatDateTime, formatDay, formatMoney, formatNumber } from "../format.ts";
import { pipelinesQuery, teamQuery } from "./api.ts";
import { ADDRESS_PARTS, bodyValue, type FieldSpec, yesNo } from "./fields.ts";
import { recordName } from "./record-names.ts";
import { recordText } from "./text.ts";

const dimmed = (
  <Text span c="dimmed">
    {recordText.empty}
  </Text>
);

/** A field's value as text to read, from its form value. */
export function FieldValue({ field, value }: { field: FieldSpec<never>; value: unknown }): ReactNode {
  // A field with its own body shape (emails with labels) is shown from its form value.
  const stored = field.write ? value : bodyValue(field, value);
  if (
    stored === null ||
    stored === undefined ||
    stored === "" ||
    (Array.isArray(stored) && stored.length === 0)
  ) {
    return field.kind === "boolean" ? yesNo(false) : dimmed;
  }
  switch (field.kind) {
    case "number":
      return formatNumber(stored as number);
    case "currency":
      return field.currency ? formatMoney(stored as number, field.currency) : formatNumber(stored as number);
    case "date":
      return formatDay(stored as string);
    case "datetime":
      return formatDateTime(stored as string);
    case "boolean":
      return yesNo(Boolean(stored));
    case "single_select":
      return field.options?.find((o) => o.value === stored)?.label ?? String(stored);
    case "multi_select":
      return (
        <Group gap={4}>
          {(stored as string[]).map((v) => (
            <Badge key={v} variant="light" tt="none">
              {field.options?.find((o) => o.value === v)?.label ?? v}
            </Badge>
          ))}
        </Group>
      );
    case "tags":
      return (
        <Group gap={4}>
          {(stored as string[]).map((v) => (
            <Badge key={v} variant="outline" color="gray" tt="none">
              {v}
            </Badge>
          ))}
        </Group>
      );
    case "url":
      return (
        <Anchor
          href={stored as string}
          target="_blank"
          rel="noopener noreferrer"
          style={{ wordBreak: "break-all" }}
        >
          {stored as string}
        </Anchor>
      );
    case "email":
      return <Anchor href={`mailto:${stored}`}>{stored as string}</Anchor>;
    case "phone":
      return <Anchor href={`tel:${stored}`}>{stored as string}</Anchor>;
    case "text_list":
      return (
        <div>
          {(stored as string[]).map((v) => (
            <div key={v}>
              {field.path === "emails" ? (
                <Anchor href={`mailto:${v}`}>{v}</Anchor>
              ) : field.path === "phones" ? (
                <Anchor href={`tel:${v}`}>{v}</Anchor>
              ) : (
                v
              )}
            </div>
          ))}
        </div>
      );
    case "address": {
      const address = stored as Record<string, string | null>;
      return ADDRESS_PARTS.map((p) => address[p])
        .filter(Boolean)
        .join(", ");
    }
    case "user":
      return <MemberName id={stored as string} />;
    case "record_link":
      return field.target ? <RecordLink object={field.target} id={stored as string} /> : String(stored);
    case "record_links":
      return field.target ? (
        <div>
          {(stored as string[]).map((id) => (
            <div key={id}>
              <RecordLink object={field.target!} id={id} />
            </div>
          ))}
        </div>
      ) : null;
    case "stage":
      return <StageName id={stored as string} />;
    default:
      return <span style={{ whiteSpace: "pre-wrap" }}>{String(stored)}</span>;
  }
}

export function MemberName({ id }: { id: string | null }) {
  const team = useQuery(teamQuery);
  if (!id) return dimmed;
  return <>{team.data?.find((m) => m.userId === id)?.name ?? recordText.conflict.someone}</>;
}

export function StageName({ id }: { id: string }) {
  const pipelines = useQuery(pipelinesQuery);
  const stage = pipelines.data?.flatMap((p) => p.stages).find((s) => s.id === id);
  return <>{stage?.name ?? "…"}</>;
}

/** A linked record's name, linking to its page when it has one. */
export function RecordLink({ object, id }: { object: CustomFieldObject; id: string }) {
  const record = useQuery({
    queryKey: ["record", object, id],
    queryFn: () => api<Parameters<typeof recordName>[0]>("GET", `/${object}/${id}`),
    staleTime: 60_000,
  });
  const name = record.data ? recordName(record.data) : "…";
  return (
    <RecordAnchor object={object} id={id}>
      {name}
    </RecordAnchor>
  );
}

/** A link to a record's page; plain text for objects without one. */
export function RecordAnchor({
  object,
  id,
  children,
}: {
  object: CustomFieldObject;
  id: string;
  children: ReactNode;
}) {
  switch (object) {
    case "contacts":
      return (
        <Anchor renderRoot={(props) => <Link to="/contacts/$id" params={{ id }} {...props} />}>
          {children}
        </Anchor>
      );
    case "companies":
      return (
        <Anchor renderRoot={(props) => <Link to="/companies/$id" params={{ id }} {...props} />}>
          {children}
        </Anchor>
      );
    case "deals":
      return (
        <Anchor renderRoot={(props) => <Link to="/deals/$id" params={{ id }} {...props} />}>
          {children}
        </Anchor>
      );
    default:
      return <>{children}</>;
  }
}
