import { EXPORT_OBJECTS, ExportBody, ExportQuery } from "@rapport/core";
import type { FastifyReply } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { permission } from "../../platform/auth/permissions.ts";
import type { Db } from "../../platform/db/index.ts";
import { principalOf, problemResponses } from "../../platform/http/route-helpers.ts";
import { commaList } from "../../platform/records/embed.ts";
import { parseFilterParam } from "../../platform/records/list.ts";
import { type ExportStream, exportRecords } from "./export.service.ts";

const tags = ["Exports"];
const description =
  "Streams every record the filter selects (no page limit) as CSV (custom fields as columns, cells that a spreadsheet would run as formulas defused with a leading apostrophe), JSON (an array of records), or vCard 4.0 (contacts only). `view` applies a saved view's filter, sort and columns where `filter`, `sort` or `fields` are not given. Every export is recorded in the audit trail (`export.created`).";

/** `GET /{object}/export` and `POST /{object}/export` for every exportable object. */
export const exportRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  const send = (reply: FastifyReply, out: ExportStream) =>
    reply
      .header("content-type", out.contentType)
      .header("content-disposition", `attachment; filename="${out.filename}"`)
      .header("cache-control", "no-store")
      .send(out.body);
  const response = {
    200: z.unknown().describe("The file: CSV, JSON or vCard"),
    ...problemResponses(400, 401, 403, 404),
  };

  for (const object of EXPORT_OBJECTS) {
    app.get(
      `/${object}/export`,
      {
        config: { access: permission(object, "export") },
        schema: {
          tags,
          summary: `Export ${object} as CSV, JSON${object === "contacts" ? " or vCard" : ""}`,
          description,
          querystring: ExportQuery,
          produces: ["text/csv", "application/json", "text/vcard"],
          response,
        },
      },
      async (request, reply) => {
        const q = request.query;
        const out = await exportRecords(db, principalOf(request), object, {
          format: q.format,
          filter: parseFilterParam(q.filter),
          sort: q.sort,
          fields: commaList(q.fields),
          view: q.view,
        });
        return send(reply, out);
      },
    );

    app.post(
      `/${object}/export`,
      {
        config: { access: permission(object, "export") },
        schema: {
          tags,
          summary: `Export ${object}, with the filter in the body`,
          description,
          body: ExportBody,
          produces: ["text/csv", "application/json", "text/vcard"],
          response,
        },
      },
      async (request, reply) =>
        send(reply, await exportRecords(db, principalOf(request), object, request.body)),
    );
  }
};
