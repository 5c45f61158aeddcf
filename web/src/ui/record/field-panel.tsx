import { Alert, Box, Button, Group, Paper, Stack, Table, Text, Title } from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import { can } from "@rapport/core";
import { IconAlertTriangle, IconPencil } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Fragment, useState } from "react";
import { ApiError } from "../../app/api.ts";
import { useSession } from "../../app/session.ts";
import { fieldErrorsOf, messageOf } from "../form.ts";
import { FormAlert } from "../form-alert.tsx";
import { type RecordDtoOf, type RecordObject, recordApi, recordQuery, refreshRecordViews } from "./api.ts";
import { FieldInput } from "./field-input.tsx";
import { FieldValue, MemberName } from "./field-value.tsx";
import {
  accessOf,
  bodyOf,
  bodyValue,
  changedFields,
  errorsBeside,
  type FieldSpec,
  formValuesOf,
  getPath,
} from "./fields.ts";
import { recordText } from "./text.ts";

export type FieldSection<R> = { title: string; fields: FieldSpec<R>[] };

type Conflict<R> = {
  fresh: R;
  /** The fields the other user changed since the version this edit started from. */
  theirs: FieldSpec<R>[];
  /** The fields this user changed. */
  mine: FieldSpec<R>[];
};

/**
 * The record's fields, read and edited in place. A save sends only the changed fields with the
 * version it started from (If-Match); when someone else saved in between, the server answers 412
 * and the panel shows their values and lets the user reload or apply their own changes on top.
 */
