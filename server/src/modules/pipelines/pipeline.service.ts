import {
  CLOSED_STAGE_PROBABILITY,
  type CreatePipelineBody,
  type FieldError,
  type PipelineDto,
  type StageKind,
  type UpdatePipelineBody,
} from "@rapport/core";
import type { z } from "zod";
import type { Principal } from "../../platform/auth/principal.ts";
import type { Db } from "../../platform/db/index.ts";
import { AppError, invalidFields, notFound } from "../../platform/errors.ts";
import { newId } from "../../platform/ids.ts";
import { countDealsByStage, countDealsInPipeline } from "../deals/deal.store.ts";
import { moveDealsOutOfStage } from "../deals/move-deal.ts";
import { toPipelineDto } from "./pipeline.presenter.ts";
import * as store from "./pipeline.store.ts";

export type CreatePipelineInput = z.output<typeof CreatePipelineBody>;
export type UpdatePipelineInput = z.output<typeof UpdatePipelineBody>;
type StageInput = {
  id?: string | undefined;
  name: string;
  probability?: number | undefined;
  kind: StageKind;
};
type CheckedStage = { id?: string | undefined; name: string; probability: number; kind: StageKind };

/** Open stages need a probability; won stages are 100 and lost 0; a pipeline keeps an open stage. */
function checkStages(stages: StageInput[], errors: FieldError[]): CheckedStage[] {
  if (!stages.some((s) => s.kind === "open")) {
    errors.push({ path: "stages", message: "Keep at least one open stage" });
  }
  return stages.map((s, i) => {
    if (s.kind === "open") {
      if (s.probability === undefined) {
        errors.push({ path: `stages[${i}].probability`, message: "Give an open stage a probability" });
      }
      return { ...s, probability: s.probability ?? 0 };
    }
    const fixed = CLOSED_STAGE_PROBABILITY[s.kind];
    if (s.probability !== undefined && s.probability !== fixed) {
      errors.push({
        path: `stages[${i}].probability`,
        message: `A ${s.kind} stage's probability is ${fixed}`,
      });
    }
    return { ...s, probability: fixed };
  });
}

/** Makes `id` the workspace's one default pipeline (the old default is unset first: one per workspace). */
async function makeDefault(tx: Db, workspaceId: string, id: string) {
  await store.clearDefault(tx, workspaceId, id);
  return store.updatePipeline(tx, workspaceId, id, { isDefault: true });
}

export async function listPipelines(db: Db, principal: Principal): Promise<PipelineDto[]> {
  const [rows, stages] = await Promise.all([
    store.listPipelines(db, principal.workspaceId),
    store.listStages(db, principal.workspaceId),
  ]);
  return rows.map((row) => toPipelineDto(row, stages));
}

async function loadDto(db: Db, principal: Principal, row: store.PipelineRow) {
  return toPipelineDto(row, await store.listStages(db, principal.workspaceId, [row.id]));
}

export async function getPipeline(db: Db, principal: Principal, id: string) {
  const row = await store.findPipeline(db, principal.workspaceId, id);
  if (!row) throw notFound("pipeline");
  return loadDto(db, principal, row);
}

export async function createPipeline(db: Db, principal: Principal, input: CreatePipelineInput) {
  const errors: FieldError[] = [];
  const stages = checkStages(input.stages, errors);
  if (errors.length > 0) throw invalidFields(errors);
  return db.transaction(async (tx) => {
    const workspaceId = principal.workspaceId;
    const id = newId();
    let row = await store.insertPipeline(tx, {
      workspaceId,
      id,
      name: input.name,
      position: await store.nextPipelinePosition(tx, workspaceId),
    });
    await store.insertStages(
      tx,
      stages.map((s, position) => ({ ...s, workspaceId, id: newId(), pipelineId: id, position })),
    );
    if (input.isDefault) row = await makeDefault(tx, workspaceId, id);
    return loadDto(tx, principal, row);
  });
}

/**
 * Renames, reorders, makes default, and replaces the stage list: stages with an id are kept, without
 * are created, and those left out are removed — which needs `moveDealsTo` while deals sit in them.
 */
export async function updatePipeline(db: Db, principal: Principal, id: string, input: UpdatePipelineInput) {
  return db.transaction(async (tx) => {
    const workspaceId = principal.workspaceId;
    let row = await store.findPipeline(tx, workspaceId, id, { lock: true });
    if (!row) throw notFound("pipeline");
    if (input.isDefault === false && row.isDefault) {
      throw invalidFields([
        { path: "isDefault", message: "A workspace always has a default: make another pipeline the default" },
      ]);
    }
    if (input.stages !== undefined)
      await replaceStages(tx, principal, row, input.stages, input.moveDealsTo ?? {});
    else if (input.moveDealsTo !== undefined && Object.keys(input.moveDealsTo).length > 0) {
      throw invalidFields([
        { path: "moveDealsTo", message: "Only with a new stage list that removes stages" },
      ]);
    }
    const changes: Partial<Pick<store.PipelineRow, "name" | "position">> = {};
    if (input.name !== undefined) changes.name = input.name;
    if (input.position !== undefined) changes.position = input.position;
    row = await store.updatePipeline(tx, workspaceId, id, changes);
    if (input.isDefault && !row.isDefault) row = await makeDefault(tx, workspaceId, id);
    return loadDto(tx, principal, row);
  });
}

