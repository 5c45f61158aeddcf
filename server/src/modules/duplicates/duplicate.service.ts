import { DUPLICATE_RECORDS, type DuplicateGroupDto, type DuplicateObject } from "@rapport/core";
import { audit, auditActorOf } from "../../platform/audit/audit.ts";
import { requirePermission } from "../../platform/auth/permissions.ts";
import type { Principal } from "../../platform/auth/principal.ts";
import type { Db } from "../../platform/db/index.ts";
import { notFound } from "../../platform/errors.ts";
import * as store from "./duplicate.store.ts";

/**
 * The groups of the last scan, best first, as they stand now: records merged or trashed since drop
 * out, and a group left with one record is not shown.
 */
export async function listDuplicateGroups(
  db: Db,
  principal: Principal,
  object: DuplicateObject,
  limit: number,
): Promise<DuplicateGroupDto[]> {
  const rows = await store.listGroups(db, principal.workspaceId, object, limit);
  const ids = [...new Set(rows.flatMap((r) => r.recordIds))];
  const names = await store.liveDisplayNames(db, principal.workspaceId, object, ids);
  return rows.flatMap((row) => {
    const records = row.recordIds
      .filter((id) => names.has(id))
      .map((id) => ({ id, displayName: names.get(id)! }));
    const pairs = row.pairs.filter((p) => names.has(p.a) && names.has(p.b));
    if (records.length < 2 || pairs.length === 0) return [];
    return [
      {
        id: row.id,
        object: row.object,
        score: Math.round(row.score * 1000) / 1000,
        records,
        pairs: pairs as DuplicateGroupDto["pairs"],
        foundAt: row.foundAt.toISOString(),
      },
    ];
  });
}

/** "Not duplicates": every pair of the group is remembered, so later scans leave them apart. */
export async function dismissDuplicateGroup(db: Db, principal: Principal, id: string) {
  await db.transaction(async (tx) => {
    const group = await store.findGroup(tx, principal.workspaceId, id);
    if (!group) throw notFound("duplicate group");
    requirePermission(principal, DUPLICATE_RECORDS[group.object], "update");
    await store.insertDismissals(
      tx,
      principal.workspaceId,
      group.object,
      group.pairs.map((p) => [p.a, p.b]),
      principal.userId,
    );
    await store.deleteGroup(tx, principal.workspaceId, id);
    await audit(tx, {
      workspaceId: principal.workspaceId,
      action: "record.not_duplicates",
      actor: auditActorOf(principal),
      target: { type: group.object, id: group.recordIds[0]! },
      details: { recordIds: group.recordIds },
    });
  });
}
