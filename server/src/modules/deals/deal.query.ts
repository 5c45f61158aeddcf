import { sql } from "drizzle-orm";
import { redact, seesField } from "../../platform/auth/field-rules.ts";
import type { Principal } from "../../platform/auth/principal.ts";
import type { Db } from "../../platform/db/index.ts";
import { companies, contacts, dealContacts, deals } from "../../platform/db/schema/index.ts";
import { AppError, notFound } from "../../platform/errors.ts";
import type { SqlRegistry } from "../../platform/filter/compile.ts";
import { byList } from "../../platform/records/embed.ts";
import type { SortableField } from "../../platform/records/list.ts";
import { type ListFields, type ListRequest, planList } from "../../platform/records/list-plan.ts";
import { companyFilterFields } from "../companies/company.fields.ts";
import { contactFilterFields } from "../contacts/contact.fields.ts";
import { customSortable, customSqlField } from "../custom-fields/custom-field.sql.ts";
import { type CustomFieldRow, customFieldsForReads } from "../custom-fields/custom-field.store.ts";
import * as pipelineStore from "../pipelines/pipeline.store.ts";
import { findWorkspace } from "../workspaces/workspace.store.ts";
import { dealFilterFields, dealPipelineRelation, dealStageRelation } from "./deal.fields.ts";
import { toDealDto } from "./deal.presenter.ts";
import * as store from "./deal.store.ts";

/** The filterable fields of deals, their relations, and their custom fields. */
export function dealRegistry(defs: CustomFieldRow[]): SqlRegistry {
  const byKey = new Map(defs.map((d) => [d.key, d]));
  return {
    object: "deals",
    fields: dealFilterFields,
    relations: {
      stage: dealStageRelation,
      pipeline: dealPipelineRelation,
      company: {
        kind: "one",
        registry: { object: "companies", fields: companyFilterFields },
        exists: (inner) =>
          sql`exists (select 1 from ${companies} where ${companies.workspaceId} = ${deals.workspaceId} and ${companies.id} = ${deals.companyId} and ${companies.deletedAt} is null and ${inner})`,
      },
      contacts: {
        kind: "many",
        registry: {
          object: "contacts",
          fields: { ...contactFilterFields, role: { type: "text", sql: sql`${dealContacts.role}` } },
        },
        exists: (inner) =>
          sql`exists (select 1 from ${dealContacts} join ${contacts} on ${contacts.workspaceId} = ${dealContacts.workspaceId} and ${contacts.id} = ${dealContacts.contactId} and ${contacts.deletedAt} is null where ${dealContacts.workspaceId} = ${deals.workspaceId} and ${dealContacts.dealId} = ${deals.id} and ${inner})`,
      },
    },
    custom: (key) => {
      const def = byKey.get(key);
      return def ? customSqlField(def, sql`${deals.custom}`) : undefined;
    },
  };
}

export const SORTABLE: Record<string, SortableField> = {
  name: { sql: sql`${deals.name}`, type: "text" },
  amount: { sql: sql`${deals.amount}`, type: "number" },
  probability: { sql: store.effectiveProbability, type: "number" },
  expectedCloseDate: { sql: sql`${deals.expectedCloseDate}`, type: "date" },
  closedAt: { sql: sql`${deals.closedAt}`, type: "datetime" },
  stageChangedAt: { sql: sql`${deals.stageChangedAt}`, type: "datetime" },
  createdAt: { sql: sql`${deals.createdAt}`, type: "datetime" },
  boardPosition: { sql: sql`${deals.boardPosition}`, type: "number" },
  updatedAt: { sql: sql`${deals.updatedAt}`, type: "datetime" },
};

type Clock = { now: Date; timeZone: string };
const utcNow = (): Clock => ({ now: new Date(), timeZone: "UTC" });

/** What deals can be filtered and sorted by in a workspace (read from the definitions cache). */
export async function dealListFields(db: Db, workspaceId: string): Promise<ListFields> {
  const defs = await customFieldsForReads(db, workspaceId, "deals");
  return {
    registry: dealRegistry(defs),
    sortable: { ...SORTABLE, ...customSortable(defs, sql`${deals.custom}`) },
    customFields: defs,
  };
}

