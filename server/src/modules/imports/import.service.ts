import {
  type FieldError,
  IMPORT_MATCH_FIELDS,
  IMPORT_MAX_BYTES,
  IMPORT_OBJECTS,
  IMPORT_TARGETS,
  type ImportDto,
  type ImportObject,
  ImportSettings,
  type ImportSettingsInput,
} from "@rapport/core";
import { stringify } from "csv-stringify";
import { audit, auditActorOf } from "../../platform/audit/audit.ts";
import { assertFieldsWritable } from "../../platform/auth/field-rules.ts";
import { allowed } from "../../platform/auth/permissions.ts";
import type { Principal } from "../../platform/auth/principal.ts";
import type { Db } from "../../platform/db/index.ts";
import { AppError, invalidFields, notFound } from "../../platform/errors.ts";
import { newId } from "../../platform/ids.ts";
import type { JobQueue } from "../../platform/jobs/queue.ts";
import { type CustomFieldRow, listCustomFields } from "../custom-fields/custom-field.store.ts";
import { readCsv } from "./csv-reader.ts";
import * as store from "./import.store.ts";
import { suggestMapping } from "./import-headers.ts";
import { importDescriptor } from "./import-objects.ts";
import { assertMayImport, dryRunImport, importJob } from "./run-import.ts";
import { isVcard, readVcards, VCARD_MAX_BYTES } from "./vcard-reader.ts";

// Rows staged per COPY.
const STAGE_BATCH = 5000;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toImportDto(row: store.ImportRow): ImportDto {
  return {
    id: row.id,
    object: row.object as ImportObject,
    format: row.format as ImportDto["format"],
    fileName: row.fileName,
    fileBytes: row.fileBytes,
    encoding: row.encoding,
    delimiter: row.delimiter,
    headers: row.headers,
    totalRows: row.totalRows,
    settings: row.settings ? ImportSettings.parse(row.settings) : null,
    status: row.status as ImportDto["status"],
    rowsDone: row.rowsDone,
    created: row.created,
    updated: row.updated,
    skipped: row.skipped,
    rejected: row.rejected,
    rowsPerSecond: row.rowsPerSecond,
    error: row.error,
    createdAt: row.createdAt.toISOString(),
    startedAt: iso(row.startedAt),
    finishedAt: iso(row.finishedAt),
    undoneAt: iso(row.undoneAt),
  };
}

const tooLarge = (limit: number) =>
  new AppError(
    "payload_too_large",
    `The file is larger than ${limit >= 1024 * 1024 ? `${Math.round(limit / 1024 / 1024)} MB` : `${Math.round(limit / 1024)} KB`}, the most one import takes. Split it into smaller files and import each.`,
  );

/** Counts the bytes of an upload as they stream past, stopping at the limit. */
async function* limited(body: AsyncIterable<Buffer>, limit: number, seen: { bytes: number }) {
  for await (const chunk of body) {
    seen.bytes += chunk.length;
    if (seen.bytes > limit) throw tooLarge(limit);
    yield chunk;
  }
}

/** The import, if the principal's role may import into its object (403 otherwise). */
async function importOr404(db: Db, principal: Principal, id: string) {
  const imp = await store.findImport(db, principal.workspaceId, id);
  if (!imp) throw notFound("import");
  assertMayImport(principal, imp.object as ImportObject);
  return imp;
}

/**
 * Stages an uploaded file row by row (never whole in memory): detects CSV encoding and delimiter
 * or reads vCards, stores the rows, and suggests a mapping. A file that cannot be read stages nothing.
 */
