import { and, desc, eq, isNull, lt, or, sql } from "drizzle-orm";
import type { Db } from "../../platform/db/index.ts";
import { apiKeys, memberships, users } from "../../platform/db/schema/index.ts";

export async function insertApiKey(db: Db, row: typeof apiKeys.$inferInsert) {
  const [created] = await db.insert(apiKeys).values(row).returning();
  return created!;
}

const listColumns = {
  id: apiKeys.id,
  name: apiKeys.name,
  prefix: apiKeys.prefix,
  role: apiKeys.role,
  createdAt: apiKeys.createdAt,
  lastUsedAt: apiKeys.lastUsedAt,
  creatorId: users.id,
  creatorName: users.name,
};

export async function listActiveApiKeys(db: Db, workspaceId: string) {
  return db
    .select(listColumns)
    .from(apiKeys)
    .leftJoin(users, eq(users.id, apiKeys.createdBy))
    .where(and(eq(apiKeys.workspaceId, workspaceId), isNull(apiKeys.revokedAt)))
    .orderBy(desc(apiKeys.createdAt));
}

export type ApiKeyListRow = Awaited<ReturnType<typeof listActiveApiKeys>>[number];

export async function findActiveApiKey(db: Db, workspaceId: string, id: string) {
  const [row] = await db
    .select(listColumns)
    .from(apiKeys)
    .leftJoin(users, eq(users.id, apiKeys.createdBy))
    .where(and(eq(apiKeys.workspaceId, workspaceId), eq(apiKeys.id, id), isNull(apiKeys.revokedAt)));
  return row;
}

/** Revokes a key of this workspace; false when there is no such live key. */
export async function revokeApiKey(db: Db, workspaceId: string, id: string): Promise<boolean> {
  const rows = await db
    .update(apiKeys)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiKeys.workspaceId, workspaceId), eq(apiKeys.id, id), isNull(apiKeys.revokedAt)))
    .returning({ id: apiKeys.id });
  return rows.length === 1;
}

export async function findLiveKeyByHash(db: Db, keyHash: string) {
  const [row] = await db
    .select({
      id: apiKeys.id,
      workspaceId: apiKeys.workspaceId,
      role: apiKeys.role,
      lastUsedAt: apiKeys.lastUsedAt,
      /** The key's creator while still a member of the key's workspace. */
      onBehalfOf: memberships.userId,
    })
    .from(apiKeys)
    .leftJoin(
      memberships,
      and(eq(memberships.workspaceId, apiKeys.workspaceId), eq(memberships.userId, apiKeys.createdBy)),
    )
    .where(and(eq(apiKeys.keyHash, keyHash), isNull(apiKeys.revokedAt)));
  return row;
}

/** Records use, at most once a minute per key so that busy integrations do not write on every call. */
export async function touchApiKey(db: Db, id: string) {
  await db
    .update(apiKeys)
    .set({ lastUsedAt: sql`now()` })
    .where(
      and(
        eq(apiKeys.id, id),
        or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, sql`now() - interval '1 minute'`)),
      ),
    );
}
