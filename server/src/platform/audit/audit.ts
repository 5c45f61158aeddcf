import type { Principal } from "../auth/principal.ts";
import type { Db } from "../db/index.ts";
import { auditLog } from "../db/schema/index.ts";
import { newId } from "../ids.ts";
import { currentClient } from "./context.ts";

/** What the audit trail records; `record.*` entries come from platform/records/changes.ts. */
export type AuditAction =
  | "auth.sign_in"
  | "auth.sign_in_failed"
  | "auth.sign_out"
  | "auth.password_changed"
  | "auth.password_reset"
  | "auth.two_factor_enabled"
  | "auth.two_factor_disabled"
  | "auth.two_factor_failed"
  | "auth.recovery_code_used"
  | "session.revoked"
  | "member.role_changed"
  | "member.removed"
  | "workspace.updated"
  | "api_key.created"
  | "api_key.revoked"
  | "audit.exported"
  | "export.created"
  | "privacy.exported"
  | "privacy.erased"
  | "role.created"
  | "role.updated"
  | "role.deleted"
  | "team.created"
  | "team.updated"
  | "team.deleted"
  | "record.unshared"
  | "import.started"
  | "import.rows_written"
  | "import.completed"
  | "import.rows_undone"
  | "import.undone"
  | `record.${string}`;

export type AuditActor = { userId: string | null; apiKeyId: string | null };

export type AuditEntry = {
  /** null: the system chain, for events that belong to no workspace (an unknown email's sign-in). */
  workspaceId: string | null;
  action: AuditAction;
  actor: AuditActor;
  target?: { type: string; id: string } | null;
  details?: Record<string, unknown>;
};

export const auditActorOf = (principal: Principal): AuditActor => ({
  userId: principal.userId,
  apiKeyId: principal.via === "api_key" ? principal.apiKeyId : null,
});

/** The row to insert for an entry; the database trigger fills in seq, prev_hash and hash. */
export function auditRow(entry: AuditEntry): typeof auditLog.$inferInsert {
  const client = currentClient();
  return {
    id: newId(),
    workspaceId: entry.workspaceId,
    actorUserId: entry.actor.userId,
    actorApiKeyId: entry.actor.apiKeyId,
    ip: client.ip,
    userAgent: client.userAgent,
    action: entry.action,
    targetType: entry.target?.type ?? null,
    targetId: entry.target?.id ?? null,
    details: entry.details ?? {},
  };
}

/**
 * Appends entries to their chains, in the caller's transaction when given one: the entry commits
 * with the change it describes, or not at all.
 */
export async function audit(db: Db, ...entries: AuditEntry[]) {
  if (entries.length === 0) return;
  await db.insert(auditLog).values(entries.map(auditRow));
}
