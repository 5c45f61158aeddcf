import type { SignInBody, SignUpBody } from "@rapport/core";
import { PASSWORD_RESET_TTL_MINUTES } from "@rapport/core";
import { audit } from "../../platform/audit/audit.ts";
import { hashPassword, verifyPassword } from "../../platform/auth/passwords.ts";
import type { Principal } from "../../platform/auth/principal.ts";
import { hashToken, randomToken } from "../../platform/auth/tokens.ts";
import type { Config } from "../../platform/config.ts";
import type { Db } from "../../platform/db/index.ts";
import { AppError } from "../../platform/errors.ts";
import { newId } from "../../platform/ids.ts";
import type { Logger } from "../../platform/log.ts";
import { sessionEnded } from "../notifications/notification-channel.ts";
import { resolveGrants } from "../roles/role.store.ts";
import { createWorkspaceWithOwner } from "../workspaces/create-workspace.ts";
import { findMembership } from "../workspaces/workspace.store.ts";
import { toSessionDto } from "./auth.presenter.ts";
import * as store from "./auth.store.ts";
import { checkSecondFactor, MAX_CODE_FAILURES, pendingToken, readPendingToken } from "./two-factor.ts";

export type AuthDeps = { db: Db; config: Config; log: Logger };
export type ClientInfo = { ip: string; userAgent: string | undefined };
type SessionPrincipal = Extract<Principal, { via: "session" }>;

export const SESSION_IDLE_MS = 14 * 24 * 60 * 60 * 1000;
const THROTTLE_WINDOW_MS = 15 * 60 * 1000;
const MAX_FAILURES_PER_ACCOUNT = 10;
const MAX_FAILURES_PER_IP = 50;

/** A new session: the raw token goes in the cookie, only its hash in the table. */
export async function startSession(
  db: Db,
  userId: string,
  workspaceId: string,
  client: ClientInfo,
): Promise<{ token: string; principal: SessionPrincipal }> {
  const token = randomToken();
  const principal: SessionPrincipal = {
    via: "session",
    sessionId: newId(),
    userId,
    workspaceId,
    // Read from the membership by every request; describeSession reads it too.
    role: "read_only",
    csrfToken: randomToken(24),
  };
  await store.insertSession(db, {
    id: principal.sessionId,
    tokenHash: hashToken(token),
    userId,
    workspaceId,
    csrfToken: principal.csrfToken,
    ip: client.ip,
    userAgent: client.userAgent?.slice(0, 500),
    expiresAt: new Date(Date.now() + SESSION_IDLE_MS),
  });
  return { token, principal };
}

export async function describeSession(db: Db, principal: SessionPrincipal) {
  const user = await store.findUserById(db, principal.userId);
  if (!user) throw new AppError("unauthenticated", "Your session has ended; sign in again.");
  const workspaces = await store.listUserWorkspaces(db, user.id);
  const current = workspaces.find((w) => w.id === principal.workspaceId);
  if (!current) throw new AppError("unauthenticated", "You are no longer a member of this workspace.");
  const grants = await resolveGrants(db, principal.workspaceId, current.role, principal.userId);
  return toSessionDto(user, principal, workspaces, grants);
}

export async function signUp(deps: AuthDeps, input: SignUpBody & { email: string }, client: ClientInfo) {
  const { workspace, owner } = await createWorkspaceWithOwner(deps.db, {
    name: input.workspaceName,
    owner: { email: input.email, name: input.name, password: input.password },
  });
  deps.log.info({ workspaceId: workspace.id, userId: owner.id }, "workspace signed up");
  const { token, principal } = await startSession(deps.db, owner.id, workspace.id, client);
  return { token, session: await describeSession(deps.db, principal) };
}

export async function signIn(deps: AuthDeps, input: SignInBody & { email: string }, client: ClientInfo) {
  const accountKey = `account:${input.email}`;
  const ipKey = `ip:${client.ip}`;
  await assertNotThrottled(deps.db, [
    {
      key: accountKey,
      limit: MAX_FAILURES_PER_ACCOUNT,
      subject: "sign-ins for this account",
      hint: "reset your password",
    },
    {
      key: ipKey,
      limit: MAX_FAILURES_PER_IP,
      subject: "sign-ins for your network address",
      hint: "reset your password",
    },
  ]);

  const user = await store.findUserByEmail(deps.db, input.email);
  const ok = await verifyPassword(user?.passwordHash, input.password);
  if (!user || !ok) {
    await store.recordFailure(deps.db, [accountKey, ipKey], THROTTLE_WINDOW_MS);
    await auditSignInFailure(deps.db, input.email, user);
    deps.log.info({ email: input.email, ip: client.ip }, "sign-in failed");
    throw new AppError(
      "invalid_credentials",
      "The email or password is wrong. Check both, or use 'Forgot password' to set a new one.",
    );
  }
  await store.clearThrottle(deps.db, accountKey);
  const [workspace] = await store.listUserWorkspaces(deps.db, user.id);
  if (!workspace) {
    throw new AppError(
      "forbidden",
      "Your account is not a member of any workspace any more. Ask a workspace admin for an invitation.",
    );
  }
  return afterPassword(deps, user, workspace.id, client, "password");
}

