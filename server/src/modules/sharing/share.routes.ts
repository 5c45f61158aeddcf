import {
  CreateShareBody,
  ListOf,
  PERMISSION_OBJECT_LABELS,
  PERMISSION_OBJECTS,
  ShareDto,
} from "@rapport/core";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { permission } from "../../platform/auth/permissions.ts";
import type { Db } from "../../platform/db/index.ts";
import { IdParams, principalOf, problemResponses } from "../../platform/http/route-helpers.ts";
import * as service from "./share.service.ts";

const tags = ["Sharing"];
const ShareParams = IdParams.extend({ shareId: z.uuid() });

/** `/{object}/:id/shares` for every permission object: who a record is shared with beyond their roles. */
export const shareRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  for (const object of PERMISSION_OBJECTS) {
    const one = PERMISSION_OBJECT_LABELS[object].one;
    app.get(
      `/${object}/:id/shares`,
      {
        config: { access: permission(object, "read") },
        schema: {
          tags,
          summary: `Who the ${one} is shared with`,
          params: IdParams,
          response: { 200: ListOf(ShareDto), ...problemResponses(401, 403, 404) },
        },
      },
      async (request) => ({
        data: await service.listShares(db, principalOf(request), object, request.params.id),
      }),
    );

    app.post(
      `/${object}/:id/shares`,
      {
        config: { access: permission(object, "update") },
        schema: {
          tags,
          summary: `Share the ${one} with a member or a team`,
          description:
            "They then see it even if their role's visibility is limited to their own or their team's records (they still need the read permission).",
          params: IdParams,
          body: CreateShareBody,
          response: { 201: ShareDto, ...problemResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(await service.shareRecord(db, principalOf(request), object, request.params.id, request.body)),
    );

    app.delete(
      `/${object}/:id/shares/:shareId`,
      {
        config: { access: permission(object, "update") },
        schema: {
          tags,
          summary: `Stop sharing the ${one}`,
          params: ShareParams,
          response: { 204: z.null(), ...problemResponses(401, 403, 404) },
        },
      },
      async (request, reply) => {
        await service.unshareRecord(
          db,
          principalOf(request),
          object,
          request.params.id,
          request.params.shareId,
        );
        return reply.status(204).send(null);
      },
    );
  }
};
