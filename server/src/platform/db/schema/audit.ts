import { sql } from "drizzle-orm";
import { bigint, index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";

/**
 * The append-only, hash-chained audit trail. Each workspace has its own chain; entries that belong
 * to no workspace (a failed sign-in for an unknown email) form the system chain, workspace_id null.
 *
 * `seq`, `prev_hash` and `hash` are set by the `audit_log_chain` trigger (migration 0009) when the
 * inserting transaction commits (a deferred constraint trigger), serialized per chain by a row lock
 * on `audit_chain_heads` that is held only through the commit: record writes take their row locks
 * before it, so appends neither wait on each other's work nor deadlock with it. Uncommitted entries
 * have them null; committed ones never do. Another trigger refuses UPDATE (but that one filling of
 * the chain columns), DELETE and TRUNCATE.
 */
export const auditLog = pgTable(
  "audit_log",
  {
    id: uuid("id").primaryKey(),
    workspaceId: uuid("workspace_id"),
    seq: bigint("seq", { mode: "number" }),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    actorUserId: uuid("actor_user_id"),
    actorApiKeyId: uuid("actor_api_key_id"),
    ip: text("ip"),
    userAgent: text("user_agent"),
    action: text("action").notNull(),
    targetType: text("target_type"),
    targetId: text("target_id"),
    details: jsonb("details").$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
    prevHash: text("prev_hash"),
    hash: text("hash"),
  },
  (t) => [
    // The system chain (workspace_id null) is the nil UUID, as in audit_chain_heads.
    uniqueIndex("audit_log_chain_seq_key").on(
      sql`coalesce(${t.workspaceId}, '00000000-0000-0000-0000-000000000000'::uuid)`,
      t.seq,
    ),
    index("audit_log_actor_idx").on(t.workspaceId, t.actorUserId, t.seq),
    index("audit_log_target_idx").on(t.workspaceId, t.targetType, t.targetId, t.seq),
  ],
);

/** The last entry of each chain; the system chain's key is the nil UUID. */
export const auditChainHeads = pgTable("audit_chain_heads", {
  chainId: uuid("chain_id").primaryKey(),
  seq: bigint("seq", { mode: "number" }).notNull(),
  hash: text("hash").notNull(),
});
