import { and, asc, eq, gt, isNull, ne, sql } from "drizzle-orm";
import type { Principal } from "../../platform/auth/principal.ts";
import { fieldKeys } from "../../platform/crypto/field-keys.ts";
import type { Db } from "../../platform/db/index.ts";
import {
  loginThrottle,
  memberships,
  passwordResetTokens,
  sessions,
  users,
  workspaces,
} from "../../platform/db/schema/index.ts";

export type UserRow = typeof users.$inferSelect;

export async function findUserByEmail(db: Db, email: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.email, email));
  return row;
}

export async function findUserById(db: Db, id: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.id, id));
  return row;
}

export async function insertUser(db: Db, row: typeof users.$inferInsert): Promise<UserRow> {
  const [created] = await db.insert(users).values(row).returning();
  return created!;
}

/** Inserts a user unless the email is taken; returns undefined when it is. */
export async function insertUserIfNew(db: Db, row: typeof users.$inferInsert): Promise<UserRow | undefined> {
  const [created] = await db.insert(users).values(row).onConflictDoNothing().returning();
  return created;
}

export async function updateUser(
  db: Db,
  id: string,
  changes: Partial<Pick<UserRow, "name" | "passwordHash">>,
): Promise<UserRow | undefined> {
  const [row] = await db
    .update(users)
    .set({ ...changes, updatedAt: new Date() })
    .where(eq(users.id, id))
    .returning();
  return row;
}

/** The user's workspaces with their role, oldest membership first. */
export async function listUserWorkspaces(db: Db, userId: string) {
  return db
    .select({
      id: workspaces.id,
      name: workspaces.name,
      baseCurrency: workspaces.baseCurrency,
      defaultCountry: workspaces.defaultCountry,
      lifecycleStages: workspaces.lifecycleStages,
      requireTwoFactor: workspaces.requireTwoFactor,
      createdAt: workspaces.createdAt,
      role: memberships.role,
    })
    .from(memberships)
    .innerJoin(workspaces, eq(workspaces.id, memberships.workspaceId))
    .where(eq(memberships.userId, userId))
    .orderBy(asc(memberships.createdAt));
}

export async function insertSession(db: Db, row: typeof sessions.$inferInsert) {
  await db.insert(sessions).values(row);
}

/** The principal behind a session token, if the session is live and its membership exists. */
export async function findSessionPrincipal(
  db: Db,
  tokenHash: string,
  idleTimeoutMs: number,
): Promise<Extract<Principal, { via: "session" }> | null> {
  const [row] = await db
    .select({
      sessionId: sessions.id,
      userId: sessions.userId,
      workspaceId: sessions.workspaceId,
      csrfToken: sessions.csrfToken,
      lastSeenAt: sessions.lastSeenAt,
      role: memberships.role,
      mustEnrolTwoFactor: sql<boolean>`${workspaces.requireTwoFactor} and ${users.totpEnabledAt} is null`,
    })
    .from(sessions)
    .innerJoin(
      memberships,
      and(eq(memberships.workspaceId, sessions.workspaceId), eq(memberships.userId, sessions.userId)),
    )
    .innerJoin(workspaces, eq(workspaces.id, sessions.workspaceId))
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.tokenHash, tokenHash), gt(sessions.expiresAt, sql`now()`)));
  if (!row) return null;
  // Sliding expiry, written at most once a minute per session to keep reads cheap.
  if (Date.now() - row.lastSeenAt.getTime() > 60_000) {
    await db
      .update(sessions)
      .set({ lastSeenAt: new Date(), expiresAt: new Date(Date.now() + idleTimeoutMs) })
      .where(eq(sessions.id, row.sessionId));
  }
  return {
    via: "session",
    sessionId: row.sessionId,
    userId: row.userId,
    workspaceId: row.workspaceId,
    csrfToken: row.csrfToken,
    role: row.role,
    mustEnrolTwoFactor: row.mustEnrolTwoFactor,
  };
}

export async function deleteSession(db: Db, id: string) {
  await db.delete(sessions).where(eq(sessions.id, id));
}

/** Ends every session of a user, except `keepId` when given; returns how many ended. */
export async function deleteUserSessions(db: Db, userId: string, keepId?: string): Promise<number> {
  const ended = await db
    .delete(sessions)
    .where(keepId ? and(eq(sessions.userId, userId), ne(sessions.id, keepId)) : eq(sessions.userId, userId))
    .returning({ id: sessions.id });
  return ended.length;
}

export async function setSessionWorkspace(db: Db, id: string, workspaceId: string) {
  await db.update(sessions).set({ workspaceId }).where(eq(sessions.id, id));
}

export async function insertPasswordResetToken(db: Db, row: typeof passwordResetTokens.$inferInsert) {
  await db.insert(passwordResetTokens).values(row);
}

export async function findPasswordResetToken(db: Db, tokenHash: string) {
  const [row] = await db
    .select()
    .from(passwordResetTokens)
    .where(eq(passwordResetTokens.tokenHash, tokenHash));
  return row;
}

