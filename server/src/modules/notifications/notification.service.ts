import type { NotificationDto, NotificationKind, NotificationRecord } from "@rapport/core";
import { type Principal, requireUser } from "../../platform/auth/principal.ts";
import type { Db } from "../../platform/db/index.ts";
import { notFound } from "../../platform/errors.ts";
import { newId } from "../../platform/ids.ts";
import { toNotificationDto } from "./notification.presenter.ts";
import * as store from "./notification.store.ts";
import { publish } from "./notification-channel.ts";

export type NewNotification = {
  workspaceId: string;
  userId: string;
  kind: NotificationKind;
  title: string;
  body?: string | null;
  record?: NotificationRecord | null;
  at?: Date | null;
  /** Makes it once-only: a second notification with the same key is not created. */
  dedupeKey: string;
};

/**
 * Creates a notification and announces it to the user's open streams when `tx` commits; null when
 * its dedupe key was used already (nothing is announced then).
 */
export async function notify(tx: Db, input: NewNotification): Promise<NotificationDto | null> {
  const row = await store.insertNotification(tx, {
    workspaceId: input.workspaceId,
    id: newId(),
    userId: input.userId,
    kind: input.kind,
    title: input.title,
    body: input.body ?? null,
    recordType: input.record?.object ?? null,
    recordId: input.record?.id ?? null,
    at: input.at ?? null,
    dedupeKey: input.dedupeKey,
  });
  if (!row) return null;
  const dto = toNotificationDto(row);
  await publish(tx, { workspaceId: row.workspaceId, userId: row.userId, event: "notification", data: dto });
  return dto;
}

/** The caller's notifications, newest first, a page at a time. */
export async function listNotifications(
  db: Db,
  principal: Principal,
  query: { unread: boolean; cursor?: string; limit: number },
): Promise<{ data: NotificationDto[]; nextCursor: string | null }> {
  const { userId, workspaceId } = requireUser(principal);
  const rows = await store.listNotifications(db, workspaceId, userId, {
    unread: query.unread,
    before: query.cursor,
    limit: query.limit,
  });
  const page = rows.slice(0, query.limit);
  return {
    data: page.map(toNotificationDto),
    nextCursor: rows.length > query.limit ? (page.at(-1)?.id ?? null) : null,
  };
}

export async function unreadCount(db: Db, principal: Principal): Promise<number> {
  const { userId, workspaceId } = requireUser(principal);
  return store.countUnread(db, workspaceId, userId);
}

/** Marks one of the caller's notifications read (read already changes nothing); others' are not found. */
export async function markRead(db: Db, principal: Principal, id: string): Promise<NotificationDto> {
  const { userId, workspaceId } = requireUser(principal);
  return db.transaction(async (tx) => {
    const changed = await store.markRead(tx, workspaceId, userId, [id]);
    const row = await store.findNotification(tx, workspaceId, userId, id);
    if (!row) throw notFound("notification");
    if (changed.length > 0) await publish(tx, { workspaceId, userId, event: "read", data: { ids: changed } });
    return toNotificationDto(row);
  });
}

/** Marks all the caller's notifications read; how many were unread. */
export async function markAllRead(db: Db, principal: Principal): Promise<number> {
  const { userId, workspaceId } = requireUser(principal);
  return db.transaction(async (tx) => {
    const changed = await store.markRead(tx, workspaceId, userId, "all");
    // "all" rather than the ids, which could outgrow a NOTIFY payload.
    if (changed.length > 0) await publish(tx, { workspaceId, userId, event: "read", data: { ids: "all" } });
    return changed.length;
  });
}
