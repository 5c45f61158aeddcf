CREATE TABLE "duplicate_dismissals" (
	"workspace_id" uuid NOT NULL,
	"object" text NOT NULL,
	"record_a" uuid NOT NULL,
	"record_b" uuid NOT NULL,
	"dismissed_by" uuid,
	"dismissed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "duplicate_dismissals_workspace_id_object_record_a_record_b_pk" PRIMARY KEY("workspace_id","object","record_a","record_b"),
	CONSTRAINT "duplicate_dismissals_ordered" CHECK ("duplicate_dismissals"."record_a" < "duplicate_dismissals"."record_b")
);
--> statement-breakpoint
CREATE TABLE "duplicate_groups" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"object" text NOT NULL,
	"record_ids" uuid[] NOT NULL,
	"score" real NOT NULL,
	"pairs" jsonb NOT NULL,
	"found_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "duplicate_groups_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
ALTER TABLE "companies" ADD COLUMN "merged_into_id" uuid;--> statement-breakpoint
ALTER TABLE "contacts" ADD COLUMN "merged_into_id" uuid;--> statement-breakpoint
ALTER TABLE "duplicate_dismissals" ADD CONSTRAINT "duplicate_dismissals_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "duplicate_dismissals" ADD CONSTRAINT "duplicate_dismissals_dismissed_by_users_id_fk" FOREIGN KEY ("dismissed_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "duplicate_groups" ADD CONSTRAINT "duplicate_groups_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "duplicate_groups_list_idx" ON "duplicate_groups" USING btree ("workspace_id","object","score");--> statement-breakpoint
CREATE INDEX "duplicate_groups_records_idx" ON "duplicate_groups" USING gin ("record_ids");--> statement-breakpoint
-- hand-written: duplicate match keys of a contact and their index
-- A contact's keys for duplicate checks: every email (e:), its domain (d:) and every phone in E.164
-- (p:). One GIN index over them, with the workspace (btree_gin), finds the contacts sharing any key
-- of a new one in a few index probes, whichever of their emails or phones is primary.
CREATE OR REPLACE FUNCTION public.rapport_contact_match_keys(emails jsonb, phones jsonb) RETURNS text[]
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT coalesce(array_agg(DISTINCT k), '{}'::text[]) FROM (
    SELECT 'e:' || lower(trim(e ->> 'value')) AS k FROM jsonb_array_elements(emails) e
    UNION ALL
    SELECT 'd:' || split_part(lower(trim(e ->> 'value')), '@', 2) FROM jsonb_array_elements(emails) e
    UNION ALL
    SELECT 'p:' || (p ->> 'e164') FROM jsonb_array_elements(phones) p WHERE p ->> 'e164' IS NOT NULL
  ) keys $$;--> statement-breakpoint
CREATE INDEX "contacts_match_keys_idx" ON "contacts" USING gin ("workspace_id", public.rapport_contact_match_keys("emails", "phones")) WHERE "deleted_at" IS NULL;
