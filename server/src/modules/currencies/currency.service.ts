import type { CurrencyListDto, CurrencyRateDto } from "@rapport/core";
import type { Principal } from "../../platform/auth/principal.ts";
import type { Db } from "../../platform/db/index.ts";
import { AppError, invalidFields } from "../../platform/errors.ts";
import { findWorkspace } from "../workspaces/workspace.store.ts";
import * as store from "./currency.store.ts";

const toRateDto = (row: store.ExchangeRateRow): CurrencyRateDto => ({
  currency: row.currency,
  rate: Number(row.rate),
  updatedAt: row.updatedAt.toISOString(),
});

// Rates are validated to at most 10 decimals, which toFixed writes exactly (no exponent notation).
const rateText = (rate: number) => rate.toFixed(10);

const noRate = (currency: string) =>
  new AppError(
    "not_found",
    `The workspace has no exchange rate for ${currency}. Add one with POST /currencies.`,
  );

async function baseCurrency(db: Db, principal: Principal) {
  const workspace = await findWorkspace(db, principal.workspaceId);
  if (!workspace) throw new AppError("not_found", "This workspace no longer exists.");
  return workspace.baseCurrency;
}

/** The base currency and the rates from other currencies to it: amount × rate = amount in base. */
export async function listCurrencies(db: Db, principal: Principal): Promise<CurrencyListDto> {
  const [base, rows] = await Promise.all([
    baseCurrency(db, principal),
    store.listRates(db, principal.workspaceId),
  ]);
  return { base, data: rows.map(toRateDto) };
}

export async function getCurrency(db: Db, principal: Principal, currency: string) {
  const row = await store.findRate(db, principal.workspaceId, currency);
  if (!row) throw noRate(currency);
  return toRateDto(row);
}

export async function createCurrency(
  db: Db,
  principal: Principal,
  input: { currency: string; rate: number },
) {
  return db.transaction(async (tx) => {
    if (input.currency === (await baseCurrency(tx, principal))) {
      throw invalidFields([
        { path: "currency", message: `${input.currency} is the base currency: its rate is always 1` },
      ]);
    }
    const row = await store.insertRate(tx, {
      workspaceId: principal.workspaceId,
      currency: input.currency,
      rate: rateText(input.rate),
    });
    if (!row) {
      throw new AppError(
        "conflict",
        `${input.currency} already has a rate; change it with PATCH /currencies/${input.currency}.`,
        {
          errors: [{ path: "currency", message: "Already has a rate" }],
        },
      );
    }
    return toRateDto(row);
  });
}

export async function updateCurrency(
  db: Db,
  principal: Principal,
  currency: string,
  input: { rate: number },
) {
  const row = await store.updateRate(db, principal.workspaceId, currency, rateText(input.rate));
  if (!row) throw noRate(currency);
  return toRateDto(row);
}

export async function deleteCurrency(db: Db, principal: Principal, currency: string) {
  if (!(await store.deleteRate(db, principal.workspaceId, currency))) throw noRate(currency);
}
