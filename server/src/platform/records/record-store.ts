import { and, eq, getTableName, isNotNull, isNull, type SQL, type SQLWrapper, sql } from "drizzle-orm";
import type { PgColumn, PgTable, PgUpdateSetSource } from "drizzle-orm/pg-core";
import type { Db } from "../db/index.ts";
import type { PageQuery } from "./list-plan.ts";

/** A table with the record columns (`recordColumns`) that the shared operations read and write. */
export type RecordTable = PgTable & {
  workspaceId: PgColumn;
  id: PgColumn;
  version: PgColumn;
  updatedAt: PgColumn;
  deletedAt: PgColumn;
};

/** Columns to write; any may be SQL, such as `now()` from the database clock. */
export type RecordChanges<T extends RecordTable> = PgUpdateSetSource<T>;

/** `visible`: only a record the caller may see (`visibleWhere`); another answers undefined, as a missing one. */
export type FindOptions = { trashed?: boolean; lock?: boolean; visible?: SQL | undefined };

/** A store's list query: a page of live records, or of trashed ones with `trashed`. */
export type RecordListQuery = PageQuery & { trashed?: boolean };

/** A listed row with the `sort0…` values `planList` asked for. */
export type ListedRow<Row> = { row: Row } & Record<string, unknown>;

/** The operations every record store has in common, over one table. */
export type RecordStore<Row, Changes> = {
  /** A record of the workspace; trashed ones only when asked, locked for update when asked. */
  find(db: Db, workspaceId: string, id: string, options?: FindOptions): Promise<Row | undefined>;
  update(db: Db, workspaceId: string, id: string, changes: Changes): Promise<Row>;
  purge(db: Db, workspaceId: string, id: string): Promise<void>;
  list(db: Db, workspaceId: string, query: RecordListQuery): Promise<ListedRow<Row>[]>;
  /** How many live records match `where`. */
  count(db: Db, workspaceId: string, where: SQL | undefined): Promise<number>;
  /**
   * Moves the live records among `ids` that `visible` allows to the trash with one statement, as the
   * single trash does (version and `updated_at` bumped); returns the ids it trashed.
   */
  trashMany(
    db: Db,
    workspaceId: string,
    ids: string[],
    deletedBy: string | null,
    visible: SQL | undefined,
  ): Promise<string[]>;
};

/**
 * A search's matches are sorted for a page when they are at most this many. Past it, they are common
 * enough for a walk in the sort order to meet a page of them within 51 × rows / 5,000 rows (10,000
 * at a million), read in the order they were written; below it, fetching each match costs less
 * than that walk. Measured at 1M contacts: the walk reads about two rows in the time the trigram
 * index's matches take to fetch one.
 */
const SEARCH_MATCHES = 5000;

/**
 * The shared operations of a record table. `update` also bumps the version and `updated_at`, so
 * every write is seen by If-Match and by sync clients.
 */
