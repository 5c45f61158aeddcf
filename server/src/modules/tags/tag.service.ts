import type { TagDto } from "@rapport/core";
import type { Principal } from "../../platform/auth/principal.ts";
import type { Db } from "../../platform/db/index.ts";
import { AppError, notFound } from "../../platform/errors.ts";
import * as store from "./tag.store.ts";

/** Tables whose records carry tags; renaming or deleting a tag updates them all. */
export const TAGGED_TABLES = ["contacts", "companies", "deals", "activities", "tasks"] as const;

const nameTaken = (name: string) =>
  new AppError("validation_failed", `A tag named '${name}' already exists.`, {
    errors: [{ path: "name", message: "Name already used" }],
  });

export async function listTags(db: Db, principal: Principal): Promise<TagDto[]> {
  return (await store.listTags(db, principal.workspaceId)).map(toTagDto);
}

export async function createTag(db: Db, principal: Principal, input: { name: string; color: string }) {
  const row = await store.insertTag(db, { workspaceId: principal.workspaceId, ...input });
  if (!row) throw nameTaken(input.name);
  return toTagDto(row);
}

/** Renames a tag everywhere it is used, in one transaction. */
export async function updateTag(
  db: Db,
  principal: Principal,
  id: string,
  input: { name?: string; color?: string },
) {
  return db.transaction(async (tx) => {
    const current = await store.findTag(tx, principal.workspaceId, id);
    if (!current) throw notFound("tag");
    let row: store.TagRow | undefined;
    try {
      row = await tx.transaction((sp) => store.updateTag(sp, principal.workspaceId, id, input));
    } catch {
      throw nameTaken(input.name ?? current.name);
    }
    if (input.name && input.name !== current.name) {
      await store.retagRecords(tx, TAGGED_TABLES, principal.workspaceId, current.name, input.name);
    }
    return toTagDto(row!);
  });
}

export async function deleteTag(db: Db, principal: Principal, id: string) {
  await db.transaction(async (tx) => {
    const current = await store.findTag(tx, principal.workspaceId, id);
    if (!current) throw notFound("tag");
    await store.deleteTag(tx, principal.workspaceId, id);
    await store.retagRecords(tx, TAGGED_TABLES, principal.workspaceId, current.name, null);
  });
}

const toTagDto = (row: store.TagRow): TagDto => ({
  id: row.id,
  name: row.name,
  color: row.color,
  createdAt: row.createdAt.toISOString(),
});
