import { FilterableFieldDto, ListOf, ViewObject } from "@rapport/core";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { hiddenFieldsOf } from "../../platform/auth/field-rules.ts";
import type { Db } from "../../platform/db/index.ts";
import { principalOf, problemResponses } from "../../platform/http/route-helpers.ts";
import { visibleListFields } from "../../platform/records/list-plan.ts";
import { filterableFields, objectFields } from "./record-fields.ts";

export const recordFieldRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  app.get(
    "/fields/:object/filterable",
    {
      config: { access: "workspace" },
      schema: {
        tags: ["Custom fields"],
        summary: "Every field a filter on the object may name, with its type and whether lists sort by it",
        description:
          "Built-in fields, custom fields (`custom.<key>`) and fields of related records (`company.industry`, `deals.stage.name`). The filter builder offers exactly these.",
        params: z.object({ object: ViewObject }),
        response: { 200: ListOf(FilterableFieldDto), ...problemResponses(400, 401) },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      // The builder offers only what the caller's list would accept: hidden fields are left out.
      const fields = visibleListFields(
        await objectFields(db, principal.workspaceId, request.params.object),
        hiddenFieldsOf(principal),
      );
      return { data: filterableFields(fields) };
    },
  );
};
