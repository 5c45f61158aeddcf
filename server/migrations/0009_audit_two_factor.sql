CREATE TABLE "audit_chain_heads" (
	"chain_id" uuid PRIMARY KEY NOT NULL,
	"seq" bigint NOT NULL,
	"hash" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" uuid PRIMARY KEY NOT NULL,
	"workspace_id" uuid,
	"seq" bigint,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_user_id" uuid,
	"actor_api_key_id" uuid,
	"ip" text,
	"user_agent" text,
	"action" text NOT NULL,
	"target_type" text,
	"target_id" text,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"prev_hash" text,
	"hash" text
);
--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "totp_secret" text;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "totp_enabled_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "totp_last_step" bigint;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "recovery_code_hashes" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "workspaces" ADD COLUMN "require_two_factor" boolean DEFAULT false NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "audit_log_chain_seq_key" ON "audit_log" USING btree (coalesce("workspace_id", '00000000-0000-0000-0000-000000000000'::uuid),"seq");--> statement-breakpoint
CREATE INDEX "audit_log_actor_idx" ON "audit_log" USING btree ("workspace_id","actor_user_id","seq");--> statement-breakpoint
CREATE INDEX "audit_log_target_idx" ON "audit_log" USING btree ("workspace_id","target_type","target_id","seq");
--> statement-breakpoint
-- The canonical form of an audit entry that its hash covers: the previous entry's hash and every
-- column, as a JSON array (jsonb's text form is deterministic; the time is written in UTC).
CREATE FUNCTION audit_entry_hash(e audit_log) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT encode(sha256(convert_to(jsonb_build_array(
    e.prev_hash, e.workspace_id, e.seq, e.id,
    to_char(e.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
    e.actor_user_id, e.actor_api_key_id, e.ip, e.user_agent, e.action, e.target_type, e.target_id,
    e.details
  )::text, 'UTF8')), 'hex')
$$;
--> statement-breakpoint
-- Appends the entry to its chain when its transaction commits (a deferred constraint trigger):
-- the upsert locks the chain head row from then until the commit ends, so appends to one chain are
-- serialized, a rolled-back append leaves no gap, and the lock is taken after every row lock the
-- transaction's record writes hold (so it cannot close a deadlock cycle with them).
CREATE FUNCTION audit_log_chain() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  chain uuid := coalesce(NEW.workspace_id, '00000000-0000-0000-0000-000000000000'::uuid);
  entry audit_log := NEW;
BEGIN
  INSERT INTO audit_chain_heads AS h (chain_id, seq, hash) VALUES (chain, 1, '')
  ON CONFLICT (chain_id) DO UPDATE SET seq = h.seq + 1
  RETURNING h.seq, h.hash INTO entry.seq, entry.prev_hash;
  entry.hash := audit_entry_hash(entry);
  UPDATE audit_log SET seq = entry.seq, prev_hash = entry.prev_hash, hash = entry.hash WHERE id = NEW.id;
  UPDATE audit_chain_heads SET hash = entry.hash WHERE chain_id = chain;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER audit_log_chain AFTER INSERT ON audit_log DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION audit_log_chain();
--> statement-breakpoint
-- Audit rows are never changed or removed, whoever asks. A superuser or the table owner can still
-- disable this trigger; the hash chain is what makes such tampering visible (rapport audit verify).
CREATE FUNCTION audit_log_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- The one change allowed: the chain trigger filling seq, prev_hash and hash of a new entry.
  IF TG_OP = 'UPDATE' AND TG_TABLE_NAME = 'audit_log' AND OLD.hash IS NULL
     AND to_jsonb(NEW) - 'seq' - 'prev_hash' - 'hash' = to_jsonb(OLD) - 'seq' - 'prev_hash' - 'hash' THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'The audit log is append-only: % on % is not allowed', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END
$$;
--> statement-breakpoint
CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_immutable();
--> statement-breakpoint
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION audit_log_immutable();
--> statement-breakpoint
CREATE TRIGGER audit_chain_heads_no_delete BEFORE DELETE ON audit_chain_heads FOR EACH ROW EXECUTE FUNCTION audit_log_immutable();
--> statement-breakpoint
CREATE TRIGGER audit_chain_heads_no_truncate BEFORE TRUNCATE ON audit_chain_heads FOR EACH STATEMENT EXECUTE FUNCTION audit_log_immutable();
