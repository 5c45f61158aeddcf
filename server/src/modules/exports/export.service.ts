import { AsyncLocalStorage } from "node:async_hooks";
import { Readable } from "node:stream";
import type { ContactDto, ExportFormat, ExportObject } from "@rapport/core";
import { stringify } from "csv-stringify/sync";
import { audit, auditActorOf } from "../../platform/audit/audit.ts";
import { hiddenFieldsOf, seesField } from "../../platform/auth/field-rules.ts";
import type { Principal } from "../../platform/auth/principal.ts";
import { revealSealed } from "../../platform/crypto/sealed-values.ts";
import type { Db } from "../../platform/db/index.ts";
import { AppError } from "../../platform/errors.ts";
import { checkShape } from "../../platform/records/embed.ts";
import { visibleListFields } from "../../platform/records/list-plan.ts";
import { companiesById } from "../companies/company.query.ts";
import { getView } from "../views/view.service.ts";
import { cellText, type ExportColumn, exportColumns } from "./export.cells.ts";
import { EXPORT_SOURCES, type ExportSource } from "./export.objects.ts";
import { contactToVcard } from "./vcard.ts";

/** Rows read per keyset page: large enough for throughput, small enough to keep memory flat. */
export const EXPORT_PAGE_SIZE = 2000;

export type ExportRequest = {
  format: ExportFormat;
  filter?: unknown;
  sort?: string | undefined;
  fields?: string[] | undefined;
  view?: string | undefined;
};

export type ExportStream = { contentType: string; filename: string; body: Readable };

const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: "text/csv; charset=utf-8",
  json: "application/json; charset=utf-8",
  vcf: "text/vcard; charset=utf-8",
};

type Item = { id: string } & Record<string, unknown>;

/** The filter, sort and fields asked for, those of the saved view filling in what was not given. */
async function resolveRequest(db: Db, principal: Principal, src: ExportSource, input: ExportRequest) {
  if (input.format === "vcf" && src.object !== "contacts") {
    throw new AppError("validation_failed", "vCard export exists for contacts only; use csv or json.", {
      errors: [{ path: "format", message: "vcf is for contacts only" }],
    });
  }
  const view = input.view ? await getView(db, principal, input.view) : undefined;
  if (view && view.object !== src.object) {
    throw new AppError("validation_failed", `That saved view lists ${view.object}, not ${src.object}.`, {
      errors: [{ path: "view", message: `A view of ${view.object}` }],
    });
  }
  // A field the role hides is no column, and naming it is refused as naming an unknown one.
  const properties = Object.keys(src.dto.shape).filter((p) => seesField(principal, src.object, p));
  checkShape({ fields: input.fields }, properties, {});
  const viewFields = view?.columns
    .map((c) => c.key)
    .filter(
      (k) =>
        properties.includes(k) || (/^custom\.[A-Za-z0-9_]+$/.test(k) && seesField(principal, src.object, k)),
    );
  return {
    filter: input.filter ?? view?.filter ?? undefined,
    sort: input.sort ?? (view?.sort || undefined),
    fields: input.fields?.length ? input.fields : viewFields?.length ? viewFields : undefined,
    properties,
  };
}

/** Keyset pages of the list, one after another, until the last. */
async function* pagesOf(
  db: Db,
  principal: Principal,
  src: ExportSource,
  query: { filter: unknown; sort: string | undefined },
  first: { data: Item[]; nextCursor: string | null },
): AsyncGenerator<Item[]> {
  yield revealSealed(first.data);
  let cursor = first.nextCursor;
  while (cursor) {
    const page = await src.list(db, principal, {
      ...query,
      limit: EXPORT_PAGE_SIZE,
      cursor,
      count: false,
    });
    yield revealSealed(page.data);
    cursor = page.nextCursor;
  }
}

