import type { StageKind } from "@rapport/core";
import type { Db } from "../../platform/db/index.ts";
import { newId } from "../../platform/ids.ts";
import { insertPipeline, insertStages } from "./pipeline.store.ts";

/** The stages a new workspace starts with, the usual B2B sales funnel. */
export const DEFAULT_PIPELINE = {
  name: "Sales",
  stages: [
    { name: "Lead in", probability: 10, kind: "open" },
    { name: "Qualified", probability: 25, kind: "open" },
    { name: "Proposal sent", probability: 50, kind: "open" },
    { name: "Negotiation", probability: 75, kind: "open" },
    { name: "Won", probability: 100, kind: "won" },
    { name: "Lost", probability: 0, kind: "lost" },
  ] satisfies { name: string; probability: number; kind: StageKind }[],
};

/** Gives a new workspace its default "Sales" pipeline, inside the workspace's creating transaction. */
export async function createDefaultPipeline(tx: Db, workspaceId: string) {
  const pipeline = await insertPipeline(tx, {
    workspaceId,
    id: newId(),
    name: DEFAULT_PIPELINE.name,
    isDefault: true,
    position: 0,
  });
  await insertStages(
    tx,
    DEFAULT_PIPELINE.stages.map((stage, position) => ({
      ...stage,
      workspaceId,
      id: newId(),
      pipelineId: pipeline.id,
      position,
    })),
  );
  return pipeline;
}
