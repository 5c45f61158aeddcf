import { CreateTeamBody, ListOf, TeamDto, UpdateTeamBody } from "@rapport/core";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Db } from "../../platform/db/index.ts";
import { IdParams, principalOf, problemResponses } from "../../platform/http/route-helpers.ts";
import * as service from "./team.service.ts";

const tags = ["Teams"];

export const teamRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  app.get(
    "/teams",
    {
      config: { access: "workspace" },
      schema: {
        tags,
        summary: "The workspace's teams, their members and managers",
        response: { 200: ListOf(TeamDto), ...problemResponses(401) },
      },
    },
    async (request) => ({ data: await service.listTeams(db, principalOf(request)) }),
  );

  app.post(
    "/teams",
    {
      config: { access: "admin" },
      schema: {
        tags,
        summary: "Create a team",
        description:
          "A role with team visibility sees the records owned by its teams' members; a team's manager sees them whatever their role's visibility.",
        body: CreateTeamBody,
        response: { 201: TeamDto, ...problemResponses(400, 401, 403) },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await service.createTeam(db, principalOf(request), request.body)),
  );

  app.patch(
    "/teams/:id",
    {
      config: { access: "admin" },
      schema: {
        tags,
        summary: "Rename a team, or replace its members or manager",
        params: IdParams,
        body: UpdateTeamBody,
        response: { 200: TeamDto, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => service.updateTeam(db, principalOf(request), request.params.id, request.body),
  );

  app.delete(
    "/teams/:id",
    {
      config: { access: "admin" },
      schema: {
        tags,
        summary: "Delete a team (its members stay in the workspace)",
        params: IdParams,
        response: { 204: z.null(), ...problemResponses(401, 403, 404) },
      },
    },
    async (request, reply) => {
      await service.deleteTeam(db, principalOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
};