export async function stageImport(
  db: Db,
  principal: Principal,
  upload: { object: ImportObject; fileName: string; body: AsyncIterable<Buffer>; declaredBytes?: number },
  maxBytes = IMPORT_MAX_BYTES,
) {
  assertMayImport(principal, upload.object);
  if (upload.declaredBytes !== undefined && upload.declaredBytes > maxBytes) throw tooLarge(maxBytes);
  const seen = { bytes: 0 };
  const body = limited(upload.body, maxBytes, seen);
  const id = newId();
  const base = {
    workspaceId: principal.workspaceId,
    id,
    object: upload.object,
    fileName: upload.fileName,
    fileBytes: 0,
    createdBy: principal.userId,
  } satisfies Omit<store.ImportInsert, "format">;
  const defs = await listCustomFields(db, principal.workspaceId, upload.object);
  try {
    const first = await body.next();
    const head = first.done ? Buffer.alloc(0) : first.value;
    if (/\.(vcf|vcard)$/i.test(upload.fileName) || isVcard(head)) {
      if (upload.object !== "contacts") {
        throw new AppError(
          "validation_failed",
          `A vCard file holds people, not ${upload.object}. Export the ${upload.object} as CSV and upload that file.`,
        );
      }
      const chunks = [head];
      for await (const chunk of limited(body, VCARD_MAX_BYTES, { bytes: head.length })) chunks.push(chunk);
      return await stageVcards(db, principal, base, Buffer.concat(chunks));
    }
    const rest = (async function* () {
      if (head.length > 0) yield head;
      yield* body;
    })();
    return await stageCsv(db, principal, base, rest, seen, defs);
  } catch (error) {
    await store.deleteImport(db, principal.workspaceId, id);
    throw error;
  }
}

async function stageCsv(
  db: Db,
  principal: Principal,
  base: Omit<store.ImportInsert, "format">,
  body: AsyncIterable<Buffer>,
  seen: { bytes: number },
  defs: CustomFieldRow[],
) {
  const csv = await readCsv(body);
  await store.insertImport(db, {
    ...base,
    format: "csv",
    encoding: csv.shape.encoding,
    delimiter: csv.shape.delimiter,
    headers: csv.headers,
  });
  let batch: store.StagedRow[] = [];
  let total = 0;
  for await (const row of csv.rows) {
    batch.push({
      rowNo: row.rowNo,
      cells: row.cells,
      outcome: row.error ? "rejected" : "pending",
      reason: row.error,
    });
    total++;
    if (batch.length >= STAGE_BATCH) {
      await store.insertRows(db, principal.workspaceId, base.id, batch);
      batch = [];
    }
  }
  await store.insertRows(db, principal.workspaceId, base.id, batch);
  if (total === 0) throw new AppError("validation_failed", "The file has a header row but no data rows.");
  const object = base.object as ImportObject;
  const suggested = ImportSettings.parse({
    mapping: suggestMapping(object, csv.headers, defs),
    matchBy: IMPORT_MATCH_FIELDS[object][0],
  });
  const row = await store.updateImport(db, principal.workspaceId, base.id, {
    totalRows: total,
    fileBytes: seen.bytes,
    settings: suggested,
  });
  return { ...toImportDto(row), suggested };
}

async function stageVcards(
  db: Db,
  principal: Principal,
  base: Omit<store.ImportInsert, "format">,
  bytes: Buffer,
) {
  const cards = readVcards(bytes);
  if (cards.contacts.length === 0) {
    throw new AppError(
      "validation_failed",
      "The file holds no vCard (no BEGIN:VCARD … END:VCARD). Export your contacts as vCard or CSV and upload that file.",
    );
  }
  await store.insertImport(db, {
    ...base,
    format: "vcard",
    fileBytes: bytes.length,
    encoding: cards.encoding,
  });
  for (let i = 0; i < cards.contacts.length; i += STAGE_BATCH) {
    await store.insertRows(
      db,
      principal.workspaceId,
      base.id,
      cards.contacts.slice(i, i + STAGE_BATCH).map((c, j) => ({
        rowNo: i + j + 1,
        cells: c.error ? { raw: c.raw } : c.mapped,
        outcome: c.error ? "rejected" : "pending",
        reason: c.error,
      })),
    );
  }
  const suggested = ImportSettings.parse({ mapping: [], matchBy: "email" });
  const row = await store.updateImport(db, principal.workspaceId, base.id, {
    totalRows: cards.contacts.length,
    settings: suggested,
  });
  return { ...toImportDto(row), suggested };
}

export async function getImport(db: Db, principal: Principal, id: string) {
  return toImportDto(await importOr404(db, principal, id));
}

/** The workspace's recent imports into the objects the principal's role may import. */
export async function listImports(db: Db, principal: Principal) {
  const objects = new Set(IMPORT_OBJECTS.filter((o) => allowed(principal, o, "import")));
  return (await store.listImports(db, principal.workspaceId))
    .filter((imp) => objects.has(imp.object as ImportObject))
    .map(toImportDto);
}

