import { sql } from "drizzle-orm";
import { bigint, index, jsonb, pgTable, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";

/**
 * The append-only, hash-chained audit trail. Each workspace has its own chain; entries that belong
 * to no workspace (a failed sign-in for an unknown email) form the system chain, workspace_id null.
 *
 * `seq`, `prev_hash` and `hash` are set by the `audit_log_chain` trigger (migration 0007), which
 * serializes appends per chain through a row lock on `audit_chain_heads`; the values given on
 * insert are ignored. Another trigger refuses UPDATE, DELETE and TRUNCATE.
 */
export const auditLog = pgTable(
  "audit_log",
  {
    id: uuid("id").primaryKey(),
    workspaceId: uuid("workspace_id"),
    seq: bigint("seq", { mode: "number" }).notNull().default(0),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    actorUserId: uuid("actor_user_id"),
    actorApiKeyId: uuid("actor_api_key_id"),
    ip: text("ip"),
    userAgent: text("user_agent"),
    action: text("action").notNull(),
    targetType: text("target_type"),
    targetId: text("target_id"),
    details: jsonb("details").$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
    prevHash: text("prev_hash").notNull().default(""),
    hash: text("hash").notNull().default(""),
  },
  (t) => [
    unique("audit_log_chain_seq_key").on(t.workspaceId, t.seq).nullsNotDistinct(),
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
