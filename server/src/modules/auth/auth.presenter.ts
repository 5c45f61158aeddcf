import type { SessionDto, UserDto, WorkspaceDto } from "@rapport/core";
import type { Grants } from "../../platform/auth/permissions.ts";
import type { Principal } from "../../platform/auth/principal.ts";
import type { WorkspaceRow } from "../workspaces/workspace.store.ts";
import type { listUserWorkspaces, UserRow } from "./auth.store.ts";

export const toUserDto = (u: UserRow): UserDto => ({
  id: u.id,
  email: u.email,
  name: u.name,
  twoFactorEnabled: u.totpEnabledAt !== null,
  createdAt: u.createdAt.toISOString(),
});

export const toWorkspaceDto = (w: WorkspaceRow): WorkspaceDto => ({
  id: w.id,
  name: w.name,
  baseCurrency: w.baseCurrency,
  defaultCountry: w.defaultCountry,
  lifecycleStages: w.lifecycleStages,
  requireTwoFactor: w.requireTwoFactor,
  createdAt: w.createdAt.toISOString(),
});

export function toSessionDto(
  user: UserRow,
  principal: Extract<Principal, { via: "session" }>,
  workspaces: Awaited<ReturnType<typeof listUserWorkspaces>>,
  grants: Grants,
): SessionDto {
  const current = workspaces.find((w) => w.id === principal.workspaceId)!;
  return {
    user: toUserDto(user),
    workspace: toWorkspaceDto(current),
    role: current.role,
    roleName: grants.roleName,
    permissions: grants.permissions,
    workspaces: workspaces.map((w) => ({ id: w.id, name: w.name, role: w.role })),
    csrfToken: principal.csrfToken,
  };
}
