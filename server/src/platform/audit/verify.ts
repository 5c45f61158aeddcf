import { sql } from "drizzle-orm";
import { type Db, queryRows } from "../db/index.ts";

export const SYSTEM_CHAIN_ID = "00000000-0000-0000-0000-000000000000";

export type ChainReport =
  | { ok: true; entries: number; lastSeq: number; lastHash: string }
  | { ok: false; entries: number; seq: number; problem: string };

type Break = { seq: string; problem: string };

/**
 * Recomputes a chain (a workspace's, or the system chain for null) in the database and reports the
 * first broken link: an altered entry, a removed one (a gap in seq or a prev_hash that no longer
 * matches), or entries removed from the end (the chain head remembers the last seq and hash).
 */
export async function verifyChain(db: Db, workspaceId: string | null): Promise<ChainReport> {
  const chain = workspaceId === null ? sql`a.workspace_id is null` : sql`a.workspace_id = ${workspaceId}`;
  const [broken] = await queryRows<Break>(
    db,
    sql`select seq, case
          when seq <> coalesce(prev_seq, 0) + 1
            then 'entries ' || (coalesce(prev_seq, 0) + 1) || ' to ' || (seq - 1) || ' are missing'
          when prev_hash <> coalesce(prev_actual, '')
            then 'prev_hash does not match the hash of the entry before it'
          else 'the entry was altered: its content does not match its hash'
        end as problem
        from (
          select a.seq, a.prev_hash, a.hash, audit_entry_hash(a) as computed,
                 lag(a.seq) over (order by a.seq) as prev_seq,
                 lag(a.hash) over (order by a.seq) as prev_actual
          from audit_log a where ${chain}
        ) c
        where seq <> coalesce(prev_seq, 0) + 1 or prev_hash <> coalesce(prev_actual, '') or computed <> hash
        order by seq limit 1`,
  );
  const [last] = await queryRows<{ seq: string; hash: string; entries: string }>(
    db,
    sql`select a.seq, a.hash, (select count(*) from audit_log a where ${chain}) as entries
        from audit_log a where ${chain} order by a.seq desc limit 1`,
  );
  const entries = Number(last?.entries ?? 0);
  if (broken) return { ok: false, entries, seq: Number(broken.seq), problem: broken.problem };
  const [head] = await queryRows<{ seq: string; hash: string }>(
    db,
    sql`select seq, hash from audit_chain_heads where chain_id = ${workspaceId ?? SYSTEM_CHAIN_ID}`,
  );
  const lastSeq = Number(last?.seq ?? 0);
  const headSeq = Number(head?.seq ?? 0);
  if (headSeq !== lastSeq || (head?.hash ?? "") !== (last?.hash ?? "")) {
    return {
      ok: false,
      entries,
      seq: lastSeq + 1,
      problem:
        headSeq > lastSeq
          ? `entries ${lastSeq + 1} to ${headSeq} were removed from the end`
          : "the chain head does not match the last entry",
    };
  }
  return { ok: true, entries, lastSeq, lastHash: last?.hash ?? "" };
}

/** Every chain: the system chain and each workspace that has entries. */
export async function listChains(db: Db): Promise<(string | null)[]> {
  const rows = await queryRows<{ chain_id: string }>(
    db,
    sql`select chain_id from audit_chain_heads order by chain_id`,
  );
  return rows.map((r) => (r.chain_id === SYSTEM_CHAIN_ID ? null : r.chain_id));
}
