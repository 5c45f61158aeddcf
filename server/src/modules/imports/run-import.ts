import type { ImportObject, ImportSettings } from "@rapport/core";
import { z } from "zod";
import { audit, auditActorOf } from "../../platform/audit/audit.ts";
import { requirePermission } from "../../platform/auth/permissions.ts";
import { type Principal, systemPrincipal } from "../../platform/auth/principal.ts";
import type { Db } from "../../platform/db/index.ts";
import { AppError } from "../../platform/errors.ts";
import { defineJob } from "../../platform/jobs/job.ts";
import { type CustomFieldRow, listCustomFields } from "../custom-fields/custom-field.store.ts";
import { resolveGrants } from "../roles/role.store.ts";
import { findMembership } from "../workspaces/workspace.store.ts";
import * as store from "./import.store.ts";
import { type ImportDescriptor, importDescriptor } from "./import-objects.ts";
import type { MappedRecord } from "./map-row.ts";

/**
 * Rows written per transaction: each chunk commits with its progress, so a rerun resumes after it.
 * Large enough that a chunk's few statements (one COPY per table) outweigh its round trips; small
 * enough that progress moves several times a second and a chunk's rows sit easily in memory.
 */
export const CHUNK_ROWS = 2000;

/**
 * Rows created since the table's planner statistics were taken past which a run refreshes them: at
 * least this many, and as many as the statistics counted, so that they are refreshed each time the
 * run doubles the table (a handful of times for a million rows into an empty table, each a sample
 * of 30,000 rows), and at the run's end.
 */
export const ANALYZE_AFTER_ROWS = 10_000;

/**
 * Who an import acts as: the member who started it, with the role and teams they have now (owner of
 * what it creates; updates only records they may see), else Rapport itself.
 */
export async function importPrincipal(db: Db, imp: store.ImportRow): Promise<Principal> {
  if (!imp.createdBy) return systemPrincipal(imp.workspaceId);
  const membership = await findMembership(db, imp.workspaceId, imp.createdBy);
  if (!membership) {
    throw new AppError(
      "forbidden",
      "The member who started this import is no longer in the workspace; start it again as a current member.",
    );
  }
  // Not a request: no session or CSRF token; the import permission was checked when it was started.
  return {
    via: "session",
    userId: imp.createdBy,
    workspaceId: imp.workspaceId,
    role: membership.role,
    sessionId: imp.id,
    csrfToken: "",
    grants: await resolveGrants(db, imp.workspaceId, membership.role, imp.createdBy),
  };
}

/**
 * Refuses (403) an import the principal's role may not make: importing into the object is a
 * permission of its own, and the import creates records and, with the update policy, changes them.
 */
export function assertMayImport(principal: Principal, object: ImportObject, settings?: ImportSettings) {
  requirePermission(principal, object, "import");
  if (!settings) return;
  requirePermission(principal, object, "create");
  if (settings.matchBy && settings.matchPolicy === "update") requirePermission(principal, object, "update");
}

export type ChunkCounts = {
  rows: number;
  created: number;
  updated: number;
  skipped: number;
  rejected: number;
};

const zodMessages = (error: z.ZodError) =>
  error.issues.map((i) => `${i.path.join(".") || "row"}: ${i.message}`);

/** What a staged row says once read through the mapping (CSV) or as read from its card (vCard). */
function readRow(
  imp: store.ImportRow,
  d: ImportDescriptor,
  settings: ImportSettings,
  defs: Map<string, CustomFieldRow>,
  cells: unknown,
): { mapped: MappedRecord; errors: string[] } {
  const { mapped, errors } =
    imp.format === "vcard"
      ? { mapped: cells as MappedRecord, errors: [] as string[] }
      : d.mapRow(imp.headers, cells as string[], settings, defs);
  if (errors.length === 0) {
    const parsed = d.body.safeParse(mapped.input);
    if (!parsed.success) return { mapped, errors: zodMessages(parsed.error) };
    mapped.input = parsed.data;
  }
  return { mapped, errors };
}

type StagedRow = { row_no: number; cells: unknown; outcome: store.Outcome; reason: string | null };

/** A chunk's rows read through the mapping: each valid one's record, or its rejection. */
export type ReadChunk = {
  rows: number;
  firstRow: number;
  lastRow: number;
  valid: { rowNo: number; mapped: MappedRecord }[];
  rejected: { rowNo: number; reason: string }[];
};

