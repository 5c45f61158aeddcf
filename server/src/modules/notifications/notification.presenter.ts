import type { NotificationDto, NotificationKind, NotificationRecord } from "@rapport/core";
import type { NotificationRow } from "./notification.store.ts";

export function toNotificationDto(row: NotificationRow): NotificationDto {
  return {
    id: row.id,
    kind: row.kind as NotificationKind,
    title: row.title,
    body: row.body,
    record:
      row.recordType && row.recordId
        ? { object: row.recordType as NotificationRecord["object"], id: row.recordId }
        : null,
    at: row.at?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    readAt: row.readAt?.toISOString() ?? null,
  };
}
