import type { PermissionObject } from "@rapport/core";
import { and, eq } from "drizzle-orm";
import { visibleWhere } from "../auth/permissions.ts";
import type { Principal } from "../auth/principal.ts";
import type { Db } from "../db/index.ts";
import { recordShares } from "../db/schema/index.ts";
import { assertVersion, notFound } from "../errors.ts";
import { actorOf, recordChange, recordChangesInBulk } from "./changes.ts";
import type { RecordStore } from "./record-store.ts";

type TrashableRow = { version: number; deletedAt: Date | null };

/** How long a record stays in the trash, restorable, before the daily purge deletes it for good. */
export const TRASH_RETENTION_DAYS = 30;
type Payload = Record<string, unknown>;
type TrashChanges = { deletedAt: Date | null; deletedBy: string | null };

/** What the trash needs to know about one object. */
export type TrashSpec<Row extends TrashableRow, Dto, Cleared = void> = {
  /** The object's name: in events (`contact.deleted`), history and error messages. */
  object: string;
  /** Whose visibility applies: a record the caller cannot see cannot be trashed or restored by them. */
  permissionObject: PermissionObject;
  records: Pick<RecordStore<Row, TrashChanges>, "find" | "update" | "purge" | "trashMany">;
  /** The answer and the `restored` payload for a record just restored. */
  present(db: Db, principal: Principal, row: Row): Promise<Dto>;
  /** Refuses a restore that would break a rule live records keep (by throwing). */
  beforeRestore?(db: Db, principal: Principal, row: Row): Promise<void>;
  /** Clears what points at or hangs off the record before it goes; its result goes to `purgedPayload`. */
  beforePurge?(db: Db, principal: Principal, id: string): Promise<Cleared>;
  /** What the `purged` payload says besides the id, since the record can no longer be read. */
  purgedPayload(row: Row, cleared: Cleared | undefined): Payload;
};

/** Trash (restorable for 30 days), restore and purge, the same for every record object. */
export function recordTrash<Row extends TrashableRow, Dto, Cleared = void>(
  spec: TrashSpec<Row, Dto, Cleared>,
) {
  const { object, records } = spec;
  const visible = (principal: Principal) => visibleWhere(principal, spec.permissionObject);
  const change = (principal: Principal, id: string, event: string, payload: Payload) => ({
    workspaceId: principal.workspaceId,
    object,
    recordId: id,
    event,
    changes: [],
    actor: actorOf(principal),
    payload,
  });

  return {
    async trash(db: Db, principal: Principal, id: string, options: { expectedVersion?: number } = {}) {
      await db.transaction(async (tx) => {
        const row = await records.find(tx, principal.workspaceId, id, {
          lock: true,
          visible: visible(principal),
        });
        if (!row) throw notFound(object);
        assertVersion(row.version, options.expectedVersion, object);
        await records.update(tx, principal.workspaceId, id, {
          deletedAt: new Date(),
          deletedBy: principal.userId,
        });
        await recordChange(tx, change(principal, id, "deleted", { id }));
      });
    },

    /**
     * Moves many records to the trash at once (an import's undo), with a `deleted` event each as the
     * single trash writes, in the caller's transaction; ones already gone or not visible to
     * `principal` are left alone. Returns the ids trashed; the caller audits the batch.
     */
    async trashMany(tx: Db, principal: Principal, ids: string[]): Promise<string[]> {
      const trashed = await records.trashMany(
        tx,
        principal.workspaceId,
        ids,
        principal.userId,
        visible(principal),
      );
      await recordChangesInBulk(
        tx,
        trashed.map((id) => change(principal, id, "deleted", { id })),
      );
      return trashed;
    },

    async restore(db: Db, principal: Principal, id: string): Promise<Dto> {
      return db.transaction(async (tx) => {
        const row = await records.find(tx, principal.workspaceId, id, {
          trashed: true,
          lock: true,
          visible: visible(principal),
        });
        if (!row) throw notFound(`${object} in the trash`);
        await spec.beforeRestore?.(tx, principal, row);
        const restored = await records.update(tx, principal.workspaceId, id, {
          deletedAt: null,
          deletedBy: null,
        });
        const dto = await spec.present(tx, principal, restored);
        await recordChange(tx, change(principal, id, "restored", { [object]: dto }));
        return dto;
      });
    },

    /**
     * Deletes a trashed record for good. Only what is in the trash can be purged; with
     * `trashedBefore`, only what was trashed before then (checked under the row lock, so a record
     * restored and trashed again meanwhile stays).
     */
    async purge(db: Db, principal: Principal, id: string, options: { trashedBefore?: Date } = {}) {
      await db.transaction(async (tx) => {
        const row = await records.find(tx, principal.workspaceId, id, { trashed: true, lock: true });
        if (!row || (options.trashedBefore && row.deletedAt! >= options.trashedBefore)) {
          throw notFound(`${object} in the trash`);
        }
        const cleared = await spec.beforePurge?.(tx, principal, id);
        await records.purge(tx, principal.workspaceId, id);
        // Shares name the record without a foreign key (one table serves every object).
        await tx
          .delete(recordShares)
          .where(
            and(
              eq(recordShares.workspaceId, principal.workspaceId),
              eq(recordShares.object, spec.permissionObject),
              eq(recordShares.recordId, id),
            ),
          );
        await recordChange(tx, change(principal, id, "purged", { id, ...spec.purgedPayload(row, cleared) }));
      });
    },
  };
}
