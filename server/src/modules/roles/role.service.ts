import {
  type BuiltinRole,
  type CreateRoleBody,
  FIXED_ROLES,
  type RoleDto,
  type UpdateRoleBody,
} from "@rapport/core";
import type { z } from "zod";
import { audit, auditActorOf } from "../../platform/audit/audit.ts";
import type { Principal } from "../../platform/auth/principal.ts";
import type { Db } from "../../platform/db/index.ts";
import { definitionsChanged } from "../../platform/db/workspace-cache.ts";
import { AppError, invalidFields, notFound } from "../../platform/errors.ts";
import * as store from "./role.store.ts";

const toRoleDto = ({ row, members }: { row: store.RoleRow; members: number }): RoleDto => ({
  key: row.key,
  name: row.name,
  builtin: row.builtin,
  editable: !FIXED_ROLES.includes(row.key as BuiltinRole),
  permissions: row.permissions,
  members,
});

export async function listRoles(db: Db, principal: Principal): Promise<RoleDto[]> {
  return (await store.listRoles(db, principal.workspaceId)).map(toRoleDto);
}

/** Refuses (400 naming `path`) a role key the workspace does not have. */
export async function assertRoleExists(db: Db, workspaceId: string, key: string, path = "role") {
  if (!(await store.findRole(db, workspaceId, key))) {
    throw invalidFields([{ path, message: `This workspace has no role '${key}'; see GET /api/v1/roles` }]);
  }
}

export async function createRole(
  db: Db,
  principal: Principal,
  input: z.output<typeof CreateRoleBody>,
): Promise<RoleDto> {
  return db.transaction(async (tx) => {
    const created = await store.insertRole(tx, { workspaceId: principal.workspaceId, ...input });
    if (!created) throw invalidFields([{ path: "key", message: "A role with this key already exists" }]);
    await audit(tx, {
      workspaceId: principal.workspaceId,
      action: "role.created",
      actor: auditActorOf(principal),
      target: { type: "role", id: input.key },
      details: { name: input.name, permissions: input.permissions },
    });
    await definitionsChanged(tx, principal.workspaceId);
    return toRoleDto({ row: created, members: 0 });
  });
}

function assertEditable(key: string) {
  if (FIXED_ROLES.includes(key as BuiltinRole)) {
    throw new AppError("forbidden", `The ${key} role always may do everything; it cannot be changed.`);
  }
}

export async function updateRole(
  db: Db,
  principal: Principal,
  key: string,
  input: z.output<typeof UpdateRoleBody>,
): Promise<RoleDto> {
  return db.transaction(async (tx) => {
    const current = await store.findRole(tx, principal.workspaceId, key, { lock: true });
    if (!current) throw notFound("role");
    assertEditable(key);
    const row = await store.updateRole(tx, principal.workspaceId, key, input);
    await audit(tx, {
      workspaceId: principal.workspaceId,
      action: "role.updated",
      actor: auditActorOf(principal),
      target: { type: "role", id: key },
      details: {
        ...(input.name !== undefined ? { name: { from: current.name, to: input.name } } : {}),
        ...(input.permissions !== undefined
          ? { permissions: { from: current.permissions, to: input.permissions } }
          : {}),
      },
    });
    await definitionsChanged(tx, principal.workspaceId);
    const members = (await store.listRoles(tx, principal.workspaceId)).find((r) => r.row.key === key)!;
    return toRoleDto({ row, members: members.members });
  });
}

/** Deletes a custom role that no member, pending invitation or API key holds. */
export async function deleteRole(db: Db, principal: Principal, key: string) {
  await db.transaction(async (tx) => {
    const current = await store.findRole(tx, principal.workspaceId, key, { lock: true });
    if (!current) throw notFound("role");
    if (current.builtin) {
      throw new AppError("forbidden", `${current.name} is a built-in role; edit it instead of deleting it.`);
    }
    if (!(await store.deleteUnusedRole(tx, principal.workspaceId, key))) {
      throw new AppError(
        "conflict",
        `Members, invitations or API keys still hold the role ${current.name}; give them another role first.`,
      );
    }
    await audit(tx, {
      workspaceId: principal.workspaceId,
      action: "role.deleted",
      actor: auditActorOf(principal),
      target: { type: "role", id: key },
      details: { name: current.name },
    });
    await definitionsChanged(tx, principal.workspaceId);
  });
}