/**
 * Refuses (403) an import the principal may not run with these settings: its object's permissions,
 * then (naming `mapping[i].target`) a mapping onto a field the caller's role may not write.
 */
function assertMayRun(principal: Principal, object: ImportObject, settings: ImportSettings) {
  assertMayImport(principal, object, settings);
  const { targetFields } = importDescriptor(object);
  assertFieldsWritable(
    principal,
    object,
    settings.mapping.flatMap((m, i) =>
      (m.target.startsWith("custom.") ? [m.target] : (targetFields[m.target] ?? [])).map((field) => ({
        field,
        path: `mapping[${i}].target`,
      })),
    ),
  );
}

/** Checks a mapping against the file's columns and the workspace's fields, naming each problem. */
export async function checkSettings(db: Db, imp: store.ImportRow, input: ImportSettingsInput) {
  const settings = ImportSettings.parse(input);
  const object = imp.object as ImportObject;
  const { noun } = importDescriptor(object);
  const defs = await listCustomFields(db, imp.workspaceId, object);
  const keys = new Set(defs.map((d) => d.key));
  const targets = new Set<string>(IMPORT_TARGETS[object]);
  const errors: FieldError[] = [];
  settings.mapping.forEach((m, i) => {
    if (imp.format === "csv" && m.column >= imp.headers.length)
      errors.push({
        path: `mapping[${i}].column`,
        message: `The file has ${imp.headers.length} columns (0 to ${imp.headers.length - 1})`,
      });
    if (
      m.target &&
      !targets.has(m.target) &&
      !(m.target.startsWith("custom.") && keys.has(m.target.slice(7)))
    )
      errors.push({
        path: `mapping[${i}].target`,
        message: `'${m.target}' is not a ${noun} field; use one of ${[...targets].join(", ")} or custom.<key> of a custom field`,
      });
  });
  const matchFields: readonly string[] = IMPORT_MATCH_FIELDS[object];
  if (settings.matchBy && !matchFields.includes(settings.matchBy)) {
    if (!(settings.matchBy.startsWith("custom.") && keys.has(settings.matchBy.slice(7))))
      errors.push({
        path: "matchBy",
        message: `Match on ${matchFields.join(" or ")} or on a custom field (custom.<key>)`,
      });
    else if (imp.format === "csv" && !settings.mapping.some((m) => m.target === settings.matchBy))
      errors.push({ path: "matchBy", message: `Map a column to ${settings.matchBy} to match on it` });
  }
  if (errors.length > 0) throw invalidFields(errors);
  return { settings, defs };
}

