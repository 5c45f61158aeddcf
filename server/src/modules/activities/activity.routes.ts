import {
  ActivityDto,
  CompanyDto,
  ContactDto,
  CreateActivityBody,
  DealDto,
  Page,
  UpdateActivityBody,
} from "@rapport/core";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { Db } from "../../platform/db/index.ts";
import { registerListRoutes } from "../../platform/http/list-routes.ts";
import { BatchBody, registerRecordRoutes } from "../../platform/http/record-routes.ts";
import { registerTrashRoutes } from "../../platform/http/trash-routes.ts";
import { embedMany, linkedIds } from "../../platform/records/embed.ts";
import { companiesById } from "../companies/company.query.ts";
import { contactsById } from "../contacts/contact.query.ts";
import { dealsById } from "../deals/deal.query.ts";
import { embedUser } from "../workspaces/user.embed.ts";
import { listActivities } from "./activity.query.ts";
import * as service from "./activity.service.ts";
import { batchActivities } from "./batch-activities.ts";

const tags = ["Activities"];
const _ActivityPage = Page(ActivityDto);

export const BatchActivitiesBody = BatchBody(CreateActivityBody, UpdateActivityBody);

export const activityRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  registerListRoutes(app, db, {
    path: "/activities",
    object: "activities",
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

  registerRecordRoutes(app, db, {
    path: "/activities",
    object: "activities",
    tags,
    noun: "an activity",
    plural: "activities",
    dto: ActivityDto,
    createBody: CreateActivityBody,
    updateBody: UpdateActivityBody,
    batchBody: BatchActivitiesBody,
    create: service.createActivity,
    get: service.getActivity,
    update: service.updateActivity,
    batch: batchActivities,
    docs: {
      createSummary: "Log a note, call, meeting or email",
      create:
        "The body is rich text (HTML) and is sanitized: only formatting, lists, quotes, code and http(s)/mailto links stay.",
      update: "The type cannot change.",
    },
  });

  registerTrashRoutes(app, db, {
    path: "/activities",
    object: "activities",
    tags,
    noun: "an activity",
    dto: ActivityDto,
    trash: service.trashActivity,
    restore: service.restoreActivity,
    purge: service.purgeActivity,
    docs: { purge: { summary: "Delete a trashed activity and its links for good" } },
  });
};