export function FieldPanel<O extends RecordObject>({
  object,
  record,
  sections: allSections,
  noun,
}: {
  object: O;
  record: RecordDtoOf[O];
  sections: FieldSection<RecordDtoOf[O]>[];
  noun: string;
}) {
  type R = RecordDtoOf[O];
  const session = useSession();
  const canEdit = can(session.permissions, object, "update");
  const queryClient = useQueryClient();
  // Fields the role hides are not shown at all; read-only ones are shown but never edited or sent.
  const access = (field: FieldSpec<R>) => accessOf(session.permissions, object, field.path);
  const sections = allSections.map((s) => ({ ...s, fields: s.fields.filter((f) => access(f) !== "hidden") }));
  const fields = sections.flatMap((s) => s.fields).filter((f) => access(f) === "write");
  const [editing, setEditing] = useState(false);
  const [base, setBase] = useState<R>(record);
  const [conflict, setConflict] = useState<Conflict<R> | null>(null);
  const form = useForm<Record<string, unknown>>({ initialValues: formValuesOf(fields, record) });

  const save = useMutation({
    mutationFn: ({ from, values }: { from: R; values: Record<string, unknown> }) => {
      const changed = changedFields(fields, formValuesOf(fields, from), values);
      return recordApi.update(object, record.id, from.version, bodyOf(changed, values, from));
    },
    onSuccess: async (updated) => {
      queryClient.setQueryData(recordQuery(object, record.id).queryKey, updated);
      setEditing(false);
      setConflict(null);
      notifications.show({ color: "teal", title: recordText.saved, message: null });
      await refreshRecordViews(queryClient);
    },
    onError: async (error, { from, values }) => {
      if (error instanceof ApiError && error.status === 412) {
        const fresh = await queryClient.fetchQuery({ ...recordQuery(object, record.id), staleTime: 0 });
        setConflict({
          fresh,
          theirs: changedFields(fields, formValuesOf(fields, from), formValuesOf(fields, fresh)),
          mine: changedFields(fields, formValuesOf(fields, from), values),
        });
        return;
      }
      form.setErrors(errorsBeside(fields, fieldErrorsOf(error)));
    },
  });

  function startEditing() {
    setBase(record);
    setConflict(null);
    save.reset();
    form.setValues(formValuesOf(fields, record));
    form.resetDirty();
    form.clearErrors();
    setEditing(true);
  }

  function submit(values: Record<string, unknown>) {
    if (changedFields(fields, formValuesOf(fields, base), values).length === 0) {
      setEditing(false);
      return;
    }
    save.mutate({ from: base, values });
  }

  function reload(fresh: R) {
    setConflict(null);
    setEditing(false);
    save.reset();
    setBase(fresh);
    form.setValues(formValuesOf(fields, fresh));
  }

  function reapply({ fresh, mine }: Conflict<R>) {
    const values = formValuesOf(fields, fresh);
    for (const field of mine) {
      const path = field.path.split(".");
      let target = values;
      for (const key of path.slice(0, -1)) target = target[key] as Record<string, unknown>;
      target[path.at(-1)!] = getPath(form.getValues(), field.path);
    }
    setBase(fresh);
    setConflict(null);
    form.setValues(values);
    save.mutate({ from: fresh, values });
  }

  // Field errors show beside their fields; the alert is for the rest.
  const errorMessage =
    save.error &&
    !(save.error instanceof ApiError && save.error.status === 412) &&
    Object.keys(fieldErrorsOf(save.error)).length === 0;

  return (
    <Paper withBorder radius="md" p="md">
      <Group justify="space-between" mb="sm" wrap="nowrap">
        <Title order={2} fz="md">
          {recordText.details}
        </Title>
        {canEdit && !editing && (
          <Button
            variant="subtle"
            size="compact-sm"
            leftSection={<IconPencil size={14} />}
            onClick={startEditing}
            aria-label={recordText.editFields(noun)}
          >
            {recordText.edit}
          </Button>
        )}
      </Group>

      {editing ? (
        <form onSubmit={form.onSubmit(submit)} noValidate>
          <Stack gap="sm">
            {conflict && (
              <ConflictAlert
                conflict={conflict}
                fields={fields}
                mineValues={form.getValues()}
                onReload={() => reload(conflict.fresh)}
                onReapply={() => reapply(conflict)}
                busy={save.isPending}
              />
            )}
            <FormAlert error={errorMessage ? messageOf(save.error) : null} />
            {sections.map((section) => (
              <Fragment key={section.title}>
                {sections.length > 1 && section.fields.length > 0 && (
                  <Text size="xs" fw={700} c="dimmed" tt="uppercase" mt="xs">
                    {section.title}
                  </Text>
                )}
                {section.fields.map((field) =>
                  access(field) === "read_only" ? (
                    <ReadOnlyField key={field.path} field={field} record={base} />
                  ) : (
                    <FieldInput
                      key={field.path}
                      field={
                        (field.currencyOf
                          ? {
                              ...field,
                              currency: String(form.getValues().currency ?? field.currencyOf(base)),
                            }
                          : field) as FieldSpec<never>
                      }
                      form={form}
                    />
                  ),
                )}
              </Fragment>
            ))}
            <Group justify="flex-end" gap="xs" mt="xs">
              <Button variant="default" onClick={() => reload(record)} disabled={save.isPending}>
                {recordText.cancel}
              </Button>
              <Button type="submit" loading={save.isPending} disabled={Boolean(conflict)}>
                {recordText.save}
              </Button>
            </Group>
          </Stack>
        </form>
      ) : (
        <ReadFields record={record} sections={sections} />
      )}
    </Paper>
  );
}

/** A field the role may read but not change, shown in the edit form as it is. */
function ReadOnlyField<R>({ field, record }: { field: FieldSpec<R>; record: R }) {
  const values = formValuesOf([field], record);
  return (
    <Box>
      <Text size="sm" fw={500}>
        {field.label}
      </Text>
      <Box fz="sm" style={{ overflowWrap: "anywhere" }}>
        <FieldValue
          field={
            (field.currencyOf ? { ...field, currency: field.currencyOf(record) } : field) as FieldSpec<never>
          }
          value={getPath(values, field.path)}
        />
      </Box>
      <Text size="xs" c="dimmed">
        {recordText.readOnlyField}
      </Text>
    </Box>
  );
}

const isBlank = (value: unknown) =>
  value === null || value === undefined || value === "" || (Array.isArray(value) && value.length === 0);

