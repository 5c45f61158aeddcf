import type { CreateShareBody, PermissionObject, ShareDto } from "@rapport/core";
import type { z } from "zod";
import { audit, auditActorOf } from "../../platform/audit/audit.ts";
import { visibleWhere } from "../../platform/auth/permissions.ts";
import type { Principal } from "../../platform/auth/principal.ts";
import type { Db } from "../../platform/db/index.ts";
import { AppError, invalidFields, notFound } from "../../platform/errors.ts";
import { newId } from "../../platform/ids.ts";
import { memberIds } from "../workspaces/workspace.store.ts";
import * as store from "./share.store.ts";

const toShareDto = (row: store.ShareRow): ShareDto => ({
  id: row.id,
  userId: row.userId,
  teamId: row.teamId,
  createdBy: row.createdBy,
  createdAt: row.createdAt.toISOString(),
});

/** The record must be one the caller sees; otherwise it is as missing as one that never existed. */
async function assertVisible(db: Db, principal: Principal, object: PermissionObject, id: string) {
  const visible = visibleWhere(principal, object);
  if (!(await store.recordVisible(db, principal.workspaceId, object, id, visible))) throw notFound("record");
}

export async function listShares(db: Db, principal: Principal, object: PermissionObject, id: string) {
  await assertVisible(db, principal, object, id);
  return (await store.listShares(db, principal.workspaceId, object, id)).map(toShareDto);
}

export async function shareRecord(
  db: Db,
  principal: Principal,
  object: PermissionObject,
  id: string,
  input: z.output<typeof CreateShareBody>,
) {
  return db.transaction(async (tx) => {
    await assertVisible(tx, principal, object, id);
    if (input.userId && !(await memberIds(tx, principal.workspaceId, [input.userId])).has(input.userId)) {
      throw invalidFields([{ path: "userId", message: "No member of this workspace has that id" }]);
    }
    if (input.teamId && !(await store.teamExists(tx, principal.workspaceId, input.teamId))) {
      throw invalidFields([{ path: "teamId", message: "No team of this workspace has that id" }]);
    }
    const created = await store.insertShare(tx, {
      workspaceId: principal.workspaceId,
      id: newId(),
      object,
      recordId: id,
      userId: input.userId ?? null,
      teamId: input.teamId ?? null,
      createdBy: principal.userId,
    });
    if (!created) throw new AppError("conflict", "The record is already shared with them.");
    await audit(tx, {
      workspaceId: principal.workspaceId,
      action: "record.shared",
      actor: auditActorOf(principal),
      target: { type: object, id },
      details: { shareId: created.id, userId: created.userId, teamId: created.teamId },
    });
    return toShareDto(created);
  });
}

export async function unshareRecord(
  db: Db,
  principal: Principal,
  object: PermissionObject,
  id: string,
  shareId: string,
) {
  await db.transaction(async (tx) => {
    await assertVisible(tx, principal, object, id);
    const removed = await store.deleteShare(tx, principal.workspaceId, object, id, shareId);
    if (!removed) throw notFound("share");
    await audit(tx, {
      workspaceId: principal.workspaceId,
      action: "record.unshared",
      actor: auditActorOf(principal),
      target: { type: object, id },
      details: { shareId, userId: removed.userId, teamId: removed.teamId },
    });
  });
}
