import { STAGE_KINDS } from "@rapport/core";
import { sql } from "drizzle-orm";
import { deals, pipelines, stages } from "../../platform/db/schema/index.ts";
import type { SqlRegistry, SqlRelation } from "../../platform/filter/compile.ts";
import { effectiveProbability } from "./deal.store.ts";

/** The built-in filterable fields of a deal, read from the deals table. */
export const dealFilterFields: SqlRegistry["fields"] = {
  id: { type: "uuid", sql: sql`${deals.id}` },
  name: { type: "text", sql: sql`${deals.name}` },
  amount: { type: "money", sql: sql`${deals.amount}` },
  currency: { type: "text", sql: sql`${deals.currency}` },
  status: { type: "enum", options: STAGE_KINDS, sql: sql`${deals.status}` },
  stageId: { type: "uuid", sql: sql`${deals.stageId}` },
  pipelineId: { type: "uuid", sql: sql`${deals.pipelineId}` },
  probability: { type: "number", sql: effectiveProbability },
  lostReason: { type: "text", sql: sql`${deals.lostReason}` },
  description: { type: "text", sql: sql`${deals.description}` },
  expectedCloseDate: { type: "date", sql: sql`${deals.expectedCloseDate}` },
  closedAt: { type: "datetime", sql: sql`${deals.closedAt}` },
  stageChangedAt: { type: "datetime", sql: sql`${deals.stageChangedAt}` },
  companyId: { type: "uuid", sql: sql`${deals.companyId}` },
  ownerId: { type: "user", sql: sql`${deals.ownerId}` },
  createdBy: { type: "user", sql: sql`${deals.createdBy}` },
  updatedBy: { type: "user", sql: sql`${deals.updatedBy}` },
  createdAt: { type: "datetime", sql: sql`${deals.createdAt}` },
  updatedAt: { type: "datetime", sql: sql`${deals.updatedAt}` },
  tags: { type: "tags", sql: sql`${deals.tags}` },
  // Name and tags, folded and trigram-indexed: what `matches` searches.
  search: { type: "text", sql: sql`${deals.searchText}`, folded: true },
};

/** A deal's stage (`stage.name`, `stage.kind`). */
export const dealStageRelation: SqlRelation = {
  kind: "one",
  registry: {
    fields: {
      id: { type: "uuid", sql: sql`${stages.id}` },
      name: { type: "text", sql: sql`${stages.name}` },
      kind: { type: "enum", options: STAGE_KINDS, sql: sql`${stages.kind}` },
      probability: { type: "number", sql: sql`${stages.probability}` },
      position: { type: "number", sql: sql`${stages.position}` },
    },
  },
  exists: (inner) =>
    sql`exists (select 1 from ${stages} where ${stages.workspaceId} = ${deals.workspaceId} and ${stages.id} = ${deals.stageId} and ${inner})`,
};

/** A deal's pipeline (`pipeline.name`). */
export const dealPipelineRelation: SqlRelation = {
  kind: "one",
  registry: {
    fields: {
      id: { type: "uuid", sql: sql`${pipelines.id}` },
      name: { type: "text", sql: sql`${pipelines.name}` },
      isDefault: { type: "boolean", sql: sql`${pipelines.isDefault}` },
    },
  },
  exists: (inner) =>
    sql`exists (select 1 from ${pipelines} where ${pipelines.workspaceId} = ${deals.workspaceId} and ${pipelines.id} = ${deals.pipelineId} and ${inner})`,
};

/** Deals as reached from another record (`deals.amount`, `deals.stage.name`). */
export const relatedDealRegistry: SqlRegistry = {
  object: "deals",
  fields: dealFilterFields,
  relations: { stage: dealStageRelation, pipeline: dealPipelineRelation },
};
