import {
  type BuiltinRole,
  type CreateRoleBody,
  FIXED_ROLES,
  type FieldError,
  PERMISSION_OBJECTS,
  type RoleDto,
  type RolePermissions,
  RULE_FIELDS,
  type UpdateRoleBody,
} from "@rapport/core";
import type { z } from "zod";
import { audit, auditActorOf } from "../../platform/audit/audit.ts";
import type { Principal } from "../../platform/auth/principal.ts";
import type { Db } from "../../platform/db/index.ts";
import { definitionsChanged } from "../../platform/db/workspace-cache.ts";
import { AppError, invalidFields, notFound } from "../../platform/errors.ts";
import { listCustomFields } from "../custom-fields/custom-field.store.ts";
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

/**
 * Refuses (400 naming each path, such as `permissions.objects.deals.fields.foo`) field rules on
 * fields the object does not have: built-in ones by name, custom ones among the workspace's.
 */
async function assertFieldRulesKnown(db: Db, workspaceId: string, permissions: RolePermissions) {
  const errors: FieldError[] = [];
  for (const object of PERMISSION_OBJECTS) {
    const paths = Object.keys(permissions.objects[object].fields ?? {});
    if (paths.length === 0) continue;
    const customKeys = paths.some((p) => p.startsWith("custom."))
      ? new Set((await listCustomFields(db, workspaceId, object)).map((d) => `custom.${d.key}`))
      : new Set<string>();
    for (const path of paths) {
      const known = path.startsWith("custom.") ? customKeys.has(path) : RULE_FIELDS[object].includes(path);
      if (!known) {
        errors.push({
          path: `permissions.objects.${object}.fields.${path}`,
          message: path.startsWith("custom.")
            ? `This workspace has no custom field '${path.slice(7)}' on ${object}; see GET /api/v1/fields/${object}`
            : `${object} have no field '${path}'. Choose from: ${RULE_FIELDS[object].join(", ")}, or custom.<key>`,
        });
      }
    }
  }
  if (errors.length) throw invalidFields(errors);
}

export async function createRole(
  db: Db,
  principal: Principal,
  input: z.output<typeof CreateRoleBody>,
): Promise<RoleDto> {
  return db.transaction(async (tx) => {
    await assertFieldRulesKnown(tx, principal.workspaceId, input.permissions);
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
    if (input.permissions) await assertFieldRulesKnown(tx, principal.workspaceId, input.permissions);
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
