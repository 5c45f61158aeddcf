import { BUILTIN_ROLE_DEFAULTS, BUILTIN_ROLES, type RolePermissions, withFieldRules } from "@rapport/core";
import { and, asc, eq, sql } from "drizzle-orm";
import type { Grants } from "../../platform/auth/permissions.ts";
import type { Db } from "../../platform/db/index.ts";
import { apiKeys, invitations, memberships, roles, teamMembers } from "../../platform/db/schema/index.ts";
import { cachedDefinitions } from "../../platform/db/workspace-cache.ts";

export type RoleRow = typeof roles.$inferSelect;

/** Rows as the rest of the server sees them: field rules filled in for roles stored before them. */
const withRules = <R extends { key: string; permissions: RolePermissions }>(row: R): R => ({
  ...row,
  permissions: withFieldRules(row.key, row.permissions),
});

/** Seeds a new workspace's built-in roles (existing workspaces got theirs in migration 0012). */
export async function insertBuiltinRoles(db: Db, workspaceId: string) {
  await db.insert(roles).values(
    BUILTIN_ROLES.map((key) => ({
      workspaceId,
      key,
      name: BUILTIN_ROLE_DEFAULTS[key].name,
      builtin: true,
      permissions: BUILTIN_ROLE_DEFAULTS[key].permissions,
    })),
  );
}

/** The workspace's roles, built-ins first in their order, then custom ones by name. */
export async function listRoles(db: Db, workspaceId: string) {
  const rows = await db
    .select({
      row: roles,
      members: sql<number>`(
        (select count(*) from ${memberships} m where m.workspace_id = ${roles.workspaceId} and m.role = ${roles.key})
        + (select count(*) from ${invitations} i where i.workspace_id = ${roles.workspaceId} and i.role = ${roles.key}
            and i.accepted_at is null and i.revoked_at is null)
        + (select count(*) from ${apiKeys} k where k.workspace_id = ${roles.workspaceId} and k.role = ${roles.key}
            and k.revoked_at is null))::int`,
    })
    .from(roles)
    .where(eq(roles.workspaceId, workspaceId))
    .orderBy(asc(roles.name));
  const order = (key: string) => {
    const i = (BUILTIN_ROLES as readonly string[]).indexOf(key);
    return i === -1 ? BUILTIN_ROLES.length : i;
  };
  return rows
    .map((r) => ({ ...r, row: withRules(r.row) }))
    .sort((a, b) => order(a.row.key) - order(b.row.key));
}

export async function findRole(db: Db, workspaceId: string, key: string, options: { lock?: boolean } = {}) {
  const query = db
    .select()
    .from(roles)
    .where(and(eq(roles.workspaceId, workspaceId), eq(roles.key, key)));
  const [row] = options.lock ? await query.for("update") : await query;
  return row && withRules(row);
}

export async function insertRole(
  db: Db,
  row: { workspaceId: string; key: string; name: string; permissions: RolePermissions },
) {
  const [created] = await db.insert(roles).values(row).onConflictDoNothing().returning();
  return created;
}

export async function updateRole(
  db: Db,
  workspaceId: string,
  key: string,
  changes: { name?: string; permissions?: RolePermissions },
) {
  const [row] = await db
    .update(roles)
    .set({ ...changes, updatedAt: sql`now()` })
    .where(and(eq(roles.workspaceId, workspaceId), eq(roles.key, key)))
    .returning();
  return withRules(row!);
}

/** Deletes a custom role no one holds; false when a membership, invitation or key still names it. */
export async function deleteUnusedRole(db: Db, workspaceId: string, key: string): Promise<boolean> {
  const [inUse] = await db
    .select({
      used: sql<boolean>`(
        exists (select 1 from ${memberships} m where m.workspace_id = ${roles.workspaceId} and m.role = ${roles.key})
        or exists (select 1 from ${invitations} i where i.workspace_id = ${roles.workspaceId} and i.role = ${roles.key})
        or exists (select 1 from ${apiKeys} k where k.workspace_id = ${roles.workspaceId} and k.role = ${roles.key}))`,
    })
    .from(roles)
    .where(and(eq(roles.workspaceId, workspaceId), eq(roles.key, key)));
  if (inUse?.used) return false;
  await db.delete(roles).where(and(eq(roles.workspaceId, workspaceId), eq(roles.key, key)));
  return true;
}

async function loadRoles(db: Db, workspaceId: string) {
  const rows = await db
    .select({ key: roles.key, name: roles.name, permissions: roles.permissions })
    .from(roles)
    .where(eq(roles.workspaceId, workspaceId));
  return new Map(rows.map((r) => [r.key, withRules(r)]));
}

async function loadTeamMembers(db: Db, workspaceId: string) {
  return db
    .select({ teamId: teamMembers.teamId, userId: teamMembers.userId, manager: teamMembers.manager })
    .from(teamMembers)
    .where(eq(teamMembers.workspaceId, workspaceId));
}

/** The workspace's roles and team memberships, from the process cache (invalidated on change). */
const rolesForReads = cachedDefinitions("roles", loadRoles);
const teamMembersForReads = cachedDefinitions("team_members", loadTeamMembers);

/** What a role allows a user (or the member an API key acts for; null: nobody) in a workspace, for one request. */
export async function resolveGrants(
  db: Db,
  workspaceId: string,
  role: string,
  userId: string | null,
): Promise<Grants> {
  const [byKey, members] = await Promise.all([
    rolesForReads(db, workspaceId),
    userId ? teamMembersForReads(db, workspaceId) : Promise.resolve([]),
  ]);
  const found = byKey.get(role);
  if (!found) throw new Error(`Role ${role} of workspace ${workspaceId} does not exist`);
  const mine = members.filter((m) => m.userId === userId);
  const inTeams = (teamIds: Set<string>) => [
    ...new Set(members.filter((m) => teamIds.has(m.teamId)).map((m) => m.userId)),
  ];
  return {
    roleName: found.name,
    permissions: found.permissions,
    teamUserIds: inTeams(new Set(mine.map((m) => m.teamId))),
    managedUserIds: inTeams(new Set(mine.filter((m) => m.manager).map((m) => m.teamId))),
    teamIds: [...new Set(mine.map((m) => m.teamId))],
  };
}
