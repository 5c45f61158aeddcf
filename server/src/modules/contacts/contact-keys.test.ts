import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../../test/index.ts";
import type { Database } from "../../platform/db/client.ts";

// Migrations 0020 and 0023 rewrote the functions behind the contacts' stored search text and their
// match-key and name-key indexes for speed. Stored values and index entries stay valid only if
// every input gives what the former SQL definitions (migrations 0008, 0016 and 0022, copied here)
// gave.
const FORMER = `
CREATE FUNCTION pg_temp.former_search_text(display_name text, emails jsonb, phones jsonb, tags text[]) RETURNS text
  LANGUAGE sql IMMUTABLE
  AS $$ SELECT public.rapport_search_normalize(concat_ws(' ',
    display_name,
    (SELECT string_agg(e ->> 'value', ' ') FROM jsonb_array_elements(emails) e),
    (SELECT string_agg(concat_ws(' ', regexp_replace(p ->> 'value', '[^0-9]', '', 'g'), regexp_replace(p ->> 'e164', '[^0-9]', '', 'g')), ' ') FROM jsonb_array_elements(phones) p),
    array_to_string(tags, ' '))) $$;
CREATE FUNCTION pg_temp.former_match_keys(emails jsonb, phones jsonb) RETURNS text[]
  LANGUAGE sql IMMUTABLE
  AS $$ SELECT coalesce(array_agg(DISTINCT k), '{}'::text[]) FROM (
    SELECT 'e:' || lower(trim(e ->> 'value')) AS k FROM jsonb_array_elements(emails) e
    UNION ALL
    SELECT 'd:' || split_part(lower(trim(e ->> 'value')), '@', 2) FROM jsonb_array_elements(emails) e
    UNION ALL
    SELECT 'p:' || (p ->> 'e164') FROM jsonb_array_elements(phones) p WHERE p ->> 'e164' IS NOT NULL
  ) keys $$;
CREATE FUNCTION pg_temp.former_name_words(first_name text, last_name text) RETURNS text[]
  LANGUAGE sql IMMUTABLE
  AS $$ SELECT coalesce(array_agg(DISTINCT w), '{}'::text[])
    FROM regexp_split_to_table(public.rapport_search_normalize(concat_ws(' ', first_name, last_name)), '[^[:alnum:]]+') w
    WHERE w <> '' $$;
CREATE FUNCTION pg_temp.former_name_keys(emails jsonb, first_name text, last_name text) RETURNS text[]
  LANGUAGE sql IMMUTABLE
  AS $$ WITH domains AS (
      SELECT DISTINCT split_part(lower(trim(e ->> 'value')), '@', 2) AS d FROM jsonb_array_elements(emails) e
    ), words AS (
      SELECT pg_temp.former_name_words(first_name, last_name) AS ws
    )
    SELECT coalesce(array_agg(DISTINCT k), '{}'::text[]) FROM (
      SELECT d || ' ' || w AS k FROM domains, words, unnest(ws) w
      UNION ALL
      SELECT d || ' ' || w || ' ' || left(x, 1) FROM domains, words, unnest(ws) w, unnest(ws) x WHERE x <> w
      UNION ALL
      SELECT d || ' ' || ws[1] || ' -' FROM domains, words WHERE cardinality(ws) = 1
    ) keys WHERE split_part(k, ' ', 1) <> '' $$;`;

const CASES: [string | null, unknown, unknown, (string | null)[] | null][] = [
  ["Ada Lovelace", [], [], []],
  [null, [], [], []],
  [null, null, null, null],
  ["", [{ value: "" }], [{ value: "abc" }], [""]],
  [
    "Åda Lövelace",
    [{ value: "A@B.com " }, { value: null }, { x: 1 }, "text", { value: "a@b.com" }],
    [{ value: "+1 (415) 555", e164: "+1415555" }, { value: null }, { e164: "+44" }, {}],
    ["VIP", "big deal"],
  ],
  [
    "Zed",
    [{ value: "zed@z.io" }, { value: "Bob@A.io" }, { value: "amy@z.io" }, { value: "B@a.io" }],
    [{ e164: "+9" }, { e164: "+10" }, { e164: "+9" }],
    ["a", null],
  ],
  ["Émile", [{ value: "Ärger@x.de" }, { value: "arger@x.de" }, { value: "_a@x.de" }], [], []],
  ["noat", [{ value: "noat" }], [{ e164: "+1" }, { e164: "+1" }], []],
];

