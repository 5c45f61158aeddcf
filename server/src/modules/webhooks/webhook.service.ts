import type {
  CreateWebhookBody,
  UpdateWebhookBody,
  WebhookDeliveryDto,
  WebhookDeliveryPage,
  WebhookDto,
  WebhookWithSecretDto,
} from "@rapport/core";
import type { z } from "zod";
import type { Principal } from "../../platform/auth/principal.ts";
import { randomToken } from "../../platform/auth/tokens.ts";
import type { Db } from "../../platform/db/index.ts";
import { notFound } from "../../platform/errors.ts";
import { newId } from "../../platform/ids.ts";
import type { JobQueue } from "../../platform/jobs/queue.ts";
import { type DeliveryJob, enqueueLanes, WEBHOOK_DELIVERY_JOB } from "./deliver-webhook.ts";
import * as store from "./webhook.store.ts";
import { checkWebhookFilter } from "./webhook-filter.ts";

type Created = z.output<typeof CreateWebhookBody>;
type Updated = z.output<typeof UpdateWebhookBody>;

const newSecret = () => `whsec_${randomToken(32)}`;

/** The delivery job registered with this queue (its retry schedule depends on the configuration). */
function deliveryJob(jobs: JobQueue): DeliveryJob {
  const job = jobs.definitions.get(WEBHOOK_DELIVERY_JOB);
  if (!job) throw new Error(`The job queue has no ${WEBHOOK_DELIVERY_JOB} job`);
  return job as DeliveryJob;
}

export async function listWebhooks(db: Db, principal: Principal): Promise<WebhookDto[]> {
  return (await store.listWebhooks(db, principal.workspaceId)).map(toWebhookDto);
}

export async function getWebhook(db: Db, principal: Principal, id: string): Promise<WebhookDto> {
  return toWebhookDto(await found(db, principal, id));
}

export async function createWebhook(
  db: Db,
  principal: Principal,
  input: Created,
): Promise<WebhookWithSecretDto> {
  const filter = await checkWebhookFilter(db, principal.workspaceId, input.events, input.filter);
  const row = await store.insertWebhook(db, {
    workspaceId: principal.workspaceId,
    id: newId(),
    url: input.url,
    description: input.description,
    events: input.events,
    filter,
    enabled: input.enabled,
    secret: newSecret(),
    createdBy: principal.userId,
  });
  return { ...toWebhookDto(row), secret: row.secret };
}

/** Changes a webhook; enabling it again clears Rapport's notice and resumes its waiting deliveries. */
export async function updateWebhook(
  db: Db,
  jobs: JobQueue,
  principal: Principal,
  id: string,
  input: Updated,
): Promise<WebhookDto> {
  return db.transaction(async (tx) => {
    const before = await found(tx, principal, id);
    const reenabled = input.enabled === true && !before.enabled;
    // The filter must suit the events the webhook ends up with, whichever of the two changed.
    const filter = await checkWebhookFilter(
      tx,
      principal.workspaceId,
      input.events ?? before.events,
      input.filter === undefined ? before.filter : input.filter,
    );
    const row = await store.updateWebhook(tx, principal.workspaceId, id, {
      ...input,
      filter,
      ...(input.enabled !== undefined && input.enabled !== before.enabled
        ? { disabledReason: null, disabledAt: input.enabled ? null : new Date() }
        : {}),
    });
    if (reenabled) {
      const lanes = await store.pendingLanes(tx, principal.workspaceId, id);
      await enqueueLanes((...args) => jobs.enqueue(...args), deliveryJob(jobs), lanes, tx);
    }
    return toWebhookDto(row!);
  });
}

export async function rotateSecret(db: Db, principal: Principal, id: string): Promise<WebhookWithSecretDto> {
  await found(db, principal, id);
  const row = await store.updateWebhook(db, principal.workspaceId, id, { secret: newSecret() });
  return { ...toWebhookDto(row!), secret: row!.secret };
}

export async function deleteWebhook(db: Db, principal: Principal, id: string) {
  if (!(await store.deleteWebhook(db, principal.workspaceId, id))) throw notFound("webhook");
}

export async function listDeliveries(
  db: Db,
  principal: Principal,
  webhookId: string,
  query: { limit: number; cursor?: string | undefined },
): Promise<WebhookDeliveryPage> {
  await found(db, principal, webhookId);
  const rows = await store.listDeliveries(
    db,
    principal.workspaceId,
    webhookId,
    query.limit + 1,
    query.cursor,
  );
  const page = rows.slice(0, query.limit);
  return {
    data: page.map(toDeliveryDto),
    nextCursor: rows.length > query.limit ? page.at(-1)!.id : null,
  };
}

/** Sends a delivery again (after the earlier pending ones of its record), even one that succeeded. */
export async function redeliver(
  db: Db,
  jobs: JobQueue,
  principal: Principal,
  webhookId: string,
  deliveryId: string,
): Promise<WebhookDeliveryDto> {
  return db.transaction(async (tx) => {
    await found(tx, principal, webhookId);
    const delivery = await store.findDelivery(tx, principal.workspaceId, webhookId, deliveryId);
    if (!delivery) throw notFound("webhook delivery");
    const row = await store.resetDelivery(tx, principal.workspaceId, deliveryId);
    await enqueueLanes((...args) => jobs.enqueue(...args), deliveryJob(jobs), [row], tx);
    return toDeliveryDto(row);
  });
}

async function found(db: Db, principal: Principal, id: string) {
  const row = await store.findWebhook(db, principal.workspaceId, id);
  if (!row) throw notFound("webhook");
  return row;
}

export function toWebhookDto(row: store.WebhookRow): WebhookDto {
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    events: row.events,
    filter: row.filter ?? null,
    enabled: row.enabled,
    disabledReason: row.disabledReason,
    disabledAt: row.disabledAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function toDeliveryDto(row: store.DeliveryRow): WebhookDeliveryDto {
  return {
    id: row.id,
    eventId: row.eventId,
    eventType: row.eventType,
    object: row.object,
    recordId: row.recordId,
    state: row.state as WebhookDeliveryDto["state"],
    attempts: row.attempts,
    nextAttemptAt: row.state === "pending" ? row.nextAttemptAt.toISOString() : null,
    lastAttemptAt: row.lastAttemptAt?.toISOString() ?? null,
    responseStatus: row.responseStatus,
    latencyMs: row.latencyMs,
    responseSnippet: row.responseSnippet,
    error: row.error,
    deliveredAt: row.deliveredAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}