async function replaceStages(
  tx: Db,
  principal: Principal,
  pipeline: store.PipelineRow,
  input: StageInput[],
  moveDealsTo: Record<string, string>,
) {
  const workspaceId = principal.workspaceId;
  const errors: FieldError[] = [];
  const next = checkStages(input, errors);
  const current = await store.listStages(tx, workspaceId, [pipeline.id]);
  const currentById = new Map(current.map((s) => [s.id, s]));
  const kept = new Map<string, store.StageRow>();
  next.forEach((s, position) => {
    if (s.id === undefined) return;
    const existing = currentById.get(s.id);
    if (!existing)
      errors.push({ path: `stages[${position}].id`, message: "No stage with that id in this pipeline" });
    else if (kept.has(s.id)) errors.push({ path: `stages[${position}].id`, message: "Listed twice" });
    else kept.set(s.id, { ...existing, name: s.name, probability: s.probability, kind: s.kind, position });
  });
  const removed = current.filter((s) => !kept.has(s.id));
  const removedIds = new Set(removed.map((s) => s.id));
  for (const [from, to] of Object.entries(moveDealsTo)) {
    const path = `moveDealsTo.${from}`;
    const target = kept.get(to);
    if (!removedIds.has(from)) errors.push({ path, message: "Not a stage this change removes" });
    else if (!target) errors.push({ path, message: "Move deals to a stage kept in this pipeline" });
    else if (target.kind !== currentById.get(from)!.kind) {
      errors.push({
        path,
        message: `Move deals to a ${currentById.get(from)!.kind} stage, so they keep their status`,
      });
    }
  }
  if (errors.length > 0) throw invalidFields(errors);

  const dealCounts = await countDealsByStage(
    tx,
    workspaceId,
    current.map((s) => s.id),
  );
  const conflicts: FieldError[] = [];
  for (const stage of removed) {
    const n = dealCounts.get(stage.id) ?? 0;
    if (n > 0 && moveDealsTo[stage.id] === undefined) {
      conflicts.push({
        path: `moveDealsTo.${stage.id}`,
        message: `'${stage.name}' holds ${n} deal(s) (trashed ones included): say which stage they move to`,
      });
    }
  }
  for (const stage of kept.values()) {
    const before = currentById.get(stage.id)!;
    const n = dealCounts.get(stage.id) ?? 0;
    if (n > 0 && before.kind !== stage.kind) {
      conflicts.push({
        path: `stages[${stage.position}].kind`,
        message: `'${before.name}' holds ${n} deal(s); a stage with deals keeps its kind (${before.kind})`,
      });
    }
  }
  if (conflicts.length > 0) {
    throw new AppError(
      "conflict",
      `The stages cannot change this way while deals sit in them — ${conflicts.map((c) => c.message).join("; ")}`,
      { errors: conflicts },
    );
  }

  for (const stage of kept.values()) {
    const { name, position, probability, kind } = stage;
    await store.updateStage(tx, workspaceId, stage.id, { name, position, probability, kind });
  }
  await store.insertStages(
    tx,
    next.flatMap((s, position) =>
      s.id === undefined
        ? [
            {
              name: s.name,
              probability: s.probability,
              kind: s.kind,
              workspaceId,
              id: newId(),
              pipelineId: pipeline.id,
              position,
            },
          ]
        : [],
    ),
  );
  for (const stage of removed) {
    const to = moveDealsTo[stage.id];
    if (to !== undefined) await moveDealsOutOfStage(tx, principal, stage, kept.get(to)!);
  }
  await store.deleteStages(tx, workspaceId, [...removedIds]);
}

/** Deletes a pipeline without deals (trashed ones included); the default one must be replaced first. */
export async function deletePipeline(db: Db, principal: Principal, id: string) {
  await db.transaction(async (tx) => {
    const row = await store.findPipeline(tx, principal.workspaceId, id, { lock: true });
    if (!row) throw notFound("pipeline");
    if (row.isDefault) {
      throw new AppError(
        "conflict",
        "This is the default pipeline: make another pipeline the default first.",
      );
    }
    const n = await countDealsInPipeline(tx, principal.workspaceId, id);
    if (n > 0) {
      throw new AppError(
        "conflict",
        `This pipeline holds ${n} deal(s), trashed ones included: move them to another pipeline, or purge them, first.`,
      );
    }
    await store.deletePipeline(tx, principal.workspaceId, id);
  });
}