const NAME_CASES: [string | null, string | null, unknown][] = [
  ["Ada", "Lovelace", [{ value: "ada@example.org" }]],
  [
    "José-María",
    "O'Reilly  José",
    [{ value: " Jose@ACME.io" }, { value: "jm@acme.io" }, { value: "j@other.org" }],
  ],
  ["Ada", null, [{ value: "ada@x.de" }, { value: "ADA@X.DE " }]],
  [null, null, [{ value: "nobody@x.de" }]],
  ["Zoë", "Ünal", [{ value: "noat" }, { value: "z@ spaced.io" }, { value: "z@a b.io" }, { value: null }, {}]],
  ["b a", "c b", [{ value: "q@q.q" }]],
  ["Ada", "Lovelace", []],
  ["Ada", "Lovelace", null],
  ["", "", [{ value: "e@e.io" }]],
  ["R2-D2", "3PO", [{ value: "droid@sw.org" }, { value: "droid@sw.org" }]],
];

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.close());

describe("contact search text and match keys", () => {
  it("give exactly what their former SQL definitions gave, edge cases included", async () => {
    const rows = await database.withConnection(async (runner) => {
      await runner.exec("begin");
      try {
        await runner.exec(FORMER);
        return await runner.rows<Record<string, unknown>>(
          `select public.rapport_contact_search_text(c.name, c.emails, c.phones, c.tags) as text,
                  pg_temp.former_search_text(c.name, c.emails, c.phones, c.tags) as former_text,
                  public.rapport_contact_match_keys(c.emails, c.phones) as keys,
                  pg_temp.former_match_keys(c.emails, c.phones) as former_keys
           from jsonb_to_recordset($1::jsonb) as c(name text, emails jsonb, phones jsonb, tags text[])`,
          [JSON.stringify(CASES.map(([name, emails, phones, tags]) => ({ name, emails, phones, tags })))],
        );
      } finally {
        await runner.exec("rollback");
      }
    });
    expect(rows).toHaveLength(CASES.length);
    for (const row of rows) {
      expect(row.text).toEqual(row.former_text);
      expect(row.keys).toEqual(row.former_keys);
    }
    // Not vacuous: the cases do hold text, keys in order, repeats once and a null key last.
    expect(rows[4]).toMatchObject({
      text: "ada lovelace a@b.com  a@b.com 1415555 1415555  44  vip big deal",
      keys: ["d:b.com", "e:a@b.com", "p:+1415555", "p:+44", null],
    });
  });
  it("name words and name keys give exactly what their former SQL definitions gave", async () => {
    const rows = await database.withConnection(async (runner) => {
      await runner.exec("begin");
      try {
        await runner.exec(FORMER);
        return await runner.rows<Record<string, unknown>>(
          `select public.rapport_name_words(c.first, c.last) as words,
                  pg_temp.former_name_words(c.first, c.last) as former_words,
                  public.rapport_contact_name_keys(c.emails, c.first, c.last) as keys,
                  pg_temp.former_name_keys(c.emails, c.first, c.last) as former_keys
           from jsonb_to_recordset($1::jsonb) as c(first text, last text, emails jsonb)`,
          [JSON.stringify(NAME_CASES.map(([first, last, emails]) => ({ first, last, emails })))],
        );
      } finally {
        await runner.exec("rollback");
      }
    });
    expect(rows).toHaveLength(NAME_CASES.length);
    for (const row of rows) {
      expect(row.words).toEqual(row.former_words);
      expect(row.keys).toEqual(row.former_keys);
    }
    // Not vacuous: words folded, split, sorted and each once; keys per domain, once each.
    expect(rows[1]).toMatchObject({
      words: ["jose", "maria", "o", "reilly"],
      keys: expect.arrayContaining(["acme.io jose m", "acme.io reilly o", "acme.io o"]),
    });
    expect(rows[2]).toMatchObject({ keys: ["x.de ada", "x.de ada -"] });
  });
});
