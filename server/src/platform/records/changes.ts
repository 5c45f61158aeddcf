import { isDeepStrictEqual } from "node:util";
import { type AuditActor, auditRow } from "../audit/audit.ts";
import { copyInto } from "../db/copy.ts";
import type { Db } from "../db/index.ts";
import { auditLog, fieldHistory, outboxEvents } from "../db/schema/index.ts";
import { newIds } from "../ids.ts";

export { type AuditActor as Actor, auditActorOf as actorOf } from "../audit/audit.ts";

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

export type ChangeRecord = {
  workspaceId: string;
  object: string;
  recordId: string;
  event: RecordEvent;
  changes: FieldChange[];
  actor: AuditActor;
  payload: Record<string, unknown>;
};

// Rows per INSERT statement, well under PostgreSQL's 65,535 parameters.
const ROWS_PER_INSERT = 500;

/** The field-history rows and outbox events of changes, and each record's change id (linking them). */
function changeRows(records: ChangeRecord[]) {
  const changeIds = newIds(records.length);
  const historyIds = newIds(records.reduce((n, r) => n + r.changes.length, 0));
  const eventIds = newIds(records.length);
  let next = 0;
  const history = records.flatMap((r, i) =>
    r.changes.map((c) => ({
      workspaceId: r.workspaceId,
      id: historyIds[next++]!,
      object: r.object,
      recordId: r.recordId,
      changeId: changeIds[i]!,
      field: c.field,
      oldValue: c.oldValue,
      newValue: c.newValue,
      actorUserId: r.actor.userId,
      actorApiKeyId: r.actor.apiKeyId,
    })),
  );
  const events = records.map((r, i) => ({
    workspaceId: r.workspaceId,
    id: eventIds[i]!,
    type: `${r.object}.${r.event}`,
    object: r.object,
    recordId: r.recordId,
    changedFields: r.changes.map((c) => c.field),
    changeId: r.changes.length > 0 ? changeIds[i]! : null,
    actorUserId: r.actor.userId,
    actorApiKeyId: r.actor.apiKeyId,
    payload: r.payload,
  }));
  return { changeIds, history, events };
}

/**
 * Writes, in the caller's transaction, the field history of changes, the audit entries (linking to
 * the history by change id) and the outbox events that automation, webhooks and search consume:
 * rows, history, audit and events commit together.
 */
export async function recordChanges(tx: Db, records: ChangeRecord[]) {
  const { changeIds, history, events } = changeRows(records);
  const audits = records.map((r, i) =>
    auditRow({
      workspaceId: r.workspaceId,
      action: `record.${r.event}`,
      actor: r.actor,
      target: { type: r.object, id: r.recordId },
      details: r.changes.length > 0 ? { changeId: changeIds[i]!, fields: r.changes.map((c) => c.field) } : {},
    }),
  );
  if (history.length > 0 && history.length <= ROWS_PER_INSERT && events.length <= ROWS_PER_INSERT) {
    // The usual case, one record or a few: history, audit and events in one statement, one round trip.
    const written = tx
      .$with("written_history")
      .as(tx.insert(fieldHistory).values(history).returning({ id: fieldHistory.id }));
    const audited = tx
      .$with("written_audit")
      .as(tx.insert(auditLog).values(audits).returning({ id: auditLog.id }));
    await tx.with(written, audited).insert(outboxEvents).values(events);
    return;
  }
  for (let i = 0; i < history.length; i += ROWS_PER_INSERT) {
    await tx.insert(fieldHistory).values(history.slice(i, i + ROWS_PER_INSERT));
  }
  for (let i = 0; i < events.length; i += ROWS_PER_INSERT) {
    await tx.insert(outboxEvents).values(events.slice(i, i + ROWS_PER_INSERT));
    await tx.insert(auditLog).values(audits.slice(i, i + ROWS_PER_INSERT));
  }
}

/**
 * The field history and outbox events of many changes, each table written with one COPY: what a
 * bulk write (an import's chunk) needs. Unlike `recordChanges` it writes no audit entry per record:
 * the caller audits the whole batch in one entry, which names the batch the rows came from (each
 * audit entry is chained one at a time at commit, which would dominate a bulk write's cost).
 */
export async function recordChangesInBulk(tx: Db, records: ChangeRecord[]) {
  const { history, events } = changeRows(records);
  await copyInto(tx, fieldHistory, history);
  await copyInto(tx, outboxEvents, events);
}

/** One record's change: its field history and its outbox event. */
export const recordChange = (tx: Db, input: ChangeRecord) => recordChanges(tx, [input]);