/**
 * Reads the next chunk of staged rows and maps them: all of a row's checks that need no database,
 * so a run can do them for the next chunk while the database writes the current one.
 */
export async function readChunk(
  db: Db,
  imp: store.ImportRow,
  settings: ImportSettings,
  defs: CustomFieldRow[],
  afterRowNo: number,
  limit: number,
): Promise<ReadChunk | null> {
  const rows: StagedRow[] = await store.rowsAfter(db, imp.workspaceId, imp.id, afterRowNo, limit);
  if (rows.length === 0) return null;
  const byKey = new Map(defs.map((d) => [d.key, d]));
  const descriptor = importDescriptor(imp.object as ImportObject);
  const chunk: ReadChunk = {
    rows: rows.length,
    firstRow: rows[0]!.row_no,
    lastRow: rows.at(-1)!.row_no,
    valid: [],
    rejected: [],
  };
  for (const row of rows) {
    if (row.outcome === "rejected") {
      chunk.rejected.push({ rowNo: row.row_no, reason: row.reason ?? "Rejected" });
      continue;
    }
    const { mapped, errors } = readRow(imp, descriptor, settings, byKey, row.cells);
    if (errors.length > 0) chunk.rejected.push({ rowNo: row.row_no, reason: errors.join("; ") });
    else chunk.valid.push({ rowNo: row.row_no, mapped });
  }
  return chunk;
}

/**
 * Runs one chunk of rows in `tx`: links each record to its company by name or domain, applies the
 * match policy, and writes the new records set-based (the object's bulk create: a COPY per table,
 * with history and outbox) and the matched ones through the object service's update. Rows the
 * service refuses are rejected with its reason; the others go on.
 */
export async function processChunk(
  tx: Db,
  principal: Principal,
  imp: store.ImportRow,
  settings: ImportSettings,
  defs: CustomFieldRow[],
  chunk: ReadChunk,
): Promise<{ results: store.RowResult[]; counts: ChunkCounts }> {
  const results: store.RowResult[] = [];
  const reject = (rowNo: number, reason: string) =>
    results.push({ rowNo, outcome: "rejected", reason, recordId: null, before: null });
  for (const r of chunk.rejected) reject(r.rowNo, r.reason);
  const valid = chunk.valid;
  const d = importDescriptor(imp.object as ImportObject);

  const companies = await store.companiesByNameOrDomain(
    tx,
    imp.workspaceId,
    valid.flatMap((v) => (v.mapped.companyName ? [v.mapped.companyName.toLowerCase()] : [])),
    valid.flatMap((v) => (v.mapped.companyDomain ? [v.mapped.companyDomain] : [])),
  );
  for (const { mapped } of valid) {
    const companyId =
      (mapped.companyDomain && companies.byDomain.get(mapped.companyDomain)) ||
      (mapped.companyName && companies.byName.get(mapped.companyName.toLowerCase()));
    if (companyId) d.linkCompany(mapped.input, companyId);
  }

  const matches = settings.matchBy
    ? await d.matching(
        tx,
        imp.workspaceId,
        settings.matchBy,
        valid.flatMap((v) => (v.mapped.matchValue ? [v.mapped.matchValue] : [])),
      )
    : new Map<string, string>();
  const toCreate: { rowNo: number; mapped: MappedRecord }[] = [];
  // Rows of this chunk that will create a record, by match value: a later row with the same value
  // matches that one (earlier chunks are committed, so the lookup above finds theirs).
  const creating = new Map<string, number>();
  for (const item of valid) {
    const value = item.mapped.matchValue;
    const matchId = value ? matches.get(value) : undefined;
    const earlierRow = value && !matchId ? creating.get(value) : undefined;
    if (earlierRow !== undefined && settings.matchPolicy !== "create") {
      results.push({
        rowNo: item.rowNo,
        outcome: "skipped",
        reason: `Same ${settings.matchBy} as row ${earlierRow} of this file`,
        recordId: null,
        before: null,
      });
    } else if (!matchId || settings.matchPolicy === "create") {
      if (value && !matchId) creating.set(value, item.rowNo);
      toCreate.push(item);
    } else if (settings.matchPolicy === "skip") {
      results.push({
        rowNo: item.rowNo,
        outcome: "skipped",
        reason: `Matches an existing ${d.noun} by ${settings.matchBy}`,
        recordId: matchId,
        before: null,
      });
    } else {
      try {
        const before = await d.beforeImage(tx, principal, matchId, item.mapped.input);
        await d.update(tx, principal, matchId, item.mapped.input, defs);
        results.push({ rowNo: item.rowNo, outcome: "updated", reason: null, recordId: matchId, before });
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        reject(item.rowNo, error.detail);
      }
    }
  }

  // Validated together; rows the service refuses are rejected with its reason, the rest written
  // with one COPY per table.
  const checked = await d.prepareCreates(
    tx,
    principal,
    toCreate.map((item) => item.mapped.input),
    defs,
  );
  const writable: { rowNo: number; prepared: unknown }[] = [];
  for (const [i, result] of checked.entries()) {
    const rowNo = toCreate[i]!.rowNo;
    if ("errors" in result) reject(rowNo, result.errors.map((e) => `${e.path}: ${e.message}`).join("; "));
    else writable.push({ rowNo, prepared: result.prepared });
  }
  const created = await d.bulkCreate(
    tx,
    principal,
    writable.map((w) => w.prepared),
  );
  for (const [i, dto] of created.entries()) {
    results.push({
      rowNo: writable[i]!.rowNo,
      outcome: "created",
      reason: null,
      recordId: dto.id,
      before: null,
    });
  }

  results.sort((a, b) => a.rowNo - b.rowNo);
  const count = (o: store.Outcome) => results.filter((r) => r.outcome === o).length;
  return {
    results,
    counts: {
      rows: chunk.rows,
      created: count("created"),
      updated: count("updated"),
      skipped: count("skipped"),
      rejected: count("rejected"),
    },
  };
}

