import { and, asc, eq, inArray, isNotNull, isNull, type SQL, type SQLWrapper, sql } from "drizzle-orm";
import type { Db } from "../../platform/db/index.ts";
import { companies, contactCompanies, contacts } from "../../platform/db/schema/index.ts";
import { type FindOptions, preparedPerDb, recordStore } from "../../platform/records/record-store.ts";

export type ContactRow = typeof contacts.$inferSelect;
export type ContactInsert = typeof contacts.$inferInsert;
export type ContactLink = { contactId: string; companyId: string; role: string | null; isPrimary: boolean };

/** Find, update, purge, list and count, shared by every record table. */
export const contactRecords = recordStore(contacts);

// Rows per INSERT statement, well under PostgreSQL's 65,535 parameters.
const ROWS_PER_INSERT = 500;

/** Inserts one contact; its company may be SQL (the company owning its email's domain). */
export async function insertContact(
  db: Db,
  row: Omit<ContactInsert, "companyId"> & { companyId?: string | null | SQL },
): Promise<ContactRow> {
  const [created] = await db.insert(contacts).values(row).returning();
  return created!;
}

/**
 * A contact's company links as one JSON column, so a contact and its links come in one round trip
 * (selected beside the row by `findWithLinks` and the list).
 */
export const linksColumn = sql<ContactLink[]>`(select coalesce(json_agg(json_build_object(
    'contactId', cc.contact_id, 'companyId', cc.company_id, 'role', cc.role, 'isPrimary', cc.is_primary
  ) order by cc.created_at), '[]'::json)
  from contact_companies cc
  where cc.workspace_id = "contacts"."workspace_id" and cc.contact_id = "contacts"."id")`;
// Written out in full: Drizzle drops table names from columns in a one-table select list, which
// would turn the correlation into a comparison of the subquery's own columns.

const withLinks = (
  db: Db,
  workspaceId: string | SQLWrapper,
  id: string | SQLWrapper,
  trashed: boolean | undefined,
  visible?: SQL,
) =>
  db
    .select({ row: contacts, links: linksColumn })
    .from(contacts)
    .where(
      and(
        eq(contacts.workspaceId, workspaceId),
        eq(contacts.id, id),
        trashed ? isNotNull(contacts.deletedAt) : isNull(contacts.deletedAt),
        visible,
      ),
    );

const withLinksById = preparedPerDb((db, trashed) =>
  withLinks(db, sql.placeholder("workspaceId"), sql.placeholder("id"), trashed).prepare(
    `contact_with_links${trashed ? "_trashed" : ""}`,
  ),
);

/** A contact with its company links, in one query; locked for update when asked. */
export async function findWithLinks(
  db: Db,
  workspaceId: string,
  id: string,
  options: FindOptions = {},
): Promise<{ row: ContactRow; links: ContactLink[] } | undefined> {
  const [found] = options.lock
    ? await withLinks(db, workspaceId, id, options.trashed, options.visible).for("update", { of: contacts })
    : options.visible
      ? await withLinks(db, workspaceId, id, options.trashed, options.visible)
      : await withLinksById(db, options.trashed ?? false).execute({ workspaceId, id });
  return found;
}

export async function listLinks(db: Db, workspaceId: string, contactIds: string[]): Promise<ContactLink[]> {
  if (contactIds.length === 0) return [];
  return db
    .select({
      contactId: contactCompanies.contactId,
      companyId: contactCompanies.companyId,
      role: contactCompanies.role,
      isPrimary: contactCompanies.isPrimary,
    })
    .from(contactCompanies)
    .where(
      and(eq(contactCompanies.workspaceId, workspaceId), inArray(contactCompanies.contactId, contactIds)),
    )
    .orderBy(asc(contactCompanies.createdAt));
}

export async function insertLinks(db: Db, workspaceId: string, links: ContactLink[]) {
  for (let i = 0; i < links.length; i += ROWS_PER_INSERT) {
    await db
      .insert(contactCompanies)
      .values(links.slice(i, i + ROWS_PER_INSERT).map((l) => ({ ...l, workspaceId })));
  }
}

export async function replaceLinks(
  db: Db,
  workspaceId: string,
  contactId: string,
  links: Omit<ContactLink, "contactId">[],
) {
  await db
    .delete(contactCompanies)
    .where(and(eq(contactCompanies.workspaceId, workspaceId), eq(contactCompanies.contactId, contactId)));
  if (links.length > 0) {
    await db.insert(contactCompanies).values(links.map((l) => ({ ...l, workspaceId, contactId })));
  }
}

/** The ids among `ids` that are live companies of the workspace. */
export async function existingCompanyIds(db: Db, workspaceId: string, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .select({ id: companies.id })
    .from(companies)
    .where(
      and(eq(companies.workspaceId, workspaceId), inArray(companies.id, ids), isNull(companies.deletedAt)),
    );
  return new Set(rows.map((r) => r.id));
}

export async function companiesByIds(db: Db, workspaceId: string, ids: string[]) {
  if (ids.length === 0) return [];
  return db
    .select()
    .from(companies)
    .where(
      and(eq(companies.workspaceId, workspaceId), inArray(companies.id, ids), isNull(companies.deletedAt)),
    );
}
