-- hand-written: name blocking keys for the duplicate check at a work domain
-- "Similar name at the same work domain" used to rank every contact of the domain by name
-- similarity: seconds for a domain a million contacts share. These keys block by domain and name
-- instead, so the candidates are the domain's contacts with a name close to the new one's, however
-- large the domain. A name's words are folded as search text is and split on anything but letters
-- and digits. Per email domain, a contact has:
--   "<domain> <word>"            every word of its name;
--   "<domain> <word> <initial>"  every word with the initial of another word of its name, so a
--                                typo or a swap in one word still shares a key ("john smiht" and
--                                "smith john" both have "<domain> john s");
--   "<domain> <word> -"          a one-word name, which a fuller name holding that word matches.
-- What a new contact looks up (`rapport_contact_name_probes`) is the second and third kind for a
-- name of several words, the first for a one-word name.
CREATE OR REPLACE FUNCTION public.rapport_name_words(first_name text, last_name text) RETURNS text[]
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT coalesce(array_agg(DISTINCT w), '{}'::text[])
    FROM regexp_split_to_table(public.rapport_search_normalize(concat_ws(' ', first_name, last_name)), '[^[:alnum:]]+') w
    WHERE w <> '' $$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION public.rapport_contact_name_keys(emails jsonb, first_name text, last_name text) RETURNS text[]
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ WITH domains AS (
      SELECT DISTINCT split_part(lower(trim(e ->> 'value')), '@', 2) AS d FROM jsonb_array_elements(emails) e
    ), words AS (
      SELECT public.rapport_name_words(first_name, last_name) AS ws
    )
    SELECT coalesce(array_agg(DISTINCT k), '{}'::text[]) FROM (
      SELECT d || ' ' || w AS k FROM domains, words, unnest(ws) w
      UNION ALL
      SELECT d || ' ' || w || ' ' || left(x, 1) FROM domains, words, unnest(ws) w, unnest(ws) x WHERE x <> w
      UNION ALL
      SELECT d || ' ' || ws[1] || ' -' FROM domains, words WHERE cardinality(ws) = 1
    ) keys WHERE split_part(k, ' ', 1) <> '' $$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION public.rapport_contact_name_probes(domains text[], first_name text, last_name text) RETURNS text[]
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ WITH words AS (
      SELECT public.rapport_name_words(first_name, last_name) AS ws
    )
    SELECT coalesce(array_agg(DISTINCT k), '{}'::text[]) FROM (
      SELECT d || ' ' || ws[1] AS k FROM unnest(domains) d, words WHERE cardinality(ws) = 1
      UNION ALL
      SELECT d || ' ' || w || ' ' || left(x, 1) FROM unnest(domains) d, words, unnest(ws) w, unnest(ws) x WHERE x <> w
      UNION ALL
      SELECT d || ' ' || w || ' -' FROM unnest(domains) d, words, unnest(ws) w WHERE cardinality(ws) > 1
    ) keys $$;--> statement-breakpoint
-- Few keys per row: written straight into the index, without a pending list (as 0018 does for the
-- match keys).
CREATE INDEX "contacts_name_keys_idx" ON "contacts" USING gin ("workspace_id", public.rapport_contact_name_keys("emails", "first_name", "last_name")) WITH (fastupdate = off) WHERE "deleted_at" IS NULL;
