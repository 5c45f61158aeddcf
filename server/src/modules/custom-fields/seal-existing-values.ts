import { sql } from "drizzle-orm";
import { isSealedValue, sealValue } from "../../platform/crypto/sealed-values.ts";
import { type Db, queryRows } from "../../platform/db/index.ts";

/** The record (history and event) name of each object's rows: contacts → contact. */
const RECORD_NAME: Record<string, string> = {
  contacts: "contact",
  companies: "company",
  deals: "deal",
  activities: "activity",
  tasks: "task",
};

const sealAt = (custom: unknown, key: string): { value: unknown; changed: boolean } => {
  if (custom === null || typeof custom !== "object" || Array.isArray(custom))
    return { value: custom, changed: false };
  const current = (custom as Record<string, unknown>)[key];
  if (current === undefined || current === null || isSealedValue(current))
    return { value: custom, changed: false };
  return { value: { ...(custom as Record<string, unknown>), [key]: sealValue(current) }, changed: true };
};

/**
 * When a field becomes sensitive, seals the values it already has: in the records, in their field
 * history (the `custom` field's old and new values) and in the event payloads, so no plaintext of it
 * stays behind. Runs in the caller's transaction, with the definition change.
 */
export async function sealExistingValues(tx: Db, workspaceId: string, object: string, key: string) {
  const record = RECORD_NAME[object]!;
  const rows = await queryRows<{ id: string; custom: unknown }>(
    tx,
    sql`select id, custom from ${sql.identifier(object)} where workspace_id = ${workspaceId} and custom ? ${key}`,
  );
  for (const row of rows) {
    const { value, changed } = sealAt(row.custom, key);
    if (changed) {
      await tx.execute(
        sql`update ${sql.identifier(object)} set custom = ${JSON.stringify(value)}::jsonb where workspace_id = ${workspaceId} and id = ${row.id}`,
      );
    }
  }
  const history = await queryRows<{ id: string; old_value: unknown; new_value: unknown }>(
    tx,
    sql`select id, old_value, new_value from field_history where workspace_id = ${workspaceId}
        and object = ${record} and field = 'custom' and (old_value ? ${key} or new_value ? ${key})`,
  );
  for (const h of history) {
    const before = sealAt(h.old_value, key);
    const after = sealAt(h.new_value, key);
    if (before.changed || after.changed) {
      await tx.execute(
        sql`update field_history set old_value = ${JSON.stringify(before.value)}::jsonb, new_value = ${JSON.stringify(after.value)}::jsonb
            where workspace_id = ${workspaceId} and id = ${h.id}`,
      );
    }
  }
  const events = await queryRows<{ id: string; payload: Record<string, unknown> }>(
    tx,
    sql`select id, payload from outbox_events where workspace_id = ${workspaceId} and object = ${record}
        and payload -> ${record} -> 'custom' ? ${key}`,
  );
  for (const e of events) {
    const item = e.payload[record] as Record<string, unknown>;
    const { value, changed } = sealAt(item.custom, key);
    if (changed) {
      const payload = { ...e.payload, [record]: { ...item, custom: value } };
      await tx.execute(
        sql`update outbox_events set payload = ${JSON.stringify(payload)}::jsonb where workspace_id = ${workspaceId} and id = ${e.id}`,
      );
    }
  }
  return rows.length;
}
