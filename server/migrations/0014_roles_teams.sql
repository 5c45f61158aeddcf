CREATE TABLE "roles" (
	"workspace_id" uuid NOT NULL,
	"key" text NOT NULL,
	"name" text NOT NULL,
	"builtin" boolean DEFAULT false NOT NULL,
	"permissions" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "roles_workspace_id_key_pk" PRIMARY KEY("workspace_id","key"),
	CONSTRAINT "roles_key_check" CHECK ("roles"."key" ~ '^[a-z][a-z0-9_]{1,39}$')
);
--> statement-breakpoint
CREATE TABLE "team_members" (
	"workspace_id" uuid NOT NULL,
	"team_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"manager" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "team_members_workspace_id_team_id_user_id_pk" PRIMARY KEY("workspace_id","team_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "teams" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "teams_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
ALTER TABLE "api_keys" DROP CONSTRAINT "api_keys_role_check";--> statement-breakpoint
ALTER TABLE "invitations" DROP CONSTRAINT "invitations_role_check";--> statement-breakpoint
ALTER TABLE "memberships" DROP CONSTRAINT "memberships_role_check";--> statement-breakpoint
ALTER TABLE "roles" ADD CONSTRAINT "roles_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "team_members" ADD CONSTRAINT "team_members_team_fk" FOREIGN KEY ("workspace_id","team_id") REFERENCES "public"."teams"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "team_members" ADD CONSTRAINT "team_members_membership_fk" FOREIGN KEY ("workspace_id","user_id") REFERENCES "public"."memberships"("workspace_id","user_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "teams" ADD CONSTRAINT "teams_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "team_members_one_manager" ON "team_members" USING btree ("workspace_id","team_id") WHERE "team_members"."manager";--> statement-breakpoint
CREATE INDEX "team_members_user_idx" ON "team_members" USING btree ("workspace_id","user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "teams_name_key" ON "teams" USING btree ("workspace_id",lower("name"));--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_role_check" CHECK ("invitations"."role" <> 'owner');--> statement-breakpoint
-- hand-written: seed the built-in roles of existing workspaces, rename member → sales_rep and
-- viewer → read_only, then tie every role reference to the workspace's roles (no action: a role in
-- use cannot be deleted). New workspaces get their built-ins from the application (workspace.store).
INSERT INTO "roles" ("workspace_id", "key", "name", "builtin", "permissions")
SELECT w."id", b."key", b."name", true, b."permissions"
FROM "workspaces" w CROSS JOIN (VALUES
  ('owner', 'Owner', '{"administer":true,"objects":{"contacts":{"actions":["read","create","update","delete","export","import","bulk_edit"],"visibility":"all"},"companies":{"actions":["read","create","update","delete","export","import","bulk_edit"],"visibility":"all"},"deals":{"actions":["read","create","update","delete","export","import","bulk_edit"],"visibility":"all"},"activities":{"actions":["read","create","update","delete","export","import","bulk_edit"],"visibility":"all"},"tasks":{"actions":["read","create","update","delete","export","import","bulk_edit"],"visibility":"all"}}}'::jsonb),
  ('admin', 'Admin', '{"administer":true,"objects":{"contacts":{"actions":["read","create","update","delete","export","import","bulk_edit"],"visibility":"all"},"companies":{"actions":["read","create","update","delete","export","import","bulk_edit"],"visibility":"all"},"deals":{"actions":["read","create","update","delete","export","import","bulk_edit"],"visibility":"all"},"activities":{"actions":["read","create","update","delete","export","import","bulk_edit"],"visibility":"all"},"tasks":{"actions":["read","create","update","delete","export","import","bulk_edit"],"visibility":"all"}}}'::jsonb),
  ('sales_manager', 'Sales manager', '{"administer":false,"objects":{"contacts":{"actions":["read","create","update","delete","export","import","bulk_edit"],"visibility":"all"},"companies":{"actions":["read","create","update","delete","export","import","bulk_edit"],"visibility":"all"},"deals":{"actions":["read","create","update","delete","export","import","bulk_edit"],"visibility":"all"},"activities":{"actions":["read","create","update","delete","export","import","bulk_edit"],"visibility":"all"},"tasks":{"actions":["read","create","update","delete","export","import","bulk_edit"],"visibility":"all"}}}'::jsonb),
  ('sales_rep', 'Sales rep', '{"administer":false,"objects":{"contacts":{"actions":["read","create","update","delete","bulk_edit"],"visibility":"all"},"companies":{"actions":["read","create","update","delete","bulk_edit"],"visibility":"all"},"deals":{"actions":["read","create","update","delete","bulk_edit"],"visibility":"all"},"activities":{"actions":["read","create","update","delete","bulk_edit"],"visibility":"all"},"tasks":{"actions":["read","create","update","delete","bulk_edit"],"visibility":"all"}}}'::jsonb),
  ('marketing', 'Marketing', '{"administer":false,"objects":{"contacts":{"actions":["read","create","update","delete","export","import","bulk_edit"],"visibility":"all"},"companies":{"actions":["read","create","update","delete","export","import","bulk_edit"],"visibility":"all"},"deals":{"actions":["read"],"visibility":"all"},"activities":{"actions":["read","create"],"visibility":"all"},"tasks":{"actions":["read","create","update","delete"],"visibility":"own"}}}'::jsonb),
  ('support_agent', 'Support agent', '{"administer":false,"objects":{"contacts":{"actions":["read","create","update"],"visibility":"all"},"companies":{"actions":["read"],"visibility":"all"},"deals":{"actions":["read"],"visibility":"all"},"activities":{"actions":["read","create","update"],"visibility":"all"},"tasks":{"actions":["read","create","update","delete"],"visibility":"own"}}}'::jsonb),
  ('read_only', 'Read-only', '{"administer":false,"objects":{"contacts":{"actions":["read"],"visibility":"all"},"companies":{"actions":["read"],"visibility":"all"},"deals":{"actions":["read"],"visibility":"all"},"activities":{"actions":["read"],"visibility":"all"},"tasks":{"actions":["read"],"visibility":"all"}}}'::jsonb)
) AS b("key", "name", "permissions");--> statement-breakpoint
UPDATE "memberships" SET "role" = CASE "role" WHEN 'member' THEN 'sales_rep' WHEN 'viewer' THEN 'read_only' ELSE "role" END WHERE "role" IN ('member', 'viewer');--> statement-breakpoint
UPDATE "invitations" SET "role" = CASE "role" WHEN 'member' THEN 'sales_rep' WHEN 'viewer' THEN 'read_only' ELSE "role" END WHERE "role" IN ('member', 'viewer');--> statement-breakpoint
UPDATE "api_keys" SET "role" = CASE "role" WHEN 'member' THEN 'sales_rep' WHEN 'viewer' THEN 'read_only' ELSE "role" END WHERE "role" IN ('member', 'viewer');--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_role_fk" FOREIGN KEY ("workspace_id","role") REFERENCES "public"."roles"("workspace_id","key") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_role_fk" FOREIGN KEY ("workspace_id","role") REFERENCES "public"."roles"("workspace_id","key") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_role_fk" FOREIGN KEY ("workspace_id","role") REFERENCES "public"."roles"("workspace_id","key") ON DELETE no action ON UPDATE no action;
