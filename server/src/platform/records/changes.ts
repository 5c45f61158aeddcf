import { isDeepStrictEqual } from "node:util";
import { type AuditActor, auditActorOf, auditRow } from "../audit/audit.ts";
import type { Principal } from "../auth/principal.ts";
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

/** The audit entry of each change, linking to its field history by change id. */
function auditRows(records: ChangeRecord[], changeIds: string[]) {
  return records.map((r, i) =>
    auditRow({
      workspaceId: r.workspaceId,
      action: `record.${r.event}`,
      actor: r.actor,
      target: { type: r.object, id: r.recordId },
      details: r.changes.length > 0 ? { changeId: changeIds[i]!, fields: r.changes.map((c) => c.field) } : {},
    }),
  );
}

/**
 * Writes, in the caller's transaction, the field history of changes, the audit entries (linking to
 * the history by change id) and the outbox events that automation, webhooks and search consume:
 * rows, history, audit and events commit together.
 */
export async function recordChanges(tx: Db, records: ChangeRecord[]) {
  const { changeIds, history, events } = changeRows(records);
  const audits = auditRows(records, changeIds);
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
 * bulk write needs. An import's chunk writes no audit entry per record: its caller audits the whole
 * chunk in one entry, which names the import the rows came from (each audit entry is chained one
 * at a time at commit, which would dominate an import's cost). The API's batch, bounded at 1,000
 * records, asks for one per record (`audit`), as `recordChanges` writes.
 */
export async function recordChangesInBulk(
  tx: Db,
  records: ChangeRecord[],
  options: { audit?: boolean } = {},
) {
  const { changeIds, history, events } = changeRows(records);
  await copyInto(tx, fieldHistory, history);
  await copyInto(tx, outboxEvents, events);
  if (options.audit) await copyInto(tx, auditLog, auditRows(records, changeIds));
}

/**
 * The `created` history and events of records written set-based, as a single create records them:
 * every history field's first value, and the record under its object's name as the event's payload.
 */
export function recordCreatesInBulk<Dto extends { id: string }>(
  tx: Db,
  principal: Principal,
  object: "contact" | "company",
  dtos: Dto[],
  historyFields: readonly string[],
  options: { audit?: boolean } = {},
) {
  return recordChangesInBulk(
    tx,
    dtos.map((dto) => ({
      workspaceId: principal.workspaceId,
      object,
      recordId: dto.id,
      event: "created",
      changes: diffFields(null, dto as unknown as Record<string, unknown>, historyFields),
      actor: auditActorOf(principal),
      payload: { [object]: dto },
    })),
    options,
  );
}

/** One record's change: its field history and its outbox event. */
export const recordChange = (tx: Db, input: ChangeRecord) => recordChanges(tx, [input]);
