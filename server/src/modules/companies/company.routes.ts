import { CompanyDto, CreateCompanyBody, MAX_BATCH_SIZE, Page, UpdateCompanyBody } from "@rapport/core";
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
import { embedOne } from "../../platform/records/embed.ts";
import { idempotent } from "../../platform/records/idempotency.ts";
import { etagOf, parseIfMatch } from "../../platform/records/list.ts";
import { embedUser } from "../workspaces/user.embed.ts";
import { batchCompanies } from "./batch-companies.ts";
import { companiesById, listCompanies } from "./company.query.ts";
import * as service from "./company.service.ts";

const tags = ["Companies"];
const _CompanyPage = Page(CompanyDto);

export const BatchCompaniesBody = z
  .strictObject({
    create: z.array(CreateCompanyBody).default([]),
    update: z.array(UpdateCompanyBody.extend({ id: z.uuid() })).default([]),
    delete: z.array(z.uuid()).default([]),
  })
  .refine((b) => b.create.length + b.update.length + b.delete.length <= MAX_BATCH_SIZE, {
    message: `A batch holds at most ${MAX_BATCH_SIZE} operations in all`,
  });

export const companyRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  registerListRoutes(app, db, {
    path: "/companies",
    tags,
    plural: "companies",
    dto: CompanyDto,
    list: listCompanies,
    embeds: {
      parent: embedOne(CompanyDto, companiesById, (c: CompanyDto) => c.parentCompanyId),
      owner: embedUser((c: CompanyDto) => c.ownerId),
    },
  });

  app.post(
    "/companies",
    {
      config: { access: "member" },
      schema: {
        tags,
        summary: "Create a company",
        description:
          "Send an `Idempotency-Key` header to make retries safe: the same key returns the first answer.",
        body: CreateCompanyBody,
        headers: z.object({ "idempotency-key": z.string().optional() }),
        response: { 201: CompanyDto, ...problemResponses(400, 401, 403, 422) },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const result = await idempotent(
        db,
        {
          workspaceId: principal.workspaceId,
          scope: "POST /companies",
          key: request.headers["idempotency-key"],
          request: request.body,
        },
        async (tx) => ({ status: 201, body: await service.createCompany(tx, principal, request.body) }),
      );
      if (result.replayed) reply.header("idempotent-replayed", "true");
      const body = result.body as CompanyDto;
      return reply
        .status(result.status as 201)
        .header("etag", etagOf(body.version))
        .send(body);
    },
  );

  app.post(
    "/companies/batch",
    {
      config: { access: "member" },
      bodyLimit: 16 * 1024 * 1024,
      schema: {
        tags,
        summary: `Create, update and delete up to ${MAX_BATCH_SIZE} companies in one transaction (all or nothing)`,
        body: BatchCompaniesBody,
        response: {
          200: z.object({
            created: z.array(CompanyDto),
            updated: z.array(CompanyDto),
            deleted: z.array(z.uuid()),
          }),
          ...problemResponses(400, 401, 403, 404),
        },
      },
    },
    async (request) => batchCompanies(db, principalOf(request), request.body),
  );

  app.get(
    "/companies/:id",
    {
      config: { access: "viewer" },
      schema: {
        tags,
        summary: "A company",
        params: IdParams,
        response: { 200: CompanyDto, ...problemResponses(401, 404) },
      },
    },
    async (request, reply) => {
      const company = await service.getCompany(db, principalOf(request), request.params.id);
      return reply.header("etag", etagOf(company.version)).send(company);
    },
  );

  app.patch(
    "/companies/:id",
    {
      config: { access: "member" },
      schema: {
        tags,
        summary: "Change some fields of a company",
        description:
          "Send `If-Match` with the ETag you read: if someone changed the company since, the answer is 412.",
        params: IdParams,
        headers: IfMatchHeaders,
        body: UpdateCompanyBody,
        response: { 200: CompanyDto, ...problemResponses(400, 401, 403, 404, 412) },
      },
    },
    async (request, reply) => {
      const company = await service.updateCompany(db, principalOf(request), request.params.id, request.body, {
        expectedVersion: parseIfMatch(request.headers["if-match"]),
      });
      return reply.header("etag", etagOf(company.version)).send(company);
    },
  );

  registerTrashRoutes(app, db, {
    path: "/companies",
    tags,
    noun: "a company",
    dto: CompanyDto,
    trash: service.trashCompany,
    restore: service.restoreCompany,
    purge: service.purgeCompany,
    docs: {
      trash: {
        description: "Its contacts, deals and subsidiaries keep pointing at it and come back with it.",
      },
      restore: {
        description: "Refused (400, naming `domains[i]`) when a live company has taken one of its domains.",
      },
      purge: {
        description:
          "Its contacts, deals and subsidiaries stay, unlinked from it; the `company.purged` event lists them.",
      },
    },
    restoreProblems: [400],
  });
};
