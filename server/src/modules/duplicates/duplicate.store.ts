import { FREE_MAIL_DOMAINS } from "@rapport/core";
import { and, arrayOverlaps, desc, eq, inArray, isNull, type SQL, sql } from "drizzle-orm";
import { type Db, queryRows } from "../../platform/db/index.ts";
import {
  companies,
  contacts,
  type DuplicatePair,
  duplicateDismissals,
  duplicateGroups,
} from "../../platform/db/schema/index.ts";

/** What the contact rules need of a stored contact (`ContactMatchInput` once converted). */
export type ContactMatchRow = {
  id: string;
  display_name: string;
  first_name: string | null;
  last_name: string | null;
  emails: { value: string }[];
  phones: { e164?: string | null }[];
  company_ids: string[];
  birthday: string | null;
  postal_code: string | null;
  street: string | null;
};

export type CompanyMatchRow = { id: string; name: string; domains: string[] };

const contactColumns = sql`c.id, c.display_name, c.first_name, c.last_name, c.emails, c.phones,
  array(select cc.company_id from contact_companies cc
    where cc.workspace_id = c.workspace_id and cc.contact_id = c.id) as company_ids,
  c.birthday::text as birthday, c.address ->> 'postalCode' as postal_code, c.address ->> 'street' as street`;

const live = (workspaceId: string) => sql`c.workspace_id = ${workspaceId} and c.deleted_at is null`;

/** The match keys of a contact, as `rapport_contact_match_keys` computes them in the database. */
const matchKeys = sql`public.rapport_contact_match_keys(c.emails, c.phones)`;

// Candidates per kind of evidence: enough for a create check, few enough to score in a moment.
const CANDIDATES = 50;
// Contacts sharing a new contact's name keys that are ranked by name, at most.
const NAME_KEY_ROWS = 1000;

/** The name blocking keys of a contact (migration 0022), as its index computes them. */
const nameKeys = sql`public.rapport_contact_name_keys(c.emails, c.first_name, c.last_name)`;

/**
 * Live contacts that may be duplicates of a new one: those sharing an email or a phone (keys `e:`,
 * `p:` on the contacts_match_keys_idx GIN index), and, best name first, those at one of its
 * companies or with a name close to its own and an email at one of its work domains (name blocking
 * keys on contacts_name_keys_idx).
 */
export async function contactCandidates(
  db: Db,
  workspaceId: string,
  probe: {
    keys: string[];
    domains: string[];
    companyIds: string[];
    firstName: string | null;
    lastName: string | null;
  },
): Promise<ContactMatchRow[]> {
  const parts: SQL[] = [];
  if (probe.keys.length > 0) {
    // No LIMIT here: with one, PostgreSQL expects to meet 50 matches early in a sequential scan
    // and reads the whole table (4 s at 300,000 contacts); without, it takes the index (under 1 ms).
    // An email or a phone is shared by few contacts.
    parts.push(sql`(select c.id from contacts c
      where ${live(workspaceId)} and ${matchKeys} && ${sql.param(probe.keys)}::text[])`);
  }
  const name = [probe.firstName, probe.lastName].filter(Boolean).join(" ");
  if (name) {
    // Best name first. (Not the `<->` distance operator: PGlite answers it with no rows.)
    const byName = sql`similarity(public.rapport_search_normalize(c.display_name),
      (select public.rapport_search_normalize(${name}::text))) desc`;
    if (probe.domains.length > 0) {
      // Not every contact of the domain (`d:` keys): a domain a million contacts share took seconds
      // to rank. The name keys narrow it to those sharing a word of the name and the initial of
      // another, whatever the domain's size. A common name can still share them with tens of
      // thousands there (James S… at a domain of a million), so at most NAME_KEY_ROWS of them are
      // ranked; and apart, those holding every word of the name with the initials of the others
      // (its namesakes, spelt alike), so a rare name's namesakes are never among those left out.
      const probes = sql`public.rapport_contact_name_probes(${sql.param(probe.domains)}::text[],
        ${probe.firstName}::text, ${probe.lastName}::text)`;
      const sharing = (keys: SQL) => sql`(select c.id from (select c.id, c.display_name from contacts c
          where ${live(workspaceId)} and ${keys} limit ${NAME_KEY_ROWS}) c
        order by ${byName} limit ${CANDIDATES})`;
      parts.push(sharing(sql`${nameKeys} && ${probes}`));
      parts.push(
        sharing(sql`${nameKeys} @> array(select k from unnest(${probes}) k where k not like '% -')
          and cardinality(${probes}) > 0`),
      );
    }
    if (probe.companyIds.length > 0) {
      parts.push(sql`(select c.id from contact_companies cc
        join contacts c on c.workspace_id = cc.workspace_id and c.id = cc.contact_id
        where cc.workspace_id = ${workspaceId} and cc.company_id = any(${sql.param(probe.companyIds)}::uuid[])
          and c.deleted_at is null
        order by ${byName} limit ${CANDIDATES})`);
    }
  }
  if (parts.length === 0) return [];
  // `= any(array(…))`, not `in (…)`: the ids are collected first, then read by primary key; with
  // `in`, PostgreSQL over-estimates the candidates and hash-joins against a full scan.
  return queryRows<ContactMatchRow>(
    db,
    sql`select ${contactColumns} from contacts c
      where ${live(workspaceId)} and c.id = any(array(${sql.join(parts, sql` union `)}))`,
  );
}

