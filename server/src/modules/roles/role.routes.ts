import { CreateRoleBody, ListOf, Role, RoleDto, UpdateRoleBody } from "@rapport/core";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Db } from "../../platform/db/index.ts";
import { principalOf, problemResponses } from "../../platform/http/route-helpers.ts";
import * as service from "./role.service.ts";

const tags = ["Roles"];
const KeyParams = z.object({ key: Role });

export const roleRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  app.get(
    "/roles",
    {
      config: { access: "workspace" },
      schema: {
        tags,
        summary: "The workspace's roles with what each may do and how many hold it",
        response: { 200: ListOf(RoleDto), ...problemResponses(401) },
      },
    },
    async (request) => ({ data: await service.listRoles(db, principalOf(request)) }),
  );

  app.post(
    "/roles",
    {
      config: { access: "admin" },
      schema: {
        tags,
        summary: "Add a custom role",
        body: CreateRoleBody,
        response: { 201: RoleDto, ...problemResponses(400, 401, 403) },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await service.createRole(db, principalOf(request), request.body)),
  );

  app.patch(
    "/roles/:key",
    {
      config: { access: "admin" },
      schema: {
        tags,
        summary: "Rename a role or change its permissions (owner and admin cannot be changed)",
        params: KeyParams,
        body: UpdateRoleBody,
        response: { 200: RoleDto, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => service.updateRole(db, principalOf(request), request.params.key, request.body),
  );

  app.delete(
    "/roles/:key",
    {
      config: { access: "admin" },
      schema: {
        tags,
        summary: "Delete a custom role that nobody holds",
        params: KeyParams,
        response: { 204: z.null(), ...problemResponses(401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      await service.deleteRole(db, principalOf(request), request.params.key);
      return reply.status(204).send(null);
    },
  );
};
