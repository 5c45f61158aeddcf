ALTER TABLE "deals" ADD COLUMN "board_position" numeric;--> statement-breakpoint
CREATE INDEX "deals_board_idx" ON "deals" USING btree ("workspace_id","stage_id","board_position","id") WHERE "deals"."deleted_at" is null;--> statement-breakpoint
-- Backfill: existing deals get a place in their column, newest on top (as new deals enter).
UPDATE "deals" SET "board_position" = ranked.n FROM (SELECT "workspace_id", "id", row_number() OVER (PARTITION BY "workspace_id", "stage_id" ORDER BY "created_at" DESC, "id") AS n FROM "deals") AS ranked WHERE "deals"."workspace_id" = ranked."workspace_id" AND "deals"."id" = ranked."id";
