import { and, asc, eq, sql } from "drizzle-orm";
import type { Db } from "../../platform/db/index.ts";
import { exchangeRates } from "../../platform/db/schema/index.ts";

export type ExchangeRateRow = typeof exchangeRates.$inferSelect;

export async function listRates(db: Db, workspaceId: string): Promise<ExchangeRateRow[]> {
  return db
    .select()
    .from(exchangeRates)
    .where(eq(exchangeRates.workspaceId, workspaceId))
    .orderBy(asc(exchangeRates.currency));
}

export async function findRate(db: Db, workspaceId: string, currency: string) {
  const [row] = await db
    .select()
    .from(exchangeRates)
    .where(and(eq(exchangeRates.workspaceId, workspaceId), eq(exchangeRates.currency, currency)));
  return row;
}

/** Inserts a rate; undefined when the currency already has one. */
export async function insertRate(db: Db, row: { workspaceId: string; currency: string; rate: string }) {
  const [created] = await db.insert(exchangeRates).values(row).onConflictDoNothing().returning();
  return created;
}

export async function updateRate(db: Db, workspaceId: string, currency: string, rate: string) {
  const [row] = await db
    .update(exchangeRates)
    .set({ rate, updatedAt: sql`now()` })
    .where(and(eq(exchangeRates.workspaceId, workspaceId), eq(exchangeRates.currency, currency)))
    .returning();
  return row;
}

/** Deletes a rate; false when there was none. */
export async function deleteRate(db: Db, workspaceId: string, currency: string) {
  const rows = await db
    .delete(exchangeRates)
    .where(and(eq(exchangeRates.workspaceId, workspaceId), eq(exchangeRates.currency, currency)))
    .returning({ currency: exchangeRates.currency });
  return rows.length > 0;
}
