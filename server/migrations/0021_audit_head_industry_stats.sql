-- hand-written: the audit chain's head is written once per chain per commit, not twice per entry
-- Every entry used to upsert its chain's head row and update it again. A transaction appending
-- many entries (a batch of 1,000 creates) thus left thousands of versions of that one row, each
-- still visible to it, and every later lookup of the head walked them all: the commit grew with
-- the square of the entries (1,000 entries: 360 ms; 2,000: 1.1 s). Now a statement trigger counts
-- each chain's new entries in a transaction-local setting; at commit the chain trigger still
-- chains entry by entry in the order they were inserted, carrying the head in another setting, and
-- the entry that brings the count to zero writes the head. Settings set in a subtransaction that
-- rolls back are undone with its entries, so the count stays that of the entries to chain.
CREATE FUNCTION audit_log_count_pending() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  r record;
  pending text;
BEGIN
  FOR r IN SELECT replace(coalesce(workspace_id, '00000000-0000-0000-0000-000000000000'::uuid)::text, '-', '') AS chain,
                  count(*) AS entries
           FROM new_entries GROUP BY 1 LOOP
    pending := 'rapport.audit_pending_' || r.chain;
    PERFORM set_config(pending, (coalesce(nullif(current_setting(pending, true), ''), '0')::bigint + r.entries)::text, true);
  END LOOP;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER audit_log_count_pending AFTER INSERT ON audit_log REFERENCING NEW TABLE AS new_entries
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_count_pending();
--> statement-breakpoint
-- As before, the first entry of a chain to be chained in a commit locks the head row (taken after
-- every row lock the transaction's record writes hold); the head then lives in a setting until the
-- last entry writes it back.
CREATE OR REPLACE FUNCTION audit_log_chain() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  chain uuid := coalesce(NEW.workspace_id, '00000000-0000-0000-0000-000000000000'::uuid);
  pending_name text := 'rapport.audit_pending_' || replace(chain::text, '-', '');
  head_name text := 'rapport.audit_head_' || replace(chain::text, '-', '');
  pending bigint := nullif(current_setting(pending_name, true), '')::bigint;
  head text := current_setting(head_name, true);
  entry audit_log := NEW;
BEGIN
  -- Set immediate, this trigger would run before the count of its statement's entries.
  IF coalesce(pending, 0) < 1 THEN
    RAISE EXCEPTION 'audit_log_chain chains entries at commit: it cannot be set immediate';
  END IF;
  IF coalesce(head, '') = '' THEN
    INSERT INTO audit_chain_heads AS h (chain_id, seq, hash) VALUES (chain, 0, '')
    ON CONFLICT (chain_id) DO UPDATE SET seq = h.seq
    RETURNING h.seq, h.hash INTO entry.seq, entry.prev_hash;
  ELSE
    entry.seq := split_part(head, ':', 1)::bigint;
    entry.prev_hash := split_part(head, ':', 2);
  END IF;
  entry.seq := entry.seq + 1;
  entry.hash := audit_entry_hash(entry);
  UPDATE audit_log SET seq = entry.seq, prev_hash = entry.prev_hash, hash = entry.hash WHERE id = NEW.id;
  PERFORM set_config(pending_name, (pending - 1)::text, true);
  IF pending = 1 THEN
    UPDATE audit_chain_heads SET seq = entry.seq, hash = entry.hash WHERE chain_id = chain;
    PERFORM set_config(head_name, '', true);
  ELSE
    PERFORM set_config(head_name, entry.seq || ':' || entry.hash, true);
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
-- hand-written: statistics on lower(industry), which filters on a company's industry compare
-- (`company.industry = Software` from contacts). Without them PostgreSQL guesses 0.5% of companies
-- for any industry. Seeded, Software is 40%: at 100,000 contacts it joined the 4,000 Software
-- companies to their 28,000 contacts and sorted them (41,000 buffers) rather than walk the newest
-- contacts until 50 matched (2,800 rows, 3,100 buffers). Expression statistics need no index.
CREATE STATISTICS "companies_industry_stats" ON (lower("industry")) FROM "companies";
--> statement-breakpoint
ANALYZE "companies";
