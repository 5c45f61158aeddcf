import { ApiKeyDto, CreateApiKeyBody, CreatedApiKeyDto, ListOf } from "@rapport/core";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Db } from "../../platform/db/index.ts";
import { principalOf, problemResponses } from "../../platform/http/route-helpers.ts";
import * as service from "./api-key.service.ts";

const tags = ["API keys"];

export const apiKeyRoutes: FastifyPluginAsyncZod<{ db: Db; onRevoke: () => void }> = async (
  app,
  { db, onRevoke },
) => {
  app.get(
    "/api-keys",
    {
      config: { access: "admin" },
      schema: {
        tags,
        summary: "List the workspace's live API keys",
        response: { 200: ListOf(ApiKeyDto), ...problemResponses(401, 403) },
      },
    },
    async (request) => ({ data: await service.listApiKeys(db, principalOf(request)) }),
  );

  app.post(
    "/api-keys",
    {
      config: { access: "admin" },
      schema: {
        tags,
        summary: "Create an API key; the key is in this answer only",
        description:
          "Use it as `Authorization: Bearer <key>`. It acts in this workspace with the given role, on behalf of you: where the role shows only own or team records, the key sees yours (and your team's) and those shared with you, and the filter value `me` means you. If you leave the workspace, it sees only the objects its role shows in full.",
        body: CreateApiKeyBody,
        response: { 201: CreatedApiKeyDto, ...problemResponses(400, 401, 403) },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await service.createApiKey(db, principalOf(request), request.body)),
  );

  app.delete(
    "/api-keys/:id",
    {
      config: { access: "admin" },
      schema: {
        tags,
        summary: "Revoke an API key at once",
        params: z.object({ id: z.uuid() }),
        response: { 204: z.null(), ...problemResponses(401, 403, 404) },
      },
    },
    async (request, reply) => {
      await service.revokeApiKey(db, principalOf(request), request.params.id);
      onRevoke();
      return reply.status(204).send(null);
    },
  );
};
