import type { SessionInfoDto } from "@rapport/core";
import { audit, auditActorOf } from "../../platform/audit/audit.ts";
import { type Principal, requireOwner } from "../../platform/auth/principal.ts";
import type { Db } from "../../platform/db/index.ts";
import { notFound } from "../../platform/errors.ts";
import { findMembership } from "../workspaces/workspace.store.ts";
import * as store from "./auth.store.ts";

type SessionPrincipal = Extract<Principal, { via: "session" }>;

/** "Firefox on Linux" from a user agent; good enough to recognise one's own devices. */
export function describeDevice(userAgent: string | null): string {
  if (!userAgent) return "Unknown device";
  const browser =
    [
      [/Edg\//, "Edge"],
      [/OPR\/|Opera/, "Opera"],
      [/Firefox\//, "Firefox"],
      [/Chrom(e|ium)\//, "Chrome"],
      [/Safari\//, "Safari"],
      [/curl\//, "curl"],
    ].find(([re]) => (re as RegExp).test(userAgent))?.[1] ?? "Unknown browser";
  const system =
    [
      [/iPhone|iPad|iPod/, "iOS"],
      [/Android/, "Android"],
      [/Windows/, "Windows"],
      [/Mac OS X|Macintosh/, "macOS"],
      [/CrOS/, "ChromeOS"],
      [/Linux/, "Linux"],
    ].find(([re]) => (re as RegExp).test(userAgent))?.[1] ?? null;
  return system ? `${browser} on ${system}` : (browser as string);
}

export async function listMySessions(db: Db, principal: SessionPrincipal): Promise<SessionInfoDto[]> {
  return (await store.listUserSessions(db, principal.userId)).map((s) => ({
    id: s.id,
    current: s.id === principal.sessionId,
    device: describeDevice(s.userAgent),
    userAgent: s.userAgent,
    ip: s.ip,
    createdAt: s.createdAt.toISOString(),
    lastSeenAt: s.lastSeenAt.toISOString(),
  }));
}

export async function revokeMySession(db: Db, principal: SessionPrincipal, id: string) {
  await db.transaction(async (tx) => {
    if (!(await store.deleteSessionOfUser(tx, principal.userId, id))) throw notFound("session of yours");
    await audit(tx, {
      workspaceId: principal.workspaceId,
      action: "session.revoked",
      actor: { userId: principal.userId, apiKeyId: null },
      target: { type: "session", id },
    });
  });
}

export async function revokeMyOtherSessions(db: Db, principal: SessionPrincipal) {
  return db.transaction(async (tx) => {
    const ended = await store.deleteUserSessions(tx, principal.userId, principal.sessionId);
    await audit(tx, {
      workspaceId: principal.workspaceId,
      action: "session.revoked",
      actor: { userId: principal.userId, apiKeyId: null },
      target: { type: "user", id: principal.userId },
      details: { others: true, ended },
    });
    return ended;
  });
}

/** Admins sign a member out of this workspace (their sessions in other workspaces stay). */
export async function revokeMemberSessions(db: Db, principal: Principal, userId: string) {
  return db.transaction(async (tx) => {
    const member = await findMembership(tx, principal.workspaceId, userId);
    if (!member) throw notFound("member");
    // The route is for admins; an owner's sessions only the owner ends.
    if (member.role === "owner") requireOwner(principal);
    const ended = await store.deleteMemberSessions(tx, principal.workspaceId, userId);
    await audit(tx, {
      workspaceId: principal.workspaceId,
      action: "session.revoked",
      actor: auditActorOf(principal),
      target: { type: "user", id: userId },
      details: { ended },
    });
    return ended;
  });
}
