import { CompanyDto, ContactDto, DuplicateGroupDto, DuplicateObject, MergeBody } from "@rapport/core";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
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
      config: { access: "viewer" },
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
    async (request) => ({
      data: await listDuplicateGroups(db, principalOf(request), request.query.object, request.query.limit),
    }),
  );

  app.post(
    "/duplicates/scan",
    {
      config: { access: "member" },
      schema: {
        tags,
        summary: "Start a duplicate scan of the workspace's contacts or companies (a background job)",
        body: z.strictObject({ object: DuplicateObject }),
        response: { 202: z.object({ jobId: z.string().nullable() }), ...problemResponses(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const { workspaceId } = principalOf(request);
      const jobId = await jobs.enqueue(scanDuplicatesJob, { workspaceId, object: request.body.object });
      return reply.status(202).send({ jobId });
    },
  );

  app.post(
    "/duplicates/:id/dismiss",
    {
      config: { access: "member" },
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
      config: { access: "member" },
      schema: {
        tags,
        summary: "Merge contacts into one",
        description: MERGE_NOTE,
        body: MergeBody,
        response: { 200: ContactDto, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => mergeContacts(db, principalOf(request), request.body),
  );

  app.post(
    "/companies/merge",
    {
      config: { access: "member" },
      schema: {
        tags,
        summary: "Merge companies into one",
        description: MERGE_NOTE,
        body: MergeBody,
        response: { 200: CompanyDto, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => mergeCompanies(db, principalOf(request), request.body),
  );
};
