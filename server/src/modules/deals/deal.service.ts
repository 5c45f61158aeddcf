import {
  type CreateDealBody,
  type DealDto,
  type FieldError,
  positionBetween,
  type UpdateDealBody,
} from "@rapport/core";
import type { z } from "zod";
import { visibleWhere } from "../../platform/auth/permissions.ts";
import type { Principal } from "../../platform/auth/principal.ts";
import type { Db } from "../../platform/db/index.ts";
import { assertVersion, invalidFields, notFound } from "../../platform/errors.ts";
import { newId } from "../../platform/ids.ts";
import { actorOf, diffFields, recordChange } from "../../platform/records/changes.ts";
import { deleteLinksToTarget } from "../../platform/records/links.ts";
import { recordTrash } from "../../platform/records/trash.ts";
import { existingCompanyIds } from "../contacts/contact.store.ts";
import { type CustomFieldRow, listCustomFields } from "../custom-fields/custom-field.store.ts";
import { validateCustomValues } from "../custom-fields/custom-values.ts";
import { findStage } from "../pipelines/pipeline.store.ts";
import { canonicalTags } from "../tags/tag.store.ts";
import { findMembership, findWorkspace } from "../workspaces/workspace.store.ts";
import { DEAL_HISTORY_FIELDS, toDealDto, toStageChangeDto } from "./deal.presenter.ts";
import * as store from "./deal.store.ts";
import { type DealChanges, enterStage, OBJECT, recordStageChange, resolveStage } from "./move-deal.ts";

export type CreateDealInput = z.output<typeof CreateDealBody>;
export type UpdateDealInput = z.output<typeof UpdateDealBody>;

const snapshot = (dto: DealDto) => dto as unknown as Record<string, unknown>;
type Current = { row: store.DealRow; contacts: store.DealContactRow[] };

/** Validates a create or an update against the current row, returning the columns to write. */
async function prepare(
  tx: Db,
  principal: Principal,
  defs: CustomFieldRow[],
  input: UpdateDealInput,
  current: Current | null,
) {
  const errors: FieldError[] = [];
  const workspaceId = principal.workspaceId;
  const stage = await resolveStage(tx, workspaceId, input, current?.row ?? null, errors);

  let lostReason = input.lostReason !== undefined ? input.lostReason : (current?.row.lostReason ?? null);
  if (stage?.kind === "lost" && !lostReason) {
    errors.push({ path: "lostReason", message: "Say why the deal was lost" });
  } else if (stage && stage.kind !== "lost") {
    if (input.lostReason) {
      errors.push({ path: "lostReason", message: "Only a lost deal has a lost reason" });
    }
    lostReason = null;
  }

  if (input.ownerId && !(await findMembership(tx, workspaceId, input.ownerId))) {
    errors.push({ path: "ownerId", message: "No member of this workspace has that id" });
  }
  if (
    input.companyId &&
    !(await existingCompanyIds(tx, workspaceId, [input.companyId])).has(input.companyId)
  ) {
    errors.push({ path: "companyId", message: "No company with that id in this workspace" });
  }

  let contacts = current?.contacts.map(({ contactId, role }) => ({ contactId, role }));
  if (input.contacts !== undefined) {
    const seen = new Set<string>();
    input.contacts.forEach((c, i) => {
      if (seen.has(c.contactId)) errors.push({ path: `contacts[${i}].contactId`, message: "Listed twice" });
      seen.add(c.contactId);
    });
    const found = await store.existingContactIds(tx, workspaceId, [...seen]);
    input.contacts.forEach((c, i) => {
      if (!found.has(c.contactId)) {
        errors.push({
          path: `contacts[${i}].contactId`,
          message: "No contact with that id in this workspace",
        });
      }
    });
    contacts = input.contacts.map((c) => ({ contactId: c.contactId, role: c.role ?? null }));
  }

  const custom = await validateCustomValues(
    tx,
    { workspaceId, table: "deals", recordId: current?.row.id ?? null },
    defs,
    input.custom,
    current?.row.custom ?? null,
  );
  errors.push(...custom.errors);
  if (errors.length > 0 || !stage) throw invalidFields(errors);

  const columns: DealChanges = {
    ...enterStage(current?.row ?? null, stage),
    lostReason,
    custom: custom.values,
    updatedBy: principal.userId,
  };
  if (input.name !== undefined) columns.name = input.name;
  if (input.amount !== undefined) columns.amount = input.amount === null ? null : input.amount.toFixed(2);
  if (input.probability !== undefined) columns.probability = input.probability;
  if (input.currency !== undefined) columns.currency = input.currency;
  if (input.expectedCloseDate !== undefined) columns.expectedCloseDate = input.expectedCloseDate;
  if (input.companyId !== undefined) columns.companyId = input.companyId;
  if (input.description !== undefined) columns.description = input.description;
  if (input.ownerId !== undefined) columns.ownerId = input.ownerId;
  if (input.boardPosition !== undefined) columns.boardPosition = input.boardPosition;
  else if (current === null || current.row.stageId !== stage.id) {
    // Entering a stage without a place puts the deal on top of the column.
    const first = await store.firstBoardPosition(tx, workspaceId, stage.id);
    columns.boardPosition = positionBetween(null, first);
  }
  if (input.tags !== undefined) columns.tags = await canonicalTags(tx, workspaceId, input.tags);
  return { columns, stage, contacts: contacts ?? [] };
}