class RollBack extends Error {}

/**
 * Runs every row as a real run would, chunk by chunk in transactions that are rolled back: exact
 * counts (the service's own checks included), nothing written.
 */
export async function dryRunImport(
  db: Db,
  imp: store.ImportRow,
  settings: ImportSettings,
  maxRejections = 100,
) {
  const principal = await importPrincipal(db, imp);
  const defs = await listCustomFields(db, imp.workspaceId, imp.object);
  const totals = { rows: 0, created: 0, updated: 0, skipped: 0, rejected: 0 };
  const rejections: { rowNo: number; reason: string }[] = [];
  let after = 0;
  while (true) {
    const chunk = await readChunk(db, imp, settings, defs, after, CHUNK_ROWS);
    if (!chunk) break;
    after = chunk.lastRow;
    await db
      .transaction(async (tx) => {
        const { results, counts } = await processChunk(tx, principal, imp, settings, defs, chunk);
        for (const key of Object.keys(totals) as (keyof ChunkCounts)[]) totals[key] += counts[key];
        for (const r of results) {
          if (r.outcome === "rejected" && rejections.length < maxRejections)
            rejections.push({ rowNo: r.rowNo, reason: r.reason ?? "" });
        }
        throw new RollBack();
      })
      .catch((error) => {
        if (!(error instanceof RollBack)) throw error;
      });
  }
  return { ...totals, rejections };
}

/**
 * Lets timers and I/O run between chunks. PGlite answers in the same process through promises that
 * resolve at once, so a run of chunks would otherwise hold the event loop (and every request this
 * process serves, the progress bar's included) until the import ends.
 */
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * `chunkRows` and `analyzeAfterRows` are for tests that need a file to span chunks, or to refresh the
 * statistics, without writing thousands of rows.
 */
