import { type FieldError, LINK_TARGET_TYPES, type LinkTargetType, type RecordLink } from "@rapport/core";
import { and, asc, eq, inArray, isNull, type SQL, sql } from "drizzle-orm";
import type { Db } from "../db/index.ts";
import { companies, contacts, deals, recordLinks } from "../db/schema/index.ts";
import type { SqlRegistry, SqlRelation } from "../filter/compile.ts";

/**
 * Links between an activity or a task (the source) and the contacts, companies and deals it
 * concerns (the targets), kept in `record_links`. Both modules and the timeline use these helpers.
 */
export type LinkSourceType = "activity" | "task";
export type LinkSource = { type: LinkSourceType; id: string };

const TARGET_TABLES = { contact: contacts, company: companies, deal: deals } as const;

/** The ids among `ids` that are live (not trashed) records of `type` in the workspace. */
export async function liveTargetIds(
  db: Db,
  workspaceId: string,
  type: LinkTargetType,
  ids: string[],
): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const table = TARGET_TABLES[type];
  const rows = await db
    .select({ id: table.id })
    .from(table)
    .where(and(eq(table.workspaceId, workspaceId), inArray(table.id, ids), isNull(table.deletedAt)));
  return new Set(rows.map((r) => r.id));
}

/**
 * The problems of a list of links: a target listed twice, or one that is not a live record of this
 * workspace (another workspace's id looks the same as an unknown one). Paths are `links[2].id`.
 */
export async function invalidLinks(
  db: Db,
  workspaceId: string,
  links: RecordLink[],
  path = "links",
): Promise<FieldError[]> {
  const problems: { index: number; message: string }[] = [];
  const seen = new Set<string>();
  links.forEach((link, index) => {
    const key = `${link.type}:${link.id}`;
    if (seen.has(key)) problems.push({ index, message: "Listed twice" });
    seen.add(key);
  });
  for (const type of LINK_TARGET_TYPES) {
    const ids = [...new Set(links.filter((l) => l.type === type).map((l) => l.id))];
    const found = await liveTargetIds(db, workspaceId, type, ids);
    links.forEach((link, index) => {
      if (link.type === type && !found.has(link.id)) {
        problems.push({ index, message: `No ${type} with that id in this workspace` });
      }
    });
  }
  return problems
    .sort((a, b) => a.index - b.index)
    .map((p) => ({ path: `${path}[${p.index}].id`, message: p.message }));
}

/** Replaces every link of a source with `links` (already validated). */
export async function replaceLinks(db: Db, workspaceId: string, source: LinkSource, links: RecordLink[]) {
  await deleteLinks(db, workspaceId, source);
  if (links.length === 0) return;
  await db.insert(recordLinks).values(
    links.map((l) => ({
      workspaceId,
      sourceType: source.type,
      sourceId: source.id,
      targetType: l.type,
      targetId: l.id,
    })),
  );
}

/** Removes the links of a source, as when it is purged. */
export async function deleteLinks(db: Db, workspaceId: string, source: LinkSource) {
  await db
    .delete(recordLinks)
    .where(
      and(
        eq(recordLinks.workspaceId, workspaceId),
        eq(recordLinks.sourceType, source.type),
        eq(recordLinks.sourceId, source.id),
      ),
    );
}

/** Removes every link to a target, for the module that purges contacts, companies or deals. */
export async function deleteLinksToTarget(db: Db, workspaceId: string, target: RecordLink) {
  await db
    .delete(recordLinks)
    .where(
      and(
        eq(recordLinks.workspaceId, workspaceId),
        eq(recordLinks.targetType, target.type),
        eq(recordLinks.targetId, target.id),
      ),
    );
}

const targetRank = sql`case ${recordLinks.targetType} when 'contact' then 0 when 'company' then 1 else 2 end`;

/** Links in the order they are always answered in: contacts, companies, deals, each by id. */
export function sortLinks(links: RecordLink[]): RecordLink[] {
  const rank = (l: RecordLink) => LINK_TARGET_TYPES.indexOf(l.type);
  return [...links].sort((a, b) => rank(a) - rank(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** The links of many sources in one query, in the order of `sortLinks`. */
export async function listLinks(
  db: Db,
  workspaceId: string,
  sourceType: LinkSourceType,
  sourceIds: string[],
): Promise<Map<string, RecordLink[]>> {
  const bySource = new Map<string, RecordLink[]>(sourceIds.map((id) => [id, []]));
  if (sourceIds.length === 0) return bySource;
  const rows = await db
    .select({ sourceId: recordLinks.sourceId, type: recordLinks.targetType, id: recordLinks.targetId })
    .from(recordLinks)
    .where(
      and(
        eq(recordLinks.workspaceId, workspaceId),
        eq(recordLinks.sourceType, sourceType),
        inArray(recordLinks.sourceId, sourceIds),
      ),
    )
    .orderBy(targetRank, asc(recordLinks.targetId));
  for (const row of rows) bySource.get(row.sourceId)?.push({ type: row.type, id: row.id });
  return bySource;
}

/** The ids of the sources (of one type) linked to a target, through record_links_target_idx. */
export async function listSourceIds(
  db: Db,
  workspaceId: string,
  sourceType: LinkSourceType,
  target: RecordLink,
): Promise<string[]> {
  const rows = await db
    .select({ id: recordLinks.sourceId })
    .from(recordLinks)
    .where(
      and(
        eq(recordLinks.workspaceId, workspaceId),
        eq(recordLinks.targetType, target.type),
        eq(recordLinks.targetId, target.id),
        eq(recordLinks.sourceType, sourceType),
      ),
    );
  return rows.map((r) => r.id);
}

/**
 * A filter relation from a source table to the live targets of one type it links to, so that
 * `contacts.lastName` on activities means "linked to a contact whose last name …". The target
 * registry's expressions must read the target table under its own name.
 */
export function linkedRecordsRelation(
  source: { type: LinkSourceType; workspaceId: SQL; id: SQL },
  targetType: LinkTargetType,
  registry: SqlRegistry,
): SqlRelation {
  const table = TARGET_TABLES[targetType];
  return {
    kind: "many",
    registry,
    exists: (inner) =>
      sql`exists (select 1 from ${recordLinks} join ${table} on ${table.workspaceId} = ${recordLinks.workspaceId} and ${table.id} = ${recordLinks.targetId} and ${table.deletedAt} is null where ${recordLinks.workspaceId} = ${source.workspaceId} and ${recordLinks.sourceType} = ${source.type} and ${recordLinks.sourceId} = ${source.id} and ${recordLinks.targetType} = ${targetType} and ${inner})`,
  };
}