/** The fields with a value; the empty ones behind a toggle so the page starts with what is known. */
function ReadFields<R>({ record, sections }: { record: R; sections: FieldSection<R>[] }) {
  const [showEmpty, setShowEmpty] = useState(false);
  const values = formValuesOf(
    sections.flatMap((s) => s.fields),
    record,
  );
  const filled = (field: FieldSpec<R>) => !isBlank(bodyValue(field, getPath(values, field.path), record));
  const emptyCount = sections.flatMap((s) => s.fields).filter((f) => !filled(f)).length;
  return (
    <Stack gap="sm">
      {sections.map((section) => {
        const shown = section.fields.filter((f) => showEmpty || filled(f));
        if (shown.length === 0) return null;
        return (
          <Fragment key={section.title}>
            {sections.length > 1 && (
              <Text size="xs" fw={700} c="dimmed" tt="uppercase" mt="xs">
                {section.title}
              </Text>
            )}
            {shown.map((field) => (
              <Box key={field.path}>
                <Text size="xs" c="dimmed">
                  {field.label}
                </Text>
                <Box fz="sm" style={{ overflowWrap: "anywhere" }}>
                  <FieldValue
                    field={
                      (field.currencyOf
                        ? { ...field, currency: field.currencyOf(record) }
                        : field) as FieldSpec<never>
                    }
                    value={getPath(values, field.path)}
                  />
                </Box>
              </Box>
            ))}
          </Fragment>
        );
      })}
      {emptyCount > 0 && (
        <Button
          variant="subtle"
          size="compact-sm"
          color="gray"
          onClick={() => setShowEmpty((v) => !v)}
          style={{ alignSelf: "flex-start" }}
          aria-expanded={showEmpty}
        >
          {showEmpty ? recordText.hideEmpty : recordText.showEmpty(emptyCount)}
        </Button>
      )}
    </Stack>
  );
}

const wrapLabel = { label: { whiteSpace: "normal" as const, textAlign: "left" as const } };

function ConflictAlert<R extends { updatedBy: string | null }>({
  conflict,
  fields,
  mineValues,
  onReload,
  onReapply,
  busy,
}: {
  conflict: Conflict<R>;
  fields: FieldSpec<R>[];
  mineValues: Record<string, unknown>;
  onReload: () => void;
  onReapply: () => void;
  busy: boolean;
}) {
  const freshValues = formValuesOf(fields, conflict.fresh);
  const overlap = conflict.theirs.some((f) => conflict.mine.includes(f));
  return (
    <Alert
      color="orange"
      icon={<IconAlertTriangle size={18} />}
      title={recordText.conflict.title}
      role="alert"
    >
      <Stack gap="xs">
        <Text size="sm">
          {recordText.conflict.savedBy}{" "}
          {conflict.fresh.updatedBy ? (
            <MemberName id={conflict.fresh.updatedBy} />
          ) : (
            recordText.conflict.someone
          )}
          . {conflict.theirs.length > 0 && recordText.conflict.theirValues}
        </Text>
        {conflict.theirs.length > 0 && (
          <Table fz="sm" withRowBorders={false} verticalSpacing={2} horizontalSpacing={4}>
            <Table.Tbody>
              {conflict.theirs.map((field) => (
                <Table.Tr key={field.path}>
                  <Table.Th fw={600} style={{ verticalAlign: "top" }}>
                    {field.label}
                  </Table.Th>
                  <Table.Td>
                    <FieldValue field={field as FieldSpec<never>} value={getPath(freshValues, field.path)} />
                    {conflict.mine.includes(field) && (
                      <Text size="xs" c="dimmed">
                        {recordText.conflict.yours}:{" "}
                        <FieldValue
                          field={field as FieldSpec<never>}
                          value={getPath(mineValues, field.path)}
                        />
                      </Text>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        {!overlap && (
          <Text size="xs" c="dimmed">
            {recordText.conflict.unchangedByThem}
          </Text>
        )}
        <Group gap="xs">
          <Button
            size="xs"
            variant="default"
            onClick={onReload}
            disabled={busy}
            h="auto"
            py={6}
            styles={wrapLabel}
          >
            {recordText.conflict.reload}
          </Button>
          <Button
            size="xs"
            color="orange"
            onClick={onReapply}
            loading={busy}
            h="auto"
            py={6}
            styles={wrapLabel}
          >
            {recordText.conflict.reapply}
          </Button>
        </Group>
      </Stack>
    </Alert>
  );
}
