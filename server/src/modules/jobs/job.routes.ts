import { JobDto, JobListQuery, JobPage, JobQueueDto, ListOf } from "@rapport/core";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { Db } from "../../platform/db/index.ts";
import { IdParams, principalOf, problemResponses } from "../../platform/http/route-helpers.ts";
import type { JobQueue } from "../../platform/jobs/queue.ts";
import * as service from "./job.service.ts";

const tags = ["Jobs"];

/** The workspace's background jobs, for its admins: queues, jobs by state, retry and cancel. */
export const jobRoutes: FastifyPluginAsyncZod<{ db: Db; jobs: JobQueue }> = async (app, deps) => {
  app.get(
    "/jobs",
    {
      config: { access: "admin" },
      schema: {
        tags,
        summary: "List the job queues with this workspace's jobs counted by state",
        response: { 200: ListOf(JobQueueDto), ...problemResponses(401, 403) },
      },
    },
    async (request) => ({ data: await service.listQueues(deps, principalOf(request)) }),
  );

  app.get(
    "/jobs/list",
    {
      config: { access: "admin" },
      schema: {
        tags,
        summary: "List this workspace's jobs, newest first",
        description:
          "Filter by `state` (such as `failed`, with the error of the last run) and `queue`. Finished jobs are kept for a day, failed ones for 30 days.",
        querystring: JobListQuery,
        response: { 200: JobPage, ...problemResponses(400, 401, 403) },
      },
    },
    async (request) => service.listJobs(deps, principalOf(request), request.query),
  );

  app.post(
    "/jobs/:id/retry",
    {
      config: { access: "admin" },
      schema: {
        tags,
        summary: "Run a failed job again",
        description: "It gets one more attempt, at once. Only failed jobs can be retried (409 otherwise).",
        params: IdParams,
        response: { 200: JobDto, ...problemResponses(401, 403, 404, 409) },
      },
    },
    async (request) => service.retryJob(deps, principalOf(request), request.params.id),
  );

  app.post(
    "/jobs/:id/cancel",
    {
      config: { access: "admin" },
      schema: {
        tags,
        summary: "Cancel a waiting or running job",
        description:
          "A waiting job will not run; a running one is not interrupted, but its result is discarded and it is not retried. Finished jobs answer 409.",
        params: IdParams,
        response: { 200: JobDto, ...problemResponses(401, 403, 404, 409) },
      },
    },
    async (request) => service.cancelJob(deps, principalOf(request), request.params.id),
  );
};
