import type { webhookDeliveries } from "../../platform/db/schema/index.ts";
import type { Subscriber } from "../../platform/events/relay.ts";
import { newId } from "../../platform/ids.ts";
import { type DeliveryJob, enqueueLanes } from "./deliver-webhook.ts";
import * as store from "./webhook.store.ts";
import { webhookFilters } from "./webhook-filter.ts";

const ROWS_PER_INSERT = 500;

/**
 * Turns relayed events into deliveries: one per enabled webhook subscribed to the event's type (and
 * whose filter, if any, the event's record matches), unique
 * by webhook and event id (so relaying an event again adds nothing), and a job per lane to send them.
 */
export function webhookSubscriber(deliveryJob: DeliveryJob): Subscriber {
  return {
    name: "webhooks",
    async handle(events, { tx, enqueue }) {
      const workspaceIds = [...new Set(events.map((e) => e.workspaceId))];
      const hooks = await store.enabledWebhooks(tx, workspaceIds);
      if (hooks.length === 0) return;
      const matches = webhookFilters(tx);
      const rows: (typeof webhookDeliveries.$inferInsert)[] = [];
      for (const event of events) {
        for (const hook of hooks) {
          if (hook.workspaceId !== event.workspaceId || !hook.events.includes(event.type)) continue;
          if (!(await matches(hook, event))) continue;
          rows.push({
            workspaceId: event.workspaceId,
            id: newId(),
            webhookId: hook.id,
            eventId: event.id,
            eventSeq: event.seq,
            eventType: event.type,
            object: event.object,
            recordId: event.recordId,
          });
        }
      }
      for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
        const lanes = await store.insertDeliveries(tx, rows.slice(i, i + ROWS_PER_INSERT));
        await enqueueLanes(enqueue, deliveryJob, lanes, tx);
      }
    },
  };
}
