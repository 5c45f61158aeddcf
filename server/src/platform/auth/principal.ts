import type { Role } from "@rapport/core";
import { AppError } from "../errors.ts";
import type { Grants, PermissionRule } from "./permissions.ts";

/**
 * Who is acting: a signed-in user (session) or an API key making a request, or Rapport's own background
 * work — always within one workspace. `grants` (what the role allows) is resolved once per request by
 * the authentication hook; read it through `grantsOf` in permissions.ts.
 */
export type Principal =
  | {
      via: "session";
      userId: string;
      workspaceId: string;
      role: Role;
      sessionId: string;
      csrfToken: string;
      /** The workspace requires two-factor sign-in and this user has not turned it on yet. */
      mustEnrolTwoFactor?: boolean;
      grants?: Grants;
    }
  | { via: "api_key"; userId: null; workspaceId: string; role: Role; apiKeyId: string; grants?: Grants }
  | { via: "system"; userId: null; workspaceId: string; role: "owner" };

/** Rapport itself acting in a workspace (background jobs such as the trash purge); never a request. */
export const systemPrincipal = (workspaceId: string): Principal => ({
  via: "system",
  userId: null,
  workspaceId,
  role: "owner",
});

/**
 * What a route requires: nobody, a signed-in user, anyone in the workspace, a role that administers
 * it, its owner, or an object permission. See permissions.ts.
 */
export type Access = "public" | "user" | "workspace" | "admin" | "owner" | PermissionRule;

/** Throws 403 unless the principal is the workspace's owner (or Rapport itself). */
export function requireOwner(principal: Principal): void {
  if (principal.role !== "owner") {
    throw new AppError("forbidden", "Only the workspace's owner may do this. Ask them.");
  }
}

export function requireUser(principal: Principal): Extract<Principal, { via: "session" }> {
  if (principal.via !== "session") {
    throw new AppError("forbidden", "This action is for signed-in users, not API keys.");
  }
  return principal;
}
