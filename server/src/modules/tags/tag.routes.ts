import { CreateTagBody, ListOf, TagDto, UpdateTagBody } from "@rapport/core";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { permission } from "../../platform/auth/permissions.ts";
import type { Db } from "../../platform/db/index.ts";
import { IdParams, principalOf, problemResponses } from "../../platform/http/route-helpers.ts";
import * as service from "./tag.service.ts";

const tags = ["Tags"];

export const tagRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  app.get(
    "/tags",
    {
      config: { access: "workspace" },
      schema: {
        tags,
        summary: "The workspace's tags",
        response: { 200: ListOf(TagDto), ...problemResponses(401) },
      },
    },
    async (request) => ({ data: await service.listTags(db, principalOf(request)) }),
  );

  app.post(
    "/tags",
    {
      config: { access: permission("contacts", "update") },
      schema: {
        tags,
        summary: "Create a tag (tags used on records are also created on the fly)",
        body: CreateTagBody,
        response: { 201: TagDto, ...problemResponses(400, 401, 403) },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await service.createTag(db, principalOf(request), request.body)),
  );

  app.patch(
    "/tags/:id",
    {
      config: { access: "admin" },
      schema: {
        tags,
        summary: "Rename or recolour a tag; a rename applies to every record carrying it",
        params: IdParams,
        body: UpdateTagBody,
        response: { 200: TagDto, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => service.updateTag(db, principalOf(request), request.params.id, request.body),
  );

  app.delete(
    "/tags/:id",
    {
      config: { access: "admin" },
      schema: {
        tags,
        summary: "Delete a tag and remove it from every record",
        params: IdParams,
        response: { 204: z.null(), ...problemResponses(401, 403, 404) },
      },
    },
    async (request, reply) => {
      await service.deleteTag(db, principalOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
};
