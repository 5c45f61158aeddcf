import {
  Button,
  Checkbox,
  Group,
  Modal,
  NativeSelect,
  Select,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
} from "@mantine/core";
import { notifications } from "@mantine/notifications";
import {
  PERMISSION_ACTIONS,
  PERMISSION_OBJECTS,
  type PermissionAction,
  type PermissionObject,
  type RoleDto,
  type RolePermissions,
  VISIBILITIES,
  type Visibility,
} from "@rapport/core";
import { IconPlus } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useEffect, useState } from "react";
import { fieldErrorsOf, messageOf } from "../../ui/form.ts";
import { FormAlert } from "../../ui/form-alert.tsx";
import { QueryView } from "../../ui/query-view.tsx";
import { rolesQuery } from "../settings/api.ts";
import { SectionHeader } from "../settings/section-header.tsx";
import { rolesApi } from "./api.ts";
import { FieldRulesEditor } from "./field-rules-editor.tsx";
import { rolesText as text } from "./text.ts";

/** Settings → Roles: each role's matrix of objects × actions, with the records it sees. */
export function RolesPage() {
  const roles = useQuery(rolesQuery);
  const [selected, setSelected] = useState("sales_rep");
  const [adding, setAdding] = useState(false);
  return (
    <>
      <SectionHeader
        title={text.section}
        description={text.description}
        actions={
          <Button leftSection={<IconPlus size={16} />} onClick={() => setAdding(true)}>
            {text.addRole}
          </Button>
        }
      />
      <QueryView query={roles} empty={null}>
        {(data) => {
          const role = data.find((r) => r.key === selected) ?? data[0]!;
          return (
            <Stack>
              <Select
                label={text.chooseRole}
                data={data.map((r) => ({ value: r.key, label: r.name }))}
                value={role.key}
                onChange={(key) => key && setSelected(key)}
                allowDeselect={false}
                maw={320}
              />
              <RoleEditor key={`${role.key}:${role.name}`} role={role} />
            </Stack>
          );
        }}
      </QueryView>
      <NewRoleModal
        opened={adding}
        roles={roles.data ?? []}
        onClose={() => setAdding(false)}
        onCreated={(key) => {
          setAdding(false);
          setSelected(key);
        }}
      />
    </>
  );
}