/**
 * After a correct password: a session, or for an account with two-factor sign-in, the challenge
 * for its second step (no session yet).
 */
export async function afterPassword(
  deps: { db: Db; config: Pick<Config, "secret"> },
  user: Pick<store.UserRow, "id" | "totpEnabledAt">,
  workspaceId: string,
  client: ClientInfo,
  method: string,
) {
  if (user.totpEnabledAt) {
    const pending = pendingToken(deps.config.secret, user.id, workspaceId);
    return {
      challenge: {
        twoFactorRequired: true as const,
        pendingToken: pending.token,
        expiresAt: pending.expiresAt.toISOString(),
      },
    };
  }
  return completeSignIn(deps.db, user.id, workspaceId, client, method);
}

async function completeSignIn(
  db: Db,
  userId: string,
  workspaceId: string,
  client: ClientInfo,
  method: string,
) {
  const { token, principal } = await startSession(db, userId, workspaceId, client);
  await audit(db, {
    workspaceId,
    action: "auth.sign_in",
    actor: { userId, apiKeyId: null },
    target: { type: "user", id: userId },
    details: { sessionId: principal.sessionId, method },
  });
  return { token, session: await describeSession(db, principal) };
}

/** The second step of a two-factor sign-in: the pending token and a TOTP or recovery code. */
export async function signInWithSecondFactor(
  deps: AuthDeps,
  input: { pendingToken: string; code: string },
  client: ClientInfo,
) {
  const pending = readPendingToken(deps.config.secret, input.pendingToken);
  const key = `two_factor:${pending.userId}`;
  await assertNotThrottled(deps.db, [{ key, limit: MAX_CODE_FAILURES, subject: "codes for this account" }]);
  const user = await store.findUserById(deps.db, pending.userId);
  const membership = user && (await findMembership(deps.db, pending.workspaceId, user.id));
  if (!user || !membership) {
    throw new AppError(
      "unauthenticated",
      "This sign-in attempt is not valid any more. Sign in with your password again.",
    );
  }
  const method = await checkSecondFactor(deps.db, user, input.code);
  if (!method) {
    await store.recordFailure(deps.db, [key], THROTTLE_WINDOW_MS);
    await audit(deps.db, {
      workspaceId: pending.workspaceId,
      action: "auth.two_factor_failed",
      actor: { userId: null, apiKeyId: null },
      target: { type: "user", id: user.id },
    });
    throw new AppError(
      "invalid_credentials",
      "That code is not right. Enter the newest 6-digit code from your app, or one of your recovery codes.",
      { errors: [{ path: "code", message: "Wrong code" }] },
    );
  }
  await store.clearThrottle(deps.db, key);
  if (method === "recovery_code") {
    await audit(deps.db, {
      workspaceId: pending.workspaceId,
      action: "auth.recovery_code_used",
      actor: { userId: user.id, apiKeyId: null },
      target: { type: "user", id: user.id },
      details: { remaining: user.recoveryCodeHashes.length - 1 },
    });
  }
  return completeSignIn(deps.db, user.id, pending.workspaceId, client, method);
}

/**
 * A failure for a known account goes to the chain of each of its workspaces, where their admins
 * see it; one for an unknown email belongs to no workspace and goes to the system chain.
 */
async function auditSignInFailure(db: Db, email: string, user: store.UserRow | undefined) {
  const workspaceIds = user ? (await store.listUserWorkspaces(db, user.id)).map((w) => w.id) : [];
  const entry = {
    action: "auth.sign_in_failed" as const,
    actor: { userId: null, apiKeyId: null },
    target: user ? { type: "user", id: user.id } : null,
    details: { email, reason: user ? "wrong_password" : "unknown_email" },
  };
  await audit(
    db,
    ...(workspaceIds.length > 0
      ? workspaceIds.map((workspaceId) => ({ ...entry, workspaceId }))
      : [{ ...entry, workspaceId: null }]),
  );
}

type ThrottleRule = { key: string; limit: number; subject: string; hint?: string };

