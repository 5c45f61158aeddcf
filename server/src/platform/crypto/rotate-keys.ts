import { sql } from "drizzle-orm";
import { type Db, queryRows } from "../db/index.ts";
import { type FieldKeys, fieldKeys, isSealedText } from "./field-keys.ts";
import { isSealedValue, macInput, type SealedValue } from "./sealed-values.ts";

const BATCH = 500;

/** The JSON columns that can hold sealed values: records' custom values, and their copies in history and events. */
const JSON_COLUMNS = [
  { table: "contacts", column: "custom" },
  { table: "companies", column: "custom" },
  { table: "deals", column: "custom" },
  { table: "activities", column: "custom" },
  { table: "tasks", column: "custom" },
  { table: "field_history", column: "old_value" },
  { table: "field_history", column: "new_value" },
  { table: "outbox_events", column: "payload" },
] as const;

/** The value with every sealed value under an older key sealed again under the current one. */
function reseal(value: unknown, keys: FieldKeys): { value: unknown; changed: boolean } {
  if (value === null || typeof value !== "object") return { value, changed: false };
  if (isSealedValue(value)) {
    if (keys.isCurrent(value.$enc)) return { value, changed: false };
    const plain = keys.open(value.$enc);
    const sealed: SealedValue = { $enc: keys.seal(plain), $mac: keys.mac(macInput(JSON.parse(plain))) };
    return { value: sealed, changed: true };
  }
  let changed = false;
  const walk = (item: unknown) => {
    const r = reseal(item, keys);
    changed ||= r.changed;
    return r.value;
  };
  const next = Array.isArray(value)
    ? value.map(walk)
    : Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v)]));
  return { value: changed ? next : value, changed };
}

export type RotationReport = { values: Record<string, number>; totpSecrets: number };

/**
 * Re-seals everything sealed under RAPPORT_SECRET_PREVIOUS with RAPPORT_SECRET (and recomputes the
 * exact-match hashes), and seals TOTP secrets still stored in plain text. Runs in batches of rows,
 * each batch in its own transaction, so it can be interrupted and run again; reads keep working
 * throughout because both keys open values.
 */
export async function rotateKeys(db: Db): Promise<RotationReport> {
  const keys = fieldKeys();
  const values: Record<string, number> = {};
  for (const { table, column } of JSON_COLUMNS) {
    let after: { ws: string; id: string } | null = null;
    let count = 0;
    for (;;) {
      const cursor: { ws: string; id: string } | null = after;
      const rows: { workspace_id: string; id: string; value: unknown }[] = await queryRows(
        db,
        sql`select workspace_id, id, ${sql.identifier(column)} as value from ${sql.identifier(table)}
            where ${sql.identifier(column)}::text like ${'%"$enc"%'}
            ${cursor ? sql`and (workspace_id, id) > (${cursor.ws}::uuid, ${cursor.id}::uuid)` : sql``}
            order by workspace_id, id limit ${BATCH}`,
      );
      if (rows.length === 0) break;
      await db.transaction(async (tx) => {
        for (const row of rows) {
          const { value, changed } = reseal(row.value, keys);
          if (!changed) continue;
          await tx.execute(
            sql`update ${sql.identifier(table)} set ${sql.identifier(column)} = ${JSON.stringify(value)}::jsonb
                where workspace_id = ${row.workspace_id} and id = ${row.id}`,
          );
          count++;
        }
      });
      const last = rows.at(-1)!;
      after = { ws: last.workspace_id, id: last.id };
    }
    values[`${table}.${column}`] = (values[`${table}.${column}`] ?? 0) + count;
  }
  return { values, totpSecrets: await sealTotpSecrets(db) };
}

/** Seals TOTP secrets stored in plain text (before encryption existed) or under an older key. */
export async function sealTotpSecrets(db: Db): Promise<number> {
  const keys = fieldKeys();
  const rows = await queryRows<{ id: string; secret: string }>(
    db,
    sql`select id, totp_secret as secret from users where totp_secret is not null
        and totp_secret not like ${`enc:v1:${keys.current.id}:%`}`,
  );
  for (const row of rows) {
    const plain = isSealedText(row.secret) ? keys.open(row.secret) : row.secret;
    await db.execute(
      sql`update users set totp_secret = ${keys.seal(plain)} where id = ${row.id} and totp_secret = ${row.secret}`,
    );
  }
  return rows.length;
}
