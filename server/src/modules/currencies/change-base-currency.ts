import { sql } from "drizzle-orm";
import type { Db } from "../../platform/db/index.ts";
import { AppError } from "../../platform/errors.ts";
import * as store from "./currency.store.ts";

/**
 * Re-expresses the workspace's exchange rates against a new base currency, so totals stay right:
 * with old rates r(c) to the old base and p = r(new base), each rate becomes r(c) / p and the old
 * base gets 1 / p. Without a rate for the new base there is nothing to convert with: refused.
 */
export async function rebaseRates(tx: Db, workspaceId: string, oldBase: string, newBase: string) {
  if (oldBase === newBase) return;
  const rates = await store.listRates(tx, workspaceId);
  if (rates.length === 0) return;
  const pivot = rates.find((r) => r.currency === newBase);
  if (!pivot) {
    throw new AppError(
      "validation_failed",
      `Add an exchange rate for ${newBase} first (Settings → Currencies), so the other rates can be converted to it.`,
      { errors: [{ path: "baseCurrency", message: `No exchange rate for ${newBase}` }] },
    );
  }
  await store.deleteRate(tx, workspaceId, newBase);
  await tx.execute(
    sql`update exchange_rates set rate = round(rate / ${pivot.rate}::numeric, 10), updated_at = now() where workspace_id = ${workspaceId}`,
  );
  await store.insertRate(tx, { workspaceId, currency: oldBase, rate: (1 / Number(pivot.rate)).toFixed(10) });
}
