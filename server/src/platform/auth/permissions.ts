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
import { inArray, or, type SQL, sql } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import { activities, companies, contacts, deals, tasks } from "../db/schema/index.ts";
import { AppError } from "../errors.ts";
import type { Principal } from "./principal.ts";

/** What a principal's role allows, resolved once per request from the workspace's roles and teams. */
export type Grants = {
  roleName: string;
  permissions: RolePermissions;
  /** Members of the teams the caller belongs to (the caller included): "team" visibility. */
  teamUserIds: string[];
  /** Members of the teams the caller manages: a manager sees them even with "own" visibility. */
  managedUserIds: string[];
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
    return { roleName: "Rapport", permissions: everything(), teamUserIds: [], managedUserIds: [] };
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

/** Whose records each object is: its owner (tasks also their assignee's). */
const OWNERS: Record<PermissionObject, PgColumn[]> = {
  contacts: [contacts.ownerId],
  companies: [companies.ownerId],
  deals: [deals.ownerId],
  activities: [activities.ownerId],
  tasks: [tasks.ownerId, tasks.assigneeId],
};

/**
 * The SQL condition on `object`'s table that keeps only the records the principal may see, or
 * undefined when it sees them all. An API key acts as no user, so a role limited to its own or its
 * team's records sees none through a key.
 */
export function visibleWhere(principal: Principal, object: PermissionObject): SQL | undefined {
  const users = visibleOwners(principal, object);
  if (users === null) return undefined;
  if (users.length === 0) return sql`false`;
  return or(...OWNERS[object].map((column) => inArray(column, users)));
}

/**
 * Whose records of `object` the principal sees (the owners, for tasks also the assignees), or null
 * for all: for queries that alias the table and so cannot use `visibleWhere` (search).
 */
export function visibleOwners(principal: Principal, object: PermissionObject): string[] | null {
  const grants = grantsOf(principal);
  const visibility = grants.permissions.objects[object].visibility;
  if (visibility === "all") return null;
  if (principal.userId === null) return [];
  return [
    ...new Set([
      principal.userId,
      ...grants.managedUserIds,
      ...(visibility === "team" ? grants.teamUserIds : []),
    ]),
  ];
}
