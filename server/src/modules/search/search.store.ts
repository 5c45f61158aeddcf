import { foldText, type SearchType } from "@rapport/core";
import { type SQL, sql } from "drizzle-orm";
import { type Db, queryRows } from "../../platform/db/index.ts";

/** A candidate with the raw values the service needs to tell which field matched. */
export type SearchRow = {
  type: SearchType;
  id: string;
  title: string;
  subtitle: string | null;
  score: number;
  emails: string[];
  phones: string[];
  domains: string[];
  tags: string[];
};

/**
 * How one query is matched and scored. Longer queries: trigram word similarity (typos forgiven)
 * plus a bonus when the text starts with the query (the title comes first: prefix matching as you
 * type) or a word of it does. Queries of up to three letters have too few trigrams to be selective
 * and too few letters for a typo: they match words starting with them, which LIKE on the same
 * trigram index finds without computing a similarity for every candidate.
 */
type Matcher = { where: SQL; score: SQL };

const SHORT_QUERY = 3;

/**
 * The query folded as the indexed text is. A scalar subquery, so PostgreSQL computes it once per
 * statement: the function (unaccent is only stable) would otherwise run again for every row.
 */
const normalized = (text: string) => sql`(select public.rapport_search_normalize(${text}::text))`;

const likeEscape = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

function matcher(workspaceId: string, text: string, mode: "fuzzy" | "exact"): Matcher {
  const q = normalized(text);
  const own = sql`r.workspace_id = ${workspaceId} and r.deleted_at is null`;
  const escaped = likeEscape(text);
  if (foldText(text).length <= SHORT_QUERY) {
    const start = normalized(`${escaped}%`);
    const word = normalized(`% ${escaped}%`);
    return {
      where: sql`${own} and (r.search_text like ${start} or r.search_text like ${word})`,
      score: sql`(case when r.search_text like ${start} then 1.5 else 1.3 end)::float8`,
    };
  }
  // `<%` holds when the word similarity reaches FUZZY_MATCH_THRESHOLD (0.3: "jonh smiht" is 0.45
  // from John Smith), which every connection sets (platform/db/client.ts).
  // Text holding the query as typed: LIKE needs every trigram of it, so the index narrows the rows
  // to few candidates; `<%` needs only some, which for a long query can be most of the table.
  const contains = sql`r.search_text like ${normalized(`%${escaped}%`)}`;
  return {
    where: sql`${own} and ${mode === "exact" ? contains : sql`${q} <% r.search_text`}`,
    score: sql`(word_similarity(${q}, r.search_text) + case
      when starts_with(r.search_text, ${q}) then 0.5
      when strpos(' ' || r.search_text, ' ' || ${q}) > 0 then 0.3
      when strpos(r.search_text, ${q}) > 0 then 0.2
      else 0 end)::float8`,
  };
}

function contactsQuery(m: Matcher, limit: number) {
  return sql`(select 'contact' as type, r.id, r.display_name as title,
      coalesce(r.email, r.phone, r.job_title) as subtitle, ${m.score} as score,
      array(select e ->> 'value' from jsonb_array_elements(r.emails) e) as emails,
      array(select concat_ws(' ', p ->> 'value', p ->> 'e164') from jsonb_array_elements(r.phones) p) as phones,
      '{}'::text[] as domains, r.tags
    from contacts r where ${m.where}
    order by score desc, r.display_name, r.id limit ${limit})`;
}

function companiesQuery(m: Matcher, limit: number) {
  return sql`(select 'company' as type, r.id, r.name as title, r.domains[1] as subtitle, ${m.score} as score,
      '{}'::text[] as emails, array_remove(array[r.phone], null) as phones, r.domains, r.tags
    from companies r where ${m.where}
    order by score desc, r.name, r.id limit ${limit})`;
}

function dealsQuery(m: Matcher, limit: number) {
  return sql`(select 'deal' as type, r.id, r.name as title, c.name as subtitle, ${m.score} as score,
      '{}'::text[] as emails, '{}'::text[] as phones, '{}'::text[] as domains, r.tags
    from deals r
    left join companies c on c.workspace_id = r.workspace_id and c.id = r.company_id
    where ${m.where}
    order by score desc, r.name, r.id limit ${limit})`;
}

const QUERIES = { contact: contactsQuery, company: companiesQuery, deal: dealsQuery };

/**
 * The best `limit` records of each type for `text`, best first across types. `text` is normalized
 * (lower case, no accents) by the same SQL function that builds the indexed text.
 */
export async function searchRecords(
  db: Db,
  workspaceId: string,
  text: string,
  types: SearchType[],
  limit: number,
  /** Per type, the caller's visibility condition on the table aliased `r` (undefined: all). */
  visible: Record<SearchType, SQL | undefined>,
): Promise<SearchRow[]> {
  const run = (mode: "fuzzy" | "exact") => {
    const m = matcher(workspaceId, text, mode);
    const parts = types.map((type) => {
      const condition = visible[type];
      const where = condition ? sql`${m.where} and ${condition}` : m.where;
      return QUERIES[type]({ ...m, where }, limit);
    });
    return queryRows<SearchRow>(
      db,
      sql`select * from (${sql.join(parts, sql` union all `)}) hits order by score desc limit ${limit}`,
    );
  };
  // Records containing the query outright cost little to find; typos are looked for only when no
  // record does (a long query's trigrams are shared by much of the table, so the fuzzy scan is
  // the expensive one). Short queries match word prefixes either way.
  const exact = await run("exact");
  if (exact.length > 0 || foldText(text).length <= SHORT_QUERY) return exact;
  return run("fuzzy");
}