export async function createDeal(
  db: Db,
  principal: Principal,
  input: CreateDealInput,
  defs?: CustomFieldRow[],
) {
  return db.transaction(async (tx) => {
    const fieldDefs = defs ?? (await listCustomFields(tx, principal.workspaceId, "deals"));
    const { columns, stage, contacts } = await prepare(
      tx,
      principal,
      fieldDefs,
      { ownerId: principal.userId, ...input },
      null,
    );
    const workspace = await findWorkspace(tx, principal.workspaceId);
    const row = await store.insertDeal(tx, {
      ...columns,
      name: input.name,
      pipelineId: stage.pipelineId,
      stageId: stage.id,
      currency: input.currency ?? workspace!.baseCurrency,
      workspaceId: principal.workspaceId,
      id: newId(),
      createdBy: principal.userId,
    });
    await store.replaceDealContacts(tx, principal.workspaceId, row.id, contacts);
    const dto = toDealDto(row, stage, contacts);
    await recordChange(tx, {
      workspaceId: principal.workspaceId,
      object: OBJECT,
      recordId: row.id,
      event: "created",
      changes: diffFields(null, snapshot(dto), DEAL_HISTORY_FIELDS),
      actor: actorOf(principal),
      payload: { deal: dto },
    });
    await recordStageChange(tx, principal, null, row, dto);
    return dto;
  });
}

async function currentDto(db: Db, principal: Principal, row: store.DealRow) {
  const [stage, contacts] = await Promise.all([
    findStage(db, principal.workspaceId, row.stageId),
    store.listDealContacts(db, principal.workspaceId, [row.id]),
  ]);
  return { dto: toDealDto(row, stage!, contacts), contacts };
}

export async function getDeal(db: Db, principal: Principal, id: string) {
  const row = await store.dealRecords.find(db, principal.workspaceId, id, {
    visible: visibleWhere(principal, "deals"),
  });
  if (!row) throw notFound("deal");
  return (await currentDto(db, principal, row)).dto;
}

/** Applies a partial update; with `expectedVersion` (If-Match) a concurrent change answers 412. */
export async function updateDeal(
  db: Db,
  principal: Principal,
  id: string,
  input: UpdateDealInput,
  options: { expectedVersion?: number; defs?: CustomFieldRow[] } = {},
) {
  return db.transaction(async (tx) => {
    const row = await store.dealRecords.find(tx, principal.workspaceId, id, {
      lock: true,
      visible: visibleWhere(principal, "deals"),
    });
    if (!row) throw notFound("deal");
    assertVersion(row.version, options.expectedVersion, "deal");
    const { dto: before, contacts: contactsBefore } = await currentDto(tx, principal, row);
    const fieldDefs = options.defs ?? (await listCustomFields(tx, principal.workspaceId, "deals"));
    const { columns, stage, contacts } = await prepare(tx, principal, fieldDefs, input, {
      row,
      contacts: contactsBefore,
    });
    const updated = await store.dealRecords.update(tx, principal.workspaceId, id, columns);
    if (input.contacts !== undefined)
      await store.replaceDealContacts(tx, principal.workspaceId, id, contacts);
    const after = toDealDto(updated, stage, contacts);
    await recordChange(tx, {
      workspaceId: principal.workspaceId,
      object: OBJECT,
      recordId: id,
      event: "updated",
      changes: diffFields(snapshot(before), snapshot(after), DEAL_HISTORY_FIELDS),
      actor: actorOf(principal),
      payload: { deal: after },
    });
    await recordStageChange(tx, principal, row, updated, after);
    return after;
  });
}

const trash = recordTrash({
  object: OBJECT,
  permissionObject: "deals",
  records: store.dealRecords,
  present: async (db, principal, row) => (await currentDto(db, principal, row)).dto,
  beforePurge: (db, principal, id) => deleteLinksToTarget(db, principal.workspaceId, { type: OBJECT, id }),
  purgedPayload: (row) => ({ name: row.name }),
});

/** Moves a deal to the trash (restorable for 30 days); its contacts and stage history stay. */
export const trashDeal = trash.trash;
export const restoreDeal = trash.restore;
/** Deletes a trashed deal for good, with its contact roles and stage history. */
export const purgeDeal = trash.purge;

/** The deal's moves between stages, oldest first, each with the time spent in the stage it left. */
export async function listStageChanges(db: Db, principal: Principal, id: string) {
  if (
    !(await store.dealRecords.find(db, principal.workspaceId, id, {
      visible: visibleWhere(principal, "deals"),
    }))
  )
    throw notFound("deal");
  return (await store.listStageChanges(db, principal.workspaceId, id)).map(toStageChangeDto);
}
