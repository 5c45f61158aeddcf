import {
  ActionIcon,
  Button,
  Group,
  MultiSelect,
  NumberInput,
  Paper,
  Select,
  Stack,
  TagsInput,
  Text,
  TextInput,
} from "@mantine/core";
import { type FieldSpec, type FilterOperator, fieldResolverFromMap, validateFilter } from "@rapport/core";
import { IconPlus, IconTrash } from "@tabler/icons-react";
import { useMemo } from "react";
import {
  type BuilderField,
  blankValue,
  type DraftCondition,
  type DraftFilter,
  type DraftGroup,
  type DraftValue,
  draftId,
  isGroup,
  ME,
  newCondition,
  operatorsFor,
  RELATIVE_DAY_COUNTS,
  RELATIVE_PERIODS,
  type RelativeKind,
  takesRelative,
  toFilter,
  withOperator,
} from "./model.ts";
import { filterText } from "./text.ts";

export type UserOption = { value: string; label: string };

type Props = {
  fields: readonly BuilderField[];
  value: DraftFilter;
  onChange: (draft: DraftFilter) => void;
  /** Workspace members for user fields (owner, assignee); "Me" is always offered. */
  users: readonly UserOption[];
  fieldLabel: (path: string) => string;
};

/** Problems of each condition, by condition id, checked with the same rules as the server. */
export function conditionIssues(draft: DraftFilter, fields: readonly BuilderField[]): Map<string, string> {
  const resolver = fieldResolverFromMap(Object.fromEntries(fields.map((f) => [f.path, f])));
  const issues = new Map<string, string>();
  const check = (c: DraftCondition) => {
    const filter = toFilter({ join: "and", items: [c] }, resolver);
    const [issue] = filter ? validateFilter(filter, resolver) : [];
    if (issue) issues.set(c.id, issue.message.replace(/ at and\[0\](\.\w+)?(\[\d+\])?/, ""));
  };
  for (const item of draft.items) {
    if (isGroup(item)) item.items.forEach(check);
    else check(item);
  }
  return issues;
}

/**
 * Builds a filter in the shared filter language: conditions on any field the object offers
 * (relations such as `company.industry`, custom fields), every operator the field's type takes,
 * relative dates, "me", and one level of and/or groups.
 */
export function FilterBuilder({ fields, value, onChange, users, fieldLabel }: Props) {
  const byPath = useMemo(() => new Map(fields.map((f) => [f.path, f])), [fields]);
  const issues = useMemo(() => conditionIssues(value, fields), [value, fields]);
  const fieldData = useMemo(
    () => fields.map((f) => ({ value: f.path, label: fieldLabel(f.path) })),
    [fields, fieldLabel],
  );
  const first = fields[0];

  const setItem = (id: string, next: DraftCondition | DraftGroup | null) =>
    onChange({
      ...value,
      items: value.items.flatMap((item) => (item.id === id ? (next ? [next] : []) : [item])),
    });

  return (
    <Stack gap="sm">
      <Group gap="xs">
        <JoinSelect
          label={filterText.match}
          join={value.join}
          onChange={(join) => onChange({ ...value, join })}
        />
      </Group>
      {value.items.length === 0 && (
        <Text size="sm" c="dimmed">
          {filterText.empty}
        </Text>
      )}
      {value.items.map((item) =>
        isGroup(item) ? (
          <Paper key={item.id} withBorder p="xs" radius="md" data-testid="filter-group">
            <Stack gap="xs">
              <Group justify="space-between" gap="xs">
                <JoinSelect
                  label={filterText.groupMatch}
                  join={item.join}
                  onChange={(join) => setItem(item.id, { ...item, join })}
                />
                <ActionIcon
                  variant="subtle"
                  color="gray"
                  aria-label={filterText.removeGroup}
                  onClick={() => setItem(item.id, null)}
                >
                  <IconTrash size={16} />
                </ActionIcon>
              </Group>
              {item.items.map((c) => (
                <ConditionRow
                  key={c.id}
                  condition={c}
                  spec={byPath.get(c.field)}
                  fieldData={fieldData}
                  byPath={byPath}
                  users={users}
                  issue={issues.get(c.id)}
                  onChange={(next) =>
                    setItem(item.id, {
                      ...item,
                      items: item.items.flatMap((x) => (x.id === c.id ? (next ? [next] : []) : [x])),
                    })
                  }
                />
              ))}
              {first && (
                <Button
                  size="compact-sm"
                  variant="subtle"
                  leftSection={<IconPlus size={14} />}
                  style={{ alignSelf: "flex-start" }}
                  onClick={() => setItem(item.id, { ...item, items: [...item.items, newCondition(first)] })}
                >
                  {filterText.addToGroup}
                </Button>
              )}
            </Stack>
          </Paper>
        ) : (
          <ConditionRow
            key={item.id}
            condition={item}
            spec={byPath.get(item.field)}
            fieldData={fieldData}
            byPath={byPath}
            users={users}
            issue={issues.get(item.id)}
            onChange={(next) => setItem(item.id, next)}
          />
        ),
      )}
      {first && (
        <Group gap="xs">
          <Button
            size="compact-sm"
            variant="light"
            leftSection={<IconPlus size={14} />}
            onClick={() => onChange({ ...value, items: [...value.items, newCondition(first)] })}
          >
            {filterText.addCondition}
          </Button>
          <Button
            size="compact-sm"
            variant="subtle"
            leftSection={<IconPlus size={14} />}
            onClick={() =>
              onChange({
                ...value,
                items: [
                  ...value.items,
                  { id: draftId(), join: value.join === "and" ? "or" : "and", items: [newCondition(first)] },
                ],
              })
            }
          >
            {filterText.addGroup}
          </Button>
        </Group>
      )}
    </Stack>
  );
}