/** Marks a reset token used; false when another request used it first. */
export async function consumePasswordResetToken(db: Db, id: string): Promise<boolean> {
  const rows = await db
    .update(passwordResetTokens)
    .set({ usedAt: new Date() })
    .where(and(eq(passwordResetTokens.id, id), sql`${passwordResetTokens.usedAt} is null`))
    .returning({ id: passwordResetTokens.id });
  return rows.length === 1;
}

export async function readThrottle(db: Db, keys: string[]) {
  return db.select().from(loginThrottle).where(sql`${loginThrottle.key} in ${keys}`);
}

/** Counts a failure for each key, starting a new window when the old one has passed. */
export async function recordFailure(db: Db, keys: string[], windowMs: number) {
  const windowStart = new Date(Date.now() - windowMs);
  for (const key of keys) {
    await db
      .insert(loginThrottle)
      .values({ key, failures: 1, windowStartedAt: new Date() })
      .onConflictDoUpdate({
        target: loginThrottle.key,
        set: {
          failures: sql`case when ${loginThrottle.windowStartedAt} < ${windowStart} then 1 else ${loginThrottle.failures} + 1 end`,
          windowStartedAt: sql`case when ${loginThrottle.windowStartedAt} < ${windowStart} then now() else ${loginThrottle.windowStartedAt} end`,
        },
      });
  }
}

export async function clearThrottle(db: Db, key: string) {
  await db.delete(loginThrottle).where(eq(loginThrottle.key, key));
}

/** The workspace a live session is in; null once it was signed out or has expired. */
export async function sessionWorkspace(db: Db, id: string): Promise<string | null> {
  const [row] = await db
    .select({ workspaceId: sessions.workspaceId })
    .from(sessions)
    .where(and(eq(sessions.id, id), gt(sessions.expiresAt, sql`now()`)));
  return row?.workspaceId ?? null;
}

/**
 * Starts (or restarts) an enrolment; false when two-factor sign-in is already on. The secret is
 * stored sealed (AES-256-GCM under RAPPORT_SECRET).
 */
export async function setPendingTotpSecret(db: Db, userId: string, secret: string): Promise<boolean> {
  const rows = await db
    .update(users)
    .set({ totpSecret: fieldKeys().seal(secret) })
    .where(and(eq(users.id, userId), isNull(users.totpEnabledAt)))
    .returning({ id: users.id });
  return rows.length === 1;
}

export async function enableTotp(db: Db, userId: string, step: number, recoveryCodeHashes: string[]) {
  await db
    .update(users)
    .set({ totpEnabledAt: new Date(), totpLastStep: step, recoveryCodeHashes, updatedAt: new Date() })
    .where(eq(users.id, userId));
}

export async function disableTotp(db: Db, userId: string) {
  await db
    .update(users)
    .set({
      totpSecret: null,
      totpEnabledAt: null,
      totpLastStep: null,
      recoveryCodeHashes: [],
      updatedAt: new Date(),
    })
    .where(eq(users.id, userId));
}

/** Records a time step as used; false when it (or a later one) already was: a replayed code. */
export async function useTotpStep(db: Db, userId: string, step: number): Promise<boolean> {
  const rows = await db
    .update(users)
    .set({ totpLastStep: step })
    .where(and(eq(users.id, userId), sql`(${users.totpLastStep} is null or ${users.totpLastStep} < ${step})`))
    .returning({ id: users.id });
  return rows.length === 1;
}

/** Uses up a recovery code; false when the user has no such unused code. */
export async function useRecoveryCode(db: Db, userId: string, codeHash: string): Promise<boolean> {
  const rows = await db
    .update(users)
    .set({ recoveryCodeHashes: sql`array_remove(${users.recoveryCodeHashes}, ${codeHash})` })
    .where(and(eq(users.id, userId), sql`${codeHash} = any(${users.recoveryCodeHashes})`))
    .returning({ id: users.id });
  return rows.length === 1;
}

/** A user's live sessions, most recently used first. */
export async function listUserSessions(db: Db, userId: string) {
  return db
    .select({
      id: sessions.id,
      ip: sessions.ip,
      userAgent: sessions.userAgent,
      createdAt: sessions.createdAt,
      lastSeenAt: sessions.lastSeenAt,
    })
    .from(sessions)
    .where(and(eq(sessions.userId, userId), gt(sessions.expiresAt, sql`now()`)))
    .orderBy(sql`${sessions.lastSeenAt} desc`);
}

/** Ends one of a user's sessions; false when the user has no such session. */
export async function deleteSessionOfUser(db: Db, userId: string, id: string): Promise<boolean> {
  const rows = await db
    .delete(sessions)
    .where(and(eq(sessions.userId, userId), eq(sessions.id, id)))
    .returning({ id: sessions.id });
  return rows.length === 1;
}

/** Ends a member's sessions that are working in this workspace; returns how many ended. */
export async function deleteMemberSessions(db: Db, workspaceId: string, userId: string): Promise<number> {
  const rows = await db
    .delete(sessions)
    .where(and(eq(sessions.workspaceId, workspaceId), eq(sessions.userId, userId)))
    .returning({ id: sessions.id });
  return rows.length;
}
