import {
  CompanyDto,
  ContactDto,
  CreateTaskBody,
  DealDto,
  Page,
  TaskChangeDto,
  TaskDto,
  UpdateTaskBody,
} from "@rapport/core";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { permission } from "../../platform/auth/permissions.ts";
import type { Db } from "../../platform/db/index.ts";
import { registerListRoutes } from "../../platform/http/list-routes.ts";
import { BatchBody, registerRecordRoutes } from "../../platform/http/record-routes.ts";
import {
  IdParams,
  IfMatchHeaders,
  principalOf,
  problemResponses,
} from "../../platform/http/route-helpers.ts";
import { registerTrashRoutes } from "../../platform/http/trash-routes.ts";
import type { Enqueue } from "../../platform/jobs/job.ts";
import type { JobQueue } from "../../platform/jobs/queue.ts";
import { embedMany, linkedIds } from "../../platform/records/embed.ts";
import { etagOf, parseIfMatch } from "../../platform/records/list.ts";
import { companiesById } from "../companies/company.query.ts";
import { contactsById } from "../contacts/contact.query.ts";
import { dealsById } from "../deals/deal.query.ts";
import { embedUser } from "../workspaces/user.embed.ts";
import { batchTasks } from "./batch-tasks.ts";
import { listTasks } from "./task.query.ts";
import * as service from "./task.service.ts";

const tags = ["Tasks"];
const _TaskPage = Page(TaskDto);

export const BatchTasksBody = BatchBody(CreateTaskBody, UpdateTaskBody);

export const taskRoutes: FastifyPluginAsyncZod<{ db: Db; jobs: JobQueue }> = async (app, { db, jobs }) => {
  // Task writes schedule their reminder and due alerts in their own transaction.
  const enqueue: Enqueue = (job, payload, options) => jobs.enqueue(job, payload, options);
  registerListRoutes(app, db, {
    path: "/tasks",
    object: "tasks",
    tags,
    plural: "tasks",
    dto: TaskDto,
    list: listTasks,
    embeds: {
      contacts: embedMany(ContactDto, contactsById, linkedIds<TaskDto>("contact")),
      companies: embedMany(CompanyDto, companiesById, linkedIds<TaskDto>("company")),
      deals: embedMany(DealDto, dealsById, linkedIds<TaskDto>("deal")),
      owner: embedUser((r: TaskDto) => r.ownerId),
      assignee: embedUser((t: TaskDto) => t.assigneeId),
    },
    docs: {
      summary: "List tasks with a filter, sort and cursor",
      description:
        "Soonest due first by default (undated last). Sort by `dueAt`, `priority` (low → urgent), `createdAt`, `updatedAt`, `title`; filter through linked records with `contacts.lastName`.",
    },
  });

  registerRecordRoutes(app, db, {
    path: "/tasks",
    object: "tasks",
    tags,
    noun: "a task",
    plural: "tasks",
    dto: TaskDto,
    changedDto: TaskChangeDto,
    createBody: CreateTaskBody,
    updateBody: UpdateTaskBody,
    batchBody: BatchTasksBody,
    create: (tx, principal, input) => service.createTask(tx, principal, input, { enqueue }),
    get: service.getTask,
    update: (db, principal, id, input, options) =>
      service.updateTask(db, principal, id, input, { ...options, enqueue }),
    batch: (db, principal, body) => batchTasks(db, principal, body, enqueue),
    docs: {
      create: "Assigned to the creator unless `assigneeId` names another member.",
      update:
        "Setting `status` to done stamps `completedAt` (and for a recurring task creates the next occurrence, named by `nextOccurrenceId`); any other status clears it.",
    },
  });

  app.post(
    "/tasks/:id/complete",
    {
      config: { access: permission("tasks", "update") },
      schema: {
        tags,
        summary: "Mark a task done",
        description:
          "A recurring task also gets its next occurrence, named by `nextOccurrenceId`. Completing a done task changes nothing.",
        params: IdParams,
        headers: IfMatchHeaders,
        response: { 200: TaskChangeDto, ...problemResponses(400, 401, 403, 404, 412) },
      },
    },
    async (request, reply) => {
      const task = await service.completeTask(db, principalOf(request), request.params.id, {
        expectedVersion: parseIfMatch(request.headers["if-match"]),
        enqueue,
      });
      return reply.header("etag", etagOf(task.version)).send(task);
    },
  );

  app.post(
    "/tasks/:id/reopen",
    {
      config: { access: permission("tasks", "update") },
      schema: {
        tags,
        summary: "Open a done or cancelled task again",
        params: IdParams,
        headers: IfMatchHeaders,
        response: { 200: TaskChangeDto, ...problemResponses(400, 401, 403, 404, 412) },
      },
    },
    async (request, reply) => {
      const task = await service.reopenTask(db, principalOf(request), request.params.id, {
        expectedVersion: parseIfMatch(request.headers["if-match"]),
        enqueue,
      });
      return reply.header("etag", etagOf(task.version)).send(task);
    },
  );

  registerTrashRoutes(app, db, {
    path: "/tasks",
    object: "tasks",
    tags,
    noun: "a task",
    dto: TaskDto,
    trash: service.trashTask,
    restore: service.restoreTask,
    purge: service.purgeTask,
    docs: { purge: { summary: "Delete a trashed task and its links for good" } },
  });
};