export async function runImport(
  db: Db,
  importId: string,
  workspaceId: string,
  options: { chunkRows?: number; analyzeAfterRows?: number } = {},
) {
  let imp = await store.findImport(db, workspaceId, importId);
  if (!imp || !["queued", "running"].includes(imp.status)) return { skipped: true };
  const settings = imp.settings as ImportSettings;
  const principal = await importPrincipal(db, imp);
  // The importer's role may have changed since the import was started.
  assertMayImport(principal, imp.object as ImportObject, settings);
  if (imp.status === "queued") {
    if (settings.onInvalid === "abort") {
      const dry = await dryRunImport(db, imp, settings, 0);
      if (dry.rejected > 0) {
        await store.updateImport(db, workspaceId, importId, {
          status: "failed",
          finishedAt: new Date(),
          error: `${dry.rejected} of ${dry.rows} rows are not valid, so nothing was imported (you chose to import nothing unless every row is valid). Run a dry run to see why, fix the file and upload it again.`,
        });
        return { aborted: true, rejected: dry.rejected };
      }
    }
    imp = await store.updateImport(db, workspaceId, importId, { status: "running", startedAt: new Date() });
  }
  const defs = await listCustomFields(db, workspaceId, imp.object);
  const chunkRows = options.chunkRows ?? CHUNK_ROWS;
  // The next chunk is read and mapped while the current one is written (on PostgreSQL the read
  // takes another connection; on PGlite it waits for the write's transaction).
  let next = readChunk(db, imp, settings, defs, imp.rowsDone, chunkRows);
  const object = imp.object as ImportObject;
  const analyzeAfter = options.analyzeAfterRows ?? ANALYZE_AFTER_ROWS;
  let counted = await store.estimatedRows(db, object);
  let sinceAnalyze = 0;
  while (true) {
    const chunk = await next;
    if (!chunk) break;
    await yieldToEventLoop();
    next = readChunk(db, imp, settings, defs, chunk.lastRow, chunkRows);
    // Settled even if the write below fails, so its rejection is never left unhandled.
    next.catch(() => {});
    sinceAnalyze += await db.transaction(async (tx) => {
      const { results, counts } = await processChunk(tx, principal, imp!, settings, defs, chunk);
      await store.setOutcomes(tx, workspaceId, importId, results);
      await store.addProgress(tx, workspaceId, importId, counts);
      // The records a chunk creates have no audit entry each (see recordChangesInBulk): this one
      // names them, by the import and its rows, which keep each record's id.
      if (counts.created > 0)
        await audit(tx, {
          workspaceId,
          action: "import.rows_written",
          actor: auditActorOf(principal),
          target: { type: "import", id: importId },
          details: { fromRow: chunk.firstRow, toRow: chunk.lastRow, created: counts.created },
        });
      return counts.created;
    });
    // Statistics from before the run grew the table mislead the planner: it takes the workspace for
    // the few records it had and plans the next chunks' lookups (and an undo's) for those.
    if (sinceAnalyze >= Math.max(analyzeAfter, counted)) {
      counted = await store.refreshStatistics(db, object);
      sinceAnalyze = 0;
    }
  }
  await linkWithinFile(db, principal, imp, settings, defs, chunkRows);
  if (sinceAnalyze >= analyzeAfter) await store.refreshStatistics(db, object);
  return db.transaction(async (tx) => {
    const done = await store.updateImport(tx, workspaceId, importId, {
      status: "completed",
      finishedAt: new Date(),
    });
    await audit(tx, {
      workspaceId,
      action: "import.completed",
      actor: auditActorOf(principal),
      target: { type: "import", id: importId },
      details: {
        created: done.created,
        updated: done.updated,
        skipped: done.skipped,
        rejected: done.rejected,
      },
    });
    return { created: done.created, updated: done.updated, skipped: done.skipped, rejected: done.rejected };
  });
}

/** The rows an import created or updated, read `window` row numbers at a time (ranges holding none skipped). */
async function* writtenRows(db: Db, imp: store.ImportRow, window: number) {
  const last = await store.lastRowNo(db, imp.workspaceId, imp.id);
  for (let after = 0; after < last; after += window) {
    await yieldToEventLoop();
    const rows = await store.writtenBetween(db, imp.workspaceId, imp.id, after, after + window);
    if (rows.length > 0) yield rows;
  }
}

/**
 * Links each record the run created or updated to the company its row named but the run did not
 * find then: a parent company created by a later row of the file (of the same chunk or a later one). Through the
 * object's update, so each link has its history and event; one the service refuses (a company
 * named as its own ancestor) is left unlinked. Records already linked are left alone, so a retried
 * run does nothing twice.
 */
