import type { z } from "zod";
import type { Principal } from "../../platform/auth/principal.ts";
import type { Db } from "../../platform/db/index.ts";
import { runBatch } from "../../platform/records/batch.ts";
import { listCustomFields } from "../custom-fields/custom-field.store.ts";
import type { BatchTasksBody } from "./task.routes.ts";
import * as service from "./task.service.ts";

/** Up to 1,000 task creates, updates and deletes, all or nothing. */
export function batchTasks(db: Db, principal: Principal, body: z.output<typeof BatchTasksBody>) {
  return runBatch(db, body, async (tx) => {
    const defs = await listCustomFields(tx, principal.workspaceId, "tasks");
    return {
      create: (t, input) => service.createTask(t, principal, input, defs),
      update: (t, id, input: service.UpdateTaskInput) =>
        service.updateTask(t, principal, id, input, { defs }),
      delete: (t, id) => service.trashTask(t, principal, id),
    };
  });
}
