import { and, asc, eq, inArray, isNotNull, isNull, type SQL, sql } from "drizzle-orm";
import type { Db } from "../../platform/db/index.ts";
import { companies, contactCompanies, contacts } from "../../platform/db/schema/index.ts";

export type ContactRow = typeof contacts.$inferSelect;
export type ContactInsert = typeof contacts.$inferInsert;
export type ContactLink = { contactId: string; companyId: string; role: string | null; isPrimary: boolean };

const live = (workspaceId: string) => and(eq(contacts.workspaceId, workspaceId), isNull(contacts.deletedAt));

// Rows per INSERT statement, well under PostgreSQL's 65,535 parameters.
const ROWS_PER_INSERT = 500;

/** Inserts contacts with multi-row statements; returns them in the order given. */
export async function insertContacts(db: Db, rows: ContactInsert[]): Promise<ContactRow[]> {
  const created: ContactRow[] = [];
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
    created.push(
      ...(await db
        .insert(contacts)
        .values(rows.slice(i, i + ROWS_PER_INSERT))
        .returning()),
    );
  }
  const byId = new Map(created.map((r) => [r.id, r]));
  return rows.map((r) => byId.get(r.id)!);
}

/** A contact of the workspace; trashed ones only when asked. */
export async function findContact(
  db: Db,
  workspaceId: string,
  id: string,
  options: { trashed?: boolean; lock?: boolean } = {},
) {
  const query = db
    .select()
    .from(contacts)
    .where(
      and(
        eq(contacts.workspaceId, workspaceId),
        eq(contacts.id, id),
        options.trashed ? isNotNull(contacts.deletedAt) : isNull(contacts.deletedAt),
      ),
    );
  const [row] = options.lock ? await query.for("update") : await query;
  return row;
}

export async function updateContact(
  db: Db,
  workspaceId: string,
  id: string,
  changes: Partial<ContactInsert>,
) {
  const [row] = await db
    .update(contacts)
    .set({ ...changes, updatedAt: sql`now()`, version: sql`${contacts.version} + 1` })
    .where(and(eq(contacts.workspaceId, workspaceId), eq(contacts.id, id)))
    .returning();
  return row!;
}

export async function purgeContact(db: Db, workspaceId: string, id: string) {
  await db.delete(contacts).where(and(eq(contacts.workspaceId, workspaceId), eq(contacts.id, id)));
}

/** A page of live (or trashed) contacts matching `where`, in `order`, with the sort values. */
export async function listContacts(
  db: Db,
  workspaceId: string,
  query: {
    where: SQL | undefined;
    order: SQL[];
    limit: number;
    sortValues: Record<string, SQL>;
    trashed?: boolean;
  },
) {
  return db
    .select({ row: contacts, ...query.sortValues })
    .from(contacts)
    .where(
      and(
        eq(contacts.workspaceId, workspaceId),
        query.trashed ? isNotNull(contacts.deletedAt) : isNull(contacts.deletedAt),
        query.where,
      ),
    )
    .orderBy(...query.order)
    .limit(query.limit);
}

export async function countContacts(db: Db, workspaceId: string, where: SQL | undefined) {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(contacts)
    .where(and(live(workspaceId), where));
  return row?.n ?? 0;
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
