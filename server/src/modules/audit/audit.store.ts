import type { AuditFilterQuery } from "@rapport/core";
import { and, desc, eq, getTableColumns, gte, like, lt, type SQL } from "drizzle-orm";
import type { Db } from "../../platform/db/index.ts";
import { auditLog, users } from "../../platform/db/schema/index.ts";

export type AuditRow = typeof auditLog.$inferSelect & { actorName: string | null; actorEmail: string | null };

function conditions(workspaceId: string, filter: AuditFilterQuery, beforeSeq?: number): SQL[] {
  const where: SQL[] = [eq(auditLog.workspaceId, workspaceId)];
  if (filter.actor) where.push(eq(auditLog.actorUserId, filter.actor));
  if (filter.action) {
    where.push(
      filter.action.endsWith("*")
        ? like(auditLog.action, `${filter.action.slice(0, -1).replaceAll("_", "\\_")}%`)
        : eq(auditLog.action, filter.action),
    );
  }
  if (filter.targetType) where.push(eq(auditLog.targetType, filter.targetType));
  if (filter.targetId) where.push(eq(auditLog.targetId, filter.targetId));
  if (filter.from) where.push(gte(auditLog.at, new Date(filter.from)));
  if (filter.to) where.push(lt(auditLog.at, new Date(filter.to)));
  if (beforeSeq !== undefined) where.push(lt(auditLog.seq, beforeSeq));
  return where;
}

/** A page of a workspace's entries, newest first, before `beforeSeq`. */
export async function listEntries(
  db: Db,
  workspaceId: string,
  filter: AuditFilterQuery,
  page: { limit: number; beforeSeq?: number },
): Promise<AuditRow[]> {
  return db
    .select({ ...getTableColumns(auditLog), actorName: users.name, actorEmail: users.email })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorUserId))
    .where(and(...conditions(workspaceId, filter, page.beforeSeq)))
    .orderBy(desc(auditLog.seq))
    .limit(page.limit);
}
