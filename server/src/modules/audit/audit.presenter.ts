import type { AuditEntryDto } from "@rapport/core";
import type { AuditRow } from "./audit.store.ts";

// The chain columns are null only inside the inserting transaction (they are filled at its commit),
// so every entry read here has them.
export const toAuditEntryDto = (row: AuditRow): AuditEntryDto => ({
  id: row.id,
  seq: row.seq!,
  at: row.at.toISOString(),
  actor: {
    userId: row.actorUserId,
    name: row.actorName,
    email: row.actorEmail,
    apiKeyId: row.actorApiKeyId,
  },
  ip: row.ip,
  userAgent: row.userAgent,
  action: row.action,
  target: row.targetType && row.targetId ? { type: row.targetType, id: row.targetId } : null,
  details: row.details,
  prevHash: row.prevHash!,
  hash: row.hash!,
});
