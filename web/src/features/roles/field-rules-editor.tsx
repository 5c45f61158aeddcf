import { ActionIcon, Button, Group, NativeSelect, Stack, Table, Text, Title } from "@mantine/core";
import {
  FIELD_RULES,
  type FieldRule,
  PERMISSION_OBJECTS,
  type PermissionObject,
  type RolePermissions,
  RULE_FIELDS,
} from "@rapport/core";
import { IconTrash } from "@tabler/icons-react";
import { useQueries } from "@tanstack/react-query";
import { useState } from "react";
import { customFieldsQuery } from "../../ui/record/api.ts";
import { humanizePath } from "../views/columns.tsx";
import { rolesText } from "./text.ts";

const text = rolesText.fieldRules;

/**
 * A role's field rules as a compact list (records, field, hidden or read-only) with a row to add
 * one. The fields offered are the object's built-in ones and the workspace's custom fields.
 */
export function FieldRulesEditor({
  roleName,
  permissions,
  readOnly,
  onChange,
}: {
  roleName: string;
  permissions: RolePermissions;
  readOnly: boolean;
  onChange: (object: PermissionObject, fields: Record<string, FieldRule>) => void;
}) {
  const customs = useQueries({
    queries: PERMISSION_OBJECTS.map((object) => customFieldsQuery(object)),
  });
  // Every field a rule may name, per object, with its label.
  const choices = Object.fromEntries(
    PERMISSION_OBJECTS.map((object, i) => {
      const custom = customs[i]?.data ?? [];
      const labels = new Map(custom.map((d) => [`custom.${d.key}`, d.label]));
      const paths = [...RULE_FIELDS[object], ...custom.map((d) => `custom.${d.key}`)];
      return [object, paths.map((path) => ({ value: path, label: humanizePath(path, labels) }))];
    }),
  ) as Record<PermissionObject, { value: string; label: string }[]>;
  const labelOf = (object: PermissionObject, path: string) =>
    choices[object].find((c) => c.value === path)?.label ?? path;
  const rules = PERMISSION_OBJECTS.flatMap((object) =>
    Object.entries(permissions.objects[object].fields ?? {}).map(([path, rule]) => ({ object, path, rule })),
  );
  const setRule = (object: PermissionObject, path: string, rule: FieldRule | null) => {
    const { [path]: _old, ...rest } = permissions.objects[object].fields ?? {};
    onChange(object, rule ? { ...rest, [path]: rule } : rest);
  };

  return (
    <Stack gap="xs">
      <div>
        <Title order={3} fz="md">
          {text.title}
        </Title>
        <Text size="sm" c="dimmed">
          {permissions.administer ? text.administers : text.description}
        </Text>
      </div>
      {rules.length === 0 ? (
        <Text size="sm" c="dimmed">
          {text.none}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={360}>
          <Table
            aria-label={text.tableLabel(roleName)}
            withTableBorder
            horizontalSpacing="xs"
            verticalSpacing={4}
          >
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{rolesText.object}</Table.Th>
                <Table.Th>{text.field}</Table.Th>
                <Table.Th>{text.rule}</Table.Th>
                {!readOnly && <Table.Th aria-label={text.remove} />}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rules.map(({ object, path, rule }) => {
                const name = `${rolesText.objects[object]} ${labelOf(object, path)}`;
                return (
                  <Table.Tr key={`${object}:${path}`}>
                    <Table.Td>{rolesText.objects[object]}</Table.Td>
                    <Table.Td>{labelOf(object, path)}</Table.Td>
                    <Table.Td>
                      <NativeSelect
                        aria-label={text.ruleOf(roleName, name)}
                        size="xs"
                        disabled={readOnly}
                        value={rule}
                        data={FIELD_RULES.map((r) => ({ value: r, label: text.rules[r] }))}
                        onChange={(e) => setRule(object, path, e.currentTarget.value as FieldRule)}
                      />
                    </Table.Td>
                    {!readOnly && (
                      <Table.Td w={40}>
                        <ActionIcon
                          variant="subtle"
                          color="gray"
                          aria-label={text.removeOf(name)}
                          onClick={() => setRule(object, path, null)}
                        >
                          <IconTrash size={16} />
                        </ActionIcon>
                      </Table.Td>
                    )}
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {!readOnly && (
        <AddRule
          choices={choices}
          taken={(object) => new Set(Object.keys(permissions.objects[object].fields ?? {}))}
          onAdd={(object, path, rule) => setRule(object, path, rule)}
        />
      )}
    </Stack>
  );
}

function AddRule({
  choices,
  taken,
  onAdd,
}: {
  choices: Record<PermissionObject, { value: string; label: string }[]>;
  taken: (object: PermissionObject) => Set<string>;
  onAdd: (object: PermissionObject, path: string, rule: FieldRule) => void;
}) {
  const [object, setObject] = useState<PermissionObject>("deals");
  const [rule, setRule] = useState<FieldRule>("hidden");
  const open = choices[object].filter((c) => !taken(object).has(c.value));
  const [path, setPath] = useState("");
  const chosen = open.some((c) => c.value === path) ? path : (open[0]?.value ?? "");
  return (
    <Group gap="xs" align="flex-end" wrap="wrap">
      <NativeSelect
        label={text.addObject}
        size="xs"
        value={object}
        data={PERMISSION_OBJECTS.map((o) => ({ value: o, label: rolesText.objects[o] }))}
        onChange={(e) => setObject(e.currentTarget.value as PermissionObject)}
      />
      <NativeSelect
        label={text.addField}
        size="xs"
        miw={160}
        value={chosen}
        data={open}
        disabled={open.length === 0}
        onChange={(e) => setPath(e.currentTarget.value)}
      />
      <NativeSelect
        label={text.addRule}
        size="xs"
        value={rule}
        data={FIELD_RULES.map((r) => ({ value: r, label: text.rules[r] }))}
        onChange={(e) => setRule(e.currentTarget.value as FieldRule)}
      />
      <Button size="xs" variant="default" disabled={!chosen} onClick={() => onAdd(object, chosen, rule)}>
        {text.add}
      </Button>
    </Group>
  );
}