const pick = (item: Item, fields: string[]) =>
  Object.fromEntries(
    fields.map((f) => [
      f,
      f.startsWith("custom.") ? ((item.custom as Record<string, unknown>)?.[f.slice(7)] ?? null) : item[f],
    ]),
  );

/** Turns pages of records into the chunks of one format. */
async function* formatted(
  db: Db,
  principal: Principal,
  format: ExportFormat,
  pages: AsyncGenerator<Item[]>,
  columns: ExportColumn[],
  fields: string[] | undefined,
  onRows: (n: number) => void,
): AsyncGenerator<string> {
  if (format === "csv") {
    // The BOM makes Excel read the file as UTF-8.
    yield `\uFEFF${stringify([columns.map((c) => c.header)], { record_delimiter: "\r\n" })}`;
    for await (const page of pages) {
      if (!page.length) continue;
      onRows(page.length);
      yield stringify(
        page.map((r) => columns.map((c) => cellText(c.value(r)))),
        { record_delimiter: "\r\n" },
      );
    }
  } else if (format === "json") {
    yield "[";
    let first = true;
    for await (const page of pages) {
      if (!page.length) continue;
      const items = fields ? page.map((r) => pick(r, ["id", ...fields.filter((f) => f !== "id")])) : page;
      onRows(page.length);
      yield `${first ? "\n" : ",\n"}${items.map((r) => JSON.stringify(r)).join(",\n")}`;
      first = false;
    }
    yield first ? "]\n" : "\n]\n";
  } else {
    for await (const page of pages) {
      const contacts = page as unknown as ContactDto[];
      const companyIds = contacts.flatMap((c) => (c.companyId ? [c.companyId] : []));
      const companies = companyIds.length ? await companiesById(db, principal, companyIds) : new Map();
      onRows(page.length);
      yield contacts
        .map((c) => contactToVcard(c, (c.companyId && companies.get(c.companyId)?.name) || null))
        .join("");
    }
  }
}

/**
 * Exports the records a list filter selects, streamed: pages of {@link EXPORT_PAGE_SIZE} are read by
 * keyset and written as they come, so memory stays flat however many rows there are. The first page
 * is read before answering, so a bad filter or sort is a 400 rather than a broken download. The
 * export is audited (`export.created`) when it ends, with the number of rows written.
 */
export async function exportRecords(
  db: Db,
  principal: Principal,
  object: ExportObject,
  input: ExportRequest,
): Promise<ExportStream> {
  const src = EXPORT_SOURCES[object];
  const resolved = await resolveRequest(db, principal, src, input);
  const query = { filter: resolved.filter, sort: resolved.sort };
  const first = await src.list(db, principal, { ...query, limit: EXPORT_PAGE_SIZE, count: false });
  const { customFields } = visibleListFields(
    await src.listFields(db, principal.workspaceId),
    hiddenFieldsOf(principal),
  );
  const columns = exportColumns(resolved.properties, customFields, resolved.fields);
  // The audit entry is written after the last row, outside the request's async context: keep it.
  const inRequest = AsyncLocalStorage.snapshot();
  let rows = 0;
  let completed = false;
  async function* body() {
    try {
      yield* formatted(
        db,
        principal,
        input.format,
        pagesOf(db, principal, src, query, first),
        columns,
        resolved.fields,
        (n) => {
          rows += n;
        },
      );
      completed = true;
    } finally {
      await inRequest(() =>
        audit(db, {
          workspaceId: principal.workspaceId,
          action: "export.created",
          actor: auditActorOf(principal),
          details: {
            object,
            format: input.format,
            filter: resolved.filter ?? null,
            sort: resolved.sort ?? null,
            fields: resolved.fields ?? null,
            view: input.view ?? null,
            rows,
            completed,
          },
        }),
      );
    }
  }
  const day = new Date().toISOString().slice(0, 10);
  return {
    contentType: CONTENT_TYPES[input.format],
    filename: `${object}-${day}.${input.format}`,
    body: Readable.from(body(), { objectMode: false }),
  };
}
