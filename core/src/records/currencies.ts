import { z } from "zod";
import { CurrencyCode } from "../auth.ts";

/** At most `places` decimals: rounding to them must not change the number. */
export const hasAtMostDecimals = (value: number, places: number) => Number(value.toFixed(places)) === value;

export const ExchangeRate = z
  .number()
  .positive({ message: "A rate is greater than 0" })
  .max(1e13)
  .refine((v) => hasAtMostDecimals(v, 10), { message: "Use at most 10 decimals" })
  .describe("amount × rate = amount in the workspace's base currency");

export const CreateCurrencyBody = z.strictObject({ currency: CurrencyCode, rate: ExchangeRate });
export type CreateCurrencyBody = z.input<typeof CreateCurrencyBody>;
export const UpdateCurrencyBody = z.strictObject({ rate: ExchangeRate });
export type UpdateCurrencyBody = z.input<typeof UpdateCurrencyBody>;

export const CurrencyRateDto = z.object({
  currency: z.string(),
  rate: z.number().describe("amount × rate = amount in the base currency"),
  updatedAt: z.iso.datetime(),
});
export type CurrencyRateDto = z.infer<typeof CurrencyRateDto>;

export const CurrencyListDto = z.object({
  base: z.string().describe("The workspace's base currency; totals are converted to it"),
  data: z.array(CurrencyRateDto),
});
export type CurrencyListDto = z.infer<typeof CurrencyListDto>;
