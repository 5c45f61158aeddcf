import { sql } from "drizzle-orm";
import type { Db } from "../../platform/db/index.ts";

export type DueTaskAlert = {
  workspaceId: string;
  taskId: string;
  kind: "task.reminder" | "task.due";
  at: Date;
};

/**
 * Reminders and due times in (`since`, `now`] of open tasks that have no notification yet, across
 * workspaces: the sweep's safety net for alerts whose scheduled job was lost or never made. Found
 * through tasks_remind_idx and tasks_due_alert_idx, then the notifications dedupe index.
 */
export async function dueTaskAlerts(db: Db, since: Date, now: Date, limit: number): Promise<DueTaskAlert[]> {
  type Row = { workspace_id: string; id: string; kind: DueTaskAlert["kind"]; at: string | Date };
  // Both drivers answer `{ rows }`; Drizzle's type for it differs between them.
  const result = (await db.execute(sql`
    select t.workspace_id, t.id, a.kind, a.at
    from tasks t
    cross join lateral (
      select 'task.reminder' as kind, t.remind_at as at
      where t.remind_at > ${since} and t.remind_at <= ${now}
      union all
      select 'task.due', t.due_at
      where not t.all_day and t.due_at > ${since} and t.due_at <= ${now}
    ) a
    where t.deleted_at is null
      and t.status in ('open', 'in_progress')
      and ((t.remind_at > ${since} and t.remind_at <= ${now})
        or (not t.all_day and t.due_at > ${since} and t.due_at <= ${now}))
      and not exists (
        select 1 from notifications n
        where n.workspace_id = t.workspace_id
          and n.dedupe_key = a.kind || ':' || t.id || ':' || floor(extract(epoch from a.at) * 1000)::bigint
      )
    limit ${limit}`)) as unknown as { rows: Row[] };
  return result.rows.map((r) => ({
    workspaceId: r.workspace_id,
    taskId: r.id,
    kind: r.kind,
    at: new Date(r.at),
  }));
}
