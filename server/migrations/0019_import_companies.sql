-- hand-written: companies can be imported as contacts are
-- The check is dropped and added back wider in one transaction; `imports` is small (a row per
-- upload), so the validation scan that ADD CONSTRAINT makes is negligible.
ALTER TABLE "imports" DROP CONSTRAINT "imports_object";--> statement-breakpoint
ALTER TABLE "imports" ADD CONSTRAINT "imports_object" CHECK ("imports"."object" in ('contacts', 'companies'));