/** Live companies that may be duplicates of a new one: same domain, or a name sharing trigrams. */
export async function companyCandidates(
  db: Db,
  workspaceId: string,
  probe: { domains: string[]; name: string },
): Promise<CompanyMatchRow[]> {
  const parts: SQL[] = [];
  if (probe.domains.length > 0) {
    parts.push(sql`(select c.id from companies c
      where ${live(workspaceId)} and c.domains && ${sql.param(probe.domains)}::text[] limit ${CANDIDATES})`);
  }
  if (probe.name) {
    // `<%` (word similarity ≥ 0.3, set per connection) on the search text's trigram index. Not
    // `%`, which PGlite answers with no rows.
    const q = sql`(select public.rapport_search_normalize(${probe.name}::text))`;
    parts.push(sql`(select c.id from companies c
      where ${live(workspaceId)} and ${q} <% c.search_text
      order by word_similarity(${q}, c.search_text) desc limit ${CANDIDATES})`);
  }
  if (parts.length === 0) return [];
  return queryRows<CompanyMatchRow>(
    db,
    sql`select c.id, c.name, c.domains from companies c
      where ${live(workspaceId)} and c.id in (${sql.join(parts, sql` union `)})`,
  );
}

// A block with more members than this is skipped by the scan's name comparison: comparing every
// pair of a 10,000-contact company is 50 million comparisons, and a shared email or phone
// (compared without blocks) is what finds duplicates there.
const MAX_BLOCK = 500;

/**
 * Pairs of live contacts worth scoring, smaller id first: sharing an email or a phone, or in the
 * same block (company, work email domain, birthday, postcode) with names sharing trigrams, or born
 * the same day at the same postcode.
 */
export async function contactPairsToScore(db: Db, workspaceId: string): Promise<[string, string][]> {
  const freeMail = [...FREE_MAIL_DOMAINS].map((d) => `d:${d}`);
  const rows = await queryRows<{ a: string; b: string }>(
    db,
    sql`with people as (
        select c.id, public.rapport_search_normalize(concat_ws(' ', c.first_name, c.last_name)) as name,
          ${matchKeys} as keys, c.birthday, nullif(lower(trim(c.address ->> 'postalCode')), '') as postcode
        from contacts c where ${live(workspaceId)}
      ),
      keyed as (
        select id, name, unnest(keys) as block from people
        union all
        select cc.contact_id, p.name, 'c:' || cc.company_id from contact_companies cc
          join people p on p.id = cc.contact_id where cc.workspace_id = ${workspaceId}
        union all
        select id, name, 'b:' || birthday from people where birthday is not null
        union all
        select id, name, 'z:' || postcode from people where postcode is not null
        union all
        select id, name, 'bz:' || birthday || ' ' || postcode from people
          where birthday is not null and postcode is not null
      ),
      blocks as (
        select id, name, block, count(*) over (partition by block) as size from keyed
        where block <> all(${sql.param(freeMail)}::text[])
      )
      select distinct x.id as a, y.id as b from blocks x
        join blocks y on y.block = x.block and x.id < y.id
        where x.size <= ${MAX_BLOCK} and (
          x.block like 'e:%' or x.block like 'p:%' or x.block like 'bz:%' or similarity(x.name, y.name) >= 0.3
        )`,
  );
  return rows.map((r) => [r.a, r.b]);
}

