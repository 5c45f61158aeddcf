import type { FieldError } from "@rapport/core";
import type { Db } from "../db/index.ts";
import { AppError } from "../errors.ts";

export type BatchBody<C, U> = { create: C[]; update: (U & { id: string })[]; delete: string[] };
export type BatchHandlers<C, U, D> = {
  create: (tx: Db, input: C) => Promise<D>;
  /** Creates all at once when the module can (much faster); its errors name `create[i]` paths itself. */
  createMany?: (tx: Db, inputs: C[], itemPath: (index: number) => string) => Promise<D[]>;
  update: (tx: Db, id: string, input: U) => Promise<D>;
  delete: (tx: Db, id: string) => Promise<void>;
};

/**
 * Applies creates, updates and deletes in one transaction. Every item is tried, each in its own
 * savepoint, so that the answer names all failing items (`create[3].lastName`); if any fails,
 * nothing is written.
 */
export async function runBatch<C, U, D>(
  db: Db,
  body: BatchBody<C, U>,
  handlers: (tx: Db) => Promise<BatchHandlers<C, U, D>>,
) {
  return db.transaction(async (tx) => {
    const h = await handlers(tx);
    const errors: FieldError[] = [];
    const attempt = async <T>(path: string, work: () => Promise<T>): Promise<T | undefined> => {
      try {
        return await work();
      } catch (error) {
        if (!(error instanceof AppError) || error.status >= 500) throw error;
        const own = error.options.errors ?? [{ path: "id", message: error.detail }];
        errors.push(...own.map((e) => ({ path: `${path}.${e.path}`, message: e.message })));
        return undefined;
      }
    };
    const created: D[] = [];
    const createMany = h.createMany;
    if (createMany && body.create.length > 0) {
      try {
        created.push(...(await tx.transaction((sp) => createMany(sp, body.create, (i) => `create[${i}]`))));
      } catch (error) {
        if (!(error instanceof AppError) || error.status >= 500) throw error;
        errors.push(...(error.options.errors ?? [{ path: "create", message: error.detail }]));
      }
    } else {
      for (const [i, input] of body.create.entries()) {
        const dto = await attempt(`create[${i}]`, () => h.create(tx, input));
        if (dto) created.push(dto);
      }
    }
    const updated: D[] = [];
    for (const [i, { id, ...input }] of body.update.entries()) {
      const dto = await attempt(`update[${i}]`, () => h.update(tx, id, input as unknown as U));
      if (dto) updated.push(dto);
    }
    for (const [i, id] of body.delete.entries()) {
      await attempt(`delete[${i}]`, () => h.delete(tx, id));
    }
    if (errors.length > 0) {
      const sample = errors
        .slice(0, 5)
        .map((e) => `${e.path}: ${e.message}`)
        .join("; ");
      throw new AppError(
        "validation_failed",
        `Nothing was saved: ${errors.length} problem(s) in the batch — ${sample}`,
        {
          errors,
        },
      );
    }
    return { created, updated, deleted: body.delete };
  });
}
