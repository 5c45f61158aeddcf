import { sweepTaskAlertsJob, taskAlertJob } from "./modules/notifications/task-alerts.ts";
import { purgeTrashJob, sweepTrashJob } from "./modules/trash/purge-expired-trash.ts";
import type { AnyJobDefinition } from "./platform/jobs/job.ts";

/** Every background job of the app; each worker process runs them all. */
export const appJobs: readonly AnyJobDefinition[] = [
  sweepTrashJob,
  purgeTrashJob,
  taskAlertJob,
  sweepTaskAlertsJob,
];
