import {
  assertValidFilter,
  type CreateViewBody,
  canWriteAny,
  parseFilter,
  type UpdateViewBody,
  type ViewDto,
  type ViewObject,
} from "@rapport/core";
import type { z } from "zod";
import { administers, grantsOf } from "../../platform/auth/permissions.ts";
import { type Principal, requireUser } from "../../platform/auth/principal.ts";
import type { Db } from "../../platform/db/index.ts";
import { AppError, assertVersion, notFound } from "../../platform/errors.ts";
import { resolveField } from "../../platform/filter/compile.ts";
import { newId } from "../../platform/ids.ts";
import { parseSort } from "../../platform/records/list.ts";
import { objectFields } from "../record-fields/record-fields.ts";
import { toViewDto } from "./view.presenter.ts";
import * as store from "./view.store.ts";

type CreateInput = z.output<typeof CreateViewBody>;
type UpdateInput = z.output<typeof UpdateViewBody>;

/** Personal views exist only for their creator; to anyone else they do not exist at all. */
function canSee(row: store.ViewRow, principal: Principal): boolean {
  return row.visibility === "shared" || (principal.userId !== null && row.createdBy === principal.userId);
}

/** A personal view is its creator's; a shared one its creator's (while a member or more) and the admins'. */
function canEdit(row: store.ViewRow, principal: Principal): boolean {
  if (principal.userId === null) return false;
  const mine = row.createdBy === principal.userId;
  if (row.visibility === "personal") return mine;
  return (mine && canWriteAny(grantsOf(principal).permissions)) || administers(principal);
}

/** Sharing a view with everyone is for roles that change records, not read-only ones. */
function requireWriter(principal: Principal) {
  if (!canWriteAny(grantsOf(principal).permissions)) {
    throw new AppError(
      "forbidden",
      `Your role ${grantsOf(principal).roleName} may not share views. Save it as a personal view, or ask a workspace admin.`,
    );
  }
}

const present = (row: store.ViewRow, principal: Principal, defaultId: string | undefined): ViewDto =>
  toViewDto(row, { isDefault: row.id === defaultId, canEdit: canEdit(row, principal) });

/** Checks the filter and sort against the object's fields, as its list route would; throws on the first problem. */
async function assertQueryValid(
  db: Db,
  workspaceId: string,
  object: ViewObject,
  query: { filter?: unknown; sort?: string | undefined },
) {
  const fields = await objectFields(db, workspaceId, object);
  if (query.filter !== undefined && query.filter !== null) {
    assertValidFilter(parseFilter(query.filter), resolveField(fields.registry));
  }
  if (query.sort !== undefined) parseSort(query.sort, fields.sortable, []);
}

async function defaultIdOf(db: Db, principal: Principal, object: string) {
  return principal.userId === null
    ? undefined
    : store.findDefaultViewId(db, principal.workspaceId, principal.userId, object);
}

export async function listViews(db: Db, principal: Principal, object: ViewObject): Promise<ViewDto[]> {
  const [rows, defaultId] = await Promise.all([
    store.listVisibleViews(db, principal.workspaceId, object, principal.userId),
    defaultIdOf(db, principal, object),
  ]);
  return rows.map((row) => present(row, principal, defaultId));
}

async function visibleView(db: Db, principal: Principal, id: string) {
  const row = await store.findView(db, principal.workspaceId, id);
  if (!row || !canSee(row, principal)) throw notFound("view");
  return row;
}

export async function getView(db: Db, principal: Principal, id: string): Promise<ViewDto> {
  const row = await visibleView(db, principal, id);
  return present(row, principal, await defaultIdOf(db, principal, row.object));
}

export async function createView(db: Db, principal: Principal, input: CreateInput): Promise<ViewDto> {
  const user = requireUser(principal);
  if (input.visibility === "shared") requireWriter(principal);
  await assertQueryValid(db, principal.workspaceId, input.object, input);
  return db.transaction(async (tx) => {
    const row = await store.insertView(tx, {
      workspaceId: principal.workspaceId,
      id: newId(),
      object: input.object,
      name: input.name,
      filter: input.filter ?? null,
      sort: input.sort,
      columns: input.columns,
      visibility: input.visibility,
      createdBy: user.userId,
    });
    if (input.isDefault)
      await store.setDefaultView(tx, principal.workspaceId, user.userId, row.object, row.id);
    return present(row, principal, await defaultIdOf(tx, principal, row.object));
  });
}

async function editableView(db: Db, principal: Principal, id: string) {
  const row = await visibleView(db, principal, id);
  if (!canEdit(row, principal)) {
    throw new AppError(
      "forbidden",
      "Only the view's creator or a workspace admin may change or delete a shared view. Save your own copy instead.",
    );
  }
  return row;
}

export async function updateView(
  db: Db,
  principal: Principal,
  id: string,
  input: UpdateInput,
  options: { expectedVersion?: number | undefined },
): Promise<ViewDto> {
  const user = requireUser(principal);
  return db.transaction(async (tx) => {
    const current = await editableView(tx, principal, id);
    assertVersion(current.version, options.expectedVersion, "view");
    if (input.visibility === "shared" && current.visibility !== "shared") requireWriter(principal);
    await assertQueryValid(tx, principal.workspaceId, current.object as ViewObject, input);
    const { name, filter, sort, columns, visibility } = input;
    const row = await store.updateView(tx, principal.workspaceId, id, current.version, {
      ...(name !== undefined ? { name } : {}),
      ...(filter !== undefined ? { filter } : {}),
      ...(sort !== undefined ? { sort } : {}),
      ...(columns !== undefined ? { columns } : {}),
      ...(visibility !== undefined ? { visibility } : {}),
    });
    if (!row) {
      throw new AppError(
        "precondition_failed",
        "This view was changed by someone else just now. Reload it and try again.",
      );
    }
    if (visibility === "personal" && current.visibility === "shared") {
      await store.clearOthersDefaults(tx, principal.workspaceId, id, row.createdBy ?? user.userId);
    }
    return present(row!, principal, await defaultIdOf(tx, principal, row.object));
  });
}

export async function deleteView(db: Db, principal: Principal, id: string) {
  requireUser(principal);
  await db.transaction(async (tx) => {
    await editableView(tx, principal, id);
    await store.deleteView(tx, principal.workspaceId, id);
  });
}

/** Makes a view the caller's default for its object (any view they can see), or stops it being so. */
export async function setDefault(db: Db, principal: Principal, id: string, isDefault: boolean) {
  const user = requireUser(principal);
  return db.transaction(async (tx) => {
    const row = await visibleView(tx, principal, id);
    if (isDefault) await store.setDefaultView(tx, principal.workspaceId, user.userId, row.object, row.id);
    else if ((await defaultIdOf(tx, principal, row.object)) === row.id) {
      await store.clearDefaultView(tx, principal.workspaceId, user.userId, row.object);
    }
    return present(row, principal, isDefault ? row.id : undefined);
  });
}
