import { z } from "zod";
import type { Db } from "../../platform/db/index.ts";
import { defineJob, type Enqueue } from "../../platform/jobs/job.ts";
import { type TaskRow, taskRecords } from "../tasks/task.store.ts";
import { findMembership } from "../workspaces/workspace.store.ts";
import { notify } from "./notification.service.ts";
import { dueTaskAlerts } from "./task-alerts.store.ts";

const KINDS = ["task.reminder", "task.due"] as const;
type AlertKind = (typeof KINDS)[number];

/** Alerts further in the past than this are not sent late (a task created with last month's reminder). */
export const ALERT_GRACE_MS = 24 * 3600 * 1000;
/** Alerts one sweep delivers; the next minute's sweep takes the rest. */
export const SWEEP_BATCH = 500;

const dedupeKey = (kind: AlertKind, taskId: string, at: Date) => `${kind}:${taskId}:${at.getTime()}`;

/** The alert times a task wants now: its reminder, and its due time unless it is due all day. */
function alertsOf(task: TaskRow): { kind: AlertKind; at: Date }[] {
  if (task.deletedAt || (task.status !== "open" && task.status !== "in_progress")) return [];
  const alerts: { kind: AlertKind; at: Date }[] = [];
  if (task.remindAt) alerts.push({ kind: "task.reminder", at: task.remindAt });
  if (task.dueAt && !task.allDay) alerts.push({ kind: "task.due", at: task.dueAt });
  return alerts;
}

const AlertPayload = z.object({
  workspaceId: z.uuid(),
  taskId: z.uuid(),
  kind: z.enum(KINDS),
  at: z.iso.datetime(),
});

/**
 * Notifies a task's assignee (or its owner when unassigned) that its reminder or due time came, if the
 * task still wants that alert at that time: a task completed, trashed or moved to another time since
 * gets none. Once only: a second delivery of the same alert finds its dedupe key taken.
 */
export async function deliverTaskAlert(
  db: Db,
  alert: { workspaceId: string; taskId: string; kind: AlertKind; at: Date },
): Promise<"sent" | "duplicate" | "obsolete"> {
  return db.transaction(async (tx) => {
    const task = await taskRecords.find(tx, alert.workspaceId, alert.taskId);
    if (!task) return "obsolete";
    const wanted = alertsOf(task).some((a) => a.kind === alert.kind && a.at.getTime() === alert.at.getTime());
    const userId = task.assigneeId ?? task.ownerId;
    if (!wanted || !userId || !(await findMembership(tx, alert.workspaceId, userId))) return "obsolete";
    const sent = await notify(tx, {
      workspaceId: alert.workspaceId,
      userId,
      kind: alert.kind,
      title: task.title,
      record: { object: "task", id: task.id },
      at: alert.at,
      dedupeKey: dedupeKey(alert.kind, task.id, alert.at),
    });
    return sent ? "sent" : "duplicate";
  });
}

/** Sends one task alert at its time (enqueued with `startAfter` when the task is written). */
export const taskAlertJob = defineJob({
  name: "notifications.task-alert",
  description: "Notifies the assignee when a task's reminder or due time comes",
  scope: "workspace",
  payload: AlertPayload,
  // One waiting job per task, alert and time: saving a task again does not schedule its alert twice.
  policy: "short",
  singletonKey: ({ taskId, kind, at }) => `${taskId}:${kind}:${at}`,
  retryLimit: 5,
  handler: async ({ workspaceId, taskId, kind, at }, { db }) => {
    const result = await deliverTaskAlert(db, { workspaceId, taskId, kind, at: new Date(at) });
    return { result };
  },
});

/**
 * Schedules the alerts a task wants, in the transaction that writes it; alerts long past are not
 * scheduled. Changed or completed tasks keep their earlier jobs, which find the alert obsolete.
 */
export async function scheduleTaskAlerts(tx: Db, enqueue: Enqueue, task: TaskRow, now = new Date()) {
  for (const { kind, at } of alertsOf(task)) {
    if (at.getTime() < now.getTime() - ALERT_GRACE_MS) continue;
    await enqueue(
      taskAlertJob,
      { workspaceId: task.workspaceId, taskId: task.id, kind, at: at.toISOString() },
      { tx, startAfter: at },
    );
  }
}

/** Every minute: delivers alerts whose time came without a notification (a lost or missing job). */
export const sweepTaskAlertsJob = defineJob({
  name: "notifications.task-alert-sweep",
  description: "Catches task reminders and due times that were not notified, every minute",
  scope: "system",
  payload: z.object({}),
  policy: "short",
  cron: { schedule: "* * * * *", payload: {} },
  handler: async (_payload, { db }) => {
    const now = new Date();
    const due = await dueTaskAlerts(db, new Date(now.getTime() - ALERT_GRACE_MS), now, SWEEP_BATCH);
    let sent = 0;
    for (const alert of due) if ((await deliverTaskAlert(db, alert)) === "sent") sent++;
    return { found: due.length, sent };
  },
});
