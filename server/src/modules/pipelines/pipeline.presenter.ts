import type { PipelineDto, StageDto } from "@rapport/core";
import type { PipelineRow, StageRow } from "./pipeline.store.ts";

export const toStageDto = (row: StageRow): StageDto => ({
  id: row.id,
  name: row.name,
  position: row.position,
  probability: row.probability,
  kind: row.kind,
});

/** A pipeline with its stages; `stages` may hold other pipelines' stages, which are left out. */
export function toPipelineDto(row: PipelineRow, stages: StageRow[]): PipelineDto {
  return {
    id: row.id,
    name: row.name,
    isDefault: row.isDefault,
    position: row.position,
    stages: stages
      .filter((s) => s.pipelineId === row.id)
      .sort((a, b) => a.position - b.position)
      .map(toStageDto),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
