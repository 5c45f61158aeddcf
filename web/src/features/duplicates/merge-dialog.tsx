import { Button, Group, Modal, Radio, ScrollArea, Stack, Table, Text } from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import { notifications } from "@mantine/notifications";
import { type CompanyDto, type ContactDto, DUPLICATE_RECORDS, type DuplicateObject } from "@rapport/core";
import { useMutation, useQueries, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useSession } from "../../app/session.ts";
import { messageOf } from "../../ui/form.ts";
import { FormAlert } from "../../ui/form-alert.tsx";
import { PageLoader } from "../../ui/page.tsx";
import { accessOf } from "../../ui/record/fields.ts";
import { duplicatesApi } from "./api.ts";
import { duplicatesText } from "./text.ts";

type AnyRecord = ContactDto | CompanyDto;
type Field = { key: string; label: string; show: (r: AnyRecord) => string | null };

const text = (key: string) => (r: AnyRecord) => {
  const value = (r as unknown as Record<string, unknown>)[key];
  return value === null || value === undefined || value === "" ? null : String(value);
};

/** The fields whose surviving value the person picks; lists (emails, phones, tags…) are joined. */
const FIELDS: Record<DuplicateObject, Field[]> = {
  contact: [
    { key: "firstName", label: "First name", show: text("firstName") },
    { key: "lastName", label: "Last name", show: text("lastName") },
    { key: "jobTitle", label: "Job title", show: text("jobTitle") },
    { key: "birthday", label: "Birthday", show: text("birthday") },
    { key: "lifecycleStage", label: "Lifecycle stage", show: text("lifecycleStage") },
    { key: "leadSource", label: "Lead source", show: text("leadSource") },
    { key: "description", label: "Description", show: text("description") },
  ],
  company: [
    { key: "name", label: "Name", show: text("name") },
    { key: "industry", label: "Industry", show: text("industry") },
    { key: "employeeCount", label: "Employees", show: text("employeeCount") },
    { key: "phone", label: "Phone", show: text("phone") },
    { key: "description", label: "Description", show: text("description") },
  ],
};

const nameOf = (r: AnyRecord) => ("displayName" in r ? r.displayName : r.name);

/** The server's default: the most recently updated record with a value. */
function defaultPicks(records: AnyRecord[], fields: Field[]): Record<string, string> {
  const recent = [...records].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
  return Object.fromEntries(
    fields.map((f) => [f.key, (recent.find((r) => f.show(r) !== null) ?? recent[0]!).id]),
  );
}

/** Side by side, one column per record: which one to keep, and each field's value to keep. */
export function MergeDialog({
  object,
  ids,
  onClose,
}: {
  object: DuplicateObject;
  ids: string[];
  onClose: () => void;
}) {
  const phone = useMediaQuery("(max-width: 35.99em)") ?? false;
  const loaded = useQueries({
    queries: ids.map((id) => ({
      queryKey: ["merge-record", object, id],
      queryFn: () => duplicatesApi.record(object, id),
    })),
  });
  const records = loaded.every((q) => q.data) ? loaded.map((q) => q.data!) : null;
  const error = loaded.find((q) => q.error)?.error;
  return (
    // A phone gives the side-by-side records its whole screen.
    <Modal opened onClose={onClose} title={duplicatesText.mergeDialog.title} size="xl" fullScreen={phone}>
      {records ? (
        <MergeForm object={object} records={records} phone={phone} onClose={onClose} />
      ) : error ? (
        <FormAlert error={messageOf(error)} />
      ) : (
        <PageLoader />
      )}
    </Modal>
  );
}

function MergeForm({
  object,
  records,
  phone,
  onClose,
}: {
  object: DuplicateObject;
  records: AnyRecord[];
  phone: boolean;
  onClose: () => void;
}) {
  const t = duplicatesText.mergeDialog;
  const session = useSession();
  // A field the role may not write keeps the kept record's value (the server refuses a pick of it).
  const fields = FIELDS[object].filter(
    (f) => accessOf(session.permissions, DUPLICATE_RECORDS[object], f.key) === "write",
  );
  const keptAsIs = fields.length < FIELDS[object].length;
  const queryClient = useQueryClient();
  const [survivorId, setSurvivorId] = useState(records[0]!.id);
  const [picks, setPicks] = useState(() => defaultPicks(records, fields));
  const merge = useMutation({
    mutationFn: () =>
      duplicatesApi.merge(object, {
        survivorId,
        mergedIds: records.map((r) => r.id).filter((id) => id !== survivorId),
        values: picks,
      }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ["duplicates"] });
      void queryClient.invalidateQueries({ queryKey: ["records"] });
      notifications.show({ color: "teal", title: t.done, message: t.doneBody(records.length - 1) });
      onClose();
    },
  });

  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">
        {t.intro}
        {keptAsIs && ` ${t.keptAsIs}`}
      </Text>
      <FormAlert error={merge.error ? messageOf(merge.error) : null} />
      <ScrollArea type="auto">
        <Table
          withTableBorder
          withColumnBorders
          miw={phone ? 96 + records.length * 120 : 160 + records.length * 200}
        >
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={phone ? 96 : 140}>{t.field}</Table.Th>
              {records.map((r) => (
                <Table.Th key={r.id}>
                  <Radio
                    name="survivor"
                    label={`${t.keep}: ${nameOf(r)}`}
                    checked={survivorId === r.id}
                    onChange={() => setSurvivorId(r.id)}
                  />
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {fields.map((field) => (
              <Table.Tr key={field.key}>
                <Table.Td fw={500}>{field.label}</Table.Td>
                {records.map((r) => (
                  <Table.Td key={r.id}>
                    <Radio
                      name={`field-${field.key}`}
                      aria-label={t.valueFor(field.label, nameOf(r))}
                      label={field.show(r) ?? t.empty}
                      checked={picks[field.key] === r.id}
                      onChange={() => setPicks({ ...picks, [field.key]: r.id })}
                    />
                  </Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollArea>
      <Group justify="flex-end" gap="xs">
        <Button variant="default" onClick={onClose}>
          {t.cancel}
        </Button>
        <Button onClick={() => merge.mutate()} loading={merge.isPending}>
          {t.submit}
        </Button>
      </Group>
    </Stack>
  );
}
