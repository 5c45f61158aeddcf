import {
  CompanyDto,
  ContactDto,
  CreateDealBody,
  DealDto,
  DealStageChangeDto,
  DealSummaryDto,
  ListOf,
  ListQuery,
  MAX_BATCH_SIZE,
  Page,
  UpdateDealBody,
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
import { embedMany, embedOne } from "../../platform/records/embed.ts";
import { idempotent } from "../../platform/records/idempotency.ts";
import { etagOf, parseFilterParam, parseIfMatch } from "../../platform/records/list.ts";
import { companiesById } from "../companies/company.query.ts";
import { contactsById } from "../contacts/contact.query.ts";
import { embedUser } from "../workspaces/user.embed.ts";
import { batchDeals } from "./batch-deals.ts";
import { listDeals, summarizeDeals } from "./deal.query.ts";
import * as service from "./deal.service.ts";

const tags = ["Deals"];
const _DealPage = Page(DealDto);

export const BatchDealsBody = z
  .strictObject({
    create: z.array(CreateDealBody).default([]),
    update: z.array(UpdateDealBody.extend({ id: z.uuid() })).default([]),
    delete: z.array(z.uuid()).default([]),
  })
  .refine((b) => b.create.length + b.update.length + b.delete.length <= MAX_BATCH_SIZE, {
    message: `A batch holds at most ${MAX_BATCH_SIZE} operations in all`,
  });

const SummaryQuery = z.strictObject({
  pipelineId: z.uuid().optional().describe("One pipeline's board; all pipelines when omitted"),
  filter: ListQuery.shape.filter,
});

export const dealRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  registerListRoutes(app, db, {
    path: "/deals",
    tags,
    plural: "deals",
    dto: DealDto,
    list: listDeals,
    embeds: {
      company: embedOne(CompanyDto, companiesById, (d: DealDto) => d.companyId),
      contacts: embedMany(ContactDto, contactsById, (d: DealDto) => d.contacts.map((c) => c.contactId)),
      owner: embedUser((d: DealDto) => d.ownerId),
    },
  });

  app.get(
    "/deals/summary",
    {
      config: { access: "viewer" },
      schema: {
        tags,
        summary: "Deal counts, amounts and weighted amounts per stage, in the base currency",
        description:
          "Amounts are converted with the workspace's exchange rates (amount × rate = amount in base). Deals in a currency without a rate are counted but left out of the sums; their currencies are listed in `missingRates`.",
        querystring: SummaryQuery,
        response: { 200: DealSummaryDto, ...problemResponses(400, 401, 404) },
      },
    },
    async (request) =>
      summarizeDeals(db, principalOf(request), {
        pipelineId: request.query.pipelineId,
        filter: parseFilterParam(request.query.filter),
      }),
  );

  app.post(
    "/deals",
    {
      config: { access: "member" },
      schema: {
        tags,
        summary: "Create a deal",
        description:
          "Send an `Idempotency-Key` header to make retries safe: the same key returns the first answer.",
        body: CreateDealBody,
        headers: z.object({ "idempotency-key": z.string().optional() }),
        response: { 201: DealDto, ...problemResponses(400, 401, 403, 422) },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const result = await idempotent(
        db,
        {
          workspaceId: principal.workspaceId,
          scope: "POST /deals",
          key: request.headers["idempotency-key"],
          request: request.body,
        },
        async (tx) => ({ status: 201, body: await service.createDeal(tx, principal, request.body) }),
      );
      if (result.replayed) reply.header("idempotent-replayed", "true");
      const body = result.body as DealDto;
      return reply
        .status(result.status as 201)
        .header("etag", etagOf(body.version))
        .send(body);
    },
  );

  app.post(
    "/deals/batch",
    {
      config: { access: "member" },
      bodyLimit: 16 * 1024 * 1024,
      schema: {
        tags,
        summary: `Create, update and delete up to ${MAX_BATCH_SIZE} deals in one transaction (all or nothing)`,
        body: BatchDealsBody,
        response: {
          200: z.object({ created: z.array(DealDto), updated: z.array(DealDto), deleted: z.array(z.uuid()) }),
          ...problemResponses(400, 401, 403, 404),
        },
      },
    },
    async (request) => batchDeals(db, principalOf(request), request.body),
  );

  app.get(
    "/deals/:id",
    {
      config: { access: "viewer" },
      schema: {
        tags,
        summary: "A deal",
        params: IdParams,
        response: { 200: DealDto, ...problemResponses(401, 404) },
      },
    },
    async (request, reply) => {
      const deal = await service.getDeal(db, principalOf(request), request.params.id);
      return reply.header("etag", etagOf(deal.version)).send(deal);
    },
  );

  app.get(
    "/deals/:id/stage-changes",
    {
      config: { access: "viewer" },
      schema: {
        tags,
        summary: "The deal's moves between stages, oldest first",
        params: IdParams,
        response: { 200: ListOf(DealStageChangeDto), ...problemResponses(401, 404) },
      },
    },
    async (request) => ({
      data: await service.listStageChanges(db, principalOf(request), request.params.id),
    }),
  );

  app.patch(
    "/deals/:id",
    {
      config: { access: "member" },
      schema: {
        tags,
        summary: "Change some fields of a deal, or move it",
        description:
          "Moving to a won or lost stage (or `status: won|lost`) closes the deal; lost needs `lostReason`. Send `If-Match` with the ETag you read: if someone changed the deal since, the answer is 412.",
        params: IdParams,
        headers: IfMatchHeaders,
        body: UpdateDealBody,
        response: { 200: DealDto, ...problemResponses(400, 401, 403, 404, 412) },
      },
    },
    async (request, reply) => {
      const deal = await service.updateDeal(db, principalOf(request), request.params.id, request.body, {
        expectedVersion: parseIfMatch(request.headers["if-match"]),
      });
      return reply.header("etag", etagOf(deal.version)).send(deal);
    },
  );

  registerTrashRoutes(app, db, {
    path: "/deals",
    tags,
    noun: "a deal",
    dto: DealDto,
    trash: service.trashDeal,
    restore: service.restoreDeal,
    purge: service.purgeDeal,
  });
};
