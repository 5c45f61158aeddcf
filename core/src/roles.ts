import { z } from "zod";

/** Workspace roles, from most to least powerful. The fine-grained permission model builds on these. */
export const ROLES = ["owner", "admin", "member", "viewer"] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

const RANK: Record<Role, number> = { owner: 3, admin: 2, member: 1, viewer: 0 };

/** True when `role` is at least as powerful as `minimum`. The one place role order is decided. */
export function roleAtLeast(role: Role, minimum: Role): boolean {
  return RANK[role] >= RANK[minimum];
}

export const ROLE_LABELS: Record<Role, string> = {
  owner: "Owner",
  admin: "Admin",
  member: "Member",
  viewer: "Viewer",
};
