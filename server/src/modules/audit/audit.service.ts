import type { AuditFilterQuery, AuditListQuery, AuditPage } from "@rapport/core";
import { stringify } from "csv-stringify";
import { audit, auditActorOf } from "../../platform/audit/audit.ts";
import { verifyChain } from "../../platform/audit/verify.ts";
import type { Principal } from "../../platform/auth/principal.ts";
import type { Db } from "../../platform/db/index.ts";
import { toAuditEntryDto } from "./audit.presenter.ts";
import * as store from "./audit.store.ts";

const EXPORT_PAGE = 1000;

export async function listAudit(
  db: Db,
  principal: Principal,
  query: AuditListQuery & { limit: number },
): Promise<AuditPage> {
  const { limit, cursor, ...filter } = query;
  const rows = await store.listEntries(db, principal.workspaceId, filter, {
    limit: limit + 1,
    beforeSeq: cursor === undefined ? undefined : Number(cursor),
  });
  const page = rows.slice(0, limit);
  return {
    data: page.map(toAuditEntryDto),
    nextCursor: rows.length > limit ? String(page.at(-1)!.seq) : null,
  };
}

export const verifyAudit = (db: Db, principal: Principal) => verifyChain(db, principal.workspaceId);

const CSV_COLUMNS = [
  "seq",
  "at",
  "action",
  "actor_user_id",
  "actor_name",
  "actor_email",
  "actor_api_key_id",
  "ip",
  "user_agent",
  "target_type",
  "target_id",
  "details",
  "prev_hash",
  "hash",
];

/**
 * The filtered entries as CSV, newest first, read page by page so a long trail is never held in
 * memory. The export is itself audited, before the first row is read.
 */
export async function exportAudit(db: Db, principal: Principal, filter: AuditFilterQuery) {
  await audit(db, {
    workspaceId: principal.workspaceId,
    action: "audit.exported",
    actor: auditActorOf(principal),
    details: { filter },
  });
  const csv = stringify({ header: true, columns: CSV_COLUMNS });
  void (async () => {
    let beforeSeq: number | undefined;
    for (;;) {
      const rows = await store.listEntries(db, principal.workspaceId, filter, {
        limit: EXPORT_PAGE,
        beforeSeq,
      });
      for (const r of rows) {
        const ok = csv.write([
          r.seq,
          r.at.toISOString(),
          r.action,
          r.actorUserId,
          r.actorName,
          r.actorEmail,
          r.actorApiKeyId,
          r.ip,
          r.userAgent,
          r.targetType,
          r.targetId,
          JSON.stringify(r.details),
          r.prevHash,
          r.hash,
        ]);
        if (!ok) await new Promise((resolve) => csv.once("drain", resolve));
      }
      if (rows.length < EXPORT_PAGE) break;
      beforeSeq = rows.at(-1)!.seq!;
    }
    csv.end();
  })().catch((error: unknown) => csv.destroy(error as Error));
  return csv;
}
