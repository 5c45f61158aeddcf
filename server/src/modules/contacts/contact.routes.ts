import {
  CompanyDto,
  ContactDto,
  CreateContactBody,
  DuplicateProblem,
  Page,
  UpdateContactBody,
} from "@rapport/core";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { Db } from "../../platform/db/index.ts";
import { registerListRoutes } from "../../platform/http/list-routes.ts";
import { BatchBody, registerRecordRoutes } from "../../platform/http/record-routes.ts";
import { registerTrashRoutes } from "../../platform/http/trash-routes.ts";
import { embedMany, embedOne } from "../../platform/records/embed.ts";
import { companiesById } from "../companies/company.query.ts";
import { embedUser } from "../workspaces/user.embed.ts";
import { batchContacts } from "./batch-contacts.ts";
import { listContacts } from "./contact.query.ts";
import * as service from "./contact.service.ts";

const tags = ["Contacts"];
const _ContactPage = Page(ContactDto);

export const BatchContactsBody = BatchBody(CreateContactBody, UpdateContactBody);

export const contactRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  registerListRoutes(app, db, {
    path: "/contacts",
    object: "contacts",
    tags,
    plural: "contacts",
    dto: ContactDto,
    list: listContacts,
    embeds: {
      company: embedOne(CompanyDto, companiesById, (c: ContactDto) => c.companyId),
      companies: embedMany(CompanyDto, companiesById, (c: ContactDto) => c.companies.map((l) => l.companyId)),
      owner: embedUser((c: ContactDto) => c.ownerId),
    },
  });

  registerRecordRoutes(app, db, {
    path: "/contacts",
    object: "contacts",
    tags,
    noun: "a contact",
    plural: "contacts",
    dto: ContactDto,
    createBody: CreateContactBody,
    updateBody: UpdateContactBody,
    batchBody: BatchContactsBody,
    create: (tx, principal, input) => service.createContact(tx, principal, input),
    duplicates: { problem: DuplicateProblem, create: service.createContact },
    get: service.getContact,
    update: service.updateContact,
    batch: batchContacts,
  });

  registerTrashRoutes(app, db, {
    path: "/contacts",
    object: "contacts",
    tags,
    noun: "a contact",
    dto: ContactDto,
    trash: service.trashContact,
    restore: service.restoreContact,
    purge: service.purgeContact,
  });
};
