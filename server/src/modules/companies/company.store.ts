import { and, arrayOverlaps, eq, inArray, isNull, ne, sql } from "drizzle-orm";
import { type Db, queryRows } from "../../platform/db/index.ts";
import { companies, contactCompanies, contacts, deals } from "../../platform/db/schema/index.ts";
import { recordStore } from "../../platform/records/record-store.ts";

export type CompanyRow = typeof companies.$inferSelect;
export type CompanyInsert = typeof companies.$inferInsert;

/** Find, update, purge, list and count, shared by every record table. */
export const companyRecords = recordStore(companies);

/** Longest parent chain walked; real hierarchies are a handful of levels deep. */
const MAX_HIERARCHY_DEPTH = 1000;

const live = (workspaceId: string) =>
  and(eq(companies.workspaceId, workspaceId), isNull(companies.deletedAt));

export async function insertCompany(db: Db, row: CompanyInsert): Promise<CompanyRow> {
  const [created] = await db.insert(companies).values(row).returning();
  return created!;
}

/**
 * Transaction-scoped advisory locks on the keys, taken in sorted order so writers cannot deadlock,
 * with one statement however many keys (an import's chunk claims thousands of domains: a statement
 * per key made its validation a round trip per row).
 */
async function lockKeys(db: Db, keys: string[]) {
  if (keys.length === 0) return;
  // `offset 0` keeps the sorted subquery whole, so the locks are taken in its order.
  await db.execute(
    sql`select pg_advisory_xact_lock(hashtextextended(k, 0))
        from (select k from jsonb_array_elements_text(${JSON.stringify(keys)}::jsonb) as k
              order by k collate "C" offset 0) as sorted`,
  );
}

/**
 * Serialises, until the transaction ends, writers that claim the same domains in a workspace, so
 * that two concurrent writes cannot both find a domain free.
 */
export const lockDomains = (db: Db, workspaceId: string, domains: string[]) =>
  lockKeys(
    db,
    domains.map((d) => `company-domain:${workspaceId}:${d}`),
  );

/** Serialises changes of parent links in a workspace, so two concurrent moves cannot form a cycle. */
export const lockHierarchy = (db: Db, workspaceId: string) =>
  lockKeys(db, [`company-hierarchy:${workspaceId}`]);

/**
 * The id of the live company that owns a domain, as a scalar expression: a create writes it into
 * its row in the insert itself rather than looking it up first. The first of an array, not `limit
 * 1`: with a limit, PostgreSQL expects one of its guessed 500 holders early in a sequential scan and
 * reads all companies (40 ms at 100,000) when none holds the domain; without, it takes the index.
 */
export const companyIdOwningDomain = (workspaceId: string, domain: string) =>
  sql`(array(select ${companies.id} from ${companies}
    where ${and(live(workspaceId), arrayOverlaps(companies.domains, [domain]))}))[1]`;

/** Live companies other than `exceptId` that already have one of the domains. */
export async function companiesWithDomains(
  db: Db,
  workspaceId: string,
  domains: string[],
  exceptId: string | null,
) {
  if (domains.length === 0) return [];
  return db
    .select({ id: companies.id, name: companies.name, domains: companies.domains })
    .from(companies)
    .where(
      and(
        live(workspaceId),
        arrayOverlaps(companies.domains, domains),
        exceptId ? ne(companies.id, exceptId) : undefined,
      ),
    );
}

/**
 * Whether `companyId` is `startId` or one of its ancestors. The walk follows parent links through
 * trashed companies too: a trashed link still closes a cycle once the company is restored.
 */
export async function isInParentChain(db: Db, workspaceId: string, startId: string, companyId: string) {
  const rows = await queryRows<{ found: boolean }>(
    db,
    sql`with recursive chain (id, parent_id, depth) as (
      select ${companies.id}, ${companies.parentCompanyId}, 1 from ${companies}
      where ${companies.workspaceId} = ${workspaceId} and ${companies.id} = ${startId}
      union all
      select c.id, c.parent_company_id, chain.depth + 1
      from ${companies} c join chain on c.workspace_id = ${workspaceId} and c.id = chain.parent_id
      where chain.depth < ${MAX_HIERARCHY_DEPTH}
    )
    select exists (select 1 from chain where id = ${companyId}) as found`,
  );
  return rows[0]?.found ?? false;
}

/**
 * Clears every reference to a company about to be purged: contacts' primary company and links,
 * deals' company, and subsidiaries' parent. Each changed record gets a new version. Returns the ids
 * of the records that were changed.
 */
export async function unlinkCompany(db: Db, workspaceId: string, id: string, userId: string | null) {
  const linked = await db
    .select({ contactId: contactCompanies.contactId })
    .from(contactCompanies)
    .where(and(eq(contactCompanies.workspaceId, workspaceId), eq(contactCompanies.companyId, id)));
  await db
    .delete(contactCompanies)
    .where(and(eq(contactCompanies.workspaceId, workspaceId), eq(contactCompanies.companyId, id)));
  const primary = await db
    .update(contacts)
    .set({ companyId: null })
    .where(and(eq(contacts.workspaceId, workspaceId), eq(contacts.companyId, id)))
    .returning({ id: contacts.id });
  const contactIds = [...new Set([...linked.map((l) => l.contactId), ...primary.map((p) => p.id)])];
  if (contactIds.length > 0) {
    await db
      .update(contacts)
      .set({ updatedAt: sql`now()`, updatedBy: userId, version: sql`${contacts.version} + 1` })
      .where(and(eq(contacts.workspaceId, workspaceId), inArray(contacts.id, contactIds)));
  }
  const unlinkedDeals = await db
    .update(deals)
    .set({
      companyId: null,
      updatedAt: sql`now()`,
      updatedBy: userId,
      version: sql`${deals.version} + 1`,
    })
    .where(and(eq(deals.workspaceId, workspaceId), eq(deals.companyId, id)))
    .returning({ id: deals.id });
  const children = await db
    .update(companies)
    .set({
      parentCompanyId: null,
      updatedAt: sql`now()`,
      updatedBy: userId,
      version: sql`${companies.version} + 1`,
    })
    .where(and(eq(companies.workspaceId, workspaceId), eq(companies.parentCompanyId, id)))
    .returning({ id: companies.id });
  return {
    contactIds: contactIds.sort(),
    dealIds: unlinkedDeals.map((d) => d.id).sort(),
    childCompanyIds: children.map((c) => c.id).sort(),
  };
}
