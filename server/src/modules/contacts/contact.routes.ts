import {
  CompanyDto,
  ContactDto,
  CreateContactBody,
  MAX_BATCH_SIZE,
  Page,
  UpdateContactBody,
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
import { etagOf, parseIfMatch } from "../../platform/records/list.ts";
import { companiesById } from "../companies/company.query.ts";
import { embedUser } from "../workspaces/user.embed.ts";
import { batchContacts } from "./batch-contacts.ts";
import { listContacts } from "./contact.query.ts";
import * as service from "./contact.service.ts";

const tags = ["Contacts"];
const _ContactPage = Page(ContactDto);

export const BatchContactsBody = z
  .strictObject({
    create: z.array(CreateContactBody).default([]),
    update: z.array(UpdateContactBody.extend({ id: z.uuid() })).default([]),
    delete: z.array(z.uuid()).default([]),
  })
  .refine((b) => b.create.length + b.update.length + b.delete.length <= MAX_BATCH_SIZE, {
    message: `A batch holds at most ${MAX_BATCH_SIZE} operations in all`,
  });

export const contactRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  registerListRoutes(app, db, {
    path: "/contacts",
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

  app.post(
    "/contacts",
    {
      config: { access: "member" },
      schema: {
        tags,
        summary: "Create a contact",
        description:
          "Send an `Idempotency-Key` header to make retries safe: the same key returns the first answer.",
        body: CreateContactBody,
        headers: z.object({ "idempotency-key": z.string().optional() }),
        response: { 201: ContactDto, ...problemResponses(400, 401, 403, 422) },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const result = await idempotent(
        db,
        {
          workspaceId: principal.workspaceId,
          scope: "POST /contacts",
          key: request.headers["idempotency-key"],
          request: request.body,
        },
        async (tx) => ({ status: 201, body: await service.createContact(tx, principal, request.body) }),
      );
      if (result.replayed) reply.header("idempotent-replayed", "true");
      const body = result.body as ContactDto;
      return reply
        .status(result.status as 201)
        .header("etag", etagOf(body.version))
        .send(body);
    },
  );

  app.post(
    "/contacts/batch",
    {
      config: { access: "member" },
      bodyLimit: 16 * 1024 * 1024,
      schema: {
        tags,
        summary: `Create, update and delete up to ${MAX_BATCH_SIZE} contacts in one transaction (all or nothing)`,
        body: BatchContactsBody,
        response: {
          200: z.object({
            created: z.array(ContactDto),
            updated: z.array(ContactDto),
            deleted: z.array(z.uuid()),
          }),
          ...problemResponses(400, 401, 403, 404),
        },
      },
    },
    async (request) => batchContacts(db, principalOf(request), request.body),
  );

  app.get(
    "/contacts/:id",
    {
      config: { access: "viewer" },
      schema: {
        tags,
        summary: "A contact",
        params: IdParams,
        response: { 200: ContactDto, ...problemResponses(401, 404) },
      },
    },
    async (request, reply) => {
      const contact = await service.getContact(db, principalOf(request), request.params.id);
      return reply.header("etag", etagOf(contact.version)).send(contact);
    },
  );

  app.patch(
    "/contacts/:id",
    {
      config: { access: "member" },
      schema: {
        tags,
        summary: "Change some fields of a contact",
        description:
          "Send `If-Match` with the ETag you read: if someone changed the contact since, the answer is 412.",
        params: IdParams,
        headers: IfMatchHeaders,
        body: UpdateContactBody,
        response: { 200: ContactDto, ...problemResponses(400, 401, 403, 404, 412) },
      },
    },
    async (request, reply) => {
      const contact = await service.updateContact(db, principalOf(request), request.params.id, request.body, {
        expectedVersion: parseIfMatch(request.headers["if-match"]),
      });
      return reply.header("etag", etagOf(contact.version)).send(contact);
    },
  );

  registerTrashRoutes(app, db, {
    path: "/contacts",
    tags,
    noun: "a contact",
    dto: ContactDto,
    trash: service.trashContact,
    restore: service.restoreContact,
    purge: service.purgeContact,
  });
};