/** The contacts of `ids`, live, as the rules compare them. */
export async function contactsToMatch(
  db: Db,
  workspaceId: string,
  ids: string[],
): Promise<ContactMatchRow[]> {
  if (ids.length === 0) return [];
  return queryRows<ContactMatchRow>(
    db,
    sql`select ${contactColumns} from contacts c
      where ${live(workspaceId)} and c.id = any(${sql.param(ids)}::uuid[])`,
  );
}

/** Every live company of a workspace, for the scan (companies are far fewer than contacts). */
export async function companiesToMatch(db: Db, workspaceId: string): Promise<CompanyMatchRow[]> {
  return db
    .select({ id: companies.id, name: companies.name, domains: companies.domains })
    .from(companies)
    .where(and(eq(companies.workspaceId, workspaceId), isNull(companies.deletedAt)));
}

/** Display names of live records, by id. */
export async function liveDisplayNames(
  db: Db,
  workspaceId: string,
  object: "contact" | "company",
  ids: string[],
): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows =
    object === "contact"
      ? await db
          .select({ id: contacts.id, name: contacts.displayName })
          .from(contacts)
          .where(
            and(eq(contacts.workspaceId, workspaceId), inArray(contacts.id, ids), isNull(contacts.deletedAt)),
          )
      : await db
          .select({ id: companies.id, name: companies.name })
          .from(companies)
          .where(
            and(
              eq(companies.workspaceId, workspaceId),
              inArray(companies.id, ids),
              isNull(companies.deletedAt),
            ),
          );
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** The dismissed pairs of one object in a workspace, as `a|b` keys (smaller id first). */
export async function dismissedPairs(
  db: Db,
  workspaceId: string,
  object: "contact" | "company",
): Promise<Set<string>> {
  const rows = await db
    .select({ a: duplicateDismissals.recordA, b: duplicateDismissals.recordB })
    .from(duplicateDismissals)
    .where(and(eq(duplicateDismissals.workspaceId, workspaceId), eq(duplicateDismissals.object, object)));
  return new Set(rows.map((r) => `${r.a}|${r.b}`));
}

export type GroupRow = typeof duplicateGroups.$inferSelect;

/** Replaces the groups of one object in a workspace with a scan's findings. */
export async function replaceGroups(
  db: Db,
  workspaceId: string,
  object: "contact" | "company",
  groups: { id: string; recordIds: string[]; score: number; pairs: DuplicatePair[] }[],
) {
  await db
    .delete(duplicateGroups)
    .where(and(eq(duplicateGroups.workspaceId, workspaceId), eq(duplicateGroups.object, object)));
  for (let i = 0; i < groups.length; i += 500) {
    await db
      .insert(duplicateGroups)
      .values(groups.slice(i, i + 500).map((g) => ({ ...g, workspaceId, object })));
  }
}

export async function listGroups(
  db: Db,
  workspaceId: string,
  object: "contact" | "company",
  limit: number,
): Promise<GroupRow[]> {
  return db
    .select()
    .from(duplicateGroups)
    .where(and(eq(duplicateGroups.workspaceId, workspaceId), eq(duplicateGroups.object, object)))
    .orderBy(desc(duplicateGroups.score), duplicateGroups.id)
    .limit(limit);
}

export async function findGroup(db: Db, workspaceId: string, id: string): Promise<GroupRow | undefined> {
  const [row] = await db
    .select()
    .from(duplicateGroups)
    .where(and(eq(duplicateGroups.workspaceId, workspaceId), eq(duplicateGroups.id, id)))
    .for("update");
  return row;
}

export async function deleteGroup(db: Db, workspaceId: string, id: string) {
  await db
    .delete(duplicateGroups)
    .where(and(eq(duplicateGroups.workspaceId, workspaceId), eq(duplicateGroups.id, id)));
}

/** Drops the groups holding any of `ids` (they were merged: the group no longer stands). */
export async function deleteGroupsWith(db: Db, workspaceId: string, ids: string[]) {
  await db
    .delete(duplicateGroups)
    .where(and(eq(duplicateGroups.workspaceId, workspaceId), arrayOverlaps(duplicateGroups.recordIds, ids)));
}

export async function insertDismissals(
  db: Db,
  workspaceId: string,
  object: "contact" | "company",
  pairs: [string, string][],
  userId: string | null,
) {
  if (pairs.length === 0) return;
  await db
    .insert(duplicateDismissals)
    .values(
      pairs.map((pair) => {
        const [recordA, recordB] = [...pair].sort() as [string, string];
        return { workspaceId, object, recordA, recordB, dismissedBy: userId };
      }),
    )
    .onConflictDoNothing();
}
