import type { TimelineKind } from "@rapport/core";
import { type SQL, sql } from "drizzle-orm";
import { type Db, queryRows } from "../../platform/db/index.ts";

export type TimelineTarget = {
  object: "contact" | "company" | "deal";
  table: "contacts" | "companies" | "deals";
  id: string;
};
export type TimelineKey = { at: string; kind: TimelineKind; id: string };

/** Whether the record exists, live, in the workspace. */
/** True when the record is live and `visible` (the caller's visibility condition on its table) holds. */
export async function recordExists(
  db: Db,
  workspaceId: string,
  target: TimelineTarget,
  visible: SQL | undefined,
) {
  const rows = await queryRows(
    db,
    sql`select 1 from ${sql.identifier(target.table)} where workspace_id = ${workspaceId} and id = ${target.id} and deleted_at is null${visible ? sql` and ${visible}` : sql``}`,
  );
  return rows.length > 0;
}

/** The deals a timeline covers besides the record itself: a contact's and a company's deals. */
function relatedDeals(workspaceId: string, target: TimelineTarget): SQL {
  switch (target.object) {
    case "deal":
      return sql`select ${target.id}::uuid as id`;
    case "contact":
      return sql`select dc.deal_id as id from deal_contacts dc join deals d on d.workspace_id = dc.workspace_id and d.id = dc.deal_id
                 where dc.workspace_id = ${workspaceId} and dc.contact_id = ${target.id} and d.deleted_at is null`;
    case "company":
      return sql`select id from deals where workspace_id = ${workspaceId} and company_id = ${target.id} and deleted_at is null`;
  }
}

/**
 * One page of a record's timeline, newest first: its own changes (from the outbox, with their
 * field history), linked activities and tasks, stage moves of its deals and, for contacts and
 * companies, their deals. Each source is sorted and limited on its own index before the merge.
 */
export async function timelineKeys(
  db: Db,
  workspaceId: string,
  target: TimelineTarget,
  options: {
    kinds: Set<TimelineKind>;
    after?: TimelineKey;
    limit: number;
    /** The caller's visibility of activities and tasks (aliased `s`) and deals (aliased `d`). */
    visible: { activity: SQL | undefined; task: SQL | undefined; deal: SQL | undefined };
  },
): Promise<TimelineKey[]> {
  const and = (condition: SQL | undefined) => (condition ? sql` and ${condition}` : sql``);
  // The record's deals the caller may see (a deal's own timeline: the deal, already checked).
  const visibleDeals =
    target.object === "deal"
      ? relatedDeals(workspaceId, target)
      : sql`select d.id from deals d where d.workspace_id = ${workspaceId} and d.id in (${relatedDeals(workspaceId, target)})${and(options.visible.deal)}`;
  const before = options.after
    ? (at: SQL, kind: string, id: SQL) =>
        sql`and (${at}, ${kind}::text, ${id}) < (${options.after!.at}::timestamptz, ${options.after!.kind}::text, ${options.after!.id}::uuid)`
    : () => sql``;
  const limit = options.limit;
  const branch = (kind: TimelineKind, at: SQL, id: SQL, from: SQL) =>
    sql`(select ${at} as at, ${kind}::text as kind, ${id} as id ${from} ${before(at, kind, id)} order by 1 desc, 3 desc limit ${limit})`;
  const branches: SQL[] = [];
  if (options.kinds.has("change")) {
    branches.push(
      branch(
        "change",
        sql`e.created_at`,
        sql`e.id`,
        sql`from outbox_events e where e.workspace_id = ${workspaceId} and e.object = ${target.object} and e.record_id = ${target.id}
            and e.type <> ${`${target.object}.stage_changed`} and (e.change_id is not null or e.type <> ${`${target.object}.updated`})`,
      ),
    );
  }
  for (const [kind, table, at] of [
    ["activity", "activities", sql`s.occurred_at`],
    ["task", "tasks", sql`coalesce(s.completed_at, s.created_at)`],
  ] as const) {
    if (!options.kinds.has(kind)) continue;
    branches.push(
      branch(
        kind,
        at,
        sql`s.id`,
        sql`from record_links l join ${sql.identifier(table)} s on s.workspace_id = l.workspace_id and s.id = l.source_id
            where l.workspace_id = ${workspaceId} and l.target_type = ${target.object} and l.target_id = ${target.id}
            and l.source_type = ${kind} and s.deleted_at is null${and(options.visible[kind])}`,
      ),
    );
  }
  if (options.kinds.has("stage_change")) {
    branches.push(
      branch(
        "stage_change",
        sql`c.changed_at`,
        sql`c.id`,
        sql`from deal_stage_changes c where c.workspace_id = ${workspaceId} and c.deal_id in (${visibleDeals})`,
      ),
    );
  }
  if (options.kinds.has("deal") && target.object !== "deal") {
    branches.push(
      branch(
        "deal",
        sql`d.created_at`,
        sql`d.id`,
        sql`from deals d where d.workspace_id = ${workspaceId} and d.id in (${visibleDeals})`,
      ),
    );
  }
  if (branches.length === 0) return [];
  return queryRows<TimelineKey>(
    db,
    sql`select to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as at, kind, id
        from (${sql.join(branches, sql` union all `)}) items order by at desc, kind desc, id desc limit ${limit}`,
  );
}

