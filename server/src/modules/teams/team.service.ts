import type { CreateTeamBody, FieldError, TeamDto, UpdateTeamBody } from "@rapport/core";
import type { z } from "zod";
import { audit, auditActorOf } from "../../platform/audit/audit.ts";
import type { Principal } from "../../platform/auth/principal.ts";
import type { Db } from "../../platform/db/index.ts";
import { definitionsChanged } from "../../platform/db/workspace-cache.ts";
import { invalidFields, notFound } from "../../platform/errors.ts";
import { newId } from "../../platform/ids.ts";
import { memberIds as workspaceMemberIds } from "../workspaces/workspace.store.ts";
import * as store from "./team.store.ts";

const toTeamDto = (t: store.TeamWithMembers): TeamDto => ({
  id: t.id,
  name: t.name,
  memberIds: t.memberIds,
  managerId: t.managerId,
  createdAt: t.createdAt.toISOString(),
});

export async function listTeams(db: Db, principal: Principal): Promise<TeamDto[]> {
  return (await store.listTeams(db, principal.workspaceId)).map(toTeamDto);
}

/** The team's members (the manager among them), each a member of the workspace; else a 400 naming them. */
async function checkedMembers(
  tx: Db,
  principal: Principal,
  input: { name?: string; memberIds: string[]; managerId: string | null },
  exceptId?: string,
) {
  const ids = [...new Set([...input.memberIds, ...(input.managerId ? [input.managerId] : [])])];
  const known = await workspaceMemberIds(tx, principal.workspaceId, ids);
  const errors: FieldError[] = [];
  input.memberIds.forEach((id, i) => {
    if (!known.has(id))
      errors.push({ path: `memberIds[${i}]`, message: "No member of this workspace has that id" });
  });
  if (input.managerId && !known.has(input.managerId)) {
    errors.push({ path: "managerId", message: "No member of this workspace has that id" });
  }
  if (input.name !== undefined && (await store.nameTaken(tx, principal.workspaceId, input.name, exceptId))) {
    errors.push({ path: "name", message: "Another team has this name" });
  }
  if (errors.length > 0) throw invalidFields(errors);
  return ids;
}

export async function createTeam(db: Db, principal: Principal, input: z.output<typeof CreateTeamBody>) {
  return db.transaction(async (tx) => {
    const members = await checkedMembers(tx, principal, input);
    const id = newId();
    await store.insertTeam(tx, { workspaceId: principal.workspaceId, id, name: input.name });
    await store.replaceMembers(tx, principal.workspaceId, id, members, input.managerId);
    await audit(tx, {
      workspaceId: principal.workspaceId,
      action: "team.created",
      actor: auditActorOf(principal),
      target: { type: "team", id },
      details: { name: input.name, memberIds: members, managerId: input.managerId },
    });
    await definitionsChanged(tx, principal.workspaceId);
    return toTeamDto((await store.findTeam(tx, principal.workspaceId, id))!);
  });
}

export async function updateTeam(
  db: Db,
  principal: Principal,
  id: string,
  input: z.output<typeof UpdateTeamBody>,
) {
  return db.transaction(async (tx) => {
    const current = await store.findTeam(tx, principal.workspaceId, id, { lock: true });
    if (!current) throw notFound("team");
    const next = {
      ...(input.name !== undefined ? { name: input.name } : {}),
      memberIds: input.memberIds ?? current.memberIds,
      managerId: input.managerId !== undefined ? input.managerId : current.managerId,
    };
    const members = await checkedMembers(tx, principal, next, id);
    if (input.name !== undefined) await store.renameTeam(tx, principal.workspaceId, id, input.name);
    await store.replaceMembers(tx, principal.workspaceId, id, members, next.managerId);
    await audit(tx, {
      workspaceId: principal.workspaceId,
      action: "team.updated",
      actor: auditActorOf(principal),
      target: { type: "team", id },
      details: {
        from: { name: current.name, memberIds: current.memberIds, managerId: current.managerId },
        to: { name: input.name ?? current.name, memberIds: members, managerId: next.managerId },
      },
    });
    await definitionsChanged(tx, principal.workspaceId);
    return toTeamDto((await store.findTeam(tx, principal.workspaceId, id))!);
  });
}

export async function deleteTeam(db: Db, principal: Principal, id: string) {
  await db.transaction(async (tx) => {
    const current = await store.findTeam(tx, principal.workspaceId, id, { lock: true });
    if (!current) throw notFound("team");
    await store.deleteTeam(tx, principal.workspaceId, id);
    await audit(tx, {
      workspaceId: principal.workspaceId,
      action: "team.deleted",
      actor: auditActorOf(principal),
      target: { type: "team", id },
      details: { name: current.name, memberIds: current.memberIds },
    });
    await definitionsChanged(tx, principal.workspaceId);
  });
}
