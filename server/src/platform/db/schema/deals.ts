import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  date,
  foreignKey,
  index,
  integer,
  numeric,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { workspaces } from "./accounts.ts";
import { recordColumns, searchIndex, searchTextColumn, tz } from "./columns.ts";
import { companies, contacts } from "./people.ts";

export const pipelines = pgTable(
  "pipelines",
  {
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    id: uuid("id").notNull(),
    name: text("name").notNull(),
    position: integer("position").notNull().default(0),
    isDefault: boolean("is_default").notNull().default(false),
    createdAt: tz("created_at").notNull().defaultNow(),
    updatedAt: tz("updated_at").notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    // At most one default pipeline per workspace.
    uniqueIndex("pipelines_one_default").on(t.workspaceId).where(sql`${t.isDefault}`),
  ],
);

export const stages = pgTable(
  "stages",
  {
    workspaceId: uuid("workspace_id").notNull(),
    id: uuid("id").notNull(),
    pipelineId: uuid("pipeline_id").notNull(),
    name: text("name").notNull(),
    position: integer("position").notNull(),
    probability: integer("probability").notNull(),
    kind: text("kind").notNull().$type<"open" | "won" | "lost">(),
    createdAt: tz("created_at").notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index("stages_pipeline_idx").on(t.workspaceId, t.pipelineId, t.position),
    foreignKey({
      name: "stages_pipeline_fk",
      columns: [t.workspaceId, t.pipelineId],
      foreignColumns: [pipelines.workspaceId, pipelines.id],
    }).onDelete("cascade"),
    check("stages_probability_check", sql`${t.probability} between 0 and 100`),
    check("stages_kind_check", sql`${t.kind} in ('open', 'won', 'lost')`),
  ],
);

export const deals = pgTable(
  "deals",
  {
    ...recordColumns(),
    name: text("name").notNull(),
    amount: numeric("amount", { precision: 20, scale: 2 }),
    currency: text("currency").notNull(),
    pipelineId: uuid("pipeline_id").notNull(),
    stageId: uuid("stage_id").notNull(),
    // Set only when it overrides the stage's default probability.
    probability: integer("probability"),
    status: text("status").notNull().$type<"open" | "won" | "lost">().default("open"),
    lostReason: text("lost_reason"),
    expectedCloseDate: date("expected_close_date"),
    closedAt: tz("closed_at"),
    stageChangedAt: tz("stage_changed_at").notNull().defaultNow(),
    companyId: uuid("company_id"),
    description: text("description"),
    // The deal's place in its board column (smaller first): exact decimals, see positionBetween.
    boardPosition: numeric("board_position"),
    searchText: searchTextColumn(sql`public.rapport_deal_search_text(name, tags)`),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    searchIndex("deals_search_idx", t),
    foreignKey({
      name: "deals_pipeline_fk",
      columns: [t.workspaceId, t.pipelineId],
      foreignColumns: [pipelines.workspaceId, pipelines.id],
    }),
    foreignKey({
      name: "deals_stage_fk",
      columns: [t.workspaceId, t.stageId],
      foreignColumns: [stages.workspaceId, stages.id],
    }),
    foreignKey({
      name: "deals_company_fk",
      columns: [t.workspaceId, t.companyId],
      foreignColumns: [companies.workspaceId, companies.id],
    }),
    index("deals_stage_idx")
      .on(t.workspaceId, t.pipelineId, t.stageId, t.id)
      .where(sql`${t.deletedAt} is null`),
    index("deals_board_idx")
      .on(t.workspaceId, t.stageId, t.boardPosition, t.id)
      .where(sql`${t.deletedAt} is null`),
    index("deals_owner_idx")
      .on(t.workspaceId, t.ownerId, t.createdAt, t.id)
      .where(sql`${t.deletedAt} is null`),
    index("deals_company_idx").on(t.workspaceId, t.companyId).where(sql`${t.deletedAt} is null`),
    index("deals_close_idx").on(t.workspaceId, t.expectedCloseDate, t.id).where(sql`${t.deletedAt} is null`),
    index("deals_amount_idx").on(t.workspaceId, t.amount, t.id).where(sql`${t.deletedAt} is null`),
    index("deals_created_idx").on(t.workspaceId, t.createdAt, t.id).where(sql`${t.deletedAt} is null`),
    index("deals_tags_idx").using("gin", t.tags),
    index("deals_deleted_idx").on(t.workspaceId, t.deletedAt).where(sql`${t.deletedAt} is not null`),
    check("deals_status_check", sql`${t.status} in ('open', 'won', 'lost')`),
    check("deals_probability_check", sql`${t.probability} is null or ${t.probability} between 0 and 100`),
    check("deals_currency_check", sql`${t.currency} ~ '^[A-Z]{3}$'`),
  ],
);

export const dealContacts = pgTable(
  "deal_contacts",
  {
    workspaceId: uuid("workspace_id").notNull(),
    dealId: uuid("deal_id").notNull(),
    contactId: uuid("contact_id").notNull(),
    role: text("role"),
    createdAt: tz("created_at").notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.dealId, t.contactId] }),
    index("deal_contacts_contact_idx").on(t.workspaceId, t.contactId),
    foreignKey({
      name: "deal_contacts_deal_fk",
      columns: [t.workspaceId, t.dealId],
      foreignColumns: [deals.workspaceId, deals.id],
    }).onDelete("cascade"),
    foreignKey({
      name: "deal_contacts_contact_fk",
      columns: [t.workspaceId, t.contactId],
      foreignColumns: [contacts.workspaceId, contacts.id],
    }).onDelete("cascade"),
  ],
);

/** Each move of a deal between stages, with how long it sat in the stage it left. */
export const dealStageChanges = pgTable(
  "deal_stage_changes",
  {
    workspaceId: uuid("workspace_id").notNull(),
    id: uuid("id").notNull(),
    dealId: uuid("deal_id").notNull(),
    pipelineId: uuid("pipeline_id").notNull(),
    fromStageId: uuid("from_stage_id"),
    toStageId: uuid("to_stage_id").notNull(),
    fromStatus: text("from_status"),
    toStatus: text("to_status").notNull(),
    secondsInFromStage: integer("seconds_in_from_stage"),
    actorUserId: uuid("actor_user_id"),
    actorApiKeyId: uuid("actor_api_key_id"),
    changedAt: tz("changed_at").notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index("deal_stage_changes_deal_idx").on(t.workspaceId, t.dealId, t.changedAt),
    index("deal_stage_changes_pipeline_idx").on(t.workspaceId, t.pipelineId, t.changedAt),
    foreignKey({
      name: "deal_stage_changes_deal_fk",
      columns: [t.workspaceId, t.dealId],
      foreignColumns: [deals.workspaceId, deals.id],
    }).onDelete("cascade"),
  ],
);

/** Rates from other currencies to the workspace's base currency: amount × rate = amount in base. */
export const exchangeRates = pgTable(
  "exchange_rates",
  {
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    currency: text("currency").notNull(),
    rate: numeric("rate", { precision: 24, scale: 10 }).notNull(),
    updatedAt: tz("updated_at").notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.currency] }),
    check("exchange_rates_rate_check", sql`${t.rate} > 0`),
    check("exchange_rates_currency_check", sql`${t.currency} ~ '^[A-Z]{3}$'`),
  ],
);
