import "@mantine/dates/styles.css";
import {
  ActionIcon,
  Checkbox,
  Group,
  MultiSelect,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  TagsInput,
  Text,
  Textarea,
  TextInput,
} from "@mantine/core";
import { DateInput, DateTimePicker } from "@mantine/dates";
import type { UseFormReturnType } from "@mantine/form";
import { IconPlus, IconX } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import dayjs from "dayjs";
import { useEffect } from "react";
import { pipelinesQuery, tagsQuery, teamQuery } from "./api.ts";
import { ADDRESS_PARTS, type FieldSpec } from "./fields.ts";
import { RecordMultiSelect, RecordSelect } from "./record-select.tsx";
import { recordText } from "./text.ts";

export type RecordForm = UseFormReturnType<Record<string, unknown>>;

/** The input of one field, bound to the form at the field's path; API errors show beneath it. */
export function FieldInput({ field, form }: { field: FieldSpec<never>; form: RecordForm }) {
  const props = form.getInputProps(field.path);
  const common = {
    label: field.label,
    description: field.description,
    required: field.required,
    error: props.error as string | undefined,
  };
  const value = props.value as unknown;
  const set = (next: unknown) => form.setFieldValue(field.path, next as never);

  switch (field.kind) {
    case "text":
      return <TextInput {...common} value={value as string} onChange={(e) => set(e.currentTarget.value)} />;
    case "long_text":
      return (
        <Textarea
          {...common}
          autosize
          minRows={2}
          maxRows={10}
          value={value as string}
          onChange={(e) => set(e.currentTarget.value)}
        />
      );
    case "url":
    case "email":
    case "phone":
      return (
        <TextInput
          {...common}
          type={field.kind === "phone" ? "tel" : field.kind}
          value={value as string}
          onChange={(e) => set(e.currentTarget.value)}
        />
      );
    case "number":
      return <NumberInput {...common} value={value as number | string} onChange={set} />;
    case "currency":
      return (
        <NumberInput
          {...common}
          value={value as number | string}
          onChange={set}
          decimalScale={2}
          thousandSeparator
          rightSection={
            field.currency ? (
              <Text size="xs" c="dimmed">
                {field.currency}
              </Text>
            ) : undefined
          }
          rightSectionWidth={48}
        />
      );
    case "date":
      return (
        <DateInput
          {...common}
          value={value as string | null}
          onChange={set}
          clearable
          valueFormat="D MMM YYYY"
        />
      );
    case "datetime":
      return (
        <DateTimePicker
          {...common}
          value={value ? dayjs(value as string).format("YYYY-MM-DD HH:mm:ss") : null}
          onChange={(next) => set(next ? dayjs(next).toISOString() : null)}
          clearable
          valueFormat="D MMM YYYY HH:mm"
        />
      );
    case "boolean":
      return (
        <Checkbox
          label={field.label}
          description={field.description}
          error={common.error}
          checked={Boolean(value)}
          onChange={(e) => set(e.currentTarget.checked)}
          mt="xs"
        />
      );
    case "single_select":
      return (
        <Select
          {...common}
          data={field.options ?? []}
          value={value as string | null}
          onChange={set}
          clearable
          searchable
        />
      );
    case "multi_select":
      return (
        <MultiSelect
          {...common}
          data={field.options ?? []}
          value={value as string[]}
          onChange={set}
          clearable
          searchable
        />
      );
    case "user":
      return <UserSelect {...common} value={value as string | null} onChange={set} />;
    case "record_link":
      return field.target ? (
        <RecordSelect {...common} object={field.target} value={value as string | null} onChange={set} />
      ) : null;
    case "record_links":
      return field.target ? (
        <RecordMultiSelect {...common} object={field.target} value={value as string[]} onChange={set} />
      ) : null;
    case "tags":
      return <TagsField {...common} value={value as string[]} onChange={set} />;
    case "text_list":
      return <TextListInput field={field} form={form} />;
    case "address":
      return <AddressInput field={field} form={form} />;
    case "stage":
      return <StageSelect {...common} form={form} value={value as string | null} onChange={set} />;
  }
}

type Common = { label: string; description?: string; required?: boolean; error?: string };

