import { z } from "zod";

/**
 * Roles and permissions. A workspace has roles (the built-ins below, seeded for every workspace, and
 * custom ones its admins add); a membership, invitation or API key names one by its key. A role says
 * whether it administers the workspace and, per object, which actions it may take and which records
 * it sees. The server enforces this in one place (server/src/platform/auth/permissions.ts); the web
 * app reads the caller's permissions from the session only to hide what would be refused.
 */

/** The objects permissions are granted on; a later object adds one entry here. */
export const PERMISSION_OBJECTS = ["contacts", "companies", "deals", "activities", "tasks"] as const;
export const PermissionObject = z.enum(PERMISSION_OBJECTS);
export type PermissionObject = z.infer<typeof PermissionObject>;

export const PERMISSION_ACTIONS = [
  "read",
  "create",
  "update",
  "delete",
  "export",
  "import",
  "bulk_edit",
] as const;
export const PermissionAction = z.enum(PERMISSION_ACTIONS);
export type PermissionAction = z.infer<typeof PermissionAction>;

/** Which records of an object a role sees: its own, its teams' members', or all. */
export const VISIBILITIES = ["own", "team", "all"] as const;
export const Visibility = z.enum(VISIBILITIES);
export type Visibility = z.infer<typeof Visibility>;

/**
 * A field rule: `hidden` leaves the field out of everything the role reads (records, lists, exports,
 * history) and refuses filtering, sorting and writing it, as if it did not exist; `read_only` shows it
 * but refuses writing it. A field without a rule is writable wherever the object is.
 */
export const FIELD_RULES = ["hidden", "read_only"] as const;
export const FieldRule = z.enum(FIELD_RULES);
export type FieldRule = z.infer<typeof FieldRule>;
export type FieldAccess = "write" | FieldRule;

/** A rule's field: a built-in one (`amount`) or a custom one (`custom.<key>`). */
export const FieldRulePath = z.string().regex(/^(custom\.)?[a-zA-Z][a-zA-Z0-9_]{0,62}$/, {
  message: "Name a field, or a custom field as custom.<key>",
});

export const ObjectPermissions = z.strictObject({
  actions: z
    .array(PermissionAction)
    .refine((a) => new Set(a).size === a.length, { message: "List each action once" }),
  visibility: Visibility,
  /** Per field path, hidden or read-only; absent in roles saved before field rules existed. */
  fields: z.record(FieldRulePath, FieldRule).optional(),
});
export type ObjectPermissions = z.infer<typeof ObjectPermissions>;

export const RolePermissions = z.strictObject({
  /** Settings, members, roles, teams, API keys; transferring or deleting the workspace stays the owner's. */
  administer: z.boolean(),
  objects: z.strictObject(
    Object.fromEntries(PERMISSION_OBJECTS.map((o) => [o, ObjectPermissions])) as Record<
      PermissionObject,
      typeof ObjectPermissions
    >,
  ),
});
export type RolePermissions = z.infer<typeof RolePermissions>;

export const BUILTIN_ROLES = [
  "owner",
  "admin",
  "sales_manager",
  "sales_rep",
  "marketing",
  "support_agent",
  "read_only",
] as const;
export type BuiltinRole = (typeof BUILTIN_ROLES)[number];

/** A role's key: a built-in's, or a custom role's (lower-case letters, digits and underscores). */
export const Role = z
  .string()
  .regex(/^[a-z][a-z0-9_]{1,39}$/, { message: "Use the key of one of the workspace's roles" });
export type Role = z.infer<typeof Role>;

const ALL = PERMISSION_ACTIONS;
const WRITE = ["read", "create", "update", "delete"] as const;
const READ = ["read"] as const;
const grant = (
  visibility: Visibility,
  actions: readonly PermissionAction[],
  overrides: Partial<Record<PermissionObject, ObjectPermissions>> = {},
): RolePermissions["objects"] =>
  Object.fromEntries(
    PERMISSION_OBJECTS.map((o) => [
      o,
      { fields: {}, ...(overrides[o] ?? { actions: [...actions], visibility }) },
    ]),
  ) as RolePermissions["objects"];

