import { isDeepStrictEqual } from "node:util";
import type { Principal } from "../auth/principal.ts";
import type { Db } from "../db/index.ts";
import { fieldHistory, outboxEvents } from "../db/schema/index.ts";
import { newId } from "../ids.ts";

export type Actor = { userId: string | null; apiKeyId: string | null };

export const actorOf = (principal: Principal): Actor => ({
  userId: principal.userId,
  apiKeyId: principal.via === "api_key" ? principal.apiKeyId : null,
});

export type FieldChange = { field: string; oldValue: unknown; newValue: unknown };

/** The fields whose values differ between two versions of a record, compared as JSON. */
export function diffFields(
  before: Record<string, unknown> | null,
  after: Record<string, unknown>,
  fields: readonly string[],
): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const field of fields) {
    const oldValue = normalise(before?.[field]);
    const newValue = normalise(after[field]);
    if (!isDeepStrictEqual(oldValue, newValue)) changes.push({ field, oldValue, newValue });
  }
  return changes;
}

function normalise(value: unknown): unknown {
  if (value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value) && value.length === 0) return null;
  if (value && typeof value === "object" && !Array.isArray(value) && Object.keys(value).length === 0)
    return null;
  return value;
}

export type RecordEvent = "created" | "updated" | "deleted" | "restored" | "purged" | (string & {});

/**
 * Writes, in the caller's transaction, the field history of a change and the outbox event that
 * automation, webhooks and search consume: the row, its history and its event commit together.
 */
export async function recordChange(
  tx: Db,
  input: {
    workspaceId: string;
    object: string;
    recordId: string;
    event: RecordEvent;
    changes: FieldChange[];
    actor: Actor;
    payload: Record<string, unknown>;
  },
) {
  const changeId = newId();
  if (input.changes.length > 0) {
    await tx.insert(fieldHistory).values(
      input.changes.map((c) => ({
        workspaceId: input.workspaceId,
        id: newId(),
        object: input.object,
        recordId: input.recordId,
        changeId,
        field: c.field,
        oldValue: c.oldValue,
        newValue: c.newValue,
        actorUserId: input.actor.userId,
        actorApiKeyId: input.actor.apiKeyId,
      })),
    );
  }
  await tx.insert(outboxEvents).values({
    workspaceId: input.workspaceId,
    id: newId(),
    type: `${input.object}.${input.event}`,
    object: input.object,
    recordId: input.recordId,
    changedFields: input.changes.map((c) => c.field),
    actorUserId: input.actor.userId,
    actorApiKeyId: input.actor.apiKeyId,
    payload: input.payload,
  });
}
