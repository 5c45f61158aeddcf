/**
 * Permissions, enforced here and nowhere else.
 *
 * How a route declares what it needs — every `/api/v1` route sets `config.access` to one of:
 *   - `"public"`      nobody needs to be signed in (sign-in, sign-up, invitation lookup);
 *   - `"user"`        a signed-in person (not an API key) acting on their own account;
 *   - `"workspace"`   anyone in the workspace, whatever their role (settings they read, their views);
 *   - `"admin"`       a role that administers the workspace (settings, members, roles, teams, keys);
 *   - `"owner"`       the workspace's owner (transfer, delete);
 *   - `permission("deals", "delete")`  the role may take that action on that object.
 * The authentication hook checks the declaration before the handler runs (403 with the reason);
 * `route-permissions.test.ts` walks every route with every built-in role, so a new route without a
 * declaration, or with the wrong one, fails.
 *
 * Which records a caller sees is decided by `visibleWhere`: the list plan ANDs it into every list,
 * count and embed, and record stores' find-by-id take it, so a record outside the caller's
 * visibility answers 404 exactly as a missing one does.
 */
import {
  can,
  PERMISSION_ACTION_LABELS,
  PERMISSION_OBJECT_LABELS,
  type PermissionAction,
  type PermissionObject,
  type RolePermissions,
} from "@rapport/core";
import { type SQL, sql } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import { activities, companies, contacts, deals, recordShares, tasks } from "../db/schema/index.ts";
import { AppError } from "../errors.ts";
import { type Principal, viewerOf } from "./principal.ts";

/** What a principal's role allows, resolved once per request from the workspace's roles and teams. */
export type Grants = {
  roleName: string;
  permissions: RolePermissions;
  /** Members of the teams the caller belongs to (the caller included): "team" visibility. */
  teamUserIds: string[];
  /** Members of the teams the caller manages: a manager sees them even with "own" visibility. */
  managedUserIds: string[];
  /** The teams the caller belongs to, for records shared with a team. */
  teamIds: string[];
};

/** An object permission a route requires. */
export type PermissionRule = { object: PermissionObject; action: PermissionAction };

/** `config: { access: permission("contacts", "update") }` — the route needs that object permission. */
export const permission = (object: PermissionObject, action: PermissionAction): PermissionRule => ({
  object,
  action,
});

const everything = (): RolePermissions => ({
  administer: true,
  objects: Object.fromEntries(
    Object.keys(PERMISSION_OBJECT_LABELS).map((o) => [
      o,
      { actions: Object.keys(PERMISSION_ACTION_LABELS), visibility: "all" },
    ]),
  ) as RolePermissions["objects"],
});

/** The grants of a principal; Rapport's own background work may do everything. */
export function grantsOf(principal: Principal): Grants {
  if (principal.via === "system") {
    return {
      roleName: "Rapport",
      permissions: everything(),
      teamUserIds: [],
      managedUserIds: [],
      teamIds: [],
    };
  }
  if (!principal.grants) throw new Error("The principal's permissions were not resolved for this request");
  return principal.grants;
}

/** True when the principal's role administers the workspace. */
export const administers = (principal: Principal) => grantsOf(principal).permissions.administer;

/** True when the principal's role may take `action` on `object`. */
export const allowed = (principal: Principal, object: PermissionObject, action: PermissionAction) =>
  can(grantsOf(principal).permissions, object, action);

/** Throws 403 with the reason unless the principal's role may take `action` on `object`. */
export function requirePermission(principal: Principal, object: PermissionObject, action: PermissionAction) {
  if (allowed(principal, object, action)) return;
  const { roleName } = grantsOf(principal);
  throw new AppError(
    "forbidden",
    `Your role ${roleName} may not ${PERMISSION_ACTION_LABELS[action]} ${PERMISSION_OBJECT_LABELS[object].many}. Ask a workspace admin.`,
  );
}

/** Throws 403 unless the principal's role administers the workspace. */
export function requireAdmin(principal: Principal) {
  if (administers(principal)) return;
  throw new AppError(
    "forbidden",
    `Your role ${grantsOf(principal).roleName} does not administer this workspace. Ask a workspace admin.`,
  );
}

/** Each object's table and whose records its rows are: the owner's (tasks also the assignee's). */
const TABLES = {
  contacts: { table: contacts, owners: [contacts.ownerId] },
  companies: { table: companies, owners: [companies.ownerId] },
  deals: { table: deals, owners: [deals.ownerId] },
  activities: { table: activities, owners: [activities.ownerId] },
  tasks: { table: tasks, owners: [tasks.ownerId, tasks.assigneeId] },
} satisfies Record<PermissionObject, { table: unknown; owners: PgColumn[] }>;

/** The table a permission object's records live in, for checks that address a record generically. */
export const tableOf = (object: PermissionObject) => TABLES[object].table;

/** The columns a visibility condition reads; SQL so that a query aliasing the table can pass its own. */
export type VisibilityColumns = { workspaceId: SQL; id: SQL; owners: SQL[] };

/**
 * The SQL condition on `object`'s table that keeps only the records the principal may see, or
 * undefined when it sees them all (none without the read permission): owned by someone visible to them, or shared with them or one of
 * their teams. An API key sees as the member it acts on behalf of (see `viewerOf`); once that member
 * has left, a role limited to own or team records sees none of them through the key.
 */
export function visibleWhere(
  principal: Principal,
  object: PermissionObject,
  columns: VisibilityColumns = {
    workspaceId: sql`${TABLES[object].table.workspaceId}`,
    id: sql`${TABLES[object].table.id}`,
    owners: TABLES[object].owners.map((c) => sql`${c}`),
  },
): SQL | undefined {
  const grants = grantsOf(principal);
  // A role that may not read the object sees none of its records, wherever they turn up (embeds,
  // timelines, search); its own routes answer 403 before getting here.
  if (!can(grants.permissions, object, "read")) return sql`false`;
  const visibility = grants.permissions.objects[object].visibility;
  if (visibility === "all") return undefined;
  const viewer = viewerOf(principal);
  if (viewer === null) return sql`false`;
  const users = sql.join(
    [
      ...new Set([viewer, ...grants.managedUserIds, ...(visibility === "team" ? grants.teamUserIds : [])]),
    ].map((u) => sql`${u}::uuid`),
    sql`, `,
  );
  const teams = grants.teamIds.map((t) => sql`${t}::uuid`);
  const sharedWith = teams.length
    ? sql`(s.user_id = ${viewer}::uuid or s.team_id in (${sql.join(teams, sql`, `)}))`
    : sql`s.user_id = ${viewer}::uuid`;
  return sql`(${sql.join(
    columns.owners.map((owner) => sql`${owner} in (${users})`),
    sql` or `,
  )} or exists (select 1 from ${recordShares} s where s.workspace_id = ${columns.workspaceId} and s.object = ${object} and s.record_id = ${columns.id} and ${sharedWith}))`;
}