async function assertNotThrottled(db: Db, rules: ThrottleRule[]) {
  const rows = await store.readThrottle(
    db,
    rules.map((r) => r.key),
  );
  for (const row of rows) {
    const rule = rules.find((r) => r.key === row.key)!;
    const windowEnds = row.windowStartedAt.getTime() + THROTTLE_WINDOW_MS;
    if (row.failures >= rule.limit && windowEnds > Date.now()) {
      const retryAfterSeconds = Math.ceil((windowEnds - Date.now()) / 1000);
      const minutes = Math.ceil(retryAfterSeconds / 60);
      throw new AppError(
        "too_many_requests",
        `Too many failed ${rule.subject}. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}${rule.hint ? `, or ${rule.hint}` : ""}.`,
        { retryAfterSeconds },
      );
    }
  }
}

export async function signOut(db: Db, principal: SessionPrincipal) {
  await db.transaction(async (tx) => {
    await store.deleteSession(tx, principal.sessionId);
    // Its live notification stream ends now, whichever server process holds it.
    await sessionEnded(tx, principal);
    await audit(tx, {
      workspaceId: principal.workspaceId,
      action: "auth.sign_out",
      actor: { userId: principal.userId, apiKeyId: null },
      target: { type: "session", id: principal.sessionId },
    });
  });
}

/** Changes the password after checking the current one, and signs out every other session. */
export async function changePassword(
  db: Db,
  principal: SessionPrincipal,
  input: { currentPassword: string; newPassword: string },
) {
  const user = await store.findUserById(db, principal.userId);
  if (!user || !(await verifyPassword(user.passwordHash, input.currentPassword))) {
    throw new AppError("validation_failed", "The current password is wrong.", {
      errors: [{ path: "currentPassword", message: "Wrong password" }],
    });
  }
  const passwordHash = await hashPassword(input.newPassword);
  await db.transaction(async (tx) => {
    await store.updateUser(tx, user.id, { passwordHash });
    const ended = await store.deleteUserSessions(tx, user.id, principal.sessionId);
    await audit(tx, {
      workspaceId: principal.workspaceId,
      action: "auth.password_changed",
      actor: { userId: user.id, apiKeyId: null },
      target: { type: "user", id: user.id },
      details: { sessionsEnded: ended },
    });
  });
}

/** Issues a reset link for an account; undefined when no account has that email. */
export async function issuePasswordReset(deps: AuthDeps, email: string): Promise<string | undefined> {
  const user = await store.findUserByEmail(deps.db, email);
  if (!user) return undefined;
  const token = randomToken();
  await store.insertPasswordResetToken(deps.db, {
    id: newId(),
    userId: user.id,
    tokenHash: hashToken(token),
    expiresAt: new Date(Date.now() + PASSWORD_RESET_TTL_MINUTES * 60_000),
  });
  return `${deps.config.publicUrl}/reset-password?token=${token}`;
}

/**
 * Self-service reset request. Until outgoing email exists, the link goes to the server log, where
 * the operator can find it; the caller is never told whether the account exists.
 */
export async function requestPasswordReset(deps: AuthDeps, email: string) {
  const link = await issuePasswordReset(deps, email);
  if (link) deps.log.warn({ email, link }, "password reset requested; give this link to the account holder");
}

export async function confirmPasswordReset(db: Db, input: { token: string; password: string }) {
  const row = await store.findPasswordResetToken(db, hashToken(input.token));
  if (!row) throw new AppError("not_found", "This reset link is not valid. Ask for a new one.");
  if (row.usedAt) throw new AppError("token_used", "This reset link was already used. Ask for a new one.");
  if (row.expiresAt.getTime() < Date.now()) {
    throw new AppError("token_expired", "This reset link has expired. Ask for a new one.");
  }
  const passwordHash = await hashPassword(input.password);
  await db.transaction(async (tx) => {
    if (!(await store.consumePasswordResetToken(tx, row.id))) {
      throw new AppError("token_used", "This reset link was already used. Ask for a new one.");
    }
    await store.updateUser(tx, row.userId, { passwordHash });
    await store.deleteUserSessions(tx, row.userId);
  });
}

export async function switchWorkspace(db: Db, principal: SessionPrincipal, workspaceId: string) {
  const membership = await findMembership(db, workspaceId, principal.userId);
  if (!membership) throw new AppError("not_found", "You are not a member of that workspace.");
  await store.setSessionWorkspace(db, principal.sessionId, workspaceId);
  return describeSession(db, { ...principal, workspaceId, role: membership.role });
}

export async function updateProfile(db: Db, principal: SessionPrincipal, input: { name: string }) {
  const user = await store.updateUser(db, principal.userId, { name: input.name });
  if (!user) throw new AppError("unauthenticated", "Your session has ended; sign in again.");
  return user;
}
