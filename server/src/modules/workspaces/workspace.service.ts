import type { LifecycleStage, MemberDto, Role } from "@rapport/core";
import { audit, auditActorOf } from "../../platform/audit/audit.ts";
import { requireAdmin } from "../../platform/auth/permissions.ts";
import { type Principal, requireOwner } from "../../platform/auth/principal.ts";
import type { Db } from "../../platform/db/index.ts";
import { definitionsChanged } from "../../platform/db/workspace-cache.ts";
import { AppError, notFound } from "../../platform/errors.ts";
import { rebaseRates } from "../currencies/change-base-currency.ts";
import { assertRoleExists } from "../roles/role.service.ts";
import * as store from "./workspace.store.ts";

export async function getWorkspace(db: Db, principal: Principal) {
  const workspace = await store.findWorkspace(db, principal.workspaceId);
  if (!workspace) throw notFound("workspace");
  return workspace;
}

export async function updateWorkspace(
  db: Db,
  principal: Principal,
  changes: {
    name?: string;
    baseCurrency?: string;
    defaultCountry?: string | null;
    lifecycleStages?: LifecycleStage[];
    requireTwoFactor?: boolean;
  },
) {
  return db.transaction(async (tx) => {
    const current = await store.findWorkspace(tx, principal.workspaceId);
    if (!current) throw notFound("workspace");
    if (changes.baseCurrency) await rebaseRates(tx, current.id, current.baseCurrency, changes.baseCurrency);
    if (changes.lifecycleStages) {
      await assertStagesUnused(tx, current, changes.lifecycleStages);
      await definitionsChanged(tx, current.id);
    }
    await audit(tx, {
      workspaceId: current.id,
      action: "workspace.updated",
      actor: auditActorOf(principal),
      target: { type: "workspace", id: current.id },
      details: { fields: Object.keys(changes) },
    });
    return (await store.updateWorkspace(tx, principal.workspaceId, changes))!;
  });
}

export async function listMembers(db: Db, principal: Principal): Promise<MemberDto[]> {
  return (await store.listMembers(db, principal.workspaceId)).map(toMemberDto);
}

/** Only an owner may make or unmake owners, and the last owner stays an owner. */
export async function changeMemberRole(db: Db, principal: Principal, userId: string, role: Role) {
  return db.transaction(async (tx) => {
    const member = await store.findMember(tx, principal.workspaceId, userId);
    if (!member) throw notFound("member");
    if ((member.role === "owner" || role === "owner") && principal.role !== "owner") {
      throw new AppError("forbidden", "Only an owner can grant or remove the owner role.");
    }
    if (member.role === "owner" && role !== "owner") await assertAnotherOwner(tx, principal.workspaceId);
    await assertRoleExists(tx, principal.workspaceId, role);
    await store.setMemberRole(tx, principal.workspaceId, userId, role);
    await audit(tx, {
      workspaceId: principal.workspaceId,
      action: "member.role_changed",
      actor: auditActorOf(principal),
      target: { type: "user", id: userId },
      details: { from: member.role, to: role },
    });
    return toMemberDto({ ...member, role });
  });
}

/** Admins remove members (owners only by an owner); anyone may leave. The member's sessions here end. */
export async function removeMember(db: Db, principal: Principal, userId: string) {
  await db.transaction(async (tx) => {
    const member = await store.findMember(tx, principal.workspaceId, userId);
    if (!member) throw notFound("member");
    if (principal.userId !== userId) {
      requireAdmin(principal);
      if (member.role === "owner") requireOwner(principal);
    }
    if (member.role === "owner") await assertAnotherOwner(tx, principal.workspaceId);
    await store.deleteMembership(tx, principal.workspaceId, userId);
    await audit(tx, {
      workspaceId: principal.workspaceId,
      action: "member.removed",
      actor: auditActorOf(principal),
      target: { type: "user", id: userId },
      details: { role: member.role },
    });
  });
}

/** Contacts keep a stage's key, so a stage may only be removed once no contact is at it. */
async function assertStagesUnused(db: Db, current: store.WorkspaceRow, next: LifecycleStage[]) {
  const kept = new Set(next.map((s) => s.key));
  const removed = current.lifecycleStages.filter((s) => !kept.has(s.key));
  const inUse = await store.countContactsAtStages(
    db,
    current.id,
    removed.map((s) => s.key),
  );
  if (inUse.size === 0) return;
  const described = removed
    .filter((s) => inUse.has(s.key))
    .map((s) => `${inUse.get(s.key)} at '${s.label}' (${s.key})`)
    .join(", ");
  throw new AppError(
    "conflict",
    `Contacts are still at the stages you removed: ${described}. Move them to another stage first, or keep the stage and rename its label.`,
    { errors: [{ path: "lifecycleStages", message: `Still in use: ${described}` }] },
  );
}

async function assertAnotherOwner(db: Db, workspaceId: string) {
  if ((await store.countOwnersForUpdate(db, workspaceId)) < 2) {
    throw new AppError("last_owner", "This is the workspace's only owner. Make another member owner first.");
  }
}

const toMemberDto = (m: store.MemberRow): MemberDto => ({
  userId: m.userId,
  email: m.email,
  name: m.name,
  role: m.role,
  joinedAt: m.joinedAt.toISOString(),
});
