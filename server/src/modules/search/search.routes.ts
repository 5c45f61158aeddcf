import { SearchQuery, SearchResults } from "@rapport/core";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { Db } from "../../platform/db/index.ts";
import { principalOf, problemResponses } from "../../platform/http/route-helpers.ts";
import * as service from "./search.service.ts";

export const searchRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  app.get(
    "/search",
    {
      config: { access: "workspace" },
      schema: {
        tags: ["Search"],
        summary: "Find contacts, companies and deals by name, email, phone, domain or tag, typos forgiven",
        querystring: SearchQuery,
        response: { 200: SearchResults, ...problemResponses(400, 401) },
      },
    },
    async (request) => ({ data: await service.search(db, principalOf(request), request.query) }),
  );
};
