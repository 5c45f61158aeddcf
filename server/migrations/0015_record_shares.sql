CREATE TABLE "record_shares" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"object" text NOT NULL,
	"record_id" uuid NOT NULL,
	"user_id" uuid,
	"team_id" uuid,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "record_shares_workspace_id_id_pk" PRIMARY KEY("workspace_id","id"),
	CONSTRAINT "record_shares_one_target" CHECK (("record_shares"."user_id" is null) <> ("record_shares"."team_id" is null))
);
--> statement-breakpoint
ALTER TABLE "record_shares" ADD CONSTRAINT "record_shares_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "record_shares" ADD CONSTRAINT "record_shares_membership_fk" FOREIGN KEY ("workspace_id","user_id") REFERENCES "public"."memberships"("workspace_id","user_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "record_shares" ADD CONSTRAINT "record_shares_team_fk" FOREIGN KEY ("workspace_id","team_id") REFERENCES "public"."teams"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "record_shares_user_key" ON "record_shares" USING btree ("workspace_id","object","record_id","user_id") WHERE "record_shares"."user_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "record_shares_team_key" ON "record_shares" USING btree ("workspace_id","object","record_id","team_id") WHERE "record_shares"."team_id" is not null;