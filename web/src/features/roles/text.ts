import type { FieldRule, PermissionAction, PermissionObject, Visibility } from "@rapport/core";

export const rolesText = {
  section: "Roles",
  description:
    "What each role may do with each kind of record, and which records it sees. Owner and admin may always do everything.",
  chooseRole: "Role",
  addRole: "Add role",
  newRoleTitle: "New role",
  key: "Key",
  keyHint: "Lower-case letters, digits and underscores; it cannot change later",
  name: "Name",
  copyFrom: "Start from",
  create: "Create role",
  administer: "Administers the workspace (settings, members, roles, teams, API keys)",
  fixed: "This role always may do everything; it cannot be changed.",
  save: "Save role",
  saved: "Role saved",
  created: (name: string) => `${name} was added`,
  saveFailed: "Could not save the role",
  holders: (n: number) =>
    n === 1 ? "1 member, invitation or key holds it" : `${n} members, invitations or keys hold it`,
  matrixLabel: (role: string) => `Permissions of ${role}`,
  object: "Records",
  visibility: "Sees",
  objects: {
    contacts: "Contacts",
    companies: "Companies",
    deals: "Deals",
    activities: "Activities",
    tasks: "Tasks",
  } satisfies Record<PermissionObject, string>,
  actions: {
    read: "Read",
    create: "Create",
    update: "Update",
    delete: "Delete",
    export: "Export",
    import: "Import",
    bulk_edit: "Bulk edit",
  } satisfies Record<PermissionAction, string>,
  // Short, under the "Sees" header, so the matrix fits beside the settings menu at 1280 px.
  visibilities: {
    own: "Own",
    team: "Team's",
    all: "All",
  } satisfies Record<Visibility, string>,
  cell: (role: string, object: string, action: string) => `${role}: ${action} ${object.toLowerCase()}`,
  visibilityOf: (role: string, object: string) => `${role}: which ${object.toLowerCase()} it sees`,
  fieldRules: {
    title: "Field rules",
    description:
      "Hide a field from this role everywhere (lists, records, exports, history, board sums), or let it see the field but not change it.",
    administers:
      "This role administers the workspace, so it sees and changes every field; rules wait until it does not.",
    none: "No field rules: the role sees and changes every field of the records it may change.",
    tableLabel: (role: string) => `Field rules of ${role}`,
    field: "Field",
    rule: "Rule",
    remove: "Remove",
    rules: { hidden: "Hidden", read_only: "Read-only" } satisfies Record<FieldRule, string>,
    ruleOf: (role: string, field: string) => `${role}: rule for ${field}`,
    removeOf: (field: string) => `Remove the rule for ${field}`,
    addObject: "Records",
    addField: "Field",
    addRule: "Rule",
    add: "Add rule",
  },
};
