import { and, asc, eq, sql } from "drizzle-orm";
import type { Db } from "../../platform/db/index.ts";
import { tags } from "../../platform/db/schema/index.ts";
import { newId } from "../../platform/ids.ts";

export type TagRow = typeof tags.$inferSelect;
export const DEFAULT_TAG_COLOR = "#868e96";

export async function listTags(db: Db, workspaceId: string) {
  return db
    .select()
    .from(tags)
    .where(eq(tags.workspaceId, workspaceId))
    .orderBy(asc(sql`lower(${tags.name})`));
}

export async function findTag(db: Db, workspaceId: string, id: string) {
  const [row] = await db
    .select()
    .from(tags)
    .where(and(eq(tags.workspaceId, workspaceId), eq(tags.id, id)));
  return row;
}

/** Inserts a tag; undefined when a tag with that name (any case) exists. */
export async function insertTag(db: Db, row: { workspaceId: string; name: string; color: string }) {
  const [created] = await db
    .insert(tags)
    .values({ ...row, id: newId() })
    .onConflictDoNothing()
    .returning();
  return created;
}

/**
 * Registers the tags records use that the workspace does not have yet, and returns how the
 * workspace spells each (tags match case-insensitively): lower-cased name → name.
 */
export async function tagSpellings(
  db: Db,
  workspaceId: string,
  names: string[],
): Promise<Map<string, string>> {
  if (names.length === 0) return new Map();
  // The first spelling of a new tag wins.
  const firstSpelling = new Map<string, string>();
  for (const name of names)
    if (!firstSpelling.has(name.toLowerCase())) firstSpelling.set(name.toLowerCase(), name);
  const unique = [...firstSpelling.values()];
  await db
    .insert(tags)
    .values(unique.map((name) => ({ workspaceId, id: newId(), name, color: DEFAULT_TAG_COLOR })))
    .onConflictDoNothing();
  const rows = await db
    .select({ name: tags.name })
    .from(tags)
    .where(
      and(
        eq(tags.workspaceId, workspaceId),
        sql`lower(${tags.name}) in ${unique.map((n) => n.toLowerCase())}`,
      ),
    );
  return new Map(rows.map((r) => [r.name.toLowerCase(), r.name]));
}

/** A record's tags as the workspace spells them, registering new ones. */
export async function canonicalTags(db: Db, workspaceId: string, names: string[]): Promise<string[]> {
  const spelling = await tagSpellings(db, workspaceId, names);
  return [...new Set(names.map((n) => spelling.get(n.toLowerCase())!))];
}

export async function updateTag(
  db: Db,
  workspaceId: string,
  id: string,
  changes: { name?: string; color?: string },
) {
  const [row] = await db
    .update(tags)
    .set(changes)
    .where(and(eq(tags.workspaceId, workspaceId), eq(tags.id, id)))
    .returning();
  return row;
}

export async function deleteTag(db: Db, workspaceId: string, id: string) {
  await db.delete(tags).where(and(eq(tags.workspaceId, workspaceId), eq(tags.id, id)));
}

/** Renames (or with `to` null, removes) a tag on every record of the tables. */
export async function retagRecords(
  db: Db,
  tables: readonly string[],
  workspaceId: string,
  from: string,
  to: string | null,
) {
  for (const table of tables) {
    await db.execute(
      to === null
        ? sql`update ${sql.identifier(table)} set tags = array_remove(tags, ${from}) where workspace_id = ${workspaceId} and tags @> array[${from}]::text[]`
        : sql`update ${sql.identifier(table)} set tags = array(select distinct unnest(array_replace(tags, ${from}, ${to}))) where workspace_id = ${workspaceId} and tags @> array[${from}]::text[]`,
    );
  }
}
