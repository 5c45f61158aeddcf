import type { z } from "zod";
import type { Principal } from "../../platform/auth/principal.ts";
import type { Db } from "../../platform/db/index.ts";
import { runBatch } from "../../platform/records/batch.ts";
import { listCustomFields } from "../custom-fields/custom-field.store.ts";
import type { BatchDealsBody } from "./deal.routes.ts";
import * as service from "./deal.service.ts";

/** Up to 1,000 deal creates, updates and deletes, all or nothing. */
export function batchDeals(db: Db, principal: Principal, body: z.output<typeof BatchDealsBody>) {
  return runBatch(db, body, async (tx) => {
    const defs = await listCustomFields(tx, principal.workspaceId, "deals");
    return {
      create: (t, input) => service.createDeal(t, principal, input, defs),
      update: (t, id, input: service.UpdateDealInput) =>
        service.updateDeal(t, principal, id, input, { defs }),
      delete: (t, id) => service.trashDeal(t, principal, id),
    };
  });
}
