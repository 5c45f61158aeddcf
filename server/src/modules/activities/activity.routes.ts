import {
  ActivityDto,
  CompanyDto,
  ContactDto,
  CreateActivityBody,
  DealDto,
  MAX_BATCH_SIZE,
  Page,
  UpdateActivityBody,
} from "@rapport/core";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Db } from "../../platform/db/index.ts";
import { registerListRoutes } from "../../platform/http/list-routes.ts";
import {
  IdParams,
  IfMatchHeaders,
  principalOf,
  problemResponses,
} from "../../platform/http/route-helpers.ts";
import { registerTrashRoutes } from "../../platform/http/trash-routes.ts";
import { embedMany, linkedIds } from "../../platform/records/embed.ts";
import { idempotent } from "../../platform/records/idempotency.ts";
import { etagOf, parseIfMatch } from "../../platform/records/list.ts";
import { companiesById } from "../companies/company.query.ts";
import { contactsById } from "../contacts/contact.query.ts";
import { dealsById } from "../deals/deal.query.ts";
import { embedUser } from "../workspaces/user.embed.ts";
import { listActivities } from "./activity.query.ts";
import * as service from "./activity.service.ts";
import { batchActivities } from "./batch-activities.ts";

const tags = ["Activities"];
const _ActivityPage = Page(ActivityDto);

export const BatchActivitiesBody = z
  .strictObject({
    create: z.array(CreateActivityBody).default([]),
    update: z.array(UpdateActivityBody.extend({ id: z.uuid() })).default([]),
    delete: z.array(z.uuid()).default([]),
  })
  .refine((b) => b.create.length + b.update.length + b.delete.length <= MAX_BATCH_SIZE, {
    message: `A batch holds at most ${MAX_BATCH_SIZE} operations in all`,
  });

export const activityRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  registerListRoutes(app, db, {
    path: "/activities",
    tags,
    plural: "activities",
    dto: ActivityDto,
    list: listActivities,
    embeds: {
      contacts: embedMany(ContactDto, contactsById, linkedIds<ActivityDto>("contact")),
      companies: embedMany(CompanyDto, companiesById, linkedIds<ActivityDto>("company")),
      deals: embedMany(DealDto, dealsById, linkedIds<ActivityDto>("deal")),
      owner: embedUser((r: ActivityDto) => r.ownerId),
    },
    docs: {
      summary: "List notes, calls, meetings and emails with a filter, sort and cursor",
      description:
        "Newest first by default. Filter through linked records with `contacts.lastName`, `companies.name`, `deals.name`.",
    },
  });

  app.post(
    "/activities",
    {
      config: { access: "member" },
      schema: {
        tags,
        summary: "Log a note, call, meeting or email",
        description:
          "The body is rich text (HTML) and is sanitized: only formatting, lists, quotes, code and http(s)/mailto links stay. Send an `Idempotency-Key` header to make retries safe: the same key returns the first answer.",
        body: CreateActivityBody,
        headers: z.object({ "idempotency-key": z.string().optional() }),
        response: { 201: ActivityDto, ...problemResponses(400, 401, 403, 422) },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const result = await idempotent(
        db,
        {
          workspaceId: principal.workspaceId,
          scope: "POST /activities",
          key: request.headers["idempotency-key"],
          request: request.body,
        },
        async (tx) => ({ status: 201, body: await service.createActivity(tx, principal, request.body) }),
      );
      if (result.replayed) reply.header("idempotent-replayed", "true");
      const body = result.body as ActivityDto;
      return reply
        .status(result.status as 201)
        .header("etag", etagOf(body.version))
        .send(body);
    },
  );

  app.post(
    "/activities/batch",
    {
      config: { access: "member" },
      bodyLimit: 16 * 1024 * 1024,
      schema: {
        tags,
        summary: `Create, update and delete up to ${MAX_BATCH_SIZE} activities in one transaction (all or nothing)`,
        body: BatchActivitiesBody,
        response: {
          200: z.object({
            created: z.array(ActivityDto),
            updated: z.array(ActivityDto),
            deleted: z.array(z.uuid()),
          }),
          ...problemResponses(400, 401, 403, 404),
        },
      },
    },
    async (request) => batchActivities(db, principalOf(request), request.body),
  );

  app.get(
    "/activities/:id",
    {
      config: { access: "viewer" },
      schema: {
        tags,
        summary: "An activity",
        params: IdParams,
        response: { 200: ActivityDto, ...problemResponses(401, 404) },
      },
    },
    async (request, reply) => {
      const activity = await service.getActivity(db, principalOf(request), request.params.id);
      return reply.header("etag", etagOf(activity.version)).send(activity);
    },
  );

  app.patch(
    "/activities/:id",
    {
      config: { access: "member" },
      schema: {
        tags,
        summary: "Change some fields of an activity",
        description:
          "The type cannot change. Send `If-Match` with the ETag you read: if someone changed the activity since, the answer is 412.",
        params: IdParams,
        headers: IfMatchHeaders,
        body: UpdateActivityBody,
        response: { 200: ActivityDto, ...problemResponses(400, 401, 403, 404, 412) },
      },
    },
    async (request, reply) => {
      const activity = await service.updateActivity(
        db,
        principalOf(request),
        request.params.id,
        request.body,
        {
          expectedVersion: parseIfMatch(request.headers["if-match"]),
        },
      );
      return reply.header("etag", etagOf(activity.version)).send(activity);
    },
  );

  registerTrashRoutes(app, db, {
    path: "/activities",
    tags,
    noun: "an activity",
    dto: ActivityDto,
    trash: service.trashActivity,
    restore: service.restoreActivity,
    purge: service.purgeActivity,
    docs: { purge: { summary: "Delete a trashed activity and its links for good" } },
  });
};