async function linkWithinFile(
  db: Db,
  principal: Principal,
  imp: store.ImportRow,
  settings: ImportSettings,
  defs: CustomFieldRow[],
  chunkRows: number,
) {
  const d = importDescriptor(imp.object as ImportObject);
  const unlinkedOf = d.unlinked;
  if (!unlinkedOf || imp.format !== "csv") return;
  const byKey = new Map(defs.map((def) => [def.key, def]));
  for await (const rows of writtenRows(db, imp, chunkRows)) {
    const named = rows.flatMap((row) => {
      const { mapped } = d.mapRow(imp.headers, row.cells as string[], settings, byKey);
      return mapped.companyName || mapped.companyDomain ? [{ row, id: row.record_id, mapped }] : [];
    });
    if (named.length === 0) continue;
    await db.transaction(async (tx) => {
      const unlinked = await unlinkedOf(
        tx,
        imp.workspaceId,
        named.map((n) => n.id),
      );
      const companies = await store.companiesByNameOrDomain(
        tx,
        imp.workspaceId,
        named.flatMap((n) => (n.mapped.companyName ? [n.mapped.companyName.toLowerCase()] : [])),
        named.flatMap((n) => (n.mapped.companyDomain ? [n.mapped.companyDomain] : [])),
      );
      for (const { row, id, mapped } of named) {
        if (!unlinked.has(id)) continue;
        const companyId =
          (mapped.companyDomain && companies.byDomain.get(mapped.companyDomain)) ||
          (mapped.companyName && companies.byName.get(mapped.companyName.toLowerCase()));
        if (!companyId || companyId === id) continue;
        const input: Record<string, unknown> = {};
        d.linkCompany(input, companyId);
        try {
          // A record the run updated gets the link's old value in its before image, for undo.
          if (row.outcome === "updated")
            await store.setBefore(tx, imp.workspaceId, imp.id, row.row_no, {
              ...(await d.beforeImage(tx, principal, id, input)),
              ...row.before,
            });
          await d.update(tx, principal, id, input, defs);
        } catch (error) {
          if (!(error instanceof AppError)) throw error;
        }
      }
    });
  }
}

/** Trashes what the import created and puts back the fields it updated, chunk by chunk. */
export async function runUndo(db: Db, importId: string, workspaceId: string) {
  const imp = await store.findImport(db, workspaceId, importId);
  if (imp?.status !== "undoing") return { skipped: true };
  const principal = await importPrincipal(db, imp);
  const d = importDescriptor(imp.object as ImportObject);
  let undone = 0;
  // Rows undone are marked so; a retried undo starts over and finds only those still to undo.
  for await (const rows of writtenRows(db, imp, CHUNK_ROWS)) {
    await db.transaction(async (tx) => {
      // What the import created goes to the trash in one statement; what it updated is put back one
      // by one through the service (each had its own before image).
      const created = rows.flatMap((r) => (r.outcome === "created" ? [r.record_id] : []));
      const trashed = await d.trashMany(tx, principal, created);
      for (const row of rows) {
        if (row.outcome !== "updated") continue;
        try {
          await d.update(tx, principal, row.record_id, row.before as Record<string, unknown>);
        } catch (error) {
          // Trashed or deleted since: nothing to undo for it.
          if (!(error instanceof AppError && error.code === "not_found")) throw error;
        }
      }
      if (trashed.length > 0)
        await audit(tx, {
          workspaceId,
          action: "import.rows_undone",
          actor: auditActorOf(principal),
          target: { type: "import", id: importId },
          details: { fromRow: rows[0]!.row_no, toRow: rows.at(-1)!.row_no, trashed: trashed.length },
        });
      await store.setOutcomes(
        tx,
        workspaceId,
        importId,
        rows.map((r) => ({
          rowNo: r.row_no,
          outcome: "undone",
          reason: null,
          recordId: r.record_id,
          before: null,
        })),
      );
    });
    undone += rows.length;
  }
  await db.transaction(async (tx) => {
    await store.updateImport(tx, workspaceId, importId, { status: "undone", undoneAt: new Date() });
    await audit(tx, {
      workspaceId,
      action: "import.undone",
      actor: auditActorOf(principal),
      target: { type: "import", id: importId },
      details: { records: undone },
    });
  });
  return { undone };
}

const IMPORT_RETRIES = 2;

/** Runs or undoes an import in the background, resuming after its last committed chunk if retried. */
export const importJob = defineJob({
  name: "imports.run",
  description: "Imports a staged file into contacts or companies, or undoes an import",
  scope: "workspace",
  payload: z.object({ workspaceId: z.uuid(), importId: z.uuid(), mode: z.enum(["run", "undo"]) }),
  expireInSeconds: 6 * 3600,
  retryLimit: IMPORT_RETRIES,
  async handler({ workspaceId, importId, mode }, { db, attempt }) {
    try {
      return mode === "run"
        ? await runImport(db, importId, workspaceId)
        : await runUndo(db, importId, workspaceId);
    } catch (error) {
      // Chunks already committed stay (and can be undone once it completes); the last attempt ends it.
      const last = attempt > IMPORT_RETRIES;
      const message = error instanceof AppError ? error.detail : "The import stopped on an unexpected error.";
      await store.updateImport(db, workspaceId, importId, {
        error: last ? message : `${message} It will be retried.`,
        ...(last ? { status: "failed", finishedAt: new Date() } : {}),
      });
      throw error;
    }
  },
});