export function UserSelect({
  value,
  onChange,
  ...common
}: Common & { value: string | null; onChange: (value: string | null) => void }) {
  const team = useQuery(teamQuery);
  const data = (team.data ?? []).map((m) => ({ value: m.userId, label: m.name }));
  return <Select {...common} data={data} value={value} onChange={onChange} clearable searchable />;
}

function TagsField({
  value,
  onChange,
  ...common
}: Common & { value: string[]; onChange: (value: string[]) => void }) {
  const tags = useQuery(tagsQuery);
  return (
    <TagsInput
      {...common}
      data={(tags.data ?? []).map((t) => t.name)}
      value={value}
      onChange={onChange}
      clearable
    />
  );
}

/** The stage select of a deal, offering the stages of the pipeline chosen in the same form. */
function StageSelect({
  form,
  value,
  onChange,
  ...common
}: Common & { form: RecordForm; value: string | null; onChange: (value: string | null) => void }) {
  const pipelines = useQuery(pipelinesQuery);
  const pipelineId = form.getValues().pipelineId as string | null;
  const pipeline = pipelines.data?.find((p) => p.id === pipelineId);
  const data = (pipeline?.stages ?? []).map((s) => ({ value: s.id, label: s.name }));
  // Another pipeline was chosen: start at its first open stage.
  const first = pipeline?.stages.find((s) => s.kind === "open")?.id ?? null;
  const outside = Boolean(pipeline) && !data.some((d) => d.value === value);
  useEffect(() => {
    if (outside) onChange(first);
  }, [outside, first, onChange]);
  return <Select {...common} data={data} value={value} onChange={onChange} allowDeselect={false} />;
}

/** Several values of one kind (emails, phones, domains), the first being the primary one. */
function TextListInput({ field, form }: { field: FieldSpec<never>; form: RecordForm }) {
  const values = (form.getInputProps(field.path).value as string[]) ?? [];
  const rows = values.length ? values : [""];
  const type = field.path === "emails" ? "email" : field.path === "phones" ? "tel" : "text";
  const update = (next: string[]) => form.setFieldValue(field.path, next as never);
  return (
    <Stack gap={4}>
      {rows.map((item, index) => (
        // Rows have no identity but their position; editing never reorders them.
        // biome-ignore lint/suspicious/noArrayIndexKey: see above
        <Group key={index} gap={4} wrap="nowrap" align="flex-start">
          <TextInput
            flex={1}
            type={type}
            label={index === 0 ? field.label : undefined}
            aria-label={index === 0 ? undefined : `${field.label} ${index + 1}`}
            value={item}
            error={
              (form.errors[`${field.path}.${index}.value`] ?? form.errors[`${field.path}.${index}`]) as
                | string
                | undefined
            }
            onChange={(e) => update(rows.map((v, i) => (i === index ? e.currentTarget.value : v)))}
          />
          {rows.length > 1 && (
            <ActionIcon
              variant="subtle"
              color="gray"
              mt={index === 0 ? 26 : 4}
              size="lg"
              aria-label={recordText.remove(`${field.label} ${index + 1}`)}
              onClick={() => update(rows.filter((_, i) => i !== index))}
            >
              <IconX size={16} />
            </ActionIcon>
          )}
        </Group>
      ))}
      {form.errors[field.path] && (
        <Text size="xs" c="red.8">
          {form.errors[field.path]}
        </Text>
      )}
      <Group>
        <ActionIcon
          variant="subtle"
          size="sm"
          aria-label={recordText.addAnother(field.label.toLowerCase())}
          onClick={() => update([...rows, ""])}
        >
          <IconPlus size={14} />
        </ActionIcon>
      </Group>
    </Stack>
  );
}

function AddressInput({ field, form }: { field: FieldSpec<never>; form: RecordForm }) {
  return (
    <Stack gap={4}>
      <Text size="sm" fw={500}>
        {field.label}
      </Text>
      <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="xs" verticalSpacing={4}>
        {ADDRESS_PARTS.map((part) => (
          <TextInput
            key={part}
            size="sm"
            label={recordText.address[part]}
            {...form.getInputProps(`${field.path}.${part}`)}
          />
        ))}
      </SimpleGrid>
      {form.errors[field.path] && (
        <Text size="xs" c="red.8">
          {form.errors[field.path]}
        </Text>
      )}
    </Stack>
  );
}
