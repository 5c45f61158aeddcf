import {
  CreateCustomFieldBody,
  CustomFieldDto,
  CustomFieldObject,
  ListOf,
  UpdateCustomFieldBody,
} from "@rapport/core";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Db } from "../../platform/db/index.ts";
import { principalOf, problemResponses } from "../../platform/http/route-helpers.ts";
import * as service from "./custom-field.service.ts";

const tags = ["Custom fields"];
const ObjectParams = z.object({ object: CustomFieldObject });
const FieldParams = ObjectParams.extend({ id: z.uuid() });

export const customFieldRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  app.get(
    "/fields/:object",
    {
      config: { access: "workspace" },
      schema: {
        tags,
        summary: "The custom fields defined on an object",
        params: ObjectParams,
        response: { 200: ListOf(CustomFieldDto), ...problemResponses(400, 401) },
      },
    },
    async (request) => ({ data: await service.listFields(db, principalOf(request), request.params.object) }),
  );

  app.post(
    "/fields/:object",
    {
      config: { access: "admin" },
      schema: {
        tags,
        summary: "Define a custom field",
        params: ObjectParams,
        body: CreateCustomFieldBody,
        response: { 201: CustomFieldDto, ...problemResponses(400, 401, 403) },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await service.createField(db, principalOf(request), request.params.object, request.body)),
  );

  app.patch(
    "/fields/:object/:id",
    {
      config: { access: "admin" },
      schema: {
        tags,
        summary: "Rename a custom field or change its rules and options; its key never changes",
        params: FieldParams,
        body: UpdateCustomFieldBody,
        response: { 200: CustomFieldDto, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) =>
      service.updateField(db, principalOf(request), request.params.object, request.params.id, request.body),
  );

  app.delete(
    "/fields/:object/:id",
    {
      config: { access: "admin" },
      schema: {
        tags,
        summary: "Delete a custom field and its values",
        params: FieldParams,
        response: { 204: z.null(), ...problemResponses(401, 403, 404) },
      },
    },
    async (request, reply) => {
      await service.deleteField(db, principalOf(request), request.params.object, request.params.id);
      return reply.status(204).send(null);
    },
  );
};
