-- hand-written: the contacts' name blocking keys computed without a query per call
-- 0022 wrote rapport_name_words and rapport_contact_name_keys as SQL functions with sub-selects,
-- which PostgreSQL cannot inline: every call started the executor for each one. The name-keys
-- index computes them for every contact written (an import, a create, an update, a merge):
-- 56 µs a contact, and with the index's own work 122 µs, more than half of what writing a contact
-- cost. The same functions walk the arrays in PL/pgSQL (about 12 µs): same arguments, same
-- results, bit for bit, keys and words sorted and each once (index entries stay valid; the test
-- `contact-keys.test.ts` compares them with the former definitions).
CREATE OR REPLACE FUNCTION public.rapport_name_words(first_name text, last_name text) RETURNS text[]
  LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
  AS $$
DECLARE
  words text[] := '{}';
  w text;
  pos integer;
BEGIN
  -- As array_agg(DISTINCT w) did: each word once, sorted (an insertion sort: a name has few words).
  FOREACH w IN ARRAY regexp_split_to_array(
      public.rapport_search_normalize(concat_ws(' ', first_name, last_name)), '[^[:alnum:]]+') LOOP
    IF w <> '' AND NOT w = ANY (words) THEN
      pos := cardinality(words) + 1;
      FOR j IN 1 .. cardinality(words) LOOP
        IF w < words[j] THEN
          pos := j;
          EXIT;
        END IF;
      END LOOP;
      words := words[1:pos - 1] || w || words[pos:];
    END IF;
  END LOOP;
  RETURN words;
END $$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION public.rapport_contact_name_keys(emails jsonb, first_name text, last_name text) RETURNS text[]
  LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
  AS $$
DECLARE
  ws text[];
  domains text[] := '{}';
  found text[] := '{}';
  keys text[] := '{}';
  d text;
  k text;
  pos integer;
BEGIN
  -- Each email's domain once (an email without a value has none).
  FOR i IN 0 .. coalesce(jsonb_array_length(emails), 0) - 1 LOOP
    d := split_part(lower(trim(emails -> i ->> 'value')), '@', 2);
    IF d IS NOT NULL AND NOT d = ANY (domains) THEN
      domains := domains || d;
    END IF;
  END LOOP;
  IF cardinality(domains) = 0 THEN
    RETURN keys;
  END IF;
  ws := public.rapport_name_words(first_name, last_name);
  FOREACH d IN ARRAY domains LOOP
    FOR i IN 1 .. cardinality(ws) LOOP
      found := found || (d || ' ' || ws[i]);
      FOR j IN 1 .. cardinality(ws) LOOP
        IF j <> i THEN
          found := found || (d || ' ' || ws[i] || ' ' || left(ws[j], 1));
        END IF;
      END LOOP;
    END LOOP;
    IF cardinality(ws) = 1 THEN
      found := found || (d || ' ' || ws[1] || ' -');
    END IF;
  END LOOP;
  -- As array_agg(DISTINCT k) … WHERE split_part(k, ' ', 1) <> '' did: each key once, sorted, none
  -- whose text before the first space is empty (an email without a domain, or one starting so).
  FOREACH k IN ARRAY found LOOP
    IF split_part(k, ' ', 1) <> '' AND NOT k = ANY (keys) THEN
      pos := cardinality(keys) + 1;
      FOR j IN 1 .. cardinality(keys) LOOP
        IF k < keys[j] THEN
          pos := j;
          EXIT;
        END IF;
      END LOOP;
      keys := keys[1:pos - 1] || k || keys[pos:];
    END IF;
  END LOOP;
  RETURN keys;
END $$;