function JoinSelect({
  label,
  join,
  onChange,
}: {
  label: string;
  join: "and" | "or";
  onChange: (join: "and" | "or") => void;
}) {
  return (
    <Select
      size="xs"
      label={label}
      w={170}
      allowDeselect={false}
      value={join}
      data={[
        { value: "and", label: filterText.matchAll },
        { value: "or", label: filterText.matchAny },
      ]}
      onChange={(v) => onChange(v === "or" ? "or" : "and")}
    />
  );
}

function operatorLabel(spec: FieldSpec | undefined, op: FilterOperator) {
  const dateLabel =
    spec?.type === "date" || spec?.type === "datetime" ? filterText.dateOperators[op] : undefined;
  return dateLabel ?? filterText.operators[op];
}

function ConditionRow({
  condition,
  spec,
  fieldData,
  byPath,
  users,
  issue,
  onChange,
}: {
  condition: DraftCondition;
  spec: BuilderField | undefined;
  fieldData: { value: string; label: string }[];
  byPath: Map<string, BuilderField>;
  users: readonly UserOption[];
  issue: string | undefined;
  onChange: (next: DraftCondition | null) => void;
}) {
  const ops = operatorsFor(spec);
  return (
    <div data-testid="filter-condition">
      <Group gap="xs" align="flex-start" wrap="wrap">
        <Select
          size="xs"
          aria-label={filterText.field}
          searchable
          allowDeselect={false}
          w={{ base: "100%", xs: 190 }}
          value={condition.field}
          data={fieldData}
          onChange={(path) => {
            const field = path ? byPath.get(path) : undefined;
            if (field) onChange({ ...newCondition(field), id: condition.id });
          }}
        />
        <Select
          size="xs"
          aria-label={filterText.operator}
          allowDeselect={false}
          w={{ base: "calc(100% - 40px)", xs: 150 }}
          value={condition.op}
          data={ops.map((op) => ({ value: op, label: operatorLabel(spec, op) }))}
          onChange={(op) => op && onChange(withOperator(condition, op as FilterOperator))}
        />
        <ValueInput
          spec={spec}
          op={condition.op}
          value={condition.value}
          users={users}
          error={issue}
          onChange={(v) => onChange({ ...condition, value: v })}
        />
        <ActionIcon
          variant="subtle"
          color="gray"
          mt={4}
          aria-label={filterText.remove}
          onClick={() => onChange(null)}
        >
          <IconTrash size={16} />
        </ActionIcon>
      </Group>
    </div>
  );
}

