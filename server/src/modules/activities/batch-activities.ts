import type { z } from "zod";
import type { Principal } from "../../platform/auth/principal.ts";
import type { Db } from "../../platform/db/index.ts";
import { runBatch } from "../../platform/records/batch.ts";
import { listCustomFields } from "../custom-fields/custom-field.store.ts";
import type { BatchActivitiesBody } from "./activity.routes.ts";
import * as service from "./activity.service.ts";

/** Up to 1,000 activity creates, updates and deletes, all or nothing. */
export function batchActivities(db: Db, principal: Principal, body: z.output<typeof BatchActivitiesBody>) {
  return runBatch(db, body, async (tx) => {
    const defs = await listCustomFields(tx, principal.workspaceId, "activities");
    return {
      create: (t, input) => service.createActivity(t, principal, input, defs),
      update: (t, id, input: service.UpdateActivityInput) =>
        service.updateActivity(t, principal, id, input, { defs }),
      delete: (t, id) => service.trashActivity(t, principal, id),
    };
  });
}