/** One page of deals for a filter, sort and cursor. */
export async function listDeals(db: Db, principal: Principal, request: ListRequest, clock = utcNow()) {
  const plan = await planList(
    db,
    principal,
    request,
    {
      ...(await dealListFields(db, principal.workspaceId)),
      id: sql`${deals.id}`,
      defaultSort: [{ field: "createdAt", desc: true }],
      object: "deals",
    },
    clock,
  );
  const found = await store.dealRecords.list(db, principal.workspaceId, {
    ...plan.query,
    trashed: request.trashed,
  });
  const { rows, nextCursor } = plan.page(found);
  const ids = rows.map((r) => r.id);
  const [links, stageRows] = await Promise.all([
    store.listDealContacts(db, principal.workspaceId, ids),
    pipelineStore.stagesByIds(db, principal.workspaceId, [...new Set(rows.map((r) => r.stageId))]),
  ]);
  const stageById = new Map(stageRows.map((s) => [s.id, s]));
  const data = rows.map((row) =>
    toDealDto(
      row,
      stageById.get(row.stageId)!,
      links.filter((l) => l.dealId === row.id),
    ),
  );
  const total =
    request.count && !request.trashed
      ? await store.dealRecords.count(db, principal.workspaceId, plan.where)
      : undefined;
  return {
    data: data.map((record) => redact(principal, "deals", record)),
    nextCursor,
    ...(total !== undefined ? { total } : {}),
  };
}

/**
 * Counts and sums per stage for the pipeline board and reports, in the base currency. With a
 * pipeline, every stage of it is listed in board order (empty ones with zeros); without, every
 * stage of every pipeline.
 */
export async function summarizeDeals(
  db: Db,
  principal: Principal,
  request: { pipelineId?: string | undefined; filter?: unknown },
  clock = utcNow(),
) {
  const workspaceId = principal.workspaceId;
  const pipelineId = request.pipelineId;
  if (pipelineId !== undefined && !(await pipelineStore.findPipeline(db, workspaceId, pipelineId))) {
    throw notFound("pipeline");
  }
  const defs = await customFieldsForReads(db, workspaceId, "deals");
  const plan = await planList(
    db,
    principal,
    { filter: request.filter, limit: 1, count: false },
    {
      registry: dealRegistry(defs),
      sortable: SORTABLE,
      id: sql`${deals.id}`,
      defaultSort: [],
      object: "deals",
    },
    clock,
  );
  const inPipeline = pipelineId !== undefined ? sql`${deals.pipelineId} = ${pipelineId}` : undefined;
  const where = plan.where && inPipeline ? sql`${plan.where} and ${inPipeline}` : (plan.where ?? inPipeline);
  const workspace = await findWorkspace(db, workspaceId);
  if (!workspace) throw new AppError("not_found", "This workspace no longer exists.");
  const [rows, allPipelines, allStages] = await Promise.all([
    store.summarizeDeals(db, workspaceId, workspace.baseCurrency, where),
    pipelineStore.listPipelines(db, workspaceId),
    pipelineStore.listStages(db, workspaceId, pipelineId !== undefined ? [pipelineId] : undefined),
  ]);
  // Sums of a hidden amount would reveal it (a column of one deal is its amount): counts only.
  const sums = seesField(principal, "deals", "amount");
  const figures = (row: store.SummaryRow | undefined) => ({
    count: row?.count ?? 0,
    ...(sums ? { amount: Number(row?.amount ?? 0), weightedAmount: Number(row?.weightedAmount ?? 0) } : {}),
  });
  const byStage = new Map(rows.filter((r) => r.stageId !== null).map((r) => [r.stageId, r]));
  const pipelineOrder = new Map(allPipelines.map((p, i) => [p.id, i]));
  const ordered = [...allStages].sort(
    (a, b) =>
      (pipelineOrder.get(a.pipelineId) ?? 0) - (pipelineOrder.get(b.pipelineId) ?? 0) ||
      a.position - b.position,
  );
  const total = rows.find((r) => r.stageId === null);
  return {
    baseCurrency: workspace.baseCurrency,
    stages: ordered.map((s) => ({ stageId: s.id, ...figures(byStage.get(s.id)) })),
    total: figures(total),
    missingRates: sums ? [...(total?.missingRates ?? [])].sort() : [],
  };
}

/** Deals by id for `include=`, through the list so the same rules apply. */
export const dealsById = byList(listDeals);
