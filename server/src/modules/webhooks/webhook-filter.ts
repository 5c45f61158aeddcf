import {
  assertValidFilter,
  createFilterPredicate,
  type FieldResolver,
  type Filter,
  parseFilter,
  splitFieldPath,
} from "@rapport/core";
import { revealSealed } from "../../platform/crypto/sealed-values.ts";
import type { Db } from "../../platform/db/index.ts";
import { AppError } from "../../platform/errors.ts";
import type { OutboxEvent } from "../../platform/events/relay.ts";
import { resolveField } from "../../platform/filter/compile.ts";
import { objectFields } from "../record-fields/record-fields.ts";

/** The list object of each kind of record an event can be about. */
const LIST_OBJECT = {
  contact: "contacts",
  company: "companies",
  deal: "deals",
  task: "tasks",
  activity: "activities",
} as const;

const objectOf = (eventType: string) => eventType.slice(0, eventType.indexOf("."));

/** The own and custom fields of an object: an event carries its record, not the related ones. */
async function ownFields(db: Db, workspaceId: string, object: string): Promise<FieldResolver> {
  const list = LIST_OBJECT[object as keyof typeof LIST_OBJECT];
  const resolve = resolveField((await objectFields(db, workspaceId, list)).registry);
  const own: FieldResolver = (path) =>
    splitFieldPath(path).relations.length === 0 ? resolve(path) : undefined;
  own.paths = resolve.paths?.filter((path) => splitFieldPath(path).relations.length === 0);
  return own;
}

/**
 * Checks a webhook's filter against the object its events are about; null when it has none. A
 * filter needs events of one object (a deal filter means nothing to a contact event) and may name
 * only the record's own and custom fields, which is what an event carries.
 */
export async function checkWebhookFilter(
  db: Db,
  workspaceId: string,
  events: readonly string[],
  filter: unknown,
): Promise<Filter | null> {
  if (filter === null || filter === undefined) return null;
  const objects = [...new Set(events.map(objectOf))];
  if (objects.length !== 1) {
    throw new AppError(
      "validation_failed",
      "A filter applies to one kind of record: subscribe this webhook to events of one object, or remove the filter",
      {
        errors: [
          {
            path: "filter",
            message: `The events are about ${objects.join(", ")}; a filter needs events of one object`,
          },
        ],
      },
    );
  }
  const parsed = parseFilter(filter);
  assertValidFilter(parsed, await ownFields(db, workspaceId, objects[0]!));
  return parsed;
}

type Hook = { workspaceId: string; filter: unknown };
type Predicate = (record: Readonly<Record<string, unknown>>, event: OutboxEvent) => boolean;

/**
 * Tests events against webhooks' filters, building each filter's predicate once per relay batch.
 * An event matches when the record in its payload matches; `me` names no one here. A filter the
 * object's fields no longer allow (a custom field deleted since) matches nothing.
 */
export function webhookFilters(db: Db) {
  const predicates = new Map<Hook, Promise<Predicate | null>>();
  const predicateOf = (hook: Hook, object: string) => {
    let found = predicates.get(hook);
    if (!found) {
      found = ownFields(db, hook.workspaceId, object).then((fields) => {
        try {
          const test = createFilterPredicate(parseFilter(hook.filter), fields);
          return (record, event) => test(record, { userId: null, now: event.createdAt, timeZone: "UTC" });
        } catch {
          return null;
        }
      });
      predicates.set(hook, found);
    }
    return found;
  };
  return async (hook: Hook, event: OutboxEvent): Promise<boolean> => {
    if (hook.filter === null || hook.filter === undefined) return true;
    const record = revealSealed(event.payload[event.object]);
    if (!record || typeof record !== "object") return false;
    const predicate = await predicateOf(hook, event.object);
    return predicate ? predicate(record as Record<string, unknown>, event) : false;
  };
}
