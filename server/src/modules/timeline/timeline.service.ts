import {
  type HistoryEntryDto,
  TIMELINE_KINDS,
  type TimelineItem,
  type TimelineKind,
  type TimelineObject,
  type TimelinePage,
} from "@rapport/core";
import { type SQL, sql } from "drizzle-orm";
import { visibleChange } from "../../platform/auth/field-rules.ts";
import { requirePermission, visibleWhere } from "../../platform/auth/permissions.ts";
import type { Principal } from "../../platform/auth/principal.ts";
import type { Db } from "../../platform/db/index.ts";
import { AppError, notFound } from "../../platform/errors.ts";
import { listActivities } from "../activities/activity.query.ts";
import { listDeals } from "../deals/deal.query.ts";
import { listTasks } from "../tasks/task.query.ts";
import * as store from "./timeline.store.ts";

const TARGETS: Record<TimelineObject, Omit<store.TimelineTarget, "id">> = {
  contacts: { object: "contact", table: "contacts" },
  companies: { object: "company", table: "companies" },
  deals: { object: "deal", table: "deals" },
};

async function liveTarget(db: Db, principal: Principal, object: TimelineObject, id: string) {
  const target = { ...TARGETS[object], id };
  requirePermission(principal, object, "read");
  const visible = visibleWhere(principal, object);
  if (!(await store.recordExists(db, principal.workspaceId, target, visible))) throw notFound(target.object);
  return target;
}

function parseKinds(text: string | undefined): Set<TimelineKind> {
  if (!text) return new Set(TIMELINE_KINDS);
  const kinds = text.split(",").map((k) => k.trim());
  const unknown = kinds.filter((k) => !(TIMELINE_KINDS as readonly string[]).includes(k));
  if (unknown.length > 0) {
    throw new AppError(
      "validation_failed",
      `Unknown timeline kinds: ${unknown.join(", ")}. Use ${TIMELINE_KINDS.join(", ")}.`,
      {
        errors: [{ path: "query.kinds", message: `Unknown: ${unknown.join(", ")}` }],
      },
    );
  }
  return new Set(kinds as TimelineKind[]);
}

function decodeCursor(cursor: string | undefined): store.TimelineKey | undefined {
  if (!cursor) return undefined;
  try {
    const key = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as store.TimelineKey;
    if (
      typeof key.at === "string" &&
      (TIMELINE_KINDS as readonly string[]).includes(key.kind) &&
      typeof key.id === "string"
    ) {
      return key;
    }
  } catch {
    // Answered below.
  }
  throw new AppError(
    "validation_failed",
    "This cursor is not one of this timeline's. Start again without it.",
    {
      errors: [{ path: "query.cursor", message: "Not a timeline cursor" }],
    },
  );
}

const aliased = (alias: string, owners: SQL[]) => ({
  workspaceId: sql`${sql.identifier(alias)}.workspace_id`,
  id: sql`${sql.identifier(alias)}.id`,
  owners,
});

const encodeCursor = (key: store.TimelineKey) => Buffer.from(JSON.stringify(key)).toString("base64url");

