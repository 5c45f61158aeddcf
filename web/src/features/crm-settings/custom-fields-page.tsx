import {
  Badge,
  Box,
  Button,
  Checkbox,
  Group,
  Modal,
  Select,
  Stack,
  Table,
  TagsInput,
  Text,
  Textarea,
  TextInput,
  VisuallyHidden,
} from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { notifications } from "@mantine/notifications";
import {
  CreateCustomFieldBody,
  CUSTOM_FIELD_OBJECTS,
  CUSTOM_FIELD_TYPES,
  type CustomFieldDto,
  type CustomFieldObject,
  type CustomFieldType,
  customFieldKey,
  SENSITIVE_FIELD_TYPES,
  UpdateCustomFieldBody,
} from "@rapport/core";
import { IconForms, IconPlus } from "@tabler/icons-react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useSession } from "../../app/session.ts";
import { EmptyState } from "../../ui/empty-state.tsx";
import { fieldErrorsOf, messageOf } from "../../ui/form.ts";
import { FormAlert } from "../../ui/form-alert.tsx";
import { QueryView } from "../../ui/query-view.tsx";
import { RowActions } from "../../ui/row-actions.tsx";
import { SectionHeader } from "../settings/section-header.tsx";
import { crmSettingsApi, customFieldsQuery } from "./api.ts";
import { zodErrors } from "./errors.ts";
import { crmSettingsText } from "./text.ts";

const text = crmSettingsText.fields;
const SELECTS: CustomFieldType[] = ["single_select", "multi_select"];

