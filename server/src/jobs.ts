import { scanDuplicatesJob, sweepDuplicatesJob } from "./modules/duplicates/scan-duplicates.ts";
import { importJob } from "./modules/imports/run-import.ts";
import { sweepTaskAlertsJob, taskAlertJob } from "./modules/notifications/task-alerts.ts";
import { purgeTrashJob, sweepTrashJob } from "./modules/trash/purge-expired-trash.ts";
import { DEFAULT_RETRY, type RetrySchedule, webhookDeliveryJob } from "./modules/webhooks/deliver-webhook.ts";
import { webhookSubscriber } from "./modules/webhooks/webhook-subscriber.ts";
import type { Config } from "./platform/config.ts";
import type { Subscriber } from "./platform/events/relay.ts";
import type { AnyJobDefinition } from "./platform/jobs/job.ts";

/** What runs in the background: the jobs, and the subscribers the outbox relay hands events to. */
export type Background = { definitions: readonly AnyJobDefinition[]; subscribers: readonly Subscriber[] };

/** Every background job and outbox subscriber of the app; each worker process runs them all. */
export function appBackground(
  config: Pick<Config, "allowPrivateWebhooks">,
  options: { webhookRetry?: RetrySchedule } = {},
): Background {
  const deliverWebhooks = webhookDeliveryJob({
    allowPrivate: config.allowPrivateWebhooks,
    retry: options.webhookRetry ?? DEFAULT_RETRY,
  });
  return {
    definitions: [
      sweepTrashJob,
      purgeTrashJob,
      taskAlertJob,
      sweepTaskAlertsJob,
      deliverWebhooks,
      scanDuplicatesJob,
      sweepDuplicatesJob,
      importJob,
    ],
    subscribers: [webhookSubscriber(deliverWebhooks)],
  };
}
