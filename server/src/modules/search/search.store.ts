import type { SearchType } from "@rapport/core";
import { type SQL, sql } from "drizzle-orm";
import type { Db } from "../../platform/db/index.ts";

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

// Trigram similarity of the best-matching stretch of words, plus a bonus when the text starts with
// the query (the title comes first: prefix matching as you type) or a word of it does.
const score = (q: SQL) => sql`(word_similarity(${q}, r.search_text) + case
    when starts_with(r.search_text, ${q}) then 0.5
    when strpos(' ' || r.search_text, ' ' || ${q}) > 0 then 0.3
    when strpos(r.search_text, ${q}) > 0 then 0.2
    else 0 end)::float8`;

// The same clause for every table: the GIN index on (workspace_id, search_text) answers both tests.
// `<%` holds when the word similarity reaches FUZZY_MATCH_THRESHOLD (0.3: "jonh smiht" is 0.45 from
// John Smith), which every connection sets (platform/db/client.ts).
const matches = (workspaceId: string, q: SQL) =>
  sql`r.workspace_id = ${workspaceId} and r.deleted_at is null and ${q} <% r.search_text`;

function contactsQuery(workspaceId: string, q: SQL, limit: number) {
  return sql`(select 'contact' as type, r.id, r.display_name as title,
      coalesce(r.email, r.phone, r.job_title) as subtitle, ${score(q)} as score,
      array(select e ->> 'value' from jsonb_array_elements(r.emails) e) as emails,
      array(select concat_ws(' ', p ->> 'value', p ->> 'e164') from jsonb_array_elements(r.phones) p) as phones,
      '{}'::text[] as domains, r.tags
    from contacts r where ${matches(workspaceId, q)}
    order by score desc, r.display_name, r.id limit ${limit})`;
}

function companiesQuery(workspaceId: string, q: SQL, limit: number) {
  return sql`(select 'company' as type, r.id, r.name as title, r.domains[1] as subtitle, ${score(q)} as score,
      '{}'::text[] as emails, array_remove(array[r.phone], null) as phones, r.domains, r.tags
    from companies r where ${matches(workspaceId, q)}
    order by score desc, r.name, r.id limit ${limit})`;
}

function dealsQuery(workspaceId: string, q: SQL, limit: number) {
  return sql`(select 'deal' as type, r.id, r.name as title, c.name as subtitle, ${score(q)} as score,
      '{}'::text[] as emails, '{}'::text[] as phones, '{}'::text[] as domains, r.tags
    from deals r
    left join companies c on c.workspace_id = r.workspace_id and c.id = r.company_id
    where ${matches(workspaceId, q)}
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
): Promise<SearchRow[]> {
  const q = sql`public.rapport_search_normalize(${text}::text)`;
  const parts = types.map((type) => QUERIES[type](workspaceId, q, limit));
  const result = await db.execute(
    sql`select * from (${sql.join(parts, sql` union all `)}) hits order by score desc limit ${limit}`,
  );
  return (result as unknown as { rows: SearchRow[] }).rows;
}
