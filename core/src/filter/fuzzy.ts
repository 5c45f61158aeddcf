/**
 * Fuzzy text matching as search does it: accents and case folded, phone-like queries reduced to
 * digits, each word of the query found as typed or within a few edits, and pg_trgm's word
 * similarity (the share of the query's trigrams found in the best-matching stretch of the text) to
 * rank. The server does this in SQL with an index; this is the in-memory twin.
 */

/** pg_trgm word similarity at which `<%` finds candidates (dictionary words, similar names); every connection sets it. */
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

/**
 * The words of a query as they are matched: folded, split at spaces (an email or a phone's digits
 * stay one word). Only words of letters may be corrected; the others are taken as typed.
 */
export function queryWords(query: string): string[] {
  return foldText(searchTextOf(query)).split(/\s+/).filter(Boolean);
}

/**
 * Per word of a query, what it may stand for (`matches`: the text holds one of them), with fewer
 * patterns and the same matches: a word's alternative holding another of its alternatives goes
 * ("williams" is found by "william"), and a word whose every match another word's matches imply
 * goes too ("william" beside "williams", a word typed twice). So the database is asked to find
 * "william" once, not "williams or william" and "william" again.
 */
export function fewestAlternatives(alternatives: string[][]): string[][] {
  const groups = alternatives.map((group) => {
    const distinct = [...new Set(group)];
    return distinct.filter((word) => !distinct.some((other) => other !== word && word.includes(other)));
  });
  // Whether every text holding one of `strong` holds one of `weak`.
  const implies = (strong: string[], weak: string[]) =>
    strong.every((word) => weak.some((other) => word.includes(other)));
  return groups.filter(
    (group, i) =>
      !groups.some((other, j) => j !== i && implies(other, group) && (!implies(group, other) || j < i)),
  );
}

/** Whether a word of a query may stand for a word within its allowed edits (letters only, four or more). */
export const correctable = (word: string) => /^\p{L}+$/u.test(word) && allowedEdits(word) > 0;

/**
 * Whether `text` matches a search for `query`, typos forgiven: every word of the query is in the
 * text as typed, or is within its allowed edits of one of the text's words ("jonh smiht" matches
 * "John Smith", "acme corp" "ACME Corporation Ltd."). Phone-like queries compare digits. The
 * server asks the same of its indexed text, with the workspace's words as the corrections.
 */
export function fuzzyMatches(query: string, text: string): boolean {
  const q = searchTextOf(query);
  if (/^\d+$/.test(q)) return text.replace(/\D/g, "").includes(q);
  const folded = foldText(text);
  const textWords = words(folded);
  return queryWords(q).every(
    (word) =>
      folded.includes(word) ||
      (correctable(word) &&
        textWords.some((t) => editDistance(word, t, allowedEdits(word)) <= allowedEdits(word))),
  );
}

/**
 * Edits between two words: insertions, deletions, substitutions and swaps of neighbouring letters
 * ("jonh" → "john" is one), stopping early once `max` is exceeded (the answer is then `max + 1`).
 */
export function editDistance(a: string, b: string, max = Number.POSITIVE_INFINITY): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  // Three rows of the optimal-string-alignment table: two back, the previous one, the current one.
  let before = new Array<number>(b.length + 1).fill(0);
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d = Math.min(d, before[j - 2]! + 1);
      current.push(d);
      rowMin = Math.min(rowMin, d);
    }
    if (rowMin > max) return max + 1;
    before = previous;
    previous = current;
  }
  return previous[b.length]!;
}

/** How many edits a typed word may be from the word meant: none below four letters, one up to five, two beyond. */
export const allowedEdits = (word: string) => (word.length < 4 ? 0 : word.length <= 5 ? 1 : 2);

const LETTERS = "abcdefghijklmnopqrstuvwxyz";

/**
 * Every word one edit from `word` (a letter dropped, swapped with its neighbour, replaced or added;
 * letters a–z and the word's own): what a dictionary is probed with exactly, for the typos that
 * share too few trigrams to be found by similarity ("lpoez" is 0.2 from "lopez").
 */
export function oneEditVariants(word: string): string[] {
  const letters = [...new Set(LETTERS + word)];
  const out = new Set<string>();
  for (let i = 0; i <= word.length; i++) {
    const [head, tail] = [word.slice(0, i), word.slice(i)];
    for (const c of letters) out.add(head + c + tail);
    if (i === word.length) continue;
    out.add(head + tail.slice(1));
    for (const c of letters) out.add(head + c + tail.slice(1));
    if (i + 1 < word.length) out.add(head + tail[1] + tail[0] + tail.slice(2));
  }
  out.delete(word);
  return [...out];
}
