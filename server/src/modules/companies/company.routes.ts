import { CompanyDto, CreateCompanyBody, DuplicateProblem, Page, UpdateCompanyBody } from "@rapport/core";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { Db } from "../../platform/db/index.ts";
import { registerListRoutes } from "../../platform/http/list-routes.ts";
import { BatchBody, registerRecordRoutes } from "../../platform/http/record-routes.ts";
import { registerTrashRoutes } from "../../platform/http/trash-routes.ts";
import { embedOne } from "../../platform/records/embed.ts";
import { embedUser } from "../workspaces/user.embed.ts";
import { batchCompanies } from "./batch-companies.ts";
import { companiesById, listCompanies } from "./company.query.ts";
import * as service from "./company.service.ts";

const tags = ["Companies"];
const _CompanyPage = Page(CompanyDto);

export const BatchCompaniesBody = BatchBody(CreateCompanyBody, UpdateCompanyBody);

export const companyRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  registerListRoutes(app, db, {
    path: "/companies",
    object: "companies",
    tags,
    plural: "companies",
    dto: CompanyDto,
    list: listCompanies,
    embeds: {
      parent: embedOne(CompanyDto, companiesById, (c: CompanyDto) => c.parentCompanyId),
      owner: embedUser((c: CompanyDto) => c.ownerId),
    },
  });

  registerRecordRoutes(app, db, {
    path: "/companies",
    object: "companies",
    tags,
    noun: "a company",
    plural: "companies",
    dto: CompanyDto,
    createBody: CreateCompanyBody,
    updateBody: UpdateCompanyBody,
    batchBody: BatchCompaniesBody,
    create: (tx, principal, input) => service.createCompany(tx, principal, input),
    duplicates: { problem: DuplicateProblem, create: service.createCompany },
    get: service.getCompany,
    update: service.updateCompany,
    batch: batchCompanies,
  });

  registerTrashRoutes(app, db, {
    path: "/companies",
    object: "companies",
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
