import type { z } from "zod";
import type { Principal } from "../../platform/auth/principal.ts";
import type { Db } from "../../platform/db/index.ts";
import type { Enqueue } from "../../platform/jobs/job.ts";
import { runBatch } from "../../platform/records/batch.ts";
import { listCustomFields } from "../custom-fields/custom-field.store.ts";
import type { BatchTasksBody } from "./task.routes.ts";
import * as service from "./task.service.ts";

/** Up to 1,000 task creates, updates and deletes, all or nothing. */
export function batchTasks(
  db: Db,
  principal: Principal,
  body: z.output<typeof BatchTasksBody>,
  enqueue?: Enqueue,
) {
  return runBatch(db, body, async (tx) => {
    const defs = await listCustomFields(tx, principal.workspaceId, "tasks");
    return {
      create: (t, input) => service.createTask(t, principal, input, { defs, enqueue }),
      update: (t, id, input: service.UpdateTaskInput) =>
        service.updateTask(t, principal, id, input, { defs, enqueue }),
      delete: (t, id) => service.trashTask(t, principal, id),
    };
  });
}
