DROP INDEX "deals_owner_idx";--> statement-breakpoint
DROP INDEX "companies_owner_idx";--> statement-breakpoint
DROP INDEX "contacts_owner_idx";--> statement-breakpoint
CREATE INDEX "deals_owner_idx" ON "deals" USING btree ("workspace_id","owner_id","created_at","id") WHERE "deals"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "companies_owner_idx" ON "companies" USING btree ("workspace_id","owner_id","created_at","id") WHERE "companies"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "contacts_owner_idx" ON "contacts" USING btree ("workspace_id","owner_id","created_at","id") WHERE "contacts"."deleted_at" is null;