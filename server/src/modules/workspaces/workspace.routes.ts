import { ListOf, MemberDto, UpdateMemberBody, UpdateWorkspaceBody, WorkspaceDto } from "@rapport/core";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Db } from "../../platform/db/index.ts";
import { principalOf, problemResponses } from "../../platform/http/route-helpers.ts";
import { toWorkspaceDto } from "../auth/auth.presenter.ts";
import * as service from "./workspace.service.ts";

const UserIdParams = z.object({ userId: z.uuid() });

export const workspaceRoutes: FastifyPluginAsyncZod<{ db: Db; onMemberRemoved: () => void }> = async (
  app,
  { db, onMemberRemoved },
) => {
  app.get(
    "/workspace",
    {
      config: { access: "workspace" },
      schema: {
        tags: ["Workspace"],
        summary: "The current workspace",
        response: { 200: WorkspaceDto, ...problemResponses(401) },
      },
    },
    async (request) => toWorkspaceDto(await service.getWorkspace(db, principalOf(request))),
  );

  app.patch(
    "/workspace",
    {
      config: { access: "admin" },
      schema: {
        tags: ["Workspace"],
        summary: "Rename the workspace, change its base currency or its contact lifecycle stages",
        body: UpdateWorkspaceBody,
        response: { 200: WorkspaceDto, ...problemResponses(400, 401, 403, 409) },
      },
    },
    async (request) => toWorkspaceDto(await service.updateWorkspace(db, principalOf(request), request.body)),
  );

  app.get(
    "/members",
    {
      config: { access: "workspace" },
      schema: {
        tags: ["Members"],
        summary: "The workspace's members and their roles",
        response: { 200: ListOf(MemberDto), ...problemResponses(401) },
      },
    },
    async (request) => ({ data: await service.listMembers(db, principalOf(request)) }),
  );

  app.patch(
    "/members/:userId",
    {
      config: { access: "admin" },
      schema: {
        tags: ["Members"],
        summary: "Change a member's role",
        params: UserIdParams,
        body: UpdateMemberBody,
        response: { 200: MemberDto, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) =>
      service.changeMemberRole(db, principalOf(request), request.params.userId, request.body.role),
  );

  app.delete(
    "/members/:userId",
    {
      config: { access: "workspace" },
      schema: {
        tags: ["Members"],
        summary: "Remove a member (admins), or leave the workspace (yourself)",
        params: UserIdParams,
        response: { 204: z.null(), ...problemResponses(401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      await service.removeMember(db, principalOf(request), request.params.userId);
      onMemberRemoved();
      return reply.status(204).send(null);
    },
  );
};