export function CustomFieldsPage() {
  const { permissions } = useSession();
  const canEdit = permissions.administer;
  const queryClient = useQueryClient();
  const [object, setObject] = useState<CustomFieldObject>("contacts");
  const fields = useQuery(customFieldsQuery(object));
  const [creating, { open, close }] = useDisclosure(false);
  const [editing, setEditing] = useState<CustomFieldDto | null>(null);

  async function remove(field: CustomFieldDto) {
    await crmSettingsApi.deleteField(object, field.id);
    notifications.show({ color: "teal", title: crmSettingsText.saved, message: text.deleted(field.label) });
    await queryClient.invalidateQueries({ queryKey: ["custom-fields", object] });
  }

  return (
    <>
      <SectionHeader
        title={crmSettingsText.sections.fields}
        description={canEdit ? text.description : `${text.description} ${crmSettingsText.readOnly}`}
        actions={
          canEdit && (
            <Button leftSection={<IconPlus size={16} />} onClick={open}>
              {text.create}
            </Button>
          )
        }
      />
      <Select
        label={text.object}
        data={CUSTOM_FIELD_OBJECTS.map((o) => ({ value: o, label: text.objects[o] }))}
        value={object}
        onChange={(value) => value && setObject(value as CustomFieldObject)}
        allowDeselect={false}
        maw={260}
        mb="md"
      />
      <QueryView
        query={fields}
        empty={
          <EmptyState
            icon={<IconForms size={32} stroke={1.5} />}
            title={text.emptyTitle}
            description={text.emptyBody}
          />
        }
      >
        {(items) => (
          <Table verticalSpacing="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{text.label}</Table.Th>
                <Table.Th>{text.type}</Table.Th>
                <Table.Th visibleFrom="sm">{text.flags}</Table.Th>
                {canEdit && (
                  <Table.Th>
                    <VisuallyHidden>{crmSettingsText.actions}</VisuallyHidden>
                  </Table.Th>
                )}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((field) => (
                <Table.Tr key={field.id}>
                  <Table.Td>
                    <Text size="sm" fw={500}>
                      {field.label}
                    </Text>
                    <Text size="xs" c="dimmed" ff="monospace">
                      {field.key}
                    </Text>
                    <Box hiddenFrom="sm" mt={4}>
                      <Flags field={field} />
                    </Box>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{text.types[field.type]}</Text>
                    {field.options.length > 0 && (
                      <Text size="xs" c="dimmed" lineClamp={1}>
                        {field.options.map((o) => o.label).join(", ")}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td visibleFrom="sm">
                    <Flags field={field} />
                  </Table.Td>
                  {canEdit && (
                    <Table.Td ta="right">
                      <RowActions
                        editLabel={text.editLabel(field.label)}
                        onEdit={() => setEditing(field)}
                        deleteLabel={text.deleteLabel(field.label)}
                        deleteTitle={text.deleteTitle}
                        deleteMessage={text.deleteMessage(field.label)}
                        onDelete={() => remove(field)}
                      />
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </QueryView>
      <FieldModal
        key={`new-${object}-${creating}`}
        object={object}
        opened={creating}
        onClose={close}
        field={null}
      />
      <FieldModal
        key={editing?.id ?? "none"}
        object={object}
        opened={editing !== null}
        onClose={() => setEditing(null)}
        field={editing}
      />
    </>
  );
}

function Flags({ field }: { field: CustomFieldDto }) {
  if (!field.required && !field.unique && !field.sensitive) return null;
  return (
    <Group gap={4}>
      {field.required && <Badge variant="light">{text.required}</Badge>}
      {field.unique && (
        <Badge variant="light" color="grape">
          {text.unique}
        </Badge>
      )}
      {field.sensitive && (
        <Badge variant="light" color="red">
          {text.sensitive}
        </Badge>
      )}
    </Group>
  );
}

type Values = {
  label: string;
  key: string;
  type: CustomFieldType;
  options: string[];
  required: boolean;
  unique: boolean;
  sensitive: boolean;
  currency: string;
  target: string | null;
  description: string;
};

const optionValue = (label: string) => customFieldKey(label);

function FieldModal({
  object,
  opened,
  onClose,
  field,
}: {
  object: CustomFieldObject;
  opened: boolean;
  onClose: () => void;
  field: CustomFieldDto | null;
}) {
  const queryClient = useQueryClient();
  const [values, setValues] = useState<Values>(() => ({
    label: field?.label ?? "",
    key: field?.key ?? "",
    type: field?.type ?? "text",
    options: field?.options.map((o) => o.label) ?? [],
    required: field?.required ?? false,
    unique: field?.unique ?? false,
    sensitive: field?.sensitive ?? false,
    currency: field?.currency ?? "",
    target: field?.target ?? null,
    description: field?.description ?? "",
  }));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (change: Partial<Values>) => {
    setValues((v) => ({ ...v, ...change }));
    // An edited field's error is out of date.
    setErrors((current) =>
      Object.fromEntries(
        Object.entries(current).filter(([path]) => !Object.keys(change).some((k) => path.startsWith(k))),
      ),
    );
  };
  const keepOptionValues = new Map(field?.options.map((o) => [o.label, o.value]));
  const options = values.options.map((label) => ({
    value: keepOptionValues.get(label) ?? optionValue(label),
    label,
  }));
  const hasOptions = SELECTS.includes(values.type);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const description = values.description.trim() || null;
    const body = field
      ? {
          label: values.label,
          required: values.required,
          unique: values.unique,
          ...(values.sensitive && !field.sensitive ? { sensitive: true as const } : {}),
          description,
          ...(hasOptions ? { options } : {}),
        }
      : {
          label: values.label,
          ...(values.key.trim() ? { key: values.key.trim() } : {}),
          type: values.type,
          required: values.required,
          unique: values.unique,
          sensitive: values.sensitive && SENSITIVE_FIELD_TYPES.includes(values.type),
          options: hasOptions ? options : [],
          ...(values.type === "currency" && values.currency.trim()
            ? { currency: values.currency.trim().toUpperCase() }
            : {}),
          ...(values.type === "record_link" && values.target
            ? { target: values.target as CustomFieldObject }
            : {}),
          description,
        };
    const local = zodErrors((field ? UpdateCustomFieldBody : CreateCustomFieldBody).safeParse(body));
    setErrors(local);
    setError(null);
    if (Object.keys(local).length > 0) return;
    setBusy(true);
    try {
      if (field) {
        await crmSettingsApi.updateField(
          object,
          field.id,
          body as Parameters<typeof crmSettingsApi.updateField>[2],
        );
        notifications.show({
          color: "teal",
          title: crmSettingsText.saved,
          message: text.saved(values.label),
        });
      } else {
        await crmSettingsApi.createField(object, body as CreateCustomFieldBody);
        notifications.show({
          color: "teal",
          title: crmSettingsText.saved,
          message: text.created(values.label),
        });
      }
      await queryClient.invalidateQueries({ queryKey: ["custom-fields", object] });
      onClose();
    } catch (cause) {
      const beside = fieldErrorsOf(cause) as Record<string, string>;
      setErrors(beside);
      // Errors about fields are shown beside them; the alert is for the rest.
      setError(Object.keys(beside).length > 0 ? null : messageOf(cause));
    } finally {
      setBusy(false);
    }
  }

  const optionsError = Object.entries(errors).find(([path]) => path.startsWith("options"))?.[1];
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={field ? text.editTitle(field.label) : `${text.createTitle} · ${text.objects[object]}`}
      centered
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <TextInput
            label={text.label}
            value={values.label}
            onChange={(e) => set({ label: e.currentTarget.value })}
            error={errors.label}
            required
            data-autofocus
          />
          {!field && (
            <TextInput
              label={text.key}
              description={text.keyHint}
              placeholder={values.label ? customFieldKey(values.label) : undefined}
              value={values.key}
              onChange={(e) => set({ key: e.currentTarget.value })}
              error={errors.key}
              styles={{ input: { fontFamily: "var(--mantine-font-family-monospace)" } }}
            />
          )}
          <Select
            label={text.type}
            data={CUSTOM_FIELD_TYPES.map((t) => ({ value: t, label: text.types[t] }))}
            value={values.type}
            onChange={(type) => type && set({ type: type as CustomFieldType })}
            error={errors.type}
            disabled={field !== null}
            allowDeselect={false}
          />
          {hasOptions && (
            <TagsInput
              label={text.options}
              description={text.optionsHint}
              value={values.options}
              onChange={(labels) => set({ options: labels })}
              error={optionsError}
              clearable
            />
          )}
          {!field && values.type === "currency" && (
            <TextInput
              label={text.currency}
              description={text.currencyHint}
              value={values.currency}
              onChange={(e) => set({ currency: e.currentTarget.value })}
              error={errors.currency}
              maxLength={3}
              w={120}
            />
          )}
          {!field && values.type === "record_link" && (
            <Select
              label={text.target}
              data={(["contacts", "companies"] as const).map((o) => ({ value: o, label: text.objects[o] }))}
              value={values.target}
              onChange={(target) => set({ target })}
              error={errors.target}
            />
          )}
          <Textarea
            label={text.description_}
            value={values.description}
            onChange={(e) => set({ description: e.currentTarget.value })}
            error={errors.description}
            autosize
            minRows={1}
          />
          <Checkbox
            label={text.required}
            description={text.requiredHint}
            checked={values.required}
            onChange={(e) => set({ required: e.currentTarget.checked })}
            error={errors.required}
          />
          <Checkbox
            label={text.unique}
            description={text.uniqueHint}
            checked={values.unique}
            onChange={(e) => set({ unique: e.currentTarget.checked })}
            error={errors.unique}
          />
          {!field?.sensitive && SENSITIVE_FIELD_TYPES.includes(values.type) && (
            <Checkbox
              label={text.sensitive}
              description={text.sensitiveHint}
              checked={values.sensitive}
              onChange={(e) => set({ sensitive: e.currentTarget.checked })}
              error={errors.sensitive}
            />
          )}
          <FormAlert error={error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {crmSettingsText.cancel}
            </Button>
            <Button type="submit" loading={busy}>
              {field ? crmSettingsText.save : text.create}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
