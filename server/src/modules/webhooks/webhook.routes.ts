import {
  CreateWebhookBody,
  ListOf,
  UpdateWebhookBody,
  WebhookDeliveryDto,
  WebhookDeliveryPage,
  WebhookDeliveryQuery,
  WebhookDto,
  WebhookWithSecretDto,
} from "@rapport/core";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Db } from "../../platform/db/index.ts";
import { IdParams, principalOf, problemResponses } from "../../platform/http/route-helpers.ts";
import type { JobQueue } from "../../platform/jobs/queue.ts";
import * as service from "./webhook.service.ts";

const tags = ["Webhooks"];
const admin = { access: "admin" } as const;
const DeliveryParams = z.object({ id: z.uuid(), deliveryId: z.uuid() });

export const webhookRoutes: FastifyPluginAsyncZod<{ db: Db; jobs: JobQueue }> = async (app, { db, jobs }) => {
  app.get(
    "/webhooks",
    {
      config: admin,
      schema: {
        tags,
        summary: "List the workspace's webhooks",
        response: { 200: ListOf(WebhookDto), ...problemResponses(401, 403) },
      },
    },
    async (request) => ({ data: await service.listWebhooks(db, principalOf(request)) }),
  );

  app.post(
    "/webhooks",
    {
      config: admin,
      schema: {
        tags,
        summary: "Subscribe a URL to record events; the signing secret is in this answer only",
        description:
          'Each delivery is a POST with a JSON body and the headers `Rapport-Event-Id` and `Rapport-Signature: t=<unix time>,v1=<hex HMAC-SHA256 of "<t>.<body>" with the secret>`.',
        body: CreateWebhookBody,
        response: { 201: WebhookWithSecretDto, ...problemResponses(400, 401, 403) },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await service.createWebhook(db, principalOf(request), request.body)),
  );

  app.get(
    "/webhooks/:id",
    {
      config: admin,
      schema: {
        tags,
        summary: "Get a webhook",
        params: IdParams,
        response: { 200: WebhookDto, ...problemResponses(401, 403, 404) },
      },
    },
    async (request) => service.getWebhook(db, principalOf(request), request.params.id),
  );

  app.patch(
    "/webhooks/:id",
    {
      config: admin,
      schema: {
        tags,
        summary: "Change a webhook's URL, events, description or enabled state",
        description:
          "Enabling a webhook Rapport disabled clears its notice and resumes its waiting deliveries.",
        params: IdParams,
        body: UpdateWebhookBody,
        response: { 200: WebhookDto, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => service.updateWebhook(db, jobs, principalOf(request), request.params.id, request.body),
  );

  app.delete(
    "/webhooks/:id",
    {
      config: admin,
      schema: {
        tags,
        summary: "Delete a webhook and its delivery log",
        params: IdParams,
        response: { 204: z.null(), ...problemResponses(401, 403, 404) },
      },
    },
    async (request, reply) => {
      await service.deleteWebhook(db, principalOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    "/webhooks/:id/rotate-secret",
    {
      config: admin,
      schema: {
        tags,
        summary: "Replace the signing secret; the new one is in this answer only",
        params: IdParams,
        response: { 200: WebhookWithSecretDto, ...problemResponses(401, 403, 404) },
      },
    },
    async (request) => service.rotateSecret(db, principalOf(request), request.params.id),
  );

  app.get(
    "/webhooks/:id/deliveries",
    {
      config: admin,
      schema: {
        tags,
        summary: "The webhook's delivery log, newest first",
        params: IdParams,
        querystring: WebhookDeliveryQuery,
        response: { 200: WebhookDeliveryPage, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => service.listDeliveries(db, principalOf(request), request.params.id, request.query),
  );

  app.post(
    "/webhooks/:id/deliveries/:deliveryId/redeliver",
    {
      config: admin,
      schema: {
        tags,
        summary: "Send a delivery again, with the same event id",
        params: DeliveryParams,
        response: { 202: WebhookDeliveryDto, ...problemResponses(401, 403, 404) },
      },
    },
    async (request, reply) =>
      reply
        .status(202)
        .send(
          await service.redeliver(
            db,
            jobs,
            principalOf(request),
            request.params.id,
            request.params.deliveryId,
          ),
        ),
  );
};
