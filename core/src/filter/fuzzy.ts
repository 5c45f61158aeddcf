/**
 * Fuzzy text matching as search does it: accents and case folded, phone-like queries reduced to
 * digits, and pg_trgm's word similarity (the share of the query's trigrams found in the best-matching
 * stretch of the text). The server does this in SQL with an index; this is the in-memory twin.
 */

/** pg_trgm word similarity a record must reach to match; the database connection uses the same. */
export const FUZZY_MATCH_THRESHOLD = 0.3;

// Digits with the punctuation people type in phone numbers: "+1 (415) 555-0123", "0044 20 7946".
const PHONE_LIKE = /^[\d\s+().\-/]+$/;
const MIN_PHONE_DIGITS = 3;

/** Phones are indexed by their digits, so a phone-like query is reduced to them. */
export function searchTextOf(query: string): string {
  const digits = query.replace(/\D/g, "");
  return PHONE_LIKE.test(query) && digits.length >= MIN_PHONE_DIGITS ? digits : query.trim();
}

/** Lower case without accents ("Zoë" → "zoe"), as unaccent + lower do in SQL. */
export function foldText(text: string): string {
  return text.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase();
}

const words = (text: string) => text.split(/[^\p{L}\p{N}]+/u).filter(Boolean);

function trigrams(word: string): string[] {
  const padded = `  ${word} `;
  const out: string[] = [];
  for (let i = 0; i + 3 <= padded.length; i++) out.push(padded.slice(i, i + 3));
  return out;
}

/**
 * Share of the query's trigrams that `text` holds (0–1). Close to pg_trgm's word_similarity, which
 * also requires the trigrams to sit in one stretch of words; here any of the text's words count.
 */
export function fuzzySimilarity(query: string, text: string): number {
  const wanted = new Set(words(foldText(query)).flatMap(trigrams));
  if (wanted.size === 0) return 0;
  const have = new Set(words(foldText(text)).flatMap(trigrams));
  let shared = 0;
  for (const t of wanted) if (have.has(t)) shared++;
  return shared / wanted.size;
}

/** Whether `text` matches a search for `query`, typos forgiven. */
export function fuzzyMatches(query: string, text: string): boolean {
  const q = searchTextOf(query);
  if (/^\d+$/.test(q)) return text.replace(/\D/g, "").includes(q);
  return foldText(text).includes(foldText(q)) || fuzzySimilarity(q, text) >= FUZZY_MATCH_THRESHOLD;
}