export type ChangeRow = {
  id: string;
  type: string;
  change_id: string | null;
  actor_user_id: string | null;
  actor_api_key_id: string | null;
};

export async function changeEvents(db: Db, workspaceId: string, ids: string[]) {
  if (ids.length === 0) return [];
  return queryRows<ChangeRow>(
    db,
    sql`select id, type, change_id, actor_user_id, actor_api_key_id from outbox_events where workspace_id = ${workspaceId} and id in ${ids}`,
  );
}

export type HistoryRow = {
  id: string;
  change_id: string;
  field: string;
  old_value: unknown;
  new_value: unknown;
  actor_user_id: string | null;
  actor_api_key_id: string | null;
  changed_at: string;
};

/** Field history of one record, newest first; `changeIds` narrows it to some changes. */
export async function fieldHistory(
  db: Db,
  workspaceId: string,
  target: TimelineTarget,
  options: { changeIds?: string[]; before?: { at: string; id: string }; limit?: number } = {},
) {
  if (options.changeIds && options.changeIds.length === 0) return [];
  return queryRows<HistoryRow>(
    db,
    sql`select id, change_id, field, old_value, new_value, actor_user_id, actor_api_key_id,
          to_char(changed_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as changed_at
        from field_history where workspace_id = ${workspaceId} and object = ${target.object} and record_id = ${target.id}
        ${options.changeIds ? sql`and change_id in ${options.changeIds}` : sql``}
        ${options.before ? sql`and (changed_at, id) < (${options.before.at}::timestamptz, ${options.before.id}::uuid)` : sql``}
        order by changed_at desc, id desc ${options.limit ? sql`limit ${options.limit}` : sql``}`,
  );
}

export type StageChangeRow = {
  id: string;
  deal_id: string;
  deal_name: string;
  pipeline_id: string;
  from_stage_id: string | null;
  to_stage_id: string;
  from_status: string | null;
  to_status: string;
  seconds_in_from_stage: number | null;
  actor_user_id: string | null;
  actor_api_key_id: string | null;
  changed_at: string;
};

export async function stageChanges(db: Db, workspaceId: string, ids: string[]) {
  if (ids.length === 0) return [];
  return queryRows<StageChangeRow>(
    db,
    sql`select c.id, c.deal_id, d.name as deal_name, c.pipeline_id, c.from_stage_id, c.to_stage_id, c.from_status, c.to_status,
          c.seconds_in_from_stage, c.actor_user_id, c.actor_api_key_id,
          to_char(c.changed_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as changed_at
        from deal_stage_changes c join deals d on d.workspace_id = c.workspace_id and d.id = c.deal_id
        where c.workspace_id = ${workspaceId} and c.id in ${ids}`,
  );
}
