-- Search: trigram matching (pg_trgm) on accent-free text (unaccent), with the workspace id in the
-- same GIN index (btree_gin). PGlite loads the same three extensions (see platform/db/client.ts).
CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS unaccent;--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS btree_gin;--> statement-breakpoint
-- unaccent(text) is only STABLE (it looks its dictionary up by name); naming the dictionary makes
-- the result depend on the argument alone, so the wrapper may be IMMUTABLE and used in a stored column.
CREATE OR REPLACE FUNCTION public.rapport_search_normalize(value text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, value)) $$;--> statement-breakpoint
-- Phones are indexed by their digits (the typed form and E.164), so any format finds them.
CREATE OR REPLACE FUNCTION public.rapport_contact_search_text(display_name text, emails jsonb, phones jsonb, tags text[]) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT public.rapport_search_normalize(concat_ws(' ',
    display_name,
    (SELECT string_agg(e ->> 'value', ' ') FROM jsonb_array_elements(emails) e),
    (SELECT string_agg(concat_ws(' ', regexp_replace(p ->> 'value', '[^0-9]', '', 'g'), regexp_replace(p ->> 'e164', '[^0-9]', '', 'g')), ' ') FROM jsonb_array_elements(phones) p),
    array_to_string(tags, ' '))) $$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION public.rapport_company_search_text(name text, domains text[], phone text, tags text[]) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT public.rapport_search_normalize(concat_ws(' ',
    name, array_to_string(domains, ' '), regexp_replace(phone, '[^0-9]', '', 'g'), array_to_string(tags, ' '))) $$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION public.rapport_deal_search_text(name text, tags text[]) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT public.rapport_search_normalize(concat_ws(' ', name, array_to_string(tags, ' '))) $$;--> statement-breakpoint
ALTER TABLE "workspaces" ADD COLUMN "default_country" text;--> statement-breakpoint
ALTER TABLE "deals" ADD COLUMN "search_text" text GENERATED ALWAYS AS (public.rapport_deal_search_text(name, tags)) STORED NOT NULL;--> statement-breakpoint
ALTER TABLE "companies" ADD COLUMN "search_text" text GENERATED ALWAYS AS (public.rapport_company_search_text(name, domains, phone, tags)) STORED NOT NULL;--> statement-breakpoint
ALTER TABLE "contacts" ADD COLUMN "search_text" text GENERATED ALWAYS AS (public.rapport_contact_search_text(display_name, emails, phones, tags)) STORED NOT NULL;--> statement-breakpoint
CREATE INDEX "deals_search_idx" ON "deals" USING gin ("workspace_id","search_text" gin_trgm_ops) WHERE "deals"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "companies_search_idx" ON "companies" USING gin ("workspace_id","search_text" gin_trgm_ops) WHERE "companies"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "contacts_search_idx" ON "contacts" USING gin ("workspace_id","search_text" gin_trgm_ops) WHERE "contacts"."deleted_at" is null;--> statement-breakpoint
ALTER TABLE "workspaces" ADD CONSTRAINT "workspaces_default_country_check" CHECK ("workspaces"."default_country" ~ '^[A-Z]{2}$');