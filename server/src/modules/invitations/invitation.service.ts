import {
  type AcceptInvitationBody,
  type CreatedInvitationDto,
  INVITATION_TTL_DAYS,
  type InvitationDto,
  type InvitationLookupDto,
} from "@rapport/core";
import { hashPassword, verifyPassword } from "../../platform/auth/passwords.ts";
import type { Principal } from "../../platform/auth/principal.ts";
import { hashToken, randomToken } from "../../platform/auth/tokens.ts";
import type { Config } from "../../platform/config.ts";
import type { Db } from "../../platform/db/index.ts";
import { AppError, notFound } from "../../platform/errors.ts";
import { newId } from "../../platform/ids.ts";
import { afterPassword, type ClientInfo } from "../auth/auth.service.ts";
import { findUserByEmail, insertUser } from "../auth/auth.store.ts";
import { assertRoleExists } from "../roles/role.service.ts";
import { findMembership, insertMembership } from "../workspaces/workspace.store.ts";
import * as store from "./invitation.store.ts";

export async function createInvitation(
  db: Db,
  publicUrl: string,
  principal: Principal,
  input: { email: string; role: string },
): Promise<CreatedInvitationDto> {
  const token = randomToken();
  const id = newId();
  await db.transaction(async (tx) => {
    await assertRoleExists(tx, principal.workspaceId, input.role);
    const existing = await findUserByEmail(tx, input.email);
    if (existing && (await findMembership(tx, principal.workspaceId, existing.id))) {
      throw new AppError("already_member", `${input.email} is already a member of this workspace.`, {
        errors: [{ path: "email", message: "Already a member" }],
      });
    }
    // A new invitation for the same person replaces the old link.
    await store.revokePending(tx, principal.workspaceId, { email: input.email });
    await store.insertInvitation(tx, {
      id,
      workspaceId: principal.workspaceId,
      email: input.email,
      role: input.role,
      tokenHash: hashToken(token),
      invitedBy: principal.userId,
      expiresAt: new Date(Date.now() + INVITATION_TTL_DAYS * 24 * 60 * 60 * 1000),
    });
  });
  const row = await store.findPendingInvitation(db, principal.workspaceId, id);
  return { ...toInvitationDto(row!), token, url: `${publicUrl}/invite/${token}` };
}

export async function listInvitations(db: Db, principal: Principal): Promise<InvitationDto[]> {
  return (await store.listPendingInvitations(db, principal.workspaceId)).map(toInvitationDto);
}

export async function revokeInvitation(db: Db, principal: Principal, id: string) {
  if ((await store.revokePending(db, principal.workspaceId, { id })) === 0)
    throw notFound("pending invitation");
}

async function usableInvitation(db: Db, token: string) {
  const found = await store.findByTokenHash(db, hashToken(token));
  if (!found || found.invitation.revokedAt) {
    throw new AppError(
      "not_found",
      "This invitation link is not valid. Ask the person who invited you for a new one.",
    );
  }
  if (found.invitation.acceptedAt) {
    throw new AppError("token_used", "This invitation was already accepted. Sign in instead.");
  }
  if (found.invitation.expiresAt.getTime() < Date.now()) {
    throw new AppError(
      "token_expired",
      "This invitation has expired. Ask the person who invited you for a new one.",
    );
  }
  return found;
}

export async function lookupInvitation(db: Db, token: string): Promise<InvitationLookupDto> {
  const { invitation, workspaceName } = await usableInvitation(db, token);
  return {
    workspaceName,
    email: invitation.email,
    role: invitation.role,
    userExists: (await findUserByEmail(db, invitation.email)) !== undefined,
    expiresAt: invitation.expiresAt.toISOString(),
  };
}

/** Joins the invited workspace: with a new account, or with the existing account's password. */
export async function acceptInvitation(
  db: Db,
  config: Pick<Config, "secret">,
  input: AcceptInvitationBody,
  client: ClientInfo,
) {
  const { invitation } = await usableInvitation(db, input.token);
  const existing = await findUserByEmail(db, invitation.email);
  if (existing && !(await verifyPassword(existing.passwordHash, input.password))) {
    throw new AppError(
      "invalid_credentials",
      `Enter the password of your existing account ${invitation.email}.`,
      {
        errors: [{ path: "password", message: "Wrong password" }],
      },
    );
  }
  if (!existing && !input.name) {
    throw new AppError("validation_failed", "Enter your name to create your account.", {
      errors: [{ path: "name", message: "Enter a name" }],
    });
  }
  const passwordHash = existing ? undefined : await hashPassword(input.password);
  const userId = await db.transaction(async (tx) => {
    const user =
      existing ??
      (await insertUser(tx, {
        id: newId(),
        email: invitation.email,
        name: input.name!,
        passwordHash: passwordHash!,
      }));
    if (!(await store.markAccepted(tx, invitation.workspaceId, invitation.id, user.id))) {
      throw new AppError("token_used", "This invitation was already accepted. Sign in instead.");
    }
    if (await findMembership(tx, invitation.workspaceId, user.id)) {
      throw new AppError("already_member", "You are already a member of this workspace. Sign in instead.");
    }
    await insertMembership(tx, {
      workspaceId: invitation.workspaceId,
      userId: user.id,
      role: invitation.role,
    });
    return user.id;
  });
  // An existing account with two-factor sign-in still has to give its second factor.
  return afterPassword(
    { db, config },
    existing ?? { id: userId, totpEnabledAt: null },
    invitation.workspaceId,
    client,
    "invitation",
  );
}

const toInvitationDto = (row: store.InvitationListRow): InvitationDto => ({
  id: row.id,
  email: row.email,
  role: row.role,
  invitedBy: row.inviterId ? { id: row.inviterId, name: row.inviterName ?? "" } : null,
  createdAt: row.createdAt.toISOString(),
  expiresAt: row.expiresAt.toISOString(),
});
