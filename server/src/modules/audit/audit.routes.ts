import { AuditFilterQuery, AuditListQuery, AuditPage, AuditVerifyDto } from "@rapport/core";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Db } from "../../platform/db/index.ts";
import { principalOf, problemResponses } from "../../platform/http/route-helpers.ts";
import * as service from "./audit.service.ts";

const tags = ["Audit"];

/** The workspace's audit trail, for its admins: filter, export, verify the hash chain. */
export const auditRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  app.get(
    "/audit",
    {
      config: { access: "admin" },
      schema: {
        tags,
        summary: "List audit entries, newest first",
        description:
          "Sign-ins (and failures), sign-outs, role changes, API keys, two-factor changes, sessions revoked, exports and every record change (its `details.changeId` is the change id of the record's field history).",
        querystring: AuditListQuery,
        response: { 200: AuditPage, ...problemResponses(400, 401, 403) },
      },
    },
    async (request) => service.listAudit(db, principalOf(request), request.query),
  );

  app.get(
    "/audit/export.csv",
    {
      config: { access: "admin" },
      schema: {
        tags,
        summary: "Export the filtered audit entries as CSV (the export is itself audited)",
        querystring: AuditFilterQuery,
        produces: ["text/csv"],
        response: { 200: z.unknown().describe("CSV, one row per entry"), ...problemResponses(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const csv = await service.exportAudit(db, principalOf(request), request.query);
      const day = new Date().toISOString().slice(0, 10);
      return reply
        .header("content-type", "text/csv; charset=utf-8")
        .header("content-disposition", `attachment; filename="audit-${day}.csv"`)
        .send(csv);
    },
  );

  app.get(
    "/audit/verify",
    {
      config: { access: "admin" },
      schema: {
        tags,
        summary: "Recompute the workspace's hash chain and report the first broken link",
        response: { 200: AuditVerifyDto, ...problemResponses(401, 403) },
      },
    },
    async (request) => service.verifyAudit(db, principalOf(request)),
  );
};
