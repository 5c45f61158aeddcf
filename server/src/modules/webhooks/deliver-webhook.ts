import { z } from "zod";
import { revealSealed } from "../../platform/crypto/sealed-values.ts";
import type { Db } from "../../platform/db/index.ts";
import type { OutboxEvent } from "../../platform/events/relay.ts";
import { defineJob, type Enqueue, type JobDefinition } from "../../platform/jobs/job.ts";
import { DELIVERY_TIMEOUT_MS, sendWebhook } from "./send-webhook.ts";
import * as store from "./webhook.store.ts";

export const WEBHOOK_DELIVERY_JOB = "webhooks.deliver";

/** How often a failing delivery is tried, its delays doubling from `firstDelaySeconds`. */
export type RetrySchedule = { firstDelaySeconds: number; attempts: number };
/** 14 attempts, 10 s apart at first and doubling: the last one about 23 hours after the first. */
export const DEFAULT_RETRY: RetrySchedule = { firstDelaySeconds: 10, attempts: 14 };

export type DeliverySettings = { allowPrivate: boolean; retry: RetrySchedule };

// A delivery is held this long by the worker sending it: the request's timeout plus a margin.
const HOLD_SECONDS = DELIVERY_TIMEOUT_MS / 1000 + 20;
// A job sends a lane's deliveries for at most this long, then hands the rest to a follow-up job, so
// that one busy lane neither outlives its visibility timeout nor starves the others.
const RUN_BUDGET_MS = 60_000;

const LanePayload = z.object({
  workspaceId: z.uuid(),
  webhookId: z.uuid(),
  object: z.string(),
  recordId: z.uuid(),
});

export type DeliveryJob = JobDefinition<store.Lane>;

/** The JSON a receiver gets; the same bytes-for-meaning on every attempt of one event. */
export function eventBody(event: OutboxEvent): string {
  return JSON.stringify({
    id: event.id,
    type: event.type,
    createdAt: event.createdAt.toISOString(),
    workspaceId: event.workspaceId,
    object: event.object,
    recordId: event.recordId,
    changedFields: event.changedFields,
    actor: { userId: event.actorUserId, apiKeyId: event.actorApiKeyId },
    data: revealSealed(event.payload),
  });
}

/** Seconds before attempt `attempt + 1`, after `attempt` failed ones. */
export const retryDelaySeconds = (retry: RetrySchedule, attempt: number) =>
  retry.firstDelaySeconds * 2 ** (attempt - 1);

/**
 * The job that sends one lane (one record's events to one webhook) in event order: it takes the
 * oldest pending delivery, sends it, and goes on to the next only once it succeeded. A failure is
 * recorded with its next attempt time and a delayed job for then; after the last attempt the
 * delivery fails and the webhook is disabled with the reason. Any number of jobs of one lane may run
 * at once: `claimLaneHead` lets only one of them send at a time.
 */
export function webhookDeliveryJob(settings: DeliverySettings): DeliveryJob {
  const job: DeliveryJob = defineJob({
    name: WEBHOOK_DELIVERY_JOB,
    description: "Sends a record's events to a webhook, in order, retrying failures for about a day.",
    scope: "workspace",
    payload: LanePayload,
    concurrency: 4,
    // A failure to send is handled by the job itself; a retry here is for a database error or a crash.
    retryLimit: 5,
    expireInSeconds: RUN_BUDGET_MS / 1000 + HOLD_SECONDS * 2,
    async handler(lane, { db, enqueue, log }) {
      const started = Date.now();
      let sent = 0;
      // Read once per run: a change made meanwhile (disabled, new URL or secret) applies from the next run.
      const webhook = await store.findWebhook(db, lane.workspaceId, lane.webhookId);
      if (!webhook?.enabled) return { sent, stopped: webhook ? "webhook disabled" : "webhook deleted" };
      while (Date.now() - started < RUN_BUDGET_MS) {
        const delivery = await store.claimLaneHead(db, lane, HOLD_SECONDS);
        if (!delivery) return { sent };
        const event = await store.findEvent(db, lane.workspaceId, delivery.eventId);
        if (!event) throw new Error(`Outbox event ${delivery.eventId} of delivery ${delivery.id} is missing`);
        const result = await sendWebhook({
          url: webhook.url,
          secret: webhook.secret,
          eventId: event.id,
          body: eventBody(event),
          allowPrivate: settings.allowPrivate,
        });
        const attempts = delivery.attempts + 1;
        const outcome = {
          attempts,
          responseStatus: result.status,
          latencyMs: result.latencyMs,
          responseSnippet: result.snippet,
          error: result.error,
        };
        if (result.ok) {
          await store.recordAttempt(db, lane.workspaceId, delivery.id, { ...outcome, state: "succeeded" });
          sent++;
          continue;
        }
        if (attempts >= settings.retry.attempts) {
          await db.transaction(async (tx) => {
            await store.recordAttempt(tx, lane.workspaceId, delivery.id, { ...outcome, state: "failed" });
            await store.disableWebhook(
              tx,
              lane.workspaceId,
              lane.webhookId,
              `Disabled after ${attempts} failed attempts to deliver event ${event.id} (${event.type}); the last: ${result.error}. Fix the receiver, then enable the webhook again; waiting deliveries resume, and the failed one can be redelivered from the log.`,
            );
          });
          log.warn(
            { webhookId: lane.webhookId, attempts, error: result.error },
            "webhook disabled after repeated failure",
          );
          return { sent, disabled: true };
        }
        const delay = retryDelaySeconds(settings.retry, attempts);
        const nextAttemptAt = new Date(Date.now() + delay * 1000);
        await db.transaction(async (tx) => {
          await store.recordAttempt(tx, lane.workspaceId, delivery.id, {
            ...outcome,
            state: "pending",
            nextAttemptAt,
          });
          await enqueue(job, lane, { tx, startAfter: nextAttemptAt });
        });
        return { sent, retryInSeconds: delay };
      }
      await enqueue(job, lane);
      return { sent, continued: true };
    },
  });
  return job;
}

/** Enqueues a job per lane, in the caller's transaction. */
export async function enqueueLanes(enqueue: Enqueue, job: DeliveryJob, lanes: store.Lane[], tx: Db) {
  const seen = new Set<string>();
  for (const lane of lanes) {
    const key = `${lane.webhookId}/${lane.object}/${lane.recordId}`;
    if (seen.has(key)) continue;
    seen.add(key);
    await enqueue(job, lane, { tx });
  }
}
