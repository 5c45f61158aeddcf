import { and, eq, isNotNull } from "drizzle-orm";
import type { Db } from "../db/index.ts";
import { companies, contacts } from "../db/schema/index.ts";
import { AppError } from "../errors.ts";

const TABLES = { contact: contacts, company: companies } as const;
const PATHS = { contact: "contacts", company: "companies" } as const;
export type MergeableObject = keyof typeof TABLES;

/** The live record a merged id now stands for, following earlier merges; undefined when not merged. */
export async function mergedInto(
  db: Db,
  object: MergeableObject,
  workspaceId: string,
  id: string,
): Promise<string | undefined> {
  const table = TABLES[object];
  const [row] = await db
    .select({ mergedIntoId: table.mergedIntoId })
    .from(table)
    .where(and(eq(table.workspaceId, workspaceId), eq(table.id, id), isNotNull(table.mergedIntoId)));
  return row?.mergedIntoId ?? undefined;
}

/**
 * For an id that was not found live: if it was merged, the error that points at the survivor —
 * a read is redirected (301), a change refused (409) and a delete told it is gone (410), each with
 * the survivor's URL — else `fallback` (404).
 */
export async function mergedOr(
  db: Db,
  object: MergeableObject,
  workspaceId: string,
  id: string,
  action: "read" | "update" | "delete",
  fallback: AppError,
): Promise<AppError> {
  const survivor = await mergedInto(db, object, workspaceId, id);
  if (!survivor) return fallback;
  const location = `/api/v1/${PATHS[object]}/${survivor}`;
  const extra = { mergedIntoId: survivor, location };
  const what = `This ${object} was merged into ${survivor}`;
  switch (action) {
    case "read":
      return new AppError("moved_permanently", `${what}; read it at ${location}.`, { location, extra });
    case "update":
      return new AppError("record_merged", `${what}; make the change there (${location}).`, {
        location,
        extra,
      });
    case "delete":
      return new AppError(
        "record_merged_gone",
        `${what}; delete that one instead if you mean to (${location}).`,
        {
          location,
          extra,
        },
      );
  }
}