/** One page of a record's timeline, with every item presented as its own API object. */
export async function getTimeline(
  db: Db,
  principal: Principal,
  object: TimelineObject,
  id: string,
  query: { limit: number; cursor?: string; kinds?: string },
): Promise<TimelinePage> {
  const target = await liveTarget(db, principal, object, id);
  const kinds = parseKinds(query.kinds);
  const keys = await store.timelineKeys(db, principal.workspaceId, target, {
    kinds,
    after: decodeCursor(query.cursor),
    limit: query.limit + 1,
    visible: {
      activity: visibleWhere(principal, "activities", aliased("s", [sql`s.owner_id`])),
      task: visibleWhere(principal, "tasks", aliased("s", [sql`s.owner_id`, sql`s.assignee_id`])),
      deal: visibleWhere(principal, "deals", aliased("d", [sql`d.owner_id`])),
    },
  });
  const page = keys.slice(0, query.limit);
  const idsOf = (kind: TimelineKind) => page.filter((k) => k.kind === kind).map((k) => k.id);
  const byId = <T extends { id: string }>(items: T[]) => new Map(items.map((i) => [i.id, i]));
  const inIds = (ids: string[]) => ({
    filter: { field: "id", op: "in", value: ids },
    limit: 200,
    count: false,
  });

  const changeIds = idsOf("change");
  const events = byId(await store.changeEvents(db, principal.workspaceId, changeIds));
  const history = await store.fieldHistory(db, principal.workspaceId, target, {
    changeIds: [...events.values()].flatMap((e) => (e.change_id ? [e.change_id] : [])),
  });
  const activityIds = idsOf("activity");
  const activities = byId(
    activityIds.length ? (await listActivities(db, principal, inIds(activityIds))).data : [],
  );
  const taskIds = idsOf("task");
  const tasks = byId(taskIds.length ? (await listTasks(db, principal, inIds(taskIds))).data : []);
  const dealIds = idsOf("deal");
  const deals = byId(dealIds.length ? (await listDeals(db, principal, inIds(dealIds))).data : []);
  const moves = byId(await store.stageChanges(db, principal.workspaceId, idsOf("stage_change")));

  const data = page.flatMap((key): TimelineItem[] => {
    switch (key.kind) {
      case "change": {
        const event = events.get(key.id)!;
        return [
          {
            kind: "change",
            id: key.id,
            at: key.at,
            event: event.type.slice(event.type.indexOf(".") + 1),
            actor: { userId: event.actor_user_id, apiKeyId: event.actor_api_key_id },
            changes: history
              .filter((h) => h.change_id === event.change_id)
              .flatMap(
                (h) =>
                  visibleChange(principal, object, {
                    field: h.field,
                    oldValue: h.old_value,
                    newValue: h.new_value,
                  }) ?? [],
              ),
          },
        ];
      }
      case "activity": {
        const activity = activities.get(key.id);
        return activity ? [{ kind: "activity", id: key.id, at: key.at, activity }] : [];
      }
      case "task": {
        const task = tasks.get(key.id);
        return task ? [{ kind: "task", id: key.id, at: key.at, task }] : [];
      }
      case "deal": {
        const deal = deals.get(key.id);
        return deal ? [{ kind: "deal", id: key.id, at: key.at, deal }] : [];
      }
      case "stage_change": {
        const move = moves.get(key.id)!;
        return [
          {
            kind: "stage_change",
            id: key.id,
            at: key.at,
            deal: { id: move.deal_id, name: move.deal_name },
            stageChange: {
              id: move.id,
              pipelineId: move.pipeline_id,
              fromStageId: move.from_stage_id,
              toStageId: move.to_stage_id,
              fromStatus: move.from_status as "open" | "won" | "lost" | null,
              toStatus: move.to_status as "open" | "won" | "lost",
              secondsInFromStage: move.seconds_in_from_stage,
              actorUserId: move.actor_user_id,
              actorApiKeyId: move.actor_api_key_id,
              changedAt: move.changed_at,
            },
          },
        ];
      }
      default:
        return [];
    }
  });
  const last = page.at(-1);
  return { data, nextCursor: keys.length > query.limit && last ? encodeCursor(last) : null };
}

/** Every field change of a record, newest first, with who made it. */
export async function getHistory(
  db: Db,
  principal: Principal,
  object: TimelineObject,
  id: string,
  query: { limit: number; cursor?: string },
): Promise<{ data: HistoryEntryDto[]; nextCursor: string | null }> {
  const target = await liveTarget(db, principal, object, id);
  let before: { at: string; id: string } | undefined;
  if (query.cursor) {
    try {
      before = JSON.parse(Buffer.from(query.cursor, "base64url").toString("utf8")) as {
        at: string;
        id: string;
      };
    } catch {
      before = undefined;
    }
    if (typeof before?.at !== "string" || typeof before?.id !== "string") {
      throw new AppError(
        "validation_failed",
        "This cursor is not one of this history's. Start again without it.",
        {
          errors: [{ path: "query.cursor", message: "Not a history cursor" }],
        },
      );
    }
  }
  const rows = await store.fieldHistory(db, principal.workspaceId, target, {
    before,
    limit: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    // A hidden field's changes are left out; the cursor still follows the rows read.
    data: page.flatMap(
      (r) =>
        visibleChange(principal, object, {
          id: r.id,
          changeId: r.change_id,
          field: r.field,
          oldValue: r.old_value,
          newValue: r.new_value,
          actor: { userId: r.actor_user_id, apiKeyId: r.actor_api_key_id },
          changedAt: r.changed_at,
        }) ?? [],
    ),
    nextCursor:
      rows.length > query.limit && last
        ? Buffer.from(JSON.stringify({ at: last.changed_at, id: last.id })).toString("base64url")
        : null,
  };
}