/** The first rows as they would be imported, each with its problems. */
export async function previewImport(
  db: Db,
  principal: Principal,
  id: string,
  input: ImportSettingsInput,
  limit: number,
) {
  const imp = await importOr404(db, principal, id);
  const { settings, defs } = await checkSettings(db, imp, input);
  assertMayRun(principal, imp.object as ImportObject, settings);
  const d = importDescriptor(imp.object as ImportObject);
  const byKey = new Map(defs.map((d) => [d.key, d]));
  const rows = await store.rowsAfter(db, principal.workspaceId, id, 0, limit);
  return {
    rows: rows.map((row) => {
      if (imp.format === "vcard") {
        const mapped = row.cells as { input: Record<string, unknown> };
        return {
          rowNo: row.row_no,
          cells: [],
          record: row.outcome === "rejected" ? null : mapped.input,
          errors: row.reason ? [row.reason] : [],
        };
      }
      const cells = row.cells as string[];
      if (row.outcome === "rejected")
        return { rowNo: row.row_no, cells, record: null, errors: [row.reason ?? ""] };
      const { mapped, errors } = d.mapRow(imp.headers, cells, settings, byKey);
      const parsed = errors.length === 0 ? d.body.safeParse(mapped.input) : null;
      if (parsed && !parsed.success)
        errors.push(...parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`));
      // The company the record links to (a contact's, a company's parent) as the row names it.
      const record: Record<string, unknown> = { ...mapped.input };
      if (mapped.companyName) record.companyName = mapped.companyName;
      if (mapped.companyDomain) record.companyDomain = mapped.companyDomain;
      return { rowNo: row.row_no, cells, record, errors };
    }),
  };
}

function assertStaged(imp: store.ImportRow) {
  if (imp.status !== "staged") {
    throw new AppError(
      "conflict",
      `This import is ${imp.status}; only a staged import can be run. Upload the file again to import it again.`,
    );
  }
}

export async function dryRun(db: Db, principal: Principal, id: string, input: ImportSettingsInput) {
  const imp = await importOr404(db, principal, id);
  assertStaged(imp);
  const { settings } = await checkSettings(db, imp, input);
  assertMayRun(principal, imp.object as ImportObject, settings);
  return dryRunImport(db, { ...imp, createdBy: principal.userId }, settings);
}

/** Saves the settings and queues the run; progress is on the import. */
export async function startImport(
  db: Db,
  jobs: JobQueue,
  principal: Principal,
  id: string,
  input: ImportSettingsInput,
) {
  return db.transaction(async (tx) => {
    const imp = await store.findImport(tx, principal.workspaceId, id, { lock: true });
    if (!imp) throw notFound("import");
    assertMayImport(principal, imp.object as ImportObject);
    assertStaged(imp);
    const { settings } = await checkSettings(tx, imp, input);
    assertMayRun(principal, imp.object as ImportObject, settings);
    const jobId = await jobs.enqueue(
      importJob,
      { workspaceId: principal.workspaceId, importId: id, mode: "run" as const },
      { tx },
    );
    const row = await store.updateImport(tx, principal.workspaceId, id, {
      settings,
      status: "queued",
      jobId,
      createdBy: principal.userId,
    });
    await audit(tx, {
      workspaceId: principal.workspaceId,
      action: "import.started",
      actor: auditActorOf(principal),
      target: { type: "import", id },
      details: {
        object: imp.object,
        fileName: imp.fileName,
        rows: imp.totalRows,
        matchPolicy: settings.matchPolicy,
      },
    });
    return toImportDto(row);
  });
}

/** Queues the undo of a completed import: what it created goes to the trash, what it updated is put back. */
export async function undoImport(db: Db, jobs: JobQueue, principal: Principal, id: string) {
  return db.transaction(async (tx) => {
    const imp = await store.findImport(tx, principal.workspaceId, id, { lock: true });
    if (!imp) throw notFound("import");
    assertMayImport(principal, imp.object as ImportObject);
    if (imp.status !== "completed") {
      throw new AppError("conflict", `This import is ${imp.status}; only a completed import can be undone.`);
    }
    await jobs.enqueue(
      importJob,
      { workspaceId: principal.workspaceId, importId: id, mode: "undo" as const },
      { tx },
    );
    return toImportDto(await store.updateImport(tx, principal.workspaceId, id, { status: "undoing" }));
  });
}

/** The rejected rows as CSV (the file's columns and a Reason column), streamed page by page. */
export async function rejectedCsv(db: Db, principal: Principal, id: string) {
  const imp = await importOr404(db, principal, id);
  const out = stringify({
    header: true,
    columns:
      imp.format === "csv"
        ? [...imp.headers, "Reason"].map((h, i) => ({ key: String(i), header: h }))
        : [
            { key: "0", header: "Row" },
            { key: "1", header: "Reason" },
          ],
  });
  (async () => {
    let after = 0;
    try {
      while (true) {
        const rows = await store.rejectedAfter(db, principal.workspaceId, id, after, 1000);
        if (rows.length === 0) break;
        after = rows.at(-1)!.row_no;
        for (const row of rows) {
          const cells = imp.format === "csv" ? [...(row.cells as string[])] : [String(row.row_no)];
          const width = imp.format === "csv" ? imp.headers.length : 1;
          while (cells.length < width) cells.push("");
          const record = [...cells.slice(0, width), row.reason ?? ""];
          if (!out.write(record)) await new Promise((resolve) => out.once("drain", resolve));
        }
      }
      out.end();
    } catch (error) {
      out.destroy(error as Error);
    }
  })();
  return { fileName: `${imp.fileName.replace(/\.[^.]*$/, "")}-rejected.csv`, stream: out };
}
