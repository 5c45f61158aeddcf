import { createReadStream, statSync } from "node:fs";
import path from "node:path";
import { type ImportObject, ImportSettings } from "@rapport/core";
import { sql } from "drizzle-orm";
import { audit, auditActorOf } from "../../platform/audit/audit.ts";
import { systemPrincipal } from "../../platform/auth/principal.ts";
import { type Db, queryRows } from "../../platform/db/index.ts";
import { AppError } from "../../platform/errors.ts";
import { checkSettings, dryRun, stageImport } from "./import.service.ts";
import * as store from "./import.store.ts";
import { runImport } from "./run-import.ts";

export type CliImportOptions = {
  file: string;
  object: ImportObject;
  workspaceId: string | undefined;
  dryRun: boolean;
  /** Options given on the command line (unchecked); they override the suggested settings. */
  settings: Record<string, unknown>;
};

async function resolveWorkspace(db: Db, id: string | undefined): Promise<string> {
  if (id) return id;
  const rows = await queryRows<{ id: string }>(
    db,
    sql`select id from workspaces order by created_at limit 2`,
  );
  if (rows.length === 1) return rows[0]!.id;
  throw new AppError(
    "validation_failed",
    rows.length === 0
      ? "There is no workspace yet; create one first."
      : "There are several workspaces: name one with --workspace ID.",
  );
}

/**
 * `rapport import FILE`: the same staging, mapping and run as the API, as Rapport itself (no member
 * owns the new records), in this process rather than a worker. Returns what happened.
 */
export async function importFromCli(db: Db, options: CliImportOptions) {
  const workspaceId = await resolveWorkspace(db, options.workspaceId);
  const principal = systemPrincipal(workspaceId);
  const staged = await stageImport(db, principal, {
    object: options.object,
    fileName: path.basename(options.file),
    body: createReadStream(options.file),
    declaredBytes: statSync(options.file).size,
  });
  const parsed = ImportSettings.safeParse({ ...staged.suggested, ...options.settings });
  if (!parsed.success) {
    await store.deleteImport(db, workspaceId, staged.id);
    throw new AppError(
      "validation_failed",
      parsed.error.issues.map((i) => `${String(i.path[0])}: ${i.message}`).join("; "),
    );
  }
  const input = parsed.data;
  if (options.dryRun) return { import: staged.id, dryRun: await dryRun(db, principal, staged.id, input) };
  const imp = await store.findImport(db, workspaceId, staged.id);
  const { settings } = await checkSettings(db, imp!, input);
  await store.updateImport(db, workspaceId, staged.id, { settings, status: "queued" });
  await audit(db, {
    workspaceId,
    action: "import.started",
    actor: auditActorOf(principal),
    target: { type: "import", id: staged.id },
    details: {
      fileName: staged.fileName,
      rows: staged.totalRows,
      matchPolicy: settings.matchPolicy,
      via: "cli",
    },
  });
  const result = await runImport(db, staged.id, workspaceId);
  const done = await store.findImport(db, workspaceId, staged.id);
  return { import: staged.id, status: done!.status, error: done!.error, ...result };
}
