import { z } from "zod";
import { CurrencyCode } from "../auth.ts";
import { BoardPosition } from "./board-position.ts";
import { CustomValues, OptionalText, RecordMeta, TagList } from "./common.ts";
import { hasAtMostDecimals } from "./currencies.ts";
import { Probability, StageKind } from "./pipelines.ts";

export const DealStatus = StageKind;
export type DealStatus = z.infer<typeof DealStatus>;

export const DealAmount = z
  .number()
  .min(0, { message: "An amount is 0 or more" })
  .max(1e13)
  .refine((v) => hasAtMostDecimals(v, 2), { message: "Use at most 2 decimals" });

export const DealContactLink = z.strictObject({
  contactId: z.uuid(),
  role: OptionalText(120).optional(),
});

const dealFields = {
  amount: DealAmount.nullable().optional(),
  currency: CurrencyCode.optional().describe("ISO 4217; defaults to the workspace's base currency"),
  pipelineId: z.uuid().optional().describe("Defaults to the workspace's default pipeline"),
  stageId: z.uuid().optional().describe("Defaults to the pipeline's first open stage"),
  status: DealStatus.optional().describe(
    "won or lost moves the deal to the pipeline's won or lost stage; open reopens it",
  ),
  lostReason: OptionalText(500).optional().describe("Required when the deal is lost"),
  probability: Probability.nullable()
    .optional()
    .describe("Overrides the stage's probability; null goes back to the stage's"),
  expectedCloseDate: z.iso.date({ message: "Use a date like 2026-12-31" }).nullable().optional(),
  companyId: z.uuid().nullable().optional(),
  contacts: z.array(DealContactLink).max(100).optional(),
  description: OptionalText(20_000).optional(),
  ownerId: z.uuid().nullable().optional(),
  tags: TagList.optional(),
  custom: CustomValues.optional(),
  boardPosition: BoardPosition.optional().describe(
    "The deal's place in its board column, smaller first; a deal entering a stage without one goes to the top",
  ),
};

const DealName = z.string().trim().min(1, { message: "Enter a name" }).max(300);

export const CreateDealBody = z.strictObject({ name: DealName, ...dealFields });
export type CreateDealBody = z.input<typeof CreateDealBody>;
export const UpdateDealBody = z.strictObject({ name: DealName.optional(), ...dealFields });
export type UpdateDealBody = z.input<typeof UpdateDealBody>;

export const DealDto = z.object({
  ...RecordMeta,
  name: z.string(),
  amount: z.number().nullable(),
  currency: z.string(),
  pipelineId: z.uuid(),
  stageId: z.uuid(),
  status: DealStatus,
  lostReason: z.string().nullable(),
  probability: z.number().int().describe("Effective: the override, else the stage's; won 100, lost 0"),
  probabilityOverride: z.number().int().nullable().describe("null when the stage's probability applies"),
  expectedCloseDate: z.string().nullable(),
  closedAt: z.iso.datetime().nullable(),
  stageChangedAt: z.iso.datetime(),
  companyId: z.uuid().nullable(),
  contacts: z.array(z.object({ contactId: z.uuid(), role: z.string().nullable() })),
  description: z.string().nullable(),
  boardPosition: z
    .string()
    .nullable()
    .describe("The deal's place in its board column, smaller first (a decimal string); sort by it"),
});
export type DealDto = z.infer<typeof DealDto>;

export const DealStageChangeDto = z.object({
  id: z.uuid(),
  pipelineId: z.uuid(),
  fromStageId: z.uuid().nullable(),
  toStageId: z.uuid(),
  fromStatus: DealStatus.nullable(),
  toStatus: DealStatus,
  secondsInFromStage: z.number().int().nullable(),
  actorUserId: z.uuid().nullable(),
  actorApiKeyId: z.uuid().nullable(),
  changedAt: z.iso.datetime(),
});
export type DealStageChangeDto = z.infer<typeof DealStageChangeDto>;

const SummaryFigures = {
  count: z.number().int(),
  amount: z
    .number()
    .optional()
    .describe("In the base currency; left out when the caller's role hides deal amounts"),
  weightedAmount: z
    .number()
    .optional()
    .describe("Amount × effective probability, in the base currency; left out as `amount` is"),
};

export const DealSummaryDto = z.object({
  baseCurrency: z.string(),
  stages: z.array(z.object({ stageId: z.uuid(), ...SummaryFigures })),
  total: z.object(SummaryFigures),
  missingRates: z
    .array(z.string())
    .describe("Currencies of deals left out of the sums because they have no exchange rate"),
});
export type DealSummaryDto = z.infer<typeof DealSummaryDto>;
