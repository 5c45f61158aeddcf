import { Badge, Select } from "@mantine/core";
import { type Role, type RoleDto, roleLabel } from "@rapport/core";
import { useQuery } from "@tanstack/react-query";
import { rolesQuery } from "./api.ts";

/** The workspace's roles (built-in and custom), for pickers and badges. */
export function useWorkspaceRoles(): RoleDto[] {
  return useQuery(rolesQuery).data ?? [];
}

/** The roles `actor` may hand out: any of the workspace's, but only owners grant owner. */
export function assignableRoles(
  actor: Role,
  roles: RoleDto[],
  { allowOwner = true }: { allowOwner?: boolean } = {},
): RoleDto[] {
  return roles.filter((role) => role.key !== "owner" || (allowOwner && actor === "owner"));
}

export function roleOptions(roles: readonly RoleDto[]) {
  return roles.map((role) => ({ value: role.key, label: role.name }));
}

export function RoleSelect({
  value,
  roles,
  onChange,
  label,
  hideLabel = false,
  disabled,
  description,
}: {
  value: Role;
  roles: readonly RoleDto[];
  onChange: (role: Role) => void;
  label: string;
  hideLabel?: boolean;
  disabled?: boolean;
  description?: string;
}) {
  // The current value stays choosable while the roles load, or when the actor may not grant it.
  const data = roleOptions(roles);
  if (!data.some((o) => o.value === value)) data.unshift({ value, label: roleLabel(value) });
  return (
    <Select
      label={hideLabel ? undefined : label}
      description={description}
      aria-label={hideLabel ? label : undefined}
      value={value}
      data={data}
      onChange={(next) => next && onChange(next)}
      allowDeselect={false}
      checkIconPosition="right"
      disabled={disabled}
      w={hideLabel ? 150 : undefined}
      size={hideLabel ? "xs" : "sm"}
      comboboxProps={{ withinPortal: true }}
    />
  );
}

/** A role as a label that never truncates inside a tight table cell. */
export function RoleBadge({ role, roles }: { role: Role; roles?: readonly RoleDto[] }) {
  return (
    <Badge
      variant="light"
      color={role === "owner" ? "indigo" : "gray"}
      tt="none"
      size="md"
      styles={{ root: { flexShrink: 0, overflow: "visible" }, label: { overflow: "visible" } }}
    >
      {roles?.find((r) => r.key === role)?.name ?? roleLabel(role)}
    </Badge>
  );
}
