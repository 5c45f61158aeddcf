import { CreateViewBody, ListOf, ListViewsQuery, UpdateViewBody, ViewDto } from "@rapport/core";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Db } from "../../platform/db/index.ts";
import {
  IdParams,
  IfMatchHeaders,
  principalOf,
  problemResponses,
} from "../../platform/http/route-helpers.ts";
import { etagOf, parseIfMatch } from "../../platform/records/list.ts";
import * as service from "./view.service.ts";

const tags = ["Views"];

export const viewRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  app.get(
    "/views",
    {
      config: { access: "workspace" },
      schema: {
        tags,
        summary: "The saved views of an object the caller can see: shared ones and their own",
        querystring: ListViewsQuery,
        response: { 200: ListOf(ViewDto), ...problemResponses(400, 401) },
      },
    },
    async (request) => ({ data: await service.listViews(db, principalOf(request), request.query.object) }),
  );

  app.post(
    "/views",
    {
      config: { access: "workspace" },
      schema: {
        tags,
        summary: "Save a view: a named filter, sort and columns of an object",
        description:
          "The filter and sort are checked against the object's fields. Shared views need the member role; views belong to signed-in users, so API keys cannot create them.",
        body: CreateViewBody,
        response: { 201: ViewDto, ...problemResponses(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const view = await service.createView(db, principalOf(request), request.body);
      return reply.status(201).header("etag", etagOf(view.version)).send(view);
    },
  );

  app.get(
    "/views/:id",
    {
      config: { access: "workspace" },
      schema: {
        tags,
        summary: "A saved view",
        params: IdParams,
        response: { 200: ViewDto, ...problemResponses(401, 404) },
      },
    },
    async (request, reply) => {
      const view = await service.getView(db, principalOf(request), request.params.id);
      return reply.header("etag", etagOf(view.version)).send(view);
    },
  );

  app.patch(
    "/views/:id",
    {
      config: { access: "workspace" },
      schema: {
        tags,
        summary: "Change a view's name, filter, sort, columns or visibility",
        description:
          "Only the creator, or an admin for a shared view, may change it. Send `If-Match` with the ETag you read: if the view changed since, the answer is 412.",
        params: IdParams,
        headers: IfMatchHeaders,
        body: UpdateViewBody,
        response: { 200: ViewDto, ...problemResponses(400, 401, 403, 404, 412) },
      },
    },
    async (request, reply) => {
      const view = await service.updateView(db, principalOf(request), request.params.id, request.body, {
        expectedVersion: parseIfMatch(request.headers["if-match"]),
      });
      return reply.header("etag", etagOf(view.version)).send(view);
    },
  );

  app.delete(
    "/views/:id",
    {
      config: { access: "workspace" },
      schema: {
        tags,
        summary: "Delete a view (the creator, or an admin for a shared view)",
        params: IdParams,
        response: { 204: z.null(), ...problemResponses(401, 403, 404) },
      },
    },
    async (request, reply) => {
      await service.deleteView(db, principalOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.put(
    "/views/:id/default",
    {
      config: { access: "workspace" },
      schema: {
        tags,
        summary: "Make a view the caller's default view of its object",
        params: IdParams,
        response: { 200: ViewDto, ...problemResponses(401, 403, 404) },
      },
    },
    async (request) => service.setDefault(db, principalOf(request), request.params.id, true),
  );

  app.delete(
    "/views/:id/default",
    {
      config: { access: "workspace" },
      schema: {
        tags,
        summary: "Stop a view being the caller's default; the table then opens unfiltered",
        params: IdParams,
        response: { 200: ViewDto, ...problemResponses(401, 403, 404) },
      },
    },
    async (request) => service.setDefault(db, principalOf(request), request.params.id, false),
  );
};
