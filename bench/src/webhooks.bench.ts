import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import { appBackground } from "../../server/src/jobs.ts";
import { sendWebhook } from "../../server/src/modules/webhooks/send-webhook.ts";
import { migrate } from "../../server/src/platform/db/migrate.ts";
import { webhooks, workspaces } from "../../server/src/platform/db/schema/index.ts";
import { newId } from "../../server/src/platform/ids.ts";
import { JobQueue } from "../../server/src/platform/jobs/queue.ts";
import { createLogger } from "../../server/src/platform/log.ts";
import { Receiver } from "../../server/test/receiver.ts";
import type { jobTargets } from "./jobs.bench.ts";

type Target = ReturnType<typeof jobTargets>[number];
const EVENTS_PER_RECORD = 4;

/**
 * Webhook deliveries per second to a local receiver through the whole pipeline — outbox events,
 * the relay, delivery jobs (one worker process), signing and HTTP — beside the same number of
 * signed POSTs sent from one loop with no queue.
 */
export async function webhooksBenchmark(target: Target, { n }: { n: number }) {
  const database = await target.open();
  await database.withConnection(migrate);
  const receiver = new Receiver();
  await receiver.start();
  const log = createLogger("silent");
  const queue = new JobQueue({ database, log, ...appBackground({ allowPrivateWebhooks: true }) });
  try {
    const workspaceId = newId();
    await database.db.insert(workspaces).values({ id: workspaceId, name: "Webhook bench" });
    const secret = "whsec_bench";
    await database.db.insert(webhooks).values({
      workspaceId,
      id: newId(),
      url: receiver.url,
      events: ["contact.updated"],
      secret,
    });

    const body = JSON.stringify({
      id: randomUUID(),
      type: "contact.updated",
      data: { contact: { firstName: "Ada" } },
    });
    const baselineStarted = performance.now();
    for (let i = 0; i < n; i++) {
      const result = await sendWebhook({
        url: receiver.url,
        secret,
        eventId: randomUUID(),
        body,
        allowPrivate: true,
      });
      if (!result.ok) throw new Error(`baseline POST failed: ${result.error}`);
    }
    const baselinePerSecond = n / ((performance.now() - baselineStarted) / 1000);
    receiver.received.length = 0;

    await queue.start({ workers: true });
    const started = performance.now();
    await database.executeSql(
      `insert into outbox_events (workspace_id, id, type, object, record_id, payload)
       select $1, gen_random_uuid(), 'contact.updated', 'contact', r.id, jsonb_build_object('contact', jsonb_build_object('n', e))
       from (select gen_random_uuid() as id from generate_series(1, $2::int)) r, generate_series(1, $3::int) e`,
      [workspaceId, Math.ceil(n / EVENTS_PER_RECORD), EVENTS_PER_RECORD],
    );
    const total = Math.ceil(n / EVENTS_PER_RECORD) * EVENTS_PER_RECORD;
    while (receiver.received.length < total) await new Promise((r) => setTimeout(r, 10));
    const pipelinePerSecond = total / ((performance.now() - started) / 1000);
    const unique = new Set(receiver.received.map((r) => r.eventId)).size;

    console.log(
      `\nWebhooks — ${target.label}, ${total} events over ${total / EVENTS_PER_RECORD} records, one worker process`,
    );
    console.log(`${"operation".padEnd(52)} ${"deliveries/s".padStart(12)}`);
    console.log(
      `${"signed POSTs from one loop (baseline, no queue)".padEnd(52)} ${baselinePerSecond.toFixed(0).padStart(12)}`,
    );
    console.log(
      `${"outbox → relay → delivery jobs → receiver".padEnd(52)} ${pipelinePerSecond.toFixed(0).padStart(12)}`,
    );
    if (unique !== total) console.log(`  (!) ${total - unique} events delivered more than once`);
  } finally {
    await queue.stop();
    await receiver.stop();
    await database.close();
    await target.dispose();
  }
}
