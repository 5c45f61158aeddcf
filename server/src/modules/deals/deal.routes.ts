import {
  CompanyDto,
  ContactDto,
  CreateDealBody,
  DealDto,
  DealStageChangeDto,
  DealSummaryDto,
  ListOf,
  ListQuery,
  Page,
  UpdateDealBody,
} from "@rapport/core";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { permission } from "../../platform/auth/permissions.ts";
import type { Db } from "../../platform/db/index.ts";
import { registerListRoutes } from "../../platform/http/list-routes.ts";
import { BatchBody, registerRecordRoutes } from "../../platform/http/record-routes.ts";
import { IdParams, principalOf, problemResponses } from "../../platform/http/route-helpers.ts";
import { registerTrashRoutes } from "../../platform/http/trash-routes.ts";
import { embedMany, embedOne } from "../../platform/records/embed.ts";
import { parseFilterParam } from "../../platform/records/list.ts";
import { companiesById } from "../companies/company.query.ts";
import { contactsById } from "../contacts/contact.query.ts";
import { embedUser } from "../workspaces/user.embed.ts";
import { batchDeals } from "./batch-deals.ts";
import { listDeals, summarizeDeals } from "./deal.query.ts";
import * as service from "./deal.service.ts";

const tags = ["Deals"];
const _DealPage = Page(DealDto);

export const BatchDealsBody = BatchBody(CreateDealBody, UpdateDealBody);

const SummaryQuery = z.strictObject({
  pipelineId: z.uuid().optional().describe("One pipeline's board; all pipelines when omitted"),
  filter: ListQuery.shape.filter,
});

export const dealRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  registerListRoutes(app, db, {
    path: "/deals",
    object: "deals",
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
      config: { access: permission("deals", "read") },
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

  registerRecordRoutes(app, db, {
    path: "/deals",
    object: "deals",
    tags,
    noun: "a deal",
    plural: "deals",
    dto: DealDto,
    createBody: CreateDealBody,
    updateBody: UpdateDealBody,
    batchBody: BatchDealsBody,
    create: service.createDeal,
    get: service.getDeal,
    update: service.updateDeal,
    batch: batchDeals,
    docs: {
      updateSummary: "Change some fields of a deal, or move it",
      update:
        "Moving to a won or lost stage (or `status: won|lost`) closes the deal; lost needs `lostReason`.",
    },
  });

  app.get(
    "/deals/:id/stage-changes",
    {
      config: { access: permission("deals", "read") },
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

  registerTrashRoutes(app, db, {
    path: "/deals",
    object: "deals",
    tags,
    noun: "a deal",
    dto: DealDto,
    trash: service.trashDeal,
    restore: service.restoreDeal,
    purge: service.purgeDeal,
  });
};
