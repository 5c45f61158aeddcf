import { HistoryEntryDto, TimelineObject, TimelinePage, TimelineQuery } from "@rapport/core";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Db } from "../../platform/db/index.ts";
import { principalOf, problemResponses } from "../../platform/http/route-helpers.ts";
import * as service from "./timeline.service.ts";

const Params = z.object({ object: TimelineObject, id: z.uuid() });

export const timelineRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  app.get(
    "/:object/:id/timeline",
    {
      config: { access: "workspace" },
      schema: {
        tags: ["Timeline"],
        summary: "Everything that happened to a contact, company or deal, newest first",
        description:
          "Merges the record's changes, its activities and tasks, the stage moves of its deals and (for contacts and companies) their deals.",
        params: Params,
        querystring: TimelineQuery,
        response: { 200: TimelinePage, ...problemResponses(400, 401, 404) },
      },
    },
    async (request) =>
      service.getTimeline(db, principalOf(request), request.params.object, request.params.id, request.query),
  );

  app.get(
    "/:object/:id/history",
    {
      config: { access: "workspace" },
      schema: {
        tags: ["Timeline"],
        summary: "Every field change of a record: who, when, field, old and new value",
        params: Params,
        querystring: TimelineQuery.omit({ kinds: true }),
        response: {
          200: z.object({ data: z.array(HistoryEntryDto), nextCursor: z.string().nullable() }),
          ...problemResponses(400, 401, 404),
        },
      },
    },
    async (request) =>
      service.getHistory(db, principalOf(request), request.params.object, request.params.id, request.query),
  );
};
