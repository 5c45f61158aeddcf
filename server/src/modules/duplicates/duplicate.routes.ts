import {
  CompanyDto,
  ContactDto,
  DUPLICATE_RECORDS,
  DuplicateGroupDto,
  DuplicateObject,
  MergeBody,
} from "@rapport/core";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { redact, redactable } from "../../platform/auth/field-rules.ts";
import { permission, requirePermission } from "../../platform/auth/permissions.ts";
import type { Db } from "../../platform/db/index.ts";
import { IdParams, principalOf, problemResponses } from "../../platform/http/route-helpers.ts";
import type { JobQueue } from "../../platform/jobs/queue.ts";
import { dismissDuplicateGroup, listDuplicateGroups } from "./duplicate.service.ts";
import { mergeCompanies, mergeContacts } from "./merge-records.ts";
import { scanDuplicatesJob } from "./scan-duplicates.ts";

const tags = ["Duplicates"];

const MERGE_NOTE =
  'Each field keeps the value of the record named in `values` (`{"jobTitle": "<id>"}`, `custom.<key>` for custom fields), else the most recent non-empty one; emails, phones, tags and links are joined. The merged records leave every list; reading one answers 301 to the survivor.';

export const duplicateRoutes: FastifyPluginAsyncZod<{ db: Db; jobs: JobQueue }> = async (
  app,
  { db, jobs },
) => {
  app.get(
    "/duplicates",
    {
      // Anyone in the workspace; the groups of an object are for roles that may read it.
      config: { access: "workspace" },
      schema: {
        tags,
        summary: "Groups of likely duplicates found by the last scan, best first",
        querystring: z.strictObject({
          object: DuplicateObject.default("contact"),
          limit: z.coerce.number().int().min(1).max(500).default(100),
        }),
        response: { 200: z.object({ data: z.array(DuplicateGroupDto) }), ...problemResponses(400, 401) },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      requirePermission(principal, DUPLICATE_RECORDS[request.query.object], "read");
      return { data: await listDuplicateGroups(db, principal, request.query.object, request.query.limit) };
    },
  );

  app.post(
    "/duplicates/scan",
    {
      // Finding duplicates changes nothing; it is for roles that may merge them.
      config: { access: "workspace" },
      schema: {
        tags,
        summary: "Start a duplicate scan of the workspace's contacts or companies (a background job)",
        body: z.strictObject({ object: DuplicateObject }),
        response: { 202: z.object({ jobId: z.string().nullable() }), ...problemResponses(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      requirePermission(principal, DUPLICATE_RECORDS[request.body.object], "update");
      const { workspaceId } = principal;
      const jobId = await jobs.enqueue(scanDuplicatesJob, { workspaceId, object: request.body.object });
      return reply.status(202).send({ jobId });
    },
  );

  app.post(
    "/duplicates/:id/dismiss",
    {
      // The service checks the update permission on the group's object.
      config: { access: "workspace" },
      schema: {
        tags,
        summary: "Not duplicates: drop the group and keep its records apart in later scans",
        params: IdParams,
        response: { 204: z.null(), ...problemResponses(401, 403, 404) },
      },
    },
    async (request, reply) => {
      await dismissDuplicateGroup(db, principalOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    "/contacts/merge",
    {
      // A merge retires records: delete, and update on the survivor (checked in the handler).
      config: { access: permission("contacts", "delete") },
      schema: {
        tags,
        summary: "Merge contacts into one",
        description: MERGE_NOTE,
        body: MergeBody,
        response: { 200: redactable(ContactDto), ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      requirePermission(principal, "contacts", "update");
      // Answered as a read of the survivor: without the fields the role hides.
      return redact(principal, "contacts", await mergeContacts(db, principal, request.body));
    },
  );

  app.post(
    "/companies/merge",
    {
      config: { access: permission("companies", "delete") },
      schema: {
        tags,
        summary: "Merge companies into one",
        description: MERGE_NOTE,
        body: MergeBody,
        response: { 200: redactable(CompanyDto), ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      requirePermission(principal, "companies", "update");
      return redact(principal, "companies", await mergeCompanies(db, principal, request.body));
    },
  );
};
