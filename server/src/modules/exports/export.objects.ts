import { ActivityDto, CompanyDto, ContactDto, DealDto, type ExportObject, TaskDto } from "@rapport/core";
import type { z } from "zod";
import type { Principal } from "../../platform/auth/principal.ts";
import type { Db } from "../../platform/db/index.ts";
import type { ListFields, ListRequest } from "../../platform/records/list-plan.ts";
import { activityListFields, listActivities } from "../activities/activity.query.ts";
import { companyListFields, listCompanies } from "../companies/company.query.ts";
import { contactListFields, listContacts } from "../contacts/contact.query.ts";
import { dealListFields, listDeals } from "../deals/deal.query.ts";
import { listTasks, taskListFields } from "../tasks/task.query.ts";

type Item = { id: string } & Record<string, unknown>;
type ListFn = (
  db: Db,
  principal: Principal,
  request: ListRequest,
) => Promise<{ data: Item[]; nextCursor: string | null }>;

/** How an object is exported: its record shape, its list (filter, sort, keyset pages) and its fields. */
export type ExportSource = {
  object: ExportObject;
  dto: z.ZodObject;
  list: ListFn;
  listFields(db: Db, workspaceId: string): Promise<ListFields>;
};

const source = (
  object: ExportObject,
  dto: z.ZodObject,
  list: unknown,
  listFields: ExportSource["listFields"],
): ExportSource => ({ object, dto, list: list as ListFn, listFields });

/** Exports read through each object's own list, so its filter language, sort and rules apply. */
export const EXPORT_SOURCES: Record<ExportObject, ExportSource> = {
  contacts: source("contacts", ContactDto, listContacts, contactListFields),
  companies: source("companies", CompanyDto, listCompanies, companyListFields),
  deals: source("deals", DealDto, listDeals, dealListFields),
  activities: source("activities", ActivityDto, listActivities, activityListFields),
  tasks: source("tasks", TaskDto, listTasks, taskListFields),
};
