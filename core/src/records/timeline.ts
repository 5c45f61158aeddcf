import { z } from "zod";
import { ActivityDto } from "./activities.ts";
import { DealDto, DealStageChangeDto } from "./deals.ts";
import { TaskDto } from "./tasks.ts";

export const TIMELINE_OBJECTS = ["contacts", "companies", "deals"] as const;
export const TimelineObject = z.enum(TIMELINE_OBJECTS);
export type TimelineObject = z.infer<typeof TimelineObject>;

export const TIMELINE_KINDS = ["change", "activity", "task", "stage_change", "deal"] as const;
export const TimelineKind = z.enum(TIMELINE_KINDS);
export type TimelineKind = z.infer<typeof TimelineKind>;

export const ActorDto = z.object({ userId: z.uuid().nullable(), apiKeyId: z.uuid().nullable() });
export const FieldChangeDto = z.object({ field: z.string(), oldValue: z.unknown(), newValue: z.unknown() });

const base = { id: z.uuid(), at: z.iso.datetime() };
export const TimelineItem = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("change"),
    ...base,
    event: z.string().describe("created, updated, deleted, restored, …"),
    actor: ActorDto,
    changes: z.array(FieldChangeDto),
  }),
  z.object({ kind: z.literal("activity"), ...base, activity: ActivityDto }),
  z.object({ kind: z.literal("task"), ...base, task: TaskDto }),
  z.object({
    kind: z.literal("stage_change"),
    ...base,
    deal: z.object({ id: z.uuid(), name: z.string() }),
    stageChange: DealStageChangeDto,
  }),
  z.object({ kind: z.literal("deal"), ...base, deal: DealDto }),
]);
export type TimelineItem = z.infer<typeof TimelineItem>;

export const TimelinePage = z.object({ data: z.array(TimelineItem), nextCursor: z.string().nullable() });
export type TimelinePage = z.infer<typeof TimelinePage>;

export const TimelineQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
  kinds: z
    .string()
    .optional()
    .describe(`Comma-separated kinds to include: ${TIMELINE_KINDS.join(", ")}`),
});

export const HistoryEntryDto = z.object({
  id: z.uuid(),
  changeId: z.uuid(),
  field: z.string(),
  oldValue: z.unknown(),
  newValue: z.unknown(),
  actor: ActorDto,
  changedAt: z.iso.datetime(),
});
export type HistoryEntryDto = z.infer<typeof HistoryEntryDto>;
