import type { ViewDto, ViewObject, ViewVisibility } from "@rapport/core";
import type { ViewRow } from "./view.store.ts";

/** A view as its caller sees it: whether it is their default and whether they may change it. */
export function toViewDto(row: ViewRow, caller: { isDefault: boolean; canEdit: boolean }): ViewDto {
  return {
    id: row.id,
    object: row.object as ViewObject,
    name: row.name,
    filter: row.filter ?? null,
    sort: row.sort,
    columns: row.columns,
    visibility: row.visibility as ViewVisibility,
    isDefault: caller.isDefault,
    canEdit: caller.canEdit,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    version: row.version,
  };
}
