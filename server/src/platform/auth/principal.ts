import { type Role, roleAtLeast } from "@rapport/core";
import { AppError } from "../errors.ts";

/**
 * Who is acting: a signed-in user (session) or an API key making a request, or Rapport's own background
 * work — always within one workspace.
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
    }
  | { via: "api_key"; userId: null; workspaceId: string; role: Role; apiKeyId: string }
  | { via: "system"; userId: null; workspaceId: string; role: "owner" };

/** Rapport itself acting in a workspace (background jobs such as the trash purge); never a request. */
export const systemPrincipal = (workspaceId: string): Principal => ({
  via: "system",
  userId: null,
  workspaceId,
  role: "owner",
});

/** What a route requires: nobody, a signed-in user in any role, or at least a role. */
export type Access = "public" | "user" | Role;

/** The one place where a principal is checked against a required role. */
export function requireRole(principal: Principal, minimum: Role): void {
  if (!roleAtLeast(principal.role, minimum)) {
    throw new AppError(
      "forbidden",
      `This needs the ${minimum} role or higher in this workspace; yours is ${principal.role}. Ask a workspace admin.`,
    );
  }
}

export function requireUser(principal: Principal): Extract<Principal, { via: "session" }> {
  if (principal.via !== "session") {
    throw new AppError("forbidden", "This action is for signed-in users, not API keys.");
  }
  return principal;
}
