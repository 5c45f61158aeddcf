import { CreatePipelineBody, ListOf, PipelineDto, UpdatePipelineBody } from "@rapport/core";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Db } from "../../platform/db/index.ts";
import { IdParams, principalOf, problemResponses } from "../../platform/http/route-helpers.ts";
import * as service from "./pipeline.service.ts";

const tags = ["Pipelines"];

export const pipelineRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  app.get(
    "/pipelines",
    {
      config: { access: "workspace" },
      schema: {
        tags,
        summary: "The workspace's pipelines, each with its stages in board order",
        response: { 200: ListOf(PipelineDto), ...problemResponses(401) },
      },
    },
    async (request) => ({ data: await service.listPipelines(db, principalOf(request)) }),
  );

  app.post(
    "/pipelines",
    {
      config: { access: "admin" },
      schema: {
        tags,
        summary: "Create a pipeline with its stages",
        body: CreatePipelineBody,
        response: { 201: PipelineDto, ...problemResponses(400, 401, 403) },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await service.createPipeline(db, principalOf(request), request.body)),
  );

  app.get(
    "/pipelines/:id",
    {
      config: { access: "workspace" },
      schema: {
        tags,
        summary: "A pipeline with its stages",
        params: IdParams,
        response: { 200: PipelineDto, ...problemResponses(401, 404) },
      },
    },
    async (request) => service.getPipeline(db, principalOf(request), request.params.id),
  );

  app.patch(
    "/pipelines/:id",
    {
      config: { access: "admin" },
      schema: {
        tags,
        summary: "Rename a pipeline, make it the default, or replace its stages",
        description:
          "`stages` is the whole new list, in order: stages with an `id` are kept, without are created, and those left out are removed. Removing a stage that holds deals answers 409 unless `moveDealsTo` maps it to a kept stage of the same kind; the moves are recorded as stage changes.",
        params: IdParams,
        body: UpdatePipelineBody,
        response: { 200: PipelineDto, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => service.updatePipeline(db, principalOf(request), request.params.id, request.body),
  );

  app.delete(
    "/pipelines/:id",
    {
      config: { access: "admin" },
      schema: {
        tags,
        summary: "Delete a pipeline that holds no deals and is not the default",
        params: IdParams,
        response: { 204: z.null(), ...problemResponses(401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      await service.deletePipeline(db, principalOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
};