function optionsFor(spec: FieldSpec | undefined, users: readonly UserOption[]) {
  if (spec?.type === "user") return [{ value: ME, label: filterText.me }, ...users];
  if (spec?.type === "boolean") {
    return [
      { value: "true", label: filterText.yes },
      { value: "false", label: filterText.no },
    ];
  }
  if (spec?.options) return spec.options.map((o) => ({ value: o, label: o }));
  return null;
}

const RELATIVE_CHOICES = [...RELATIVE_PERIODS, ...RELATIVE_DAY_COUNTS] as RelativeKind[];
const EXACT = "exact";

function ValueInput({
  spec,
  op,
  value,
  users,
  error,
  onChange,
}: {
  spec: FieldSpec | undefined;
  op: FilterOperator;
  value: DraftValue;
  users: readonly UserOption[];
  error: string | undefined;
  onChange: (value: DraftValue) => void;
}) {
  const width = { base: "100%", xs: 220 };
  const isDate = spec?.type === "date" || spec?.type === "datetime";
  const inputType = isDate ? "date" : spec?.type === "number" || spec?.type === "money" ? "number" : "text";
  const options = optionsFor(spec, users);
  if (value.mode === "none") return null;

  if (value.mode === "list") {
    const common = {
      size: "xs" as const,
      "aria-label": filterText.values,
      w: width,
      value: value.items,
      error,
      onChange: (items: string[]) => onChange({ mode: "list", items }),
    };
    return options ? (
      <MultiSelect {...common} data={options} searchable />
    ) : (
      <TagsInput {...common} placeholder={filterText.typeToAdd} />
    );
  }

  if (value.mode === "range") {
    return (
      <Group gap={4} wrap="nowrap" w={width}>
        <TextInput
          size="xs"
          type={inputType}
          aria-label={filterText.from}
          placeholder={filterText.from}
          value={value.from}
          error={error}
          onChange={(e) => onChange({ ...value, from: e.currentTarget.value })}
        />
        <TextInput
          size="xs"
          type={inputType}
          aria-label={filterText.to}
          placeholder={filterText.to}
          value={value.to}
          onChange={(e) => onChange({ ...value, to: e.currentTarget.value })}
        />
      </Group>
    );
  }

  if (takesRelative(spec, op)) {
    const kind = value.mode === "relative" ? value.relative : EXACT;
    const counted =
      value.mode === "relative" && (RELATIVE_DAY_COUNTS as readonly string[]).includes(value.relative);
    return (
      <Group gap={4} wrap="nowrap" w={{ base: "100%", xs: "auto" }}>
        <Select
          size="xs"
          aria-label={filterText.value}
          allowDeselect={false}
          w={150}
          value={kind}
          data={[
            { value: EXACT, label: filterText.exactDate },
            ...RELATIVE_CHOICES.map((k) => ({ value: k, label: filterText.relative[k] })),
          ]}
          onChange={(k) =>
            onChange(
              !k || k === EXACT
                ? blankValue(op)
                : {
                    mode: "relative",
                    relative: k as RelativeKind,
                    n: value.mode === "relative" ? value.n : 30,
                  },
            )
          }
        />
        {value.mode === "single" && (
          <TextInput
            size="xs"
            type="date"
            aria-label={filterText.exactDate}
            value={value.text}
            error={error}
            onChange={(e) => onChange({ mode: "single", text: e.currentTarget.value })}
          />
        )}
        {counted && value.mode === "relative" && (
          <NumberInput
            size="xs"
            w={80}
            aria-label={filterText.days}
            min={1}
            max={3660}
            value={value.n || ""}
            error={error}
            // An empty box is 0 days, which the checks flag, rather than a number the person did not type.
            onChange={(n) => onChange({ ...value, n: typeof n === "number" ? n : 0 })}
          />
        )}
      </Group>
    );
  }

  const text = value.mode === "single" ? value.text : "";
  return options ? (
    <Select
      size="xs"
      aria-label={filterText.value}
      w={width}
      searchable
      value={text || null}
      data={options}
      error={error}
      onChange={(v) => onChange({ mode: "single", text: v ?? "" })}
    />
  ) : (
    <TextInput
      size="xs"
      type={inputType}
      aria-label={filterText.value}
      w={width}
      value={text}
      error={error}
      onChange={(e) => onChange({ mode: "single", text: e.currentTarget.value })}
    />
  );
}
