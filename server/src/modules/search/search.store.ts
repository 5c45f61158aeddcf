import { fewestAlternatives, queryWords, type SearchType } from "@rapport/core";
import { type SQL, sql } from "drizzle-orm";
import { type Db, queryRows, textLiteral } from "../../platform/db/index.ts";
import { foldInDatabase, wordAlternatives } from "../../platform/filter/corrections.ts";

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
type Matcher = {
  /** The match on a folded text: the indexed `r.search_text`, or a narrower text (`searchRecords`). */
  match: (text: SQL) => SQL;
  score: SQL;
  candidates: number;
};

const INDEXED = sql`r.search_text`;

const SHORT_QUERY = 3;

const likeEscape = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * Matching for `folded` (the query as the indexed text is folded: `foldInDatabase`). Its LIKE
 * patterns are constants in the statement (`textLiteral`), so PostgreSQL plans each query for how
 * common it is: a prefix thousands of records share is read from the table until enough match, a
 * rare one from the trigram index.
 */
function matcher(folded: string): Matcher {
  const escaped = likeEscape(folded);
  if (folded.length <= SHORT_QUERY) {
    const start = textLiteral(`${escaped}%`);
    const word = textLiteral(`% ${escaped}%`);
    return {
      match: (text) => sql`(${text} like ${start} or ${text} like ${word})`,
      score: sql`(case when r.search_text like ${start} then 1.5 else 1.3 end)::float8`,
      candidates: SHORT_CANDIDATES,
    };
  }
  // Text holding the query as typed: LIKE needs every trigram of it, so the index narrows the rows
  // to few candidates (similarity to the query would need only some: most of a large table).
  const q = sql`${folded}::text`;
  return {
    match: (text) => sql`${text} like ${textLiteral(`%${escaped}%`)}`,
    score: sql`(word_similarity(${q}, r.search_text) + case
      when starts_with(r.search_text, ${q}) then 0.5
      when strpos(' ' || r.search_text, ' ' || ${q}) > 0 then 0.3
      when strpos(r.search_text, ${q}) > 0 then 0.2
      else 0 end)::float8`,
    candidates: CANDIDATES,
  };
}

/**
 * Records of one type a query ranks at most: a common name can match tens of thousands of records
 * of a large workspace, and scoring them all would take seconds. Past this many, every candidate
 * holds all the words typed; the caller narrows by typing more.
 */
const CANDIDATES = 300;
/**
 * For a query of up to three letters: its matches are ranked only by whether the text or a later
 * word starts with it, so fewer candidates rank as well, and reading a common prefix's rows from
 * the table stops three times sooner.
 */
const SHORT_CANDIDATES = 100;

function contactsQuery(where: SQL, m: Matcher, limit: number) {
  return sql`(select 'contact' as type, r.id, r.display_name as title,
      coalesce(r.email, r.phone, r.job_title) as subtitle, ${m.score} as score,
      array(select e ->> 'value' from jsonb_array_elements(r.emails) e) as emails,
      array(select concat_ws(' ', p ->> 'value', p ->> 'e164') from jsonb_array_elements(r.phones) p) as phones,
      '{}'::text[] as domains, r.tags
    from (select * from contacts r where ${where} limit ${m.candidates}) r
    order by score desc, r.display_name, r.id limit ${limit})`;
}

function companiesQuery(where: SQL, m: Matcher, limit: number) {
  return sql`(select 'company' as type, r.id, r.name as title, r.domains[1] as subtitle, ${m.score} as score,
      '{}'::text[] as emails, array_remove(array[r.phone], null) as phones, r.domains, r.tags
    from (select * from companies r where ${where} limit ${m.candidates}) r
    order by score desc, r.name, r.id limit ${limit})`;
}

function dealsQuery(where: SQL, m: Matcher, limit: number) {
  return sql`(select 'deal' as type, r.id, r.name as title, c.name as subtitle, ${m.score} as score,
      '{}'::text[] as emails, '{}'::text[] as phones, '{}'::text[] as domains, r.tags
    from (select * from deals r where ${where} limit ${m.candidates}) r
    left join companies c on c.workspace_id = r.workspace_id and c.id = r.company_id
    order by score desc, r.name, r.id limit ${limit})`;
}

