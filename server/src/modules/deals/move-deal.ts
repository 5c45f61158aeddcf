import type { DealDto, DealStatus, FieldError } from "@rapport/core";
import { sql } from "drizzle-orm";
import type { Principal } from "../../platform/auth/principal.ts";
import type { Db } from "../../platform/db/index.ts";
import { newId } from "../../platform/ids.ts";
import { actorOf, diffFields, recordChange } from "../../platform/records/changes.ts";
import * as pipelines from "../pipelines/pipeline.store.ts";
import { DEAL_HISTORY_FIELDS, toDealDto } from "./deal.presenter.ts";
import * as store from "./deal.store.ts";

export const OBJECT = "deal";
export type DealChanges = store.DealChanges;
type StageRow = pipelines.StageRow;

const snapshot = (dto: DealDto) => dto as unknown as Record<string, unknown>;

/**
 * The stage a create or update puts the deal in. An explicit stage wins (it must belong to the
 * pipeline given, and agree with the status given); else `status` picks the pipeline's won or lost
 * stage, reopening picks the open stage the deal left when it closed, and a new pipeline its first
 * stage of the deal's status. Problems are pushed to `errors`; the answer is then undefined.
 */
export async function resolveStage(
  tx: Db,
  workspaceId: string,
  input: { pipelineId?: string | undefined; stageId?: string | undefined; status?: DealStatus | undefined },
  current: store.DealRow | null,
  errors: FieldError[],
): Promise<StageRow | undefined> {
  if (input.stageId !== undefined) {
    const stage = await pipelines.findStage(tx, workspaceId, input.stageId);
    if (!stage) {
      errors.push({ path: "stageId", message: "No stage with that id in this workspace" });
      return undefined;
    }
    if (input.pipelineId !== undefined && stage.pipelineId !== input.pipelineId) {
      errors.push({ path: "stageId", message: "This stage belongs to another pipeline" });
      return undefined;
    }
    if (input.status !== undefined && input.status !== stage.kind) {
      errors.push({
        path: "status",
        message: `'${stage.name}' is a ${stage.kind} stage; a deal in it is ${stage.kind}`,
      });
      return undefined;
    }
    return stage;
  }

  if (input.pipelineId !== undefined && !(await pipelines.findPipeline(tx, workspaceId, input.pipelineId))) {
    errors.push({ path: "pipelineId", message: "No pipeline with that id in this workspace" });
    return undefined;
  }
  const pipelineId =
    input.pipelineId ?? current?.pipelineId ?? (await pipelines.findDefaultPipeline(tx, workspaceId))?.id;
  if (pipelineId === undefined) {
    errors.push({ path: "pipelineId", message: "This workspace has no default pipeline; give one" });
    return undefined;
  }
  const samePipeline = current !== null && current.pipelineId === pipelineId;
  const status = input.status ?? current?.status ?? "open";
  if (samePipeline && status === current.status) {
    return pipelines.findStage(tx, workspaceId, current.stageId);
  }

  const candidates = (await pipelines.listStages(tx, workspaceId, [pipelineId])).filter(
    (s) => s.kind === status,
  );
  if (status === "open" && samePipeline) {
    const before = await store.lastOpenStageBeforeClosing(tx, workspaceId, current.id);
    const previous = candidates.find((s) => s.id === before);
    if (previous) return previous;
  }
  const stage = candidates[0];
  if (!stage) {
    errors.push({
      path: input.status !== undefined ? "status" : "pipelineId",
      message: `This pipeline has no ${status} stage`,
    });
  }
  return stage;
}

/** The columns that follow from entering `stage`: status, closing time, time of the move. */
export function enterStage(current: store.DealRow | null, stage: StageRow): DealChanges {
  const changes: DealChanges = { pipelineId: stage.pipelineId, stageId: stage.id, status: stage.kind };
  if (current === null || current.stageId !== stage.id) changes.stageChangedAt = sql`now()`;
  if (stage.kind === "open") changes.closedAt = null;
  else if (current === null || current.status !== stage.kind) changes.closedAt = sql`now()`;
  return changes;
}

/**
 * When the stage or status changed, writes the `deal_stage_changes` row (with the seconds spent in
 * the stage left) and, for an existing deal, the `deal.stage_changed` event beside `deal.updated`.
 */
export async function recordStageChange(
  tx: Db,
  principal: Principal,
  before: store.DealRow | null,
  after: store.DealRow,
  dto: DealDto,
) {
  if (before && before.stageId === after.stageId && before.status === after.status) return;
  const actor = actorOf(principal);
  const change = await store.insertStageChange(
    tx,
    {
      workspaceId: principal.workspaceId,
      id: newId(),
      dealId: after.id,
      pipelineId: after.pipelineId,
      fromStageId: before?.stageId ?? null,
      toStageId: after.stageId,
      fromStatus: before?.status ?? null,
      toStatus: after.status,
      actorUserId: actor.userId,
      actorApiKeyId: actor.apiKeyId,
    },
    before?.stageChangedAt ?? null,
  );
  if (!before) return;
  await recordChange(tx, {
    workspaceId: principal.workspaceId,
    object: OBJECT,
    recordId: after.id,
    event: "stage_changed",
    changes: [],
    actor,
    payload: {
      deal: dto,
      fromPipelineId: before.pipelineId,
      fromStageId: before.stageId,
      toStageId: after.stageId,
      fromStatus: before.status,
      toStatus: after.status,
      secondsInFromStage: change.secondsInFromStage,
    },
  });
}

/**
 * Moves every deal of a stage being removed to `to`, a stage of the same kind, so that the deals keep
 * their status. Trashed deals move too: they still hold the stage. Each move is versioned and
 * recorded like any other: field history, `deal.updated`, a stage change and `deal.stage_changed`.
 */
export async function moveDealsOutOfStage(tx: Db, principal: Principal, from: StageRow, to: StageRow) {
  const rows = await store.dealsInStageForUpdate(tx, principal.workspaceId, from.id);
  const links = await store.listDealContacts(
    tx,
    principal.workspaceId,
    rows.map((r) => r.id),
  );
  for (const row of rows) {
    const own = links.filter((l) => l.dealId === row.id);
    const before = toDealDto(row, from, own);
    const updated = await store.dealRecords.update(tx, principal.workspaceId, row.id, {
      ...enterStage(row, to),
      updatedBy: principal.userId,
    });
    const after = toDealDto(updated, to, own);
    await recordChange(tx, {
      workspaceId: principal.workspaceId,
      object: OBJECT,
      recordId: row.id,
      event: "updated",
      changes: diffFields(snapshot(before), snapshot(after), DEAL_HISTORY_FIELDS),
      actor: actorOf(principal),
      payload: { deal: after },
    });
    await recordStageChange(tx, principal, row, updated, after);
  }
  return rows.length;
}
