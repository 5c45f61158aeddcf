import type { CreateRoleBody, RoleDto, UpdateRoleBody } from "@rapport/core";
import { api } from "../../app/api.ts";

export const rolesApi = {
  create: (body: CreateRoleBody) => api<RoleDto>("POST", "/roles", body),
  update: (key: string, body: UpdateRoleBody) => api<RoleDto>("PATCH", `/roles/${key}`, body),
};