/** What each built-in role starts with in a new workspace (admins may edit all but owner and admin). */
export const BUILTIN_ROLE_DEFAULTS: Record<BuiltinRole, { name: string; permissions: RolePermissions }> = {
  owner: { name: "Owner", permissions: { administer: true, objects: grant("all", ALL) } },
  admin: { name: "Admin", permissions: { administer: true, objects: grant("all", ALL) } },
  sales_manager: {
    name: "Sales manager",
    permissions: {
      administer: false,
      objects: grant("all", ["read", "create", "update", "delete", "export", "import", "bulk_edit"]),
    },
  },
  sales_rep: {
    name: "Sales rep",
    permissions: { administer: false, objects: grant("all", [...WRITE, "bulk_edit"]) },
  },
  marketing: {
    name: "Marketing",
    permissions: {
      administer: false,
      objects: grant("all", READ, {
        contacts: { actions: [...WRITE, "export", "import", "bulk_edit"], visibility: "all" },
        companies: { actions: [...WRITE, "export", "import", "bulk_edit"], visibility: "all" },
        activities: { actions: ["read", "create"], visibility: "all" },
        tasks: { actions: [...WRITE], visibility: "own" },
      }),
    },
  },
  support_agent: {
    name: "Support agent",
    permissions: {
      administer: false,
      objects: grant("all", READ, {
        contacts: { actions: ["read", "create", "update"], visibility: "all" },
        deals: { actions: [...READ], visibility: "all", fields: { amount: "hidden" } },
        activities: { actions: ["read", "create", "update"], visibility: "all" },
        tasks: { actions: [...WRITE], visibility: "own" },
      }),
    },
  },
  read_only: { name: "Read-only", permissions: { administer: false, objects: grant("all", READ) } },
};

/** Built-in roles whose permissions cannot be edited: the workspace must always have someone who can do all. */
export const FIXED_ROLES: readonly BuiltinRole[] = ["owner", "admin"];

export const isBuiltinRole = (key: string): key is BuiltinRole =>
  (BUILTIN_ROLES as readonly string[]).includes(key);

