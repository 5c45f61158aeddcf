CREATE TABLE "search_words" (
	"workspace_id" uuid NOT NULL,
	"word" text NOT NULL,
	CONSTRAINT "search_words_workspace_id_word_pk" PRIMARY KEY("workspace_id","word")
);
--> statement-breakpoint
ALTER TABLE "search_words" ADD CONSTRAINT "search_words_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "search_words_trgm_idx" ON "search_words" USING gin ("workspace_id","word" gin_trgm_ops);--> statement-breakpoint
-- hand-written: the words of what contacts, companies and deals hold, added by statement triggers
-- (one set-based insert per statement, so batch writes and imports pay once). Words go in sorted
-- order so that concurrent writers adding the same new words queue rather than deadlock.
CREATE OR REPLACE FUNCTION public.rapport_collect_search_words() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    INSERT INTO search_words (workspace_id, word)
    SELECT DISTINCT r.workspace_id, w
    FROM new_rows r, regexp_split_to_table(r.search_text, '[^[:alpha:]]+') w
    WHERE length(w) BETWEEN 3 AND 40
      AND NOT EXISTS (SELECT 1 FROM old_rows o WHERE o.id = r.id AND o.search_text = r.search_text)
    ORDER BY 1, 2
    ON CONFLICT DO NOTHING;
  ELSE
    INSERT INTO search_words (workspace_id, word)
    SELECT DISTINCT r.workspace_id, w
    FROM new_rows r, regexp_split_to_table(r.search_text, '[^[:alpha:]]+') w
    WHERE length(w) BETWEEN 3 AND 40
    ORDER BY 1, 2
    ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER contacts_search_words_insert AFTER INSERT ON contacts REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION public.rapport_collect_search_words();--> statement-breakpoint
CREATE TRIGGER contacts_search_words_update AFTER UPDATE ON contacts REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION public.rapport_collect_search_words();--> statement-breakpoint
CREATE TRIGGER companies_search_words_insert AFTER INSERT ON companies REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION public.rapport_collect_search_words();--> statement-breakpoint
CREATE TRIGGER companies_search_words_update AFTER UPDATE ON companies REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION public.rapport_collect_search_words();--> statement-breakpoint
CREATE TRIGGER deals_search_words_insert AFTER INSERT ON deals REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION public.rapport_collect_search_words();--> statement-breakpoint
CREATE TRIGGER deals_search_words_update AFTER UPDATE ON deals REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION public.rapport_collect_search_words();--> statement-breakpoint
INSERT INTO search_words (workspace_id, word)
SELECT DISTINCT r.workspace_id, w
FROM (SELECT workspace_id, search_text FROM contacts
      UNION ALL SELECT workspace_id, search_text FROM companies
      UNION ALL SELECT workspace_id, search_text FROM deals) r,
  regexp_split_to_table(r.search_text, '[^[:alpha:]]+') w
WHERE length(w) BETWEEN 3 AND 40
ON CONFLICT DO NOTHING;
