import {
  CompanyDto,
  ContactDto,
  CreateTaskBody,
  DealDto,
  MAX_BATCH_SIZE,
  Page,
  TaskChangeDto,
  TaskDto,
  UpdateTaskBody,
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
import type { Enqueue } from "../../platform/jobs/job.ts";
import type { JobQueue } from "../../platform/jobs/queue.ts";
import { embedMany, linkedIds } from "../../platform/records/embed.ts";
import { idempotent } from "../../platform/records/idempotency.ts";
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

export const BatchTasksBody = z
  .strictObject({
    create: z.array(CreateTaskBody).default([]),
    update: z.array(UpdateTaskBody.extend({ id: z.uuid() })).default([]),
    delete: z.array(z.uuid()).default([]),
  })
  .refine((b) => b.create.length + b.update.length + b.delete.length <= MAX_BATCH_SIZE, {
    message: `A batch holds at most ${MAX_BATCH_SIZE} operations in all`,
  });

export const taskRoutes: FastifyPluginAsyncZod<{ db: Db; jobs: JobQueue }> = async (app, { db, jobs }) => {
  // Task writes schedule their reminder and due alerts in their own transaction.
  const enqueue: Enqueue = (job, payload, options) => jobs.enqueue(job, payload, options);
  registerListRoutes(app, db, {
    path: "/tasks",
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

  app.post(
    "/tasks",
    {
      config: { access: "member" },
      schema: {
        tags,
        summary: "Create a task",
        description:
          "Assigned to the creator unless `assigneeId` names another member. Send an `Idempotency-Key` header to make retries safe: the same key returns the first answer.",
        body: CreateTaskBody,
        headers: z.object({ "idempotency-key": z.string().optional() }),
        response: { 201: TaskChangeDto, ...problemResponses(400, 401, 403, 422) },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const result = await idempotent(
        db,
        {
          workspaceId: principal.workspaceId,
          scope: "POST /tasks",
          key: request.headers["idempotency-key"],
          request: request.body,
        },
        async (tx) => ({
          status: 201,
          body: await service.createTask(tx, principal, request.body, { enqueue }),
        }),
      );
      if (result.replayed) reply.header("idempotent-replayed", "true");
      const body = result.body as TaskChangeDto;
      return reply
        .status(result.status as 201)
        .header("etag", etagOf(body.version))
        .send(body);
    },
  );

  app.post(
    "/tasks/batch",
    {
      config: { access: "member" },
      bodyLimit: 16 * 1024 * 1024,
      schema: {
        tags,
        summary: `Create, update and delete up to ${MAX_BATCH_SIZE} tasks in one transaction (all or nothing)`,
        body: BatchTasksBody,
        response: {
          200: z.object({
            created: z.array(TaskChangeDto),
            updated: z.array(TaskChangeDto),
            deleted: z.array(z.uuid()),
          }),
          ...problemResponses(400, 401, 403, 404),
        },
      },
    },
    async (request) => batchTasks(db, principalOf(request), request.body, enqueue),
  );

  app.get(
    "/tasks/:id",
    {
      config: { access: "viewer" },
      schema: {
        tags,
        summary: "A task",
        params: IdParams,
        response: { 200: TaskDto, ...problemResponses(401, 404) },
      },
    },
    async (request, reply) => {
      const task = await service.getTask(db, principalOf(request), request.params.id);
      return reply.header("etag", etagOf(task.version)).send(task);
    },
  );

  app.patch(
    "/tasks/:id",
    {
      config: { access: "member" },
      schema: {
        tags,
        summary: "Change some fields of a task",
        description:
          "Setting `status` to done stamps `completedAt` (and for a recurring task creates the next occurrence, named by `nextOccurrenceId`); any other status clears it. Send `If-Match` with the ETag you read: if someone changed the task since, the answer is 412.",
        params: IdParams,
        headers: IfMatchHeaders,
        body: UpdateTaskBody,
        response: { 200: TaskChangeDto, ...problemResponses(400, 401, 403, 404, 412) },
      },
    },
    async (request, reply) => {
      const task = await service.updateTask(db, principalOf(request), request.params.id, request.body, {
        expectedVersion: parseIfMatch(request.headers["if-match"]),
        enqueue,
      });
      return reply.header("etag", etagOf(task.version)).send(task);
    },
  );

  app.post(
    "/tasks/:id/complete",
    {
      config: { access: "member" },
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
      config: { access: "member" },
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
    tags,
    noun: "a task",
    dto: TaskDto,
    trash: service.trashTask,
    restore: service.restoreTask,
    purge: service.purgeTask,
    docs: { purge: { summary: "Delete a trashed task and its links for good" } },
  });
};
