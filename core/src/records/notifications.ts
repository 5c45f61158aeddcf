import { z } from "zod";
import { DEFAULT_LIST_LIMIT, MAX_LIST_LIMIT } from "./common.ts";

/** What a notification is about: a task's reminder time came, or a task fell due. */
export const NOTIFICATION_KINDS = ["task.reminder", "task.due"] as const;
export const NotificationKind = z.enum(NOTIFICATION_KINDS);
export type NotificationKind = z.infer<typeof NotificationKind>;

/** The record a notification opens. */
export const NotificationRecord = z.object({ object: z.enum(["task"]), id: z.uuid() });
export type NotificationRecord = z.infer<typeof NotificationRecord>;

/** An in-app notification addressed to one user in one workspace. */
export const NotificationDto = z.object({
  id: z.uuid(),
  kind: NotificationKind,
  title: z.string(),
  body: z.string().nullable(),
  record: NotificationRecord.nullable(),
  /** When the event it reports happened (the reminder time, the due time). */
  at: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
  readAt: z.iso.datetime().nullable(),
});
export type NotificationDto = z.infer<typeof NotificationDto>;

export const ListNotificationsQuery = z.strictObject({
  unread: z
    .enum(["true", "false"])
    .optional()
    .transform((v) => v === "true")
    .describe("true: only unread notifications"),
  limit: z.coerce.number().int().min(1).max(MAX_LIST_LIMIT).default(DEFAULT_LIST_LIMIT),
  cursor: z.uuid().optional().describe("The nextCursor of the previous page"),
});
export type ListNotificationsQuery = z.input<typeof ListNotificationsQuery>;

export const UnreadCountDto = z.object({ unread: z.number().int() });
export type UnreadCountDto = z.infer<typeof UnreadCountDto>;

/** What the notification stream (server-sent events) sends as the `notification` event's data. */
export const NOTIFICATION_STREAM_EVENTS = {
  /** A new notification for the signed-in user: a NotificationDto. */
  notification: "notification",
  /** Notifications were read: `{ ids: string[] | "all" }`. */
  read: "read",
  /** Some events may have been missed (the server lost its database listener): refetch. */
  reset: "reset",
} as const;