function RoleEditor({ role }: { role: RoleDto }) {
  const queryClient = useQueryClient();
  const [permissions, setPermissions] = useState<RolePermissions>(role.permissions);
  useEffect(() => setPermissions(role.permissions), [role.permissions]);
  const save = useMutation({
    mutationFn: () => rolesApi.update(role.key, { permissions }),
    onSuccess: async () => {
      notifications.show({ color: "teal", title: text.saved, message: role.name });
      await queryClient.invalidateQueries({ queryKey: rolesQuery.queryKey });
    },
  });
  const readOnly = !role.editable;
  const toggle = (object: PermissionObject, action: PermissionAction, on: boolean) =>
    setPermissions((p) => {
      const actions = p.objects[object].actions.filter((a) => a !== action);
      return {
        ...p,
        objects: {
          ...p.objects,
          [object]: {
            ...p.objects[object],
            actions: on ? PERMISSION_ACTIONS.filter((a) => a === action || actions.includes(a)) : actions,
          },
        },
      };
    });
  const setVisibility = (object: PermissionObject, visibility: Visibility) =>
    setPermissions((p) => ({
      ...p,
      objects: { ...p.objects, [object]: { ...p.objects[object], visibility } },
    }));

  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">
        {readOnly ? text.fixed : text.holders(role.members)}
      </Text>
      <Switch
        label={text.administer}
        checked={permissions.administer}
        disabled={readOnly}
        onChange={(e) => setPermissions((p) => ({ ...p, administer: e.currentTarget.checked }))}
      />
      {/* Native scrolling: a visible scrollbar on narrow screens rather than a clipped last column. */}
      <Table.ScrollContainer minWidth={560} type="native">
        <Table aria-label={text.matrixLabel(role.name)} striped withTableBorder horizontalSpacing={6}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{text.object}</Table.Th>
              {PERMISSION_ACTIONS.map((action) => (
                <Table.Th key={action} ta="center" fz="xs">
                  {text.actions[action]}
                </Table.Th>
              ))}
              <Table.Th fz="xs">{text.visibility}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {PERMISSION_OBJECTS.map((object) => (
              <Table.Tr key={object}>
                <Table.Th scope="row">{text.objects[object]}</Table.Th>
                {PERMISSION_ACTIONS.map((action) => (
                  <Table.Td key={action} ta="center">
                    <Checkbox
                      aria-label={text.cell(role.name, text.objects[object], text.actions[action])}
                      checked={permissions.objects[object].actions.includes(action)}
                      disabled={readOnly}
                      onChange={(e) => toggle(object, action, e.currentTarget.checked)}
                      style={{ display: "inline-block" }}
                    />
                  </Table.Td>
                ))}
                <Table.Td>
                  <NativeSelect
                    aria-label={text.visibilityOf(role.name, text.objects[object])}
                    size="xs"
                    w={92}
                    disabled={readOnly}
                    value={permissions.objects[object].visibility}
                    data={VISIBILITIES.map((v) => ({ value: v, label: text.visibilities[v] }))}
                    onChange={(e) => setVisibility(object, e.currentTarget.value as Visibility)}
                  />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <FieldRulesEditor
        roleName={role.name}
        permissions={permissions}
        readOnly={readOnly}
        onChange={(object, fields) =>
          setPermissions((p) => ({
            ...p,
            objects: { ...p.objects, [object]: { ...p.objects[object], fields } },
          }))
        }
      />
      <FormAlert error={save.error ? messageOf(save.error) : null} />
      {!readOnly && (
        <Group justify="flex-end">
          <Button onClick={() => save.mutate()} loading={save.isPending}>
            {text.save}
          </Button>
        </Group>
      )}
    </Stack>
  );
}

function NewRoleModal({
  opened,
  roles,
  onClose,
  onCreated,
}: {
  opened: boolean;
  roles: RoleDto[];
  onClose: () => void;
  onCreated: (key: string) => void;
}) {
  const queryClient = useQueryClient();
  const [key, setKey] = useState("");
  const [name, setName] = useState("");
  const [from, setFrom] = useState("read_only");
  const create = useMutation({
    mutationFn: () => {
      const base = roles.find((r) => r.key === from)?.permissions;
      if (!base) throw new Error(text.saveFailed);
      return rolesApi.create({ key: key.trim(), name: name.trim(), permissions: base });
    },
    onSuccess: async (role) => {
      notifications.show({ color: "teal", title: text.saved, message: text.created(role.name) });
      await queryClient.invalidateQueries({ queryKey: rolesQuery.queryKey });
      setKey("");
      setName("");
      onCreated(role.key);
    },
  });
  const errors = create.error ? fieldErrorsOf(create.error) : {};
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  return (
    <Modal opened={opened} onClose={onClose} title={text.newRoleTitle}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <FormAlert error={create.error ? messageOf(create.error) : null} />
          <TextInput
            label={text.name}
            required
            data-autofocus
            value={name}
            error={errors.name}
            onChange={(e) => setName(e.currentTarget.value)}
          />
          <TextInput
            label={text.key}
            description={text.keyHint}
            required
            value={key}
            error={errors.key}
            onChange={(e) => setKey(e.currentTarget.value)}
          />
          <Select
            label={text.copyFrom}
            data={roles.map((r) => ({ value: r.key, label: r.name }))}
            value={from}
            onChange={(v) => v && setFrom(v)}
            allowDeselect={false}
            comboboxProps={{ withinPortal: true }}
          />
          <Group justify="flex-end">
            <Button type="submit" loading={create.isPending}>
              {text.create}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
