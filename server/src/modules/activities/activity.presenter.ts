import type { ActivityDto, RecordLink } from "@rapport/core";
import type { ActivityRow } from "./activity.store.ts";

export function toActivityDto(row: ActivityRow, links: RecordLink[]): ActivityDto {
  return {
    id: row.id,
    type: row.type,
    subject: row.subject,
    body: row.body,
    occurredAt: row.occurredAt.toISOString(),
    endsAt: row.endsAt?.toISOString() ?? null,
    durationSeconds: row.durationSeconds,
    direction: row.direction,
    outcome: row.outcome,
    location: row.location,
    attendees: row.attendees,
    email: row.email,
    links,
    ownerId: row.ownerId,
    tags: row.tags,
    custom: row.custom,
    createdAt: row.createdAt.toISOString(),
    createdBy: row.createdBy,
    updatedAt: row.updatedAt.toISOString(),
    updatedBy: row.updatedBy,
    version: row.version,
  };
}

/** The fields whose changes go to field history and events (everything a user can edit). */
export const ACTIVITY_HISTORY_FIELDS = [
  "subject",
  "body",
  "occurredAt",
  "endsAt",
  "durationSeconds",
  "direction",
  "outcome",
  "location",
  "attendees",
  "email",
  "links",
  "ownerId",
  "tags",
  "custom",
] as const;
