import type { DealDto, DealStageChangeDto } from "@rapport/core";
import type { StageRow } from "../pipelines/pipeline.store.ts";
import type { DealContactRow, DealRow, StageChangeRow } from "./deal.store.ts";

/** Won deals are certain, lost ones are gone; an open deal has its override, else its stage's. */
export function effectiveProbability(row: Pick<DealRow, "status" | "probability">, stageProbability: number) {
  if (row.status === "won") return 100;
  if (row.status === "lost") return 0;
  return row.probability ?? stageProbability;
}

export function toDealDto(
  row: DealRow,
  stage: Pick<StageRow, "probability">,
  contacts: Pick<DealContactRow, "contactId" | "role">[],
): DealDto {
  return {
    id: row.id,
    name: row.name,
    amount: row.amount === null ? null : Number(row.amount),
    currency: row.currency,
    pipelineId: row.pipelineId,
    stageId: row.stageId,
    status: row.status,
    lostReason: row.lostReason,
    probability: effectiveProbability(row, stage.probability),
    probabilityOverride: row.probability,
    expectedCloseDate: row.expectedCloseDate,
    closedAt: row.closedAt?.toISOString() ?? null,
    stageChangedAt: row.stageChangedAt.toISOString(),
    companyId: row.companyId,
    contacts: contacts.map((c) => ({ contactId: c.contactId, role: c.role })),
    description: row.description,
    boardPosition: row.boardPosition,
    ownerId: row.ownerId,
    tags: row.tags,
    custom: row.custom,
    createdAt: row.createdAt.toISOString(),
    createdBy: row.createdBy,
    updatedAt: row.updatedAt.toISOString(),
    updatedBy: row.updatedBy,
    version: row.version,
  };
}

export const toStageChangeDto = (row: StageChangeRow): DealStageChangeDto => ({
  id: row.id,
  pipelineId: row.pipelineId,
  fromStageId: row.fromStageId,
  toStageId: row.toStageId,
  fromStatus: row.fromStatus as DealStageChangeDto["fromStatus"],
  toStatus: row.toStatus as DealStageChangeDto["toStatus"],
  secondsInFromStage: row.secondsInFromStage,
  actorUserId: row.actorUserId,
  actorApiKeyId: row.actorApiKeyId,
  changedAt: row.changedAt.toISOString(),
});

/** The fields whose changes go to field history and events (everything a user can edit, and status). */
export const DEAL_HISTORY_FIELDS = [
  "name",
  "amount",
  "currency",
  "pipelineId",
  "stageId",
  "status",
  "lostReason",
  "probabilityOverride",
  "expectedCloseDate",
  "closedAt",
  "companyId",
  "contacts",
  "description",
  "ownerId",
  "tags",
  "custom",
] as const;
