import { and, asc, eq, sql } from "drizzle-orm";
import type { Db } from "../../platform/db/index.ts";
import { teamMembers, teams } from "../../platform/db/schema/index.ts";

export type TeamRow = typeof teams.$inferSelect;
export type TeamWithMembers = TeamRow & { memberIds: string[]; managerId: string | null };

const membersOf = sql<{ userId: string; manager: boolean }[]>`(select coalesce(json_agg(json_build_object(
    'userId', tm.user_id, 'manager', tm.manager) order by tm.created_at, tm.user_id), '[]'::json)
  from team_members tm where tm.workspace_id = "teams"."workspace_id" and tm.team_id = "teams"."id")`;

const withMembers = (row: TeamRow, members: { userId: string; manager: boolean }[]): TeamWithMembers => ({
  ...row,
  memberIds: members.map((m) => m.userId),
  managerId: members.find((m) => m.manager)?.userId ?? null,
});

export async function listTeams(db: Db, workspaceId: string): Promise<TeamWithMembers[]> {
  const rows = await db
    .select({ row: teams, members: membersOf })
    .from(teams)
    .where(eq(teams.workspaceId, workspaceId))
    .orderBy(asc(sql`lower(${teams.name})`));
  return rows.map((r) => withMembers(r.row, r.members));
}

export async function findTeam(
  db: Db,
  workspaceId: string,
  id: string,
  options: { lock?: boolean } = {},
): Promise<TeamWithMembers | undefined> {
  const query = db
    .select({ row: teams, members: membersOf })
    .from(teams)
    .where(and(eq(teams.workspaceId, workspaceId), eq(teams.id, id)));
  const [found] = options.lock ? await query.for("update", { of: teams }) : await query;
  return found ? withMembers(found.row, found.members) : undefined;
}

/** True when another team of the workspace already has this name (case-insensitively). */
export async function nameTaken(db: Db, workspaceId: string, name: string, exceptId?: string) {
  const rows = await db
    .select({ id: teams.id })
    .from(teams)
    .where(and(eq(teams.workspaceId, workspaceId), sql`lower(${teams.name}) = lower(${name})`));
  return rows.some((r) => r.id !== exceptId);
}

export async function insertTeam(db: Db, row: { workspaceId: string; id: string; name: string }) {
  await db.insert(teams).values(row);
}

export async function renameTeam(db: Db, workspaceId: string, id: string, name: string) {
  await db
    .update(teams)
    .set({ name })
    .where(and(eq(teams.workspaceId, workspaceId), eq(teams.id, id)));
}

export async function replaceMembers(
  db: Db,
  workspaceId: string,
  teamId: string,
  memberIds: string[],
  managerId: string | null,
) {
  await db
    .delete(teamMembers)
    .where(and(eq(teamMembers.workspaceId, workspaceId), eq(teamMembers.teamId, teamId)));
  if (memberIds.length === 0) return;
  await db
    .insert(teamMembers)
    .values(memberIds.map((userId) => ({ workspaceId, teamId, userId, manager: userId === managerId })));
}

export async function deleteTeam(db: Db, workspaceId: string, id: string) {
  await db.delete(teams).where(and(eq(teams.workspaceId, workspaceId), eq(teams.id, id)));
}