const QUERIES = { contact: contactsQuery, company: companiesQuery, deal: dealsQuery };

/**
 * The best `limit` records of each type for `text`, best first across types. `text` is folded (lower
 * case, no accents) by the same SQL function that builds the indexed text.
 */
export async function searchRecords(
  db: Db,
  workspaceId: string,
  text: string,
  types: SearchType[],
  limit: number,
  /** Per type, the caller's visibility condition on the table aliased `r` (undefined: all). */
  visible: Record<SearchType, SQL | undefined>,
  /**
   * Per type, the folded text of what the caller may see, when its role hides some of what the
   * indexed text holds (a contact's emails): the match must hold on it too, so a hidden value
   * cannot be probed by searching for it.
   */
  narrowed: Partial<Record<SearchType, SQL>> = {},
): Promise<SearchRow[]> {
  const own = sql`r.workspace_id = ${workspaceId} and r.deleted_at is null`;
  const run = (m: Matcher) => {
    const parts = types.map((type) => {
      const conditions = [own, m.match(INDEXED)];
      const text = narrowed[type];
      if (text) conditions.push(m.match(text));
      const condition = visible[type];
      if (condition) conditions.push(condition);
      return QUERIES[type](sql.join(conditions, sql` and `), m, limit);
    });
    return queryRows<SearchRow>(
      db,
      sql`select * from (${sql.join(parts, sql` union all `)}) hits order by score desc limit ${limit}`,
    );
  };
  const [folded = ""] = await foldInDatabase(db, [text]);
  // Records containing the query outright cost little to find; typos are looked for only when no
  // record does. Short queries match word prefixes either way.
  const exact = await run(matcher(folded));
  if (exact.length > 0 || folded.length <= SHORT_QUERY) return exact;
  // Then every word, or a correction of it, in any order: each is a LIKE the trigram index answers
  // from few rows, where similarity to the whole query would have to compare most of the table.
  // A word with nothing close to it is left out; when no word is left, nothing matches.
  const alternatives = (await wordAlternatives(db, workspaceId, queryWords(folded))).filter(
    (a) => a.length > 0,
  );
  if (alternatives.length === 0) return [];
  const contains = (text: SQL, word: string) => sql`${text} like ${textLiteral(`%${likeEscape(word)}%`)}`;
  return run({
    match: (text) =>
      sql.join(
        fewestAlternatives(alternatives).map(
          (a) =>
            sql`(${sql.join(
              a.map((word) => contains(text, word)),
              sql` or `,
            )})`,
        ),
        sql` and `,
      ),
    // Ranked against the query as corrected, so "jonh smiht" ranks John Smith as "john smith" would.
    score: matcher(alternatives.map((a) => a[0]).join(" ")).score,
    candidates: CANDIDATES,
  });
}

/** The dictionary words of a contact's search text, split as the dictionary triggers split it. */
export async function contactSearchWords(db: Db, workspaceId: string, id: string): Promise<string[]> {
  const rows = await queryRows<{ word: string }>(
    db,
    sql`select distinct w as word from contacts c, regexp_split_to_table(c.search_text, '[^[:alpha:]]+') w
        where c.workspace_id = ${workspaceId} and c.id = ${id} and length(w) between 3 and 40`,
  );
  return rows.map((r) => r.word);
}

/**
 * Takes out of the dictionary those of `words` that no contact, company or deal holds any more (an
 * erased person's name must not live on as a spelling suggestion). Each check is a LIKE the trigram
 * indexes answer.
 */
export async function forgetSearchWords(db: Db, workspaceId: string, words: string[]): Promise<void> {
  if (words.length === 0) return;
  await db.execute(
    sql`delete from search_words w
        where w.workspace_id = ${workspaceId}
          and w.word = any(string_to_array(${words.join(" ")}::text, ' '))
          and not exists (select 1 from contacts r where r.workspace_id = w.workspace_id and r.search_text like '%' || w.word || '%')
          and not exists (select 1 from companies r where r.workspace_id = w.workspace_id and r.search_text like '%' || w.word || '%')
          and not exists (select 1 from deals r where r.workspace_id = w.workspace_id and r.search_text like '%' || w.word || '%')`,
  );
}
