import { and, asc, eq, inArray, ne, sql } from "drizzle-orm";
import type { Db } from "../../platform/db/index.ts";
import { pipelines, stages } from "../../platform/db/schema/index.ts";

export type PipelineRow = typeof pipelines.$inferSelect;
export type StageRow = typeof stages.$inferSelect;
export type StageInsert = typeof stages.$inferInsert;

export async function listPipelines(db: Db, workspaceId: string): Promise<PipelineRow[]> {
  return db
    .select()
    .from(pipelines)
    .where(eq(pipelines.workspaceId, workspaceId))
    .orderBy(asc(pipelines.position), asc(pipelines.createdAt));
}

export async function findPipeline(
  db: Db,
  workspaceId: string,
  id: string,
  options: { lock?: boolean } = {},
): Promise<PipelineRow | undefined> {
  const query = db
    .select()
    .from(pipelines)
    .where(and(eq(pipelines.workspaceId, workspaceId), eq(pipelines.id, id)));
  const [row] = options.lock ? await query.for("update") : await query;
  return row;
}

export async function findDefaultPipeline(db: Db, workspaceId: string): Promise<PipelineRow | undefined> {
  const [row] = await db
    .select()
    .from(pipelines)
    .where(and(eq(pipelines.workspaceId, workspaceId), eq(pipelines.isDefault, true)));
  return row;
}

export async function insertPipeline(db: Db, row: typeof pipelines.$inferInsert): Promise<PipelineRow> {
  const [created] = await db.insert(pipelines).values(row).returning();
  return created!;
}

export async function updatePipeline(
  db: Db,
  workspaceId: string,
  id: string,
  changes: Partial<Pick<PipelineRow, "name" | "isDefault" | "position">>,
): Promise<PipelineRow> {
  const [row] = await db
    .update(pipelines)
    .set({ ...changes, updatedAt: sql`now()` })
    .where(and(eq(pipelines.workspaceId, workspaceId), eq(pipelines.id, id)))
    .returning();
  return row!;
}

/** Unsets the default flag of every pipeline but `except`, so that it can become the default. */
export async function clearDefault(db: Db, workspaceId: string, except: string) {
  await db
    .update(pipelines)
    .set({ isDefault: false, updatedAt: sql`now()` })
    .where(
      and(eq(pipelines.workspaceId, workspaceId), eq(pipelines.isDefault, true), ne(pipelines.id, except)),
    );
}

export async function deletePipeline(db: Db, workspaceId: string, id: string) {
  await db.delete(pipelines).where(and(eq(pipelines.workspaceId, workspaceId), eq(pipelines.id, id)));
}

export async function nextPipelinePosition(db: Db, workspaceId: string): Promise<number> {
  const [row] = await db
    .select({ next: sql<number>`coalesce(max(${pipelines.position}) + 1, 0)::int` })
    .from(pipelines)
    .where(eq(pipelines.workspaceId, workspaceId));
  return row?.next ?? 0;
}

/** Stages of the given pipelines (all of the workspace's when omitted), in board order. */
export async function listStages(db: Db, workspaceId: string, pipelineIds?: string[]): Promise<StageRow[]> {
  if (pipelineIds?.length === 0) return [];
  return db
    .select()
    .from(stages)
    .where(
      and(
        eq(stages.workspaceId, workspaceId),
        pipelineIds ? inArray(stages.pipelineId, pipelineIds) : undefined,
      ),
    )
    .orderBy(asc(stages.pipelineId), asc(stages.position), asc(stages.createdAt));
}

export async function findStage(db: Db, workspaceId: string, id: string): Promise<StageRow | undefined> {
  const [row] = await db
    .select()
    .from(stages)
    .where(and(eq(stages.workspaceId, workspaceId), eq(stages.id, id)));
  return row;
}

export async function stagesByIds(db: Db, workspaceId: string, ids: string[]): Promise<StageRow[]> {
  if (ids.length === 0) return [];
  return db
    .select()
    .from(stages)
    .where(and(eq(stages.workspaceId, workspaceId), inArray(stages.id, ids)));
}

export async function insertStages(db: Db, rows: StageInsert[]) {
  if (rows.length > 0) await db.insert(stages).values(rows);
}

export async function updateStage(
  db: Db,
  workspaceId: string,
  id: string,
  changes: Pick<StageRow, "name" | "position" | "probability" | "kind">,
) {
  await db
    .update(stages)
    .set(changes)
    .where(and(eq(stages.workspaceId, workspaceId), eq(stages.id, id)));
}

export async function deleteStages(db: Db, workspaceId: string, ids: string[]) {
  if (ids.length === 0) return;
  await db.delete(stages).where(and(eq(stages.workspaceId, workspaceId), inArray(stages.id, ids)));
}