/** A role's name where only its key is at hand: a built-in's name, else the key in words. */
export function roleLabel(key: string): string {
  if (isBuiltinRole(key)) return BUILTIN_ROLE_DEFAULTS[key].name;
  const words = key.replace(/_/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** True when the permissions allow `action` on `object`; the one rule both server and web apply. */
export function can(
  permissions: RolePermissions,
  object: PermissionObject,
  action: PermissionAction,
): boolean {
  return permissions.objects[object].actions.includes(action);
}

/**
 * What the permissions allow on one field of an object (`amount`, `custom.salary`): the one rule
 * both server and web apply. A role that administers the workspace can edit roles, so rules would
 * protect nothing from it: it always has every field.
 */
export function fieldAccess(
  permissions: RolePermissions,
  object: PermissionObject,
  field: string,
): FieldAccess {
  if (permissions.administer) return "write";
  return permissions.objects[object].fields?.[field] ?? "write";
}

/** The fields of an object the permissions hide (built-in names and `custom.<key>`). */
export function hiddenFields(permissions: RolePermissions, object: PermissionObject): Set<string> {
  if (permissions.administer) return new Set();
  const rules = permissions.objects[object].fields ?? {};
  return new Set(Object.keys(rules).filter((f) => rules[f] === "hidden"));
}

/**
 * A role's permissions as stored, with field rules filled in for roles saved before they existed:
 * a built-in role gets its default rules (so every workspace's support agent stops seeing deal
 * amounts without a migration), a custom role none. Saving the role stores its rules explicitly.
 */
export function withFieldRules(key: string, stored: RolePermissions): RolePermissions {
  const defaults = isBuiltinRole(key) ? BUILTIN_ROLE_DEFAULTS[key].permissions.objects : undefined;
  return {
    ...stored,
    objects: Object.fromEntries(
      PERMISSION_OBJECTS.map((o) => [
        o,
        { ...stored.objects[o], fields: stored.objects[o].fields ?? defaults?.[o].fields ?? {} },
      ]),
    ) as RolePermissions["objects"],
  };
}

/** True when the permissions allow creating or changing records of at least one object. */
export function canWriteAny(permissions: RolePermissions): boolean {
  return PERMISSION_OBJECTS.some((o) => can(permissions, o, "create") || can(permissions, o, "update"));
}

export const PERMISSION_OBJECT_LABELS: Record<PermissionObject, { one: string; many: string }> = {
  contacts: { one: "contact", many: "contacts" },
  companies: { one: "company", many: "companies" },
  deals: { one: "deal", many: "deals" },
  activities: { one: "activity", many: "activities" },
  tasks: { one: "task", many: "tasks" },
};

export const PERMISSION_ACTION_LABELS: Record<PermissionAction, string> = {
  read: "see",
  create: "create",
  update: "change",
  delete: "delete",
  export: "export",
  import: "import",
  bulk_edit: "bulk-edit",
};

export const RoleDto = z.object({
  key: Role,
  name: z.string(),
  builtin: z.boolean(),
  /** Owner and admin cannot be edited or deleted. */
  editable: z.boolean(),
  permissions: RolePermissions,
  members: z.number().int().describe("Memberships, pending invitations and live API keys holding the role"),
});
export type RoleDto = z.infer<typeof RoleDto>;

const RoleName = z.string().trim().min(1, { message: "Name the role" }).max(60);

export const CreateRoleBody = z.strictObject({
  key: Role.refine((k) => !isBuiltinRole(k), { message: "That key belongs to a built-in role" }),
  name: RoleName,
  permissions: RolePermissions,
});
export type CreateRoleBody = z.input<typeof CreateRoleBody>;

export const UpdateRoleBody = z.strictObject({
  name: RoleName.optional(),
  permissions: RolePermissions.optional(),
});
export type UpdateRoleBody = z.input<typeof UpdateRoleBody>;

export const TeamDto = z.object({
  id: z.uuid(),
  name: z.string(),
  memberIds: z.array(z.uuid()),
  managerId: z.uuid().nullable().describe("Sees the team's records even with a role limited to its own"),
  createdAt: z.iso.datetime(),
});
export type TeamDto = z.infer<typeof TeamDto>;

const TeamName = z.string().trim().min(1, { message: "Name the team" }).max(80);

export const CreateTeamBody = z.strictObject({
  name: TeamName,
  memberIds: z.array(z.uuid()).max(500).default([]),
  managerId: z.uuid().nullable().default(null).describe("Becomes a member too"),
});
export type CreateTeamBody = z.input<typeof CreateTeamBody>;

export const UpdateTeamBody = z.strictObject({
  name: TeamName.optional(),
  memberIds: z.array(z.uuid()).max(500).optional(),
  managerId: z.uuid().nullable().optional(),
});
export type UpdateTeamBody = z.input<typeof UpdateTeamBody>;

/** A record shared with a user or a team, beyond what their roles' visibility shows them. */
export const ShareDto = z.object({
  id: z.uuid(),
  userId: z.uuid().nullable(),
  teamId: z.uuid().nullable(),
  createdBy: z.uuid().nullable(),
  createdAt: z.iso.datetime(),
});
export type ShareDto = z.infer<typeof ShareDto>;

export const CreateShareBody = z
  .strictObject({ userId: z.uuid().optional(), teamId: z.uuid().optional() })
  .refine((b) => (b.userId === undefined) !== (b.teamId === undefined), {
    message: "Share with either a userId or a teamId",
    path: ["userId"],
  });
export type CreateShareBody = z.input<typeof CreateShareBody>;
