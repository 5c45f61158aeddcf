import type { LifecycleStage, Role, UserRefDto } from "@rapport/core";
import { and, asc, count, eq, inArray } from "drizzle-orm";
import type { Db } from "../../platform/db/index.ts";
import { contacts, memberships, users, workspaces } from "../../platform/db/schema/index.ts";
import { cachedDefinitions } from "../../platform/db/workspace-cache.ts";
import { insertBuiltinRoles } from "../roles/role.store.ts";

export type WorkspaceRow = typeof workspaces.$inferSelect;

/** A new workspace with its built-in roles. */
export async function insertWorkspace(db: Db, row: { id: string; name: string }): Promise<WorkspaceRow> {
  const [created] = await db.insert(workspaces).values(row).returning();
  await insertBuiltinRoles(db, row.id);
  return created!;
}

export async function findWorkspace(db: Db, id: string): Promise<WorkspaceRow | undefined> {
  const [row] = await db.select().from(workspaces).where(eq(workspaces.id, id));
  return row;
}

export async function updateWorkspace(
  db: Db,
  id: string,
  changes: {
    name?: string;
    baseCurrency?: string;
    defaultCountry?: string | null;
    lifecycleStages?: LifecycleStage[];
    requireTwoFactor?: boolean;
  },
): Promise<WorkspaceRow | undefined> {
  const [row] = await db.update(workspaces).set(changes).where(eq(workspaces.id, id)).returning();
  return row;
}

/** The country whose numbering plan reads phones typed without a country code. */
export async function workspaceDefaultCountry(db: Db, workspaceId: string): Promise<string | null> {
  const [row] = await db
    .select({ country: workspaces.defaultCountry })
    .from(workspaces)
    .where(eq(workspaces.id, workspaceId));
  return row?.country ?? null;
}

/** The keys of the workspace's contact lifecycle stages, in order. */
export async function lifecycleStageKeys(db: Db, workspaceId: string): Promise<string[]> {
  const [row] = await db
    .select({ stages: workspaces.lifecycleStages })
    .from(workspaces)
    .where(eq(workspaces.id, workspaceId));
  return (row?.stages ?? []).map((s) => s.key);
}

/** The lifecycle stage keys for lists and filters, from the process cache. */
export const lifecycleStageKeysForReads = cachedDefinitions("lifecycle_stages", lifecycleStageKeys);

/** How many contacts (trashed ones too: they can be restored) sit at each of these stages. */
export async function countContactsAtStages(db: Db, workspaceId: string, keys: string[]) {
  if (keys.length === 0) return new Map<string, number>();
  const rows = await db
    .select({ key: contacts.lifecycleStage, n: count() })
    .from(contacts)
    .where(and(eq(contacts.workspaceId, workspaceId), inArray(contacts.lifecycleStage, keys)))
    .groupBy(contacts.lifecycleStage);
  return new Map(rows.map((r) => [r.key!, r.n]));
}

export async function insertMembership(db: Db, row: { workspaceId: string; userId: string; role: Role }) {
  await db.insert(memberships).values(row);
}

export async function findMembership(db: Db, workspaceId: string, userId: string) {
  const [row] = await db
    .select()
    .from(memberships)
    .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.userId, userId)));
  return row;
}

const memberColumns = {
  userId: users.id,
  email: users.email,
  name: users.name,
  role: memberships.role,
  joinedAt: memberships.createdAt,
};

/** Users by id, as records show them (an owner who left the workspace still has a name). */
export async function userRefs(db: Db, userIds: string[]): Promise<Map<string, UserRefDto>> {
  const ids = [...new Set(userIds)];
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: users.id, name: users.name, email: users.email })
    .from(users)
    .where(inArray(users.id, ids));
  return new Map(rows.map((r) => [r.id, r]));
}

/** The ids among `userIds` that are members of the workspace. */
export async function memberIds(db: Db, workspaceId: string, userIds: string[]): Promise<Set<string>> {
  if (userIds.length === 0) return new Set();
  const rows = await db
    .select({ id: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.workspaceId, workspaceId), inArray(memberships.userId, userIds)));
  return new Set(rows.map((r) => r.id));
}

export async function listMembers(db: Db, workspaceId: string) {
  return db
    .select(memberColumns)
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.workspaceId, workspaceId))
    .orderBy(asc(memberships.createdAt));
}

export type MemberRow = Awaited<ReturnType<typeof listMembers>>[number];

export async function findMember(
  db: Db,
  workspaceId: string,
  userId: string,
): Promise<MemberRow | undefined> {
  const [row] = await db
    .select(memberColumns)
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.userId, userId)));
  return row;
}

export async function setMemberRole(db: Db, workspaceId: string, userId: string, role: Role) {
  await db
    .update(memberships)
    .set({ role })
    .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.userId, userId)));
}

export async function deleteMembership(db: Db, workspaceId: string, userId: string) {
  await db
    .delete(memberships)
    .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.userId, userId)));
}

/** Owners of a workspace, locked against concurrent demotion until the transaction ends. */
export async function countOwnersForUpdate(db: Db, workspaceId: string): Promise<number> {
  const rows = await db
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.role, "owner")))
    .for("update");
  return rows.length;
}

export async function countUsers(db: Db): Promise<number> {
  const [row] = await db.select({ n: count() }).from(users);
  return row?.n ?? 0;
}
