import { and, asc, eq, sql } from "drizzle-orm";
import { type Db, queryRows } from "../../platform/db/index.ts";
import { customFields } from "../../platform/db/schema/index.ts";
import { cachedDefinitions } from "../../platform/db/workspace-cache.ts";

export type CustomFieldRow = typeof customFields.$inferSelect;

export async function listCustomFields(
  db: Db,
  workspaceId: string,
  object: string,
): Promise<CustomFieldRow[]> {
  return db
    .select()
    .from(customFields)
    .where(and(eq(customFields.workspaceId, workspaceId), eq(customFields.object, object)))
    .orderBy(asc(customFields.position), asc(customFields.createdAt));
}

/**
 * The definitions for lists and filters, from the process cache; writes validate against
 * `listCustomFields`, read in their transaction.
 */
export const customFieldsForReads = cachedDefinitions("custom_fields", listCustomFields);

export async function findCustomField(db: Db, workspaceId: string, object: string, id: string) {
  const [row] = await db
    .select()
    .from(customFields)
    .where(
      and(
        eq(customFields.workspaceId, workspaceId),
        eq(customFields.object, object),
        eq(customFields.id, id),
      ),
    );
  return row;
}

/** Inserts a definition; undefined when the key is already used on that object. */
export async function insertCustomField(db: Db, row: typeof customFields.$inferInsert) {
  const [created] = await db.insert(customFields).values(row).onConflictDoNothing().returning();
  return created;
}

export async function updateCustomField(
  db: Db,
  workspaceId: string,
  id: string,
  changes: Partial<
    Pick<
      CustomFieldRow,
      "label" | "required" | "isUnique" | "sensitive" | "options" | "description" | "position"
    >
  >,
) {
  const [row] = await db
    .update(customFields)
    .set({ ...changes, updatedAt: sql`now()` })
    .where(and(eq(customFields.workspaceId, workspaceId), eq(customFields.id, id)))
    .returning();
  return row;
}

export async function deleteCustomField(db: Db, workspaceId: string, id: string) {
  await db
    .delete(customFields)
    .where(and(eq(customFields.workspaceId, workspaceId), eq(customFields.id, id)));
}

/** Removes a field's values from every record of the object's table. */
export async function stripCustomValues(db: Db, table: string, workspaceId: string, key: string) {
  await db.execute(
    sql`update ${sql.identifier(table)} set custom = custom - ${key} where workspace_id = ${workspaceId} and custom ? ${key}`,
  );
}

/** How many live records of the table hold a value for the key (for required/unique changes). */
export async function countValues(
  db: Db,
  table: string,
  workspaceId: string,
  key: string,
  where: "missing" | "duplicate",
) {
  const query =
    where === "missing"
      ? sql`select count(*)::int as n from ${sql.identifier(table)} where workspace_id = ${workspaceId} and deleted_at is null and (custom -> ${key}) is null`
      : sql`select count(*)::int as n from (select custom -> ${key} from ${sql.identifier(table)} where workspace_id = ${workspaceId} and deleted_at is null and custom ? ${key} group by 1 having count(*) > 1) d`;
  const [row] = await queryRows<{ n: number }>(db, query);
  return row?.n ?? 0;
}

/** Whether another live record already holds this value (unique custom fields). */
export async function valueTaken(
  db: Db,
  table: string,
  workspaceId: string,
  key: string,
  value: unknown,
  exceptId?: string,
) {
  const rows = await queryRows(
    db,
    sql`select 1 from ${sql.identifier(table)} where workspace_id = ${workspaceId} and deleted_at is null
        and custom -> ${key} = ${JSON.stringify(value)}::jsonb ${exceptId ? sql`and id <> ${exceptId}` : sql``} limit 1`,
  );
  return rows.length > 0;
}
