import {
  allowedEdits,
  correctable,
  editDistance,
  type Filter,
  oneEditVariants,
  queryWords,
  searchTextOf,
} from "@rapport/core";
import { sql } from "drizzle-orm";
import { type Db, queryRows } from "../db/index.ts";

/**
 * Texts folded as records' search text is (`rapport_search_normalize`: lower case, unaccent's
 * rules, which fold more than Unicode decomposition does: "ø" → o, "ß" → ss), in one round trip.
 */
export async function foldInDatabase(db: Db, texts: string[]): Promise<string[]> {
  if (texts.length === 0) return [];
  const rows = await queryRows<{ folded: string }>(
    db,
    sql`select public.rapport_search_normalize(t) as folded
        from unnest(${sql.param(texts)}::text[]) with ordinality as x(t, i) order by i`,
  );
  return rows.map((r) => r.folded);
}

/** Candidates per typed word from the dictionary, and corrections kept per word. */
const CANDIDATES_PER_WORD = 12;
const CORRECTIONS_PER_WORD = 3;

/**
 * What each word may stand for: the word itself when it begins a word the workspace's records hold
 * (typing in progress, or spelt right), else the dictionary words within its allowed edits
 * ("smiht" → smith), nearest first. Words that cannot be corrected (short, or with digits or other
 * signs: emails, phones) are taken as typed. An empty list: nothing close to that word exists.
 * Candidates are dictionary words (`search_words`) holding a stretch like the typed word (`<%`,
 * word similarity at the connection's threshold: "jonh" is 0.4 from "john"), found through the
 * trigram index, and the word's one-edit variants that the dictionary holds (a swap near the start
 * leaves too few shared trigrams: "lpoez" is 0.2 from "lopez"), found through its primary key.
 */
export async function wordAlternatives(db: Db, workspaceId: string, typed: string[]): Promise<string[][]> {
  // Letters only, so they need no escaping in LIKE and hold no space.
  const checked = [...new Set(typed.filter(correctable))];
  if (checked.length === 0) return typed.map((word) => [word]);
  const variants = checked.flatMap(oneEditVariants);
  const rows = await queryRows<{ typed: string | null; word: string | null; known: boolean }>(
    db,
    sql`select q.word as typed, c.word,
          exists (select 1 from search_words k
                  where k.workspace_id = ${workspaceId} and k.word like q.word || '%') as known
        from unnest(string_to_array(${checked.join(" ")}::text, ' ')) q(word)
        left join lateral (
          select w.word from search_words w
          where w.workspace_id = ${workspaceId} and q.word <% w.word
          order by similarity(w.word, q.word) desc, w.word limit ${CANDIDATES_PER_WORD}
        ) c on true
        union all
        select null, v.word, false from search_words v
        where v.workspace_id = ${workspaceId} and v.word = any(string_to_array(${variants.join(" ")}::text, ' '))`,
  );
  const candidates = [...new Set(rows.flatMap((r) => (r.word === null ? [] : [r.word])))];
  return typed.map((word) => {
    if (!checked.includes(word)) return [word];
    if (rows.some((r) => r.typed === word && r.known)) return [word];
    const max = allowedEdits(word);
    return candidates
      .map((candidate) => ({ word: candidate, edits: editDistance(word, candidate, max) }))
      .filter((c) => c.edits <= max)
      .sort((a, b) => a.edits - b.edits)
      .slice(0, CORRECTIONS_PER_WORD)
      .map((c) => c.word);
  });
}

/** Per `matches` value of a filter, what each of its words (folded) may stand for. */
export type Corrections = ReadonlyMap<string, string[][]>;

/**
 * The corrections the `matches` conditions of a filter need, looked up in the workspace's
 * dictionary in one query, so the compiler can turn each into plain LIKEs on the trigram index.
 */
export async function filterCorrections(db: Db, workspaceId: string, filter: Filter): Promise<Corrections> {
  const values = new Set<string>();
  const visit = (node: Filter): void => {
    if ("field" in node) {
      if (node.op === "matches" && typeof node.value === "string") values.add(node.value);
    } else if ("not" in node) visit(node.not);
    else for (const child of "and" in node ? node.and : node.or) visit(child);
  };
  visit(filter);
  if (values.size === 0) return new Map();
  const folded = await foldInDatabase(db, [...values].map(searchTextOf));
  const perValue = [...values].map((value, i) => ({ value, words: queryWords(folded[i]!) }));
  const all = [...new Set(perValue.flatMap((v) => v.words))];
  const alternatives = new Map(
    (await wordAlternatives(db, workspaceId, all)).map((a, i) => [all[i]!, a] as const),
  );
  return new Map(perValue.map(({ value, words }) => [value, words.map((w) => alternatives.get(w)!)]));
}
