import { z } from "zod";
import { type Principal, systemPrincipal } from "../../platform/auth/principal.ts";
import type { Db } from "../../platform/db/index.ts";
import { AppError } from "../../platform/errors.ts";
import { defineJob } from "../../platform/jobs/job.ts";
import { TRASH_RETENTION_DAYS } from "../../platform/records/trash.ts";
import { purgeActivity } from "../activities/activity.service.ts";
import { purgeCompany } from "../companies/company.service.ts";
import { purgeContact } from "../contacts/contact.service.ts";
import { purgeDeal } from "../deals/deal.service.ts";
import { purgeTask } from "../tasks/task.service.ts";
import { expiredTrashIds, type TrashableObject, workspacesWithExpiredTrash } from "./expired-trash.store.ts";

/** Records one job purges; a workspace with more gets a follow-up job, so no run grows unbounded. */
export const PURGE_BATCH = 100;

type Purge = (db: Db, principal: Principal, id: string, options: { trashedBefore?: Date }) => Promise<void>;

// The same purge an admin's `DELETE …/purge` runs, so links, unlinking and `*.purged` events are
// identical. Linked records go first, so what they pointed at is still there when they go.
const PURGES: Record<TrashableObject, Purge> = {
  activity: purgeActivity,
  task: purgeTask,
  deal: purgeDeal,
  contact: purgeContact,
  company: purgeCompany,
};

export const trashCutoff = (now: Date) => new Date(now.getTime() - TRASH_RETENTION_DAYS * 24 * 3600 * 1000);

/**
 * Purges up to `limit` records of a workspace trashed more than the retention period before `now`,
 * each in its own transaction. Returns how many went, and whether some may remain.
 */
export async function purgeExpiredTrash(
  db: Db,
  workspaceId: string,
  { now = new Date(), limit = PURGE_BATCH }: { now?: Date; limit?: number } = {},
): Promise<{ purged: number; more: boolean }> {
  const cutoff = trashCutoff(now);
  const principal = systemPrincipal(workspaceId);
  let purged = 0;
  let seen = 0;
  for (const [object, purge] of Object.entries(PURGES) as [TrashableObject, Purge][]) {
    const ids = await expiredTrashIds(db, workspaceId, object, cutoff, limit - seen);
    seen += ids.length;
    for (const id of ids) {
      try {
        await purge(db, principal, id, { trashedBefore: cutoff });
        purged++;
      } catch (error) {
        // Restored, or purged by an admin, since it was selected: nothing left to do.
        if (!(error instanceof AppError && error.code === "not_found")) throw error;
      }
    }
    if (seen >= limit) return { purged, more: true };
  }
  return { purged, more: false };
}

/** Purges one workspace's expired trash, a batch at a time; shown to that workspace's admins. */
export const purgeTrashJob = defineJob({
  name: "trash.purge",
  description: `Deletes records kept in the trash over ${TRASH_RETENTION_DAYS} days, ${PURGE_BATCH} per run`,
  scope: "workspace",
  payload: z.object({ workspaceId: z.uuid() }),
  // At most one waiting per workspace: the daily sweep and a follow-up batch do not pile up.
  policy: "short",
  singletonKey: ({ workspaceId }) => workspaceId,
  retryLimit: 5,
  expireInSeconds: 10 * 60,
  handler: async ({ workspaceId }, { db, enqueue, log }) => {
    const { purged, more } = await purgeExpiredTrash(db, workspaceId);
    if (more) await enqueue(purgeTrashJob, { workspaceId });
    log.info({ workspaceId, purged, more }, "purged expired trash");
    return { purged, more };
  },
});

/** Daily: one purge job per workspace holding records past their time in the trash. */
export const sweepTrashJob = defineJob({
  name: "trash.sweep",
  description: "Finds the workspaces with trash to purge, daily",
  scope: "system",
  payload: z.object({}),
  policy: "short",
  // Also when a worker starts (at most every 12 hours): an embedded install that is not running
  // at 03:17 still empties its trash.
  cron: { schedule: "17 3 * * *", payload: {}, atStart: { onceInSeconds: 12 * 3600 } },
  handler: async (_payload, { db, enqueue }) => {
    const workspaces = await workspacesWithExpiredTrash(db, trashCutoff(new Date()));
    for (const workspaceId of workspaces) {
      await enqueue(purgeTrashJob, { workspaceId });
    }
    return { workspaces: workspaces.length };
  },
});
