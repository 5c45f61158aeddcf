import { EraseContactBody, ErasureDto } from "@rapport/core";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Db } from "../../platform/db/index.ts";
import { IdParams, principalOf, problemResponses } from "../../platform/http/route-helpers.ts";
import { eraseContact } from "./erase-contact.ts";
import { exportPersonalData } from "./subject-export.ts";

const tags = ["Privacy"];

/** Data subject requests on a contact: export everything held about them, or erase it. */
export const privacyRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  app.post(
    "/contacts/:id/privacy-export",
    {
      // The roles-and-permissions work replaces this with the export permission.
      config: { access: "admin" },
      schema: {
        tags,
        summary: "Download everything held about a contact as a ZIP (data subject access request)",
        description:
          "JSON files of the contact's fields (custom fields with their labels), field history, notes, activities, deals, tasks, companies and timeline, with a README. Audited as `privacy.exported`.",
        params: IdParams,
        produces: ["application/zip"],
        response: { 200: z.unknown().describe("A ZIP archive"), ...problemResponses(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const out = await exportPersonalData(db, principalOf(request), request.params.id);
      return reply
        .header("content-type", "application/zip")
        .header("content-disposition", `attachment; filename="${out.filename}"`)
        .header("cache-control", "no-store")
        .send(out.body);
    },
  );

  app.post(
    "/contacts/:id/erase",
    {
      config: { access: "admin" },
      schema: {
        tags,
        summary: "Erase a contact's personal data everywhere, irreversibly (right to erasure)",
        description:
          'The body repeats the contact\'s display name, or `{"confirm": "ERASE"}`. Names, emails, phones, address, birthday and custom values are removed from the contact, its field history, and the activities, tasks, deals, events and notifications that mention it; the contact stays as "Erased contact" so deal amounts and counts are unchanged. Audited as `privacy.erased`, without the erased data.',
        params: IdParams,
        body: EraseContactBody,
        response: { 200: ErasureDto, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => eraseContact(db, principalOf(request), request.params.id, request.body),
  );
};
