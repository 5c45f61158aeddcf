import { createHash } from "node:crypto";
import { and, eq } from "drizzle-orm";
import type { Db } from "../db/index.ts";
import { idempotencyKeys } from "../db/schema/index.ts";
import { AppError } from "../errors.ts";

export type StoredResponse = { status: number; body: unknown; replayed: boolean };

/**
 * Runs a create at most once per Idempotency-Key: the key is claimed in the same transaction as the
 * work, so a concurrent retry waits for the first attempt and then gets its stored answer.
 */
export async function idempotent(
  db: Db,
  input: { workspaceId: string; scope: string; key: string | undefined; request: unknown },
  work: (tx: Db) => Promise<{ status: number; body: unknown }>,
): Promise<StoredResponse> {
  if (input.key === undefined) return { ...(await work(db)), replayed: false };
  if (input.key.length < 1 || input.key.length > 200) {
    throw new AppError("validation_failed", "The Idempotency-Key header must be 1 to 200 characters.", {
      errors: [{ path: "headers.idempotency-key", message: "1 to 200 characters" }],
    });
  }
  const requestHash = createHash("sha256").update(JSON.stringify(input.request)).digest("hex");
  const where = and(
    eq(idempotencyKeys.workspaceId, input.workspaceId),
    eq(idempotencyKeys.scope, input.scope),
    eq(idempotencyKeys.key, input.key),
  );
  return db.transaction(async (tx) => {
    const claimed = await tx
      .insert(idempotencyKeys)
      .values({ workspaceId: input.workspaceId, scope: input.scope, key: input.key!, requestHash })
      .onConflictDoNothing()
      .returning({ key: idempotencyKeys.key });
    if (claimed.length === 0) {
      const [stored] = await tx.select().from(idempotencyKeys).where(where);
      if (!stored || stored.requestHash !== requestHash) {
        throw new AppError(
          "idempotency_key_reused",
          "This Idempotency-Key was already used for a different request. Use a new key for a new request.",
        );
      }
      return { status: stored.status ?? 200, body: stored.response, replayed: true };
    }
    const result = await work(tx);
    await tx.update(idempotencyKeys).set({ status: result.status, response: result.body }).where(where);
    return { ...result, replayed: false };
  });
}
