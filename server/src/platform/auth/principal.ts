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
  | {
      via: "api_key";
      userId: null;
      workspaceId: string;
      role: Role;
      apiKeyId: string;
      /**
       * The member who created the key, while they are still in the workspace: the key sees what a
       * role limited to own or team records shows that member, what is shared with them, and `me`.
       * Null once they have left (or the creator is unknown): the key then sees only objects its
       * role shows in full. Records the key writes still carry no user (userId stays null).
       */
      onBehalfOf: string | null;
      grants?: Grants;
    }
  | { via: "system"; userId: null; workspaceId: string; role: "owner" };

/**
 * Whose records "own" and "team" visibility, record shares and the filter value `me` refer to: the
 * signed-in user, or the member an API key acts on behalf of; null for Rapport itself.
 */
export const viewerOf = (principal: Principal): string | null =>
  principal.via === "api_key" ? principal.onBehalfOf : principal.userId;

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