export function recordStore<T extends RecordTable>(table: T) {
  type Row = T["$inferSelect"];
  const one = (workspaceId: string | SQLWrapper, id: string | SQLWrapper) =>
    and(eq(table.workspaceId, workspaceId), eq(table.id, id));
  // A merged contact or company is out of lists like a trashed one, but not in the trash: it
  // cannot be restored or purged, its id answers with the survivor.
  const merged = (table as { mergedIntoId?: PgColumn }).mergedIntoId;
  const inTrash = (trashed: boolean | undefined) =>
    trashed ? and(isNotNull(table.deletedAt), merged ? isNull(merged) : undefined) : isNull(table.deletedAt);

  const byId = preparedPerDb((db: Db, trashed: boolean) =>
    db
      .select()
      .from(table as PgTable)
      .where(and(one(sql.placeholder("workspaceId"), sql.placeholder("id")), inTrash(trashed)))
      .prepare(`${getTableName(table)}_by_id${trashed ? "_trashed" : ""}`),
  );

  return {
    async find(db: Db, workspaceId: string, id: string, options: FindOptions = {}) {
      if (options.lock || options.visible) {
        const query = db
          .select()
          .from(table as PgTable)
          .where(and(one(workspaceId, id), inTrash(options.trashed), options.visible));
        const [row] = options.lock ? await query.for("update") : await query;
        return row as Row | undefined;
      }
      const [row] = await byId(db, options.trashed ?? false).execute({ workspaceId, id });
      return row as Row | undefined;
    },

    async update(db: Db, workspaceId: string, id: string, changes: RecordChanges<T>) {
      const rows = await db
        .update(table)
        .set({ ...changes, updatedAt: sql`now()`, version: sql`${table.version} + 1` })
        .where(one(workspaceId, id))
        .returning();
      return (rows as Row[])[0]!;
    },

    async purge(db: Db, workspaceId: string, id: string) {
      await db.delete(table).where(one(workspaceId, id));
    },

    async list(db: Db, workspaceId: string, query: RecordListQuery) {
      const where = and(eq(table.workspaceId, workspaceId), inTrash(query.trashed), query.where);
      const page = async (condition: SQL | undefined) =>
        (await db
          .select({ row: table as PgTable, ...query.sortValues })
          .from(table as PgTable)
          .where(condition)
          .orderBy(...query.order)
          .limit(query.limit)) as ListedRow<Row>[];
      if (!query.searched) return page(where);
      // A search PostgreSQL may answer by walking the sort order's index until a page of rows
      // matches: quick when many do, seconds when few do (a rare name pair: 1M contacts read to
      // find 50). So the page is first sorted from the matches themselves, collected from the
      // trigram index without an order up to a cap, each row read once. They are a WITH query named
      // as the table (inside it, the name is still the table's), so the order and the selected
      // values read them unchanged. Past the cap, the matches are common enough for the walk to
      // meet a page of them early, and it answers instead.
      const matches = db.$with(getTableName(table)).as(
        db
          .select()
          .from(table as PgTable)
          .where(where)
          .limit(SEARCH_MATCHES + 1),
      );
      const sorted = (await db
        .with(matches)
        .select({ row: table as PgTable, ...query.sortValues, matches: sql<number>`count(*) over ()` })
        .from(table as PgTable)
        .orderBy(...query.order)
        .limit(query.limit)) as ListedRow<Row>[];
      if (sorted.length === 0 || Number(sorted[0]!.matches) <= SEARCH_MATCHES) return sorted;
      return page(where);
    },

    async count(db: Db, workspaceId: string, where: SQL | undefined) {
      const [row] = await db
        .select({ n: sql<number>`count(*)::int` })
        .from(table as PgTable)
        .where(and(eq(table.workspaceId, workspaceId), isNull(table.deletedAt), where));
      return row?.n ?? 0;
    },

    async trashMany(
      db: Db,
      workspaceId: string,
      ids: string[],
      deletedBy: string | null,
      visible: SQL | undefined,
    ) {
      if (ids.length === 0) return [];
      // A join on the ids (not `id = any(…)`): the planner probes the primary key per id rather than
      // scanning the workspace's records.
      const rows = await db
        .update(table)
        .set({
          deletedAt: sql`now()`,
          deletedBy,
          updatedAt: sql`now()`,
          version: sql`${table.version} + 1`,
        } as RecordChanges<T>)
        .from(sql`unnest(${`{${ids.join(",")}}`}::uuid[]) as trashed(id)`)
        .where(
          and(
            eq(table.workspaceId, workspaceId),
            sql`${table.id} = trashed.id`,
            isNull(table.deletedAt),
            visible,
          ),
        )
        .returning({ id: table.id });
      return (rows as { id: string }[]).map((r) => r.id);
    },
  } satisfies RecordStore<Row, RecordChanges<T>>;
}

/**
 * A query built once per database handle (and variant) and kept, for the hottest reads: building a
 * query with Drizzle costs more than PostgreSQL takes to run a lookup by primary key. Named, so
 * PostgreSQL also parses and plans it once per connection. Transactions are short-lived handles:
 * their entries go with them.
 */
export function preparedPerDb<Q>(build: (db: Db, variant: boolean) => Q) {
  const cache = new WeakMap<Db, [Q | undefined, Q | undefined]>();
  return (db: Db, variant: boolean): Q => {
    let entry = cache.get(db);
    if (!entry) {
      entry = [undefined, undefined];
      cache.set(db, entry);
    }
    const slot = variant ? 1 : 0;
    entry[slot] ??= build(db, variant);
    return entry[slot] as Q;
  };
}
