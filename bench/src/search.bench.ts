import { SEARCH_TYPES, searchTextOf } from "@rapport/core";
import { sql } from "drizzle-orm";
import { searchRecords } from "../../server/src/modules/search/search.store.ts";
import { textLiteral } from "../../server/src/platform/db/index.ts";
import { foldInDatabase } from "../../server/src/platform/filter/corrections.ts";
import { measure, printTable } from "./measure.ts";
import { benchApp, type Target } from "./records.bench.ts";

type Sample = { display_name: string; last_name: string | null; email: string | null; phone: string | null };

// The owner sees every record: no visibility condition, as the API answers for the owner.
const ALL_VISIBLE = { contact: undefined, company: undefined, deal: undefined };
/** "smith" → "smiht": two neighbouring letters swapped, the commonest typo. */
function swapLetters(word: string): string {
  if (word.length < 4) return word;
  const i = Math.floor(word.length / 2);
  return word.slice(0, i - 1) + word[i] + word[i - 1] + word.slice(i + 1);
}

/**
 * Search as people use it, on queries drawn from the seeded records: a name with a typo, three
 * letters typed, an email, part of a phone, a company name; and the tables' search box (a list
 * filter on the same index). SQL is the store's query alone, without HTTP and presentation; for
 * the search box, the list's queries written by hand with the name spelt right.
 */
export async function searchBenchmark(target: Target, options: { contacts: number; n: number }) {
  const database = await target.open();
  try {
    const { ws, inject, q, close } = await benchApp(database, options.contacts);
    const samples = await q<Sample>(
      sql`select display_name, last_name, email, phone from contacts
          where workspace_id = ${ws} and deleted_at is null and last_name is not null
          order by random() limit 200`,
    );
    const companies = (
      await q<{ name: string }>(
        sql`select name from companies where workspace_id = ${ws} and deleted_at is null order by random() limit 200`,
      )
    ).map((r) => r.name);
    const pick = <T>(list: T[], i: number) => list[i % list.length]!;
    const kinds: [string, (i: number) => string][] = [
      [
        "name with a typo",
        (i) => {
          const s = pick(samples, i);
          return s.display_name.replace(s.last_name!, swapLetters(s.last_name!));
        },
      ],
      ["three letters typed", (i) => pick(samples, i).last_name!.slice(0, 3)],
      ["email", (i) => pick(samples, i).email ?? pick(samples, i).display_name],
      ["phone, last 7 digits", (i) => (pick(samples, i).phone ?? "5550123").replace(/\D/g, "").slice(-7)],
      ["company name", (i) => pick(companies, i)],
    ];
    const n = options.n;
    const rows = [];
    for (const [kind, query] of kinds) {
      rows.push({
        api: await measure(`search: ${kind}`, n, (i) =>
          inject("GET", `/api/v1/search?q=${encodeURIComponent(query(i))}&limit=20`),
        ),
        sql: await measure("sql", n, (i) =>
          searchRecords(database.db, ws, searchTextOf(query(i)), [...SEARCH_TYPES], 20, ALL_VISIBLE),
        ),
      });
    }
    const typo = kinds[0]![1];
    // The names folded as the indexed text is, before measuring.
    const folded = await foldInDatabase(
      database.db,
      samples.map((s) => s.display_name),
    );
    rows.push({
      api: await measure("contacts table: search box (typo), newest first", n, (i) =>
        inject(
          "GET",
          `/api/v1/contacts?limit=50&filter=${encodeURIComponent(JSON.stringify({ field: "search", op: "matches", value: typo(i) }))}`,
        ),
      ),
      // The same list written by hand knowing the spelling: each word of the name, a LIKE. As the
      // store does: the page sorted from the matches, up to 5,000 of them from the trigram index;
      // past that, the newest first through the created-at index, which meets a page of them early.
      sql: await measure("sql", n, async (i) => {
        // Constant patterns, as the store writes them, so each is planned for how common it is.
        const words = pick(folded, i)
          .split(/\s+/)
          .map((w) => sql`search_text like ${textLiteral(`%${w}%`)}`);
        const where = sql`workspace_id = ${ws} and deleted_at is null and ${sql.join(words, sql` and `)}`;
        const sorted = await q<{ matches: number }>(
          sql`with m as (select * from contacts where ${where} limit 5001)
              select *, count(*) over () as matches from m order by created_at desc, id desc limit 51`,
        );
        if (sorted.length === 0 || Number(sorted[0]!.matches) <= 5000) return sorted;
        return q(sql`select * from contacts where ${where} order by created_at desc, id desc limit 51`);
      }),
    });
    printTable(`Search on ${target.label}: ${options.contacts.toLocaleString("en")} contacts`, rows);
    await close();
  } finally {
    await database.close();
  }
}
