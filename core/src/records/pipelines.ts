import { z } from "zod";

export const STAGE_KINDS = ["open", "won", "lost"] as const;
export const StageKind = z.enum(STAGE_KINDS);
export type StageKind = z.infer<typeof StageKind>;

/** The probability a stage implies when none is given: won 100, lost 0; open stages need one. */
export const CLOSED_STAGE_PROBABILITY = { won: 100, lost: 0 } as const;

const Name = z.string().trim().min(1, { message: "Enter a name" }).max(120);
export const Probability = z.number().int().min(0).max(100);

const stageFields = {
  name: Name,
  probability: Probability.optional().describe("0–100; won stages are 100 and lost stages 0"),
  kind: StageKind.default("open"),
};

export const CreateStageBody = z.strictObject(stageFields);
export const PipelineStageInput = z.strictObject({
  id: z.uuid().optional().describe("An existing stage to keep; without it a stage is created"),
  ...stageFields,
});

export const CreatePipelineBody = z.strictObject({
  name: Name,
  isDefault: z.boolean().default(false),
  stages: z.array(CreateStageBody).min(1).max(50).describe("In board order; at least one open stage"),
});
export type CreatePipelineBody = z.input<typeof CreatePipelineBody>;

export const UpdatePipelineBody = z.strictObject({
  name: Name.optional(),
  isDefault: z.boolean().optional().describe("Set true to make this the default pipeline"),
  position: z.number().int().min(0).max(10_000).optional(),
  stages: z
    .array(PipelineStageInput)
    .min(1)
    .max(50)
    .optional()
    .describe("The whole new stage list, in order: stages left out are removed"),
  moveDealsTo: z
    .record(z.uuid(), z.uuid())
    .optional()
    .describe("For each removed stage that holds deals, the kept stage (of the same kind) they move to"),
});
export type UpdatePipelineBody = z.input<typeof UpdatePipelineBody>;

export const StageDto = z.object({
  id: z.uuid(),
  name: z.string(),
  position: z.number().int(),
  probability: z.number().int(),
  kind: StageKind,
});
export type StageDto = z.infer<typeof StageDto>;

export const PipelineDto = z.object({
  id: z.uuid(),
  name: z.string(),
  isDefault: z.boolean(),
  position: z.number().int(),
  stages: z.array(StageDto),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type PipelineDto = z.infer<typeof PipelineDto>;
