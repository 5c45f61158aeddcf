import type { SearchHit, SearchMatch, SearchType } from "@rapport/core";
import type { Principal } from "../../platform/auth/principal.ts";
import type { Db } from "../../platform/db/index.ts";
import { type SearchRow, searchRecords } from "./search.store.ts";

// Digits with the punctuation people type in phone numbers: "+1 (415) 555-0123", "0044 20 7946".
const PHONE_LIKE = /^[\d\s+().\-/]+$/;
const MIN_PHONE_DIGITS = 3;

/** What the index holds for a phone is its digits, so a phone-like query is reduced to them. */
export function searchTextOf(q: string): string {
  const digits = q.replace(/\D/g, "");
  return PHONE_LIKE.test(q) && digits.length >= MIN_PHONE_DIGITS ? digits : q;
}

/** Ranked contacts, companies and deals of the caller's workspace that match `q`. */
export async function search(
  db: Db,
  principal: Principal,
  input: { q: string; types: SearchType[]; limit: number },
): Promise<SearchHit[]> {
  const text = searchTextOf(input.q);
  const rows = await searchRecords(db, principal.workspaceId, text, input.types, input.limit);
  return rows.map((row) => toSearchHit(row, text));
}

function toSearchHit(row: SearchRow, text: string): SearchHit {
  return {
    type: row.type,
    id: row.id,
    title: row.title,
    subtitle: row.subtitle,
    score: Math.round(row.score * 1000) / 1000,
    matched: matchedField(row, text),
  };
}

const fold = (s: string) => s.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase();

const trigrams = (s: string) => {
  const set = new Set<string>();
  for (const word of s.split(/[^\p{L}\p{N}]+/u).filter(Boolean)) {
    const padded = `  ${word} `;
    for (let i = 0; i + 3 <= padded.length; i++) set.add(padded.slice(i, i + 3));
  }
  return set;
};

/** Share of the query's trigrams found in `value`, 2 when `value` contains the query outright. */
function closeness(query: string, value: string): number {
  if (value.includes(query)) return 2;
  const wanted = trigrams(query);
  if (wanted.size === 0) return 0;
  const have = trigrams(value);
  let shared = 0;
  for (const t of wanted) if (have.has(t)) shared++;
  return shared / wanted.size;
}

/**
 * The field that explains the match, for the caller to show: the SQL ranks on all of a record's
 * text at once, so this re-scores the few returned rows field by field (ties go to the name).
 */
export function matchedField(row: SearchRow, text: string): SearchMatch {
  const query = fold(text);
  const candidates: [SearchMatch, string[]][] = [
    ["name", [row.title]],
    ["email", row.emails],
    ["phone", row.phones.map((p) => p.replace(/[^\d ]/g, ""))],
    ["domain", row.domains],
    ["tag", row.tags],
  ];
  let best: SearchMatch = "name";
  let bestScore = -1;
  for (const [field, values] of candidates) {
    for (const value of values) {
      const score = closeness(query, fold(value));
      if (score > bestScore) [best, bestScore] = [field, score];
    }
  }
  return best;
}
