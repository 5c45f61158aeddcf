import { createHmac, randomBytes } from "node:crypto";
import { audit } from "../../platform/audit/audit.ts";
import { verifyPassword } from "../../platform/auth/passwords.ts";
import type { Principal } from "../../platform/auth/principal.ts";
import { hashToken, safeEqual } from "../../platform/auth/tokens.ts";
import { matchTotp, newTotpSecret, otpauthUri } from "../../platform/auth/totp.ts";
import { fieldKeys } from "../../platform/crypto/field-keys.ts";
import type { Db } from "../../platform/db/index.ts";
import { AppError } from "../../platform/errors.ts";
import * as store from "./auth.store.ts";

type SessionPrincipal = Extract<Principal, { via: "session" }>;

const PENDING_TTL_MS = 5 * 60 * 1000;
const RECOVERY_CODES = 10;
export const MAX_CODE_FAILURES = 5;

/**
 * The short-lived proof that the password step succeeded: user, workspace and expiry, signed with
 * RAPPORT_SECRET. It grants nothing without a second factor, so it needs no table.
 */
export function pendingToken(secret: string, userId: string, workspaceId: string, now = Date.now()) {
  const expiresAt = now + PENDING_TTL_MS;
  const payload = `${userId}.${workspaceId}.${expiresAt}`;
  return { token: `${payload}.${sign(secret, payload)}`, expiresAt: new Date(expiresAt) };
}

export function readPendingToken(secret: string, token: string): { userId: string; workspaceId: string } {
  const parts = token.split(".");
  const [userId, workspaceId, expires, signature] = parts;
  const valid =
    parts.length === 4 &&
    signature !== undefined &&
    safeEqual(signature, sign(secret, parts.slice(0, 3).join(".")));
  if (!valid || !userId || !workspaceId) {
    throw new AppError(
      "unauthenticated",
      "This sign-in attempt is not valid. Sign in with your password again.",
    );
  }
  if (Number(expires) < Date.now()) {
    throw new AppError(
      "unauthenticated",
      "This sign-in attempt has expired. Sign in with your password again.",
    );
  }
  return { userId, workspaceId };
}

const sign = (secret: string, payload: string) =>
  createHmac("sha256", secret).update(`two-factor-pending:${payload}`).digest("base64url");

/** Recovery codes are compared without case or dashes: "ab3de-fg7hk" and "AB3DEFG7HK" are one. */
const normaliseRecoveryCode = (code: string) => code.toLowerCase().replace(/[\s-]/g, "");

function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODES }, () => {
    const raw = randomBytes(8).toString("hex").slice(0, 10);
    return `${raw.slice(0, 5)}-${raw.slice(5)}`;
  });
}

/**
 * Checks a second factor: a TOTP code (each time step once) or an unused recovery code, which is
 * used up. Returns which kind matched, or null.
 */
export async function checkSecondFactor(
  db: Db,
  user: store.UserRow,
  code: string,
): Promise<"totp" | "recovery_code" | null> {
  if (!user.totpSecret || !user.totpEnabledAt) return null;
  const trimmed = code.trim();
  if (/^\d{6}$/.test(trimmed)) {
    const step = matchTotp(fieldKeys().open(user.totpSecret), trimmed, user.totpLastStep);
    return step !== null && (await store.useTotpStep(db, user.id, step)) ? "totp" : null;
  }
  const used = await store.useRecoveryCode(db, user.id, hashToken(normaliseRecoveryCode(trimmed)));
  return used ? "recovery_code" : null;
}

async function currentUser(db: Db, principal: SessionPrincipal) {
  const user = await store.findUserById(db, principal.userId);
  if (!user) throw new AppError("unauthenticated", "Your session has ended; sign in again.");
  return user;
}

const userActor = (principal: SessionPrincipal) => ({ userId: principal.userId, apiKeyId: null });

/** Step one of enrolment: a new secret, not in force until a code from it is confirmed. */
export async function startEnrolment(db: Db, principal: SessionPrincipal) {
  const user = await currentUser(db, principal);
  const secret = newTotpSecret();
  if (!(await store.setPendingTotpSecret(db, user.id, secret))) {
    throw new AppError(
      "conflict",
      "Two-factor sign-in is already on. Turn it off first to enrol a new device.",
    );
  }
  return { secret, otpauthUri: otpauthUri(secret, user.email) };
}

/** Step two: a code from the app proves it holds the secret; returns the recovery codes, once. */
export async function confirmEnrolment(db: Db, principal: SessionPrincipal, code: string) {
  const user = await currentUser(db, principal);
  if (user.totpEnabledAt) throw new AppError("conflict", "Two-factor sign-in is already on.");
  if (!user.totpSecret) {
    throw new AppError(
      "conflict",
      "Start the enrolment first: POST /auth/two-factor/enrol gives the secret.",
    );
  }
  const step = matchTotp(fieldKeys().open(user.totpSecret), code, null);
  if (step === null) {
    throw new AppError(
      "validation_failed",
      "That code is not right. Check your device's clock and try the newest code.",
      {
        errors: [{ path: "code", message: "Wrong code" }],
      },
    );
  }
  const recoveryCodes = newRecoveryCodes();
  await db.transaction(async (tx) => {
    await store.enableTotp(
      tx,
      user.id,
      step,
      recoveryCodes.map((c) => hashToken(normaliseRecoveryCode(c))),
    );
    await audit(tx, {
      workspaceId: principal.workspaceId,
      action: "auth.two_factor_enabled",
      actor: userActor(principal),
      target: { type: "user", id: user.id },
    });
  });
  return { recoveryCodes };
}

/** Turning it off needs a current code, a recovery code or the password. */
export async function disableTwoFactor(
  db: Db,
  principal: SessionPrincipal,
  input: { code?: string; password?: string },
) {
  const user = await currentUser(db, principal);
  if (!user.totpEnabledAt) throw new AppError("conflict", "Two-factor sign-in is not on.");
  const proven =
    (input.code !== undefined && (await checkSecondFactor(db, user, input.code)) !== null) ||
    (input.password !== undefined && (await verifyPassword(user.passwordHash, input.password)));
  if (!proven) {
    const path = input.code !== undefined ? "code" : "password";
    throw new AppError("validation_failed", `The ${path} is wrong.`, {
      errors: [{ path, message: `Wrong ${path}` }],
    });
  }
  await db.transaction(async (tx) => {
    await store.disableTotp(tx, user.id);
    await audit(tx, {
      workspaceId: principal.workspaceId,
      action: "auth.two_factor_disabled",
      actor: userActor(principal),
      target: { type: "user", id: user.id },
    });
  });
}
