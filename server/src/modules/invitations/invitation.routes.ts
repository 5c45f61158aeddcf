import {
  AcceptInvitationBody,
  CreatedInvitationDto,
  CreateInvitationBody,
  InvitationDto,
  InvitationLookupDto,
  ListOf,
  SignInResultDto,
} from "@rapport/core";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Config } from "../../platform/config.ts";
import type { Db } from "../../platform/db/index.ts";
import { principalOf, problemResponses } from "../../platform/http/route-helpers.ts";
import { clientInfo, setSessionCookies } from "../auth/auth.routes.ts";
import * as service from "./invitation.service.ts";

const tags = ["Invitations"];

export const invitationRoutes: FastifyPluginAsyncZod<{ db: Db; config: Config }> = async (
  app,
  { db, config },
) => {
  app.get(
    "/invitations",
    {
      config: { access: "admin" },
      schema: {
        tags,
        summary: "Pending invitations",
        response: { 200: ListOf(InvitationDto), ...problemResponses(401, 403) },
      },
    },
    async (request) => ({ data: await service.listInvitations(db, principalOf(request)) }),
  );

  app.post(
    "/invitations",
    {
      config: { access: "admin" },
      schema: {
        tags,
        summary: "Invite someone by email; the answer holds the link to send them",
        body: CreateInvitationBody,
        response: { 201: CreatedInvitationDto, ...problemResponses(400, 401, 403, 409) },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await service.createInvitation(db, config.publicUrl, principalOf(request), request.body)),
  );

  app.delete(
    "/invitations/:id",
    {
      config: { access: "admin" },
      schema: {
        tags,
        summary: "Revoke a pending invitation",
        params: z.object({ id: z.uuid() }),
        response: { 204: z.null(), ...problemResponses(401, 403, 404) },
      },
    },
    async (request, reply) => {
      await service.revokeInvitation(db, principalOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    "/invitations/lookup",
    {
      config: { access: "public" },
      schema: {
        tags,
        summary: "What an invitation link is for (public: the token is the credential)",
        querystring: z.object({ token: z.string().min(16).max(200) }),
        response: { 200: InvitationLookupDto, ...problemResponses(400, 404, 409, 410) },
      },
    },
    async (request) => service.lookupInvitation(db, request.query.token),
  );

  app.post(
    "/invitations/accept",
    {
      config: { access: "public" },
      schema: {
        tags,
        summary: "Accept an invitation and sign in",
        description:
          "An existing account with two-factor sign-in joins the workspace and gets the same challenge as `/auth/sign-in`.",
        body: AcceptInvitationBody,
        response: { 200: SignInResultDto, ...problemResponses(400, 401, 404, 409, 410) },
      },
    },
    async (request, reply) => {
      const result = await service.acceptInvitation(db, config, request.body, clientInfo(request));
      if ("challenge" in result) return result.challenge;
      setSessionCookies(request, reply, result.token, result.session.csrfToken);
      return result.session;
    },
  );
};
