import { z } from "zod";

/** One entry of the workspace's audit trail. */
export const AuditEntryDto = z.object({
  id: z.uuid(),
  /** Position in the workspace's hash chain, from 1. */
  seq: z.number().int(),
  at: z.iso.datetime(),
  actor: z.object({
    userId: z.uuid().nullable(),
    name: z.string().nullable(),
    email: z.string().nullable(),
    apiKeyId: z.uuid().nullable(),
  }),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  action: z.string(),
  target: z.object({ type: z.string(), id: z.string() }).nullable(),
  details: z.record(z.string(), z.unknown()),
  prevHash: z.string(),
  hash: z.string(),
});
export type AuditEntryDto = z.infer<typeof AuditEntryDto>;

const ACTION_FILTER = /^[a-z_]+(\.[a-z_]+)?\.?\*?$/;

export const AuditFilterQuery = z.strictObject({
  actor: z.uuid().optional().describe("Entries by this user"),
  action: z
    .string()
    .max(100)
    .regex(ACTION_FILTER, { message: "Use an action such as auth.sign_in, or a prefix such as record.*" })
    .optional()
    .describe("An action (`auth.sign_in`) or a prefix ending in `*` (`record.*`)"),
  targetType: z.string().max(50).optional(),
  targetId: z.string().max(100).optional(),
  from: z.iso.datetime({ offset: true }).optional().describe("Entries at or after this time"),
  to: z.iso.datetime({ offset: true }).optional().describe("Entries before this time"),
});
export type AuditFilterQuery = z.input<typeof AuditFilterQuery>;

export const AuditListQuery = AuditFilterQuery.extend({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z
    .string()
    .regex(/^\d+$/, { message: "Use the nextCursor of the previous page" })
    .optional()
    .describe("The nextCursor of the previous page"),
});
export type AuditListQuery = z.input<typeof AuditListQuery>;

export const AuditPage = z.object({ data: z.array(AuditEntryDto), nextCursor: z.string().nullable() });
export type AuditPage = z.infer<typeof AuditPage>;

/** The result of recomputing a hash chain: intact, or the first broken link. */
export const AuditVerifyDto = z.discriminatedUnion("ok", [
  z.object({
    ok: z.literal(true),
    entries: z.number().int(),
    lastSeq: z.number().int(),
    lastHash: z.string(),
  }),
  z.object({ ok: z.literal(false), entries: z.number().int(), seq: z.number().int(), problem: z.string() }),
]);
export type AuditVerifyDto = z.infer<typeof AuditVerifyDto>;
