import { and, desc, eq, gt, isNull, sql } from "drizzle-orm";
import type { Db } from "../../platform/db/index.ts";
import { invitations, users, workspaces } from "../../platform/db/schema/index.ts";

export async function insertInvitation(db: Db, row: typeof invitations.$inferInsert) {
  await db.insert(invitations).values(row);
}

const pending = (workspaceId: string) =>
  and(
    eq(invitations.workspaceId, workspaceId),
    isNull(invitations.acceptedAt),
    isNull(invitations.revokedAt),
    gt(invitations.expiresAt, sql`now()`),
  );

const listColumns = {
  id: invitations.id,
  email: invitations.email,
  role: invitations.role,
  createdAt: invitations.createdAt,
  expiresAt: invitations.expiresAt,
  inviterId: users.id,
  inviterName: users.name,
};

export async function listPendingInvitations(db: Db, workspaceId: string) {
  return db
    .select(listColumns)
    .from(invitations)
    .leftJoin(users, eq(users.id, invitations.invitedBy))
    .where(pending(workspaceId))
    .orderBy(desc(invitations.createdAt));
}

export type InvitationListRow = Awaited<ReturnType<typeof listPendingInvitations>>[number];

export async function findPendingInvitation(db: Db, workspaceId: string, id: string) {
  const [row] = await db
    .select(listColumns)
    .from(invitations)
    .leftJoin(users, eq(users.id, invitations.invitedBy))
    .where(and(pending(workspaceId), eq(invitations.id, id)));
  return row;
}

/** Revokes pending invitations of this workspace matching the id or email; returns how many. */
export async function revokePending(db: Db, workspaceId: string, match: { id: string } | { email: string }) {
  const rows = await db
    .update(invitations)
    .set({ revokedAt: new Date() })
    .where(
      and(
        pending(workspaceId),
        "id" in match ? eq(invitations.id, match.id) : eq(invitations.email, match.email),
      ),
    )
    .returning({ id: invitations.id });
  return rows.length;
}

export async function findByTokenHash(db: Db, tokenHash: string) {
  const [row] = await db
    .select({ invitation: invitations, workspaceName: workspaces.name })
    .from(invitations)
    .innerJoin(workspaces, eq(workspaces.id, invitations.workspaceId))
    .where(eq(invitations.tokenHash, tokenHash));
  return row;
}

/** Marks an invitation accepted; false when it was accepted or revoked meanwhile. */
export async function markAccepted(
  db: Db,
  workspaceId: string,
  id: string,
  userId: string,
): Promise<boolean> {
  const rows = await db
    .update(invitations)
    .set({ acceptedAt: new Date(), acceptedBy: userId })
    .where(and(pending(workspaceId), eq(invitations.id, id)))
    .returning({ id: invitations.id });
  return rows.length === 1;
}
