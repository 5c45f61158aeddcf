import { Badge, Select } from "@mantine/core";
import { ROLE_LABELS, ROLES, type Role, roleAtLeast } from "@rapport/core";

/** The roles `actor` may hand out: only owners grant owner, nobody grants more than they have. */
export function assignableRoles(actor: Role, { allowOwner = true }: { allowOwner?: boolean } = {}): Role[] {
  return ROLES.filter(
    (role) => roleAtLeast(actor, role) && (role !== "owner" || (allowOwner && actor === "owner")),
  );
}

export function roleOptions(roles: readonly Role[]) {
  return roles.map((role) => ({ value: role, label: ROLE_LABELS[role] }));
}

export function RoleSelect({
  value,
  roles,
  onChange,
  label,
  hideLabel = false,
  disabled,
}: {
  value: Role;
  roles: readonly Role[];
  onChange: (role: Role) => void;
  label: string;
  hideLabel?: boolean;
  disabled?: boolean;
}) {
  return (
    <Select
      label={hideLabel ? undefined : label}
      aria-label={hideLabel ? label : undefined}
      value={value}
      data={roleOptions(roles)}
      onChange={(next) => next && onChange(next as Role)}
      allowDeselect={false}
      checkIconPosition="right"
      disabled={disabled}
      w={hideLabel ? 130 : undefined}
      size={hideLabel ? "xs" : "sm"}
      comboboxProps={{ withinPortal: true }}
    />
  );
}

/** A role as a label that never truncates inside a tight table cell. */
export function RoleBadge({ role }: { role: Role }) {
  return (
    <Badge
      variant="light"
      color={role === "owner" ? "indigo" : "gray"}
      tt="none"
      size="md"
      styles={{ root: { flexShrink: 0, overflow: "visible" }, label: { overflow: "visible" } }}
    >
      {ROLE_LABELS[role]}
    </Badge>
  );
}
