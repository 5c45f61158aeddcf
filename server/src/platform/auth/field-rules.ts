/**
 * Field rules, enforced here and nowhere else: a role may have fields of an object hidden (left out
 * of every record it reads, and not filterable, sortable or writable, as if they did not exist) or
 * read-only (shown, not writable). The rule itself is core's `fieldAccess`, which the web app also
 * reads to hide what would be refused.
 *
 * Where it applies: every object's list function (and so lists, embeds, exports and lookups by id)
 * and the record routes' answers go through `redact`; `planList` and the filterable-fields route take
 * the registry through `withoutHidden`; the record routes check bodies with `assertWritable` before
 * the services run; timelines and field history leave out changes of hidden fields.
 */
import {
  type FieldRule,
  fieldAccess,
  hiddenFields,
  PERMISSION_OBJECT_LABELS,
  type PermissionObject,
} from "@rapport/core";
import { z } from "zod";
import { AppError } from "../errors.ts";
import { grantsOf } from "./permissions.ts";
import type { Principal } from "./principal.ts";

/** The hidden field paths of each object for the principal (`amount`, `custom.salary`). */
export type HiddenFields = (object: PermissionObject) => ReadonlySet<string>;

export function hiddenFieldsOf(principal: Principal): HiddenFields {
  const permissions = grantsOf(principal).permissions;
  return (object) => hiddenFields(permissions, object);
}

/** True when the principal's role sees the field (`amount`, `custom.salary`) of the object. */
export const seesField = (principal: Principal, object: PermissionObject, field: string) =>
  fieldAccess(grantsOf(principal).permissions, object, field) !== "hidden";

/** True when the principal's role may write the field (neither hidden nor read-only); admins may all. */
export const writesField = (principal: Principal, object: PermissionObject, field: string) => {
  const { permissions } = grantsOf(principal);
  return permissions.administer || fieldAccess(permissions, object, field) === "write";
};

/** The record without the fields the principal's role hides; custom ones leave `custom`. */
export function redact<T extends object>(principal: Principal, object: PermissionObject, record: T): T {
  const hidden = hiddenFieldsOf(principal)(object);
  if (hidden.size === 0) return record;
  const copy = { ...record } as Record<string, unknown>;
  for (const path of hidden) if (!path.startsWith("custom.")) delete copy[path];
  if ("custom" in copy) copy.custom = withoutHiddenCustom(copy.custom, hidden);
  return copy as T;
}

/** A record's custom values (`{ tier: "gold" }`) without those whose `custom.<key>` is hidden. */
function withoutHiddenCustom(value: unknown, hidden: ReadonlySet<string>): unknown {
  return value && typeof value === "object" && !Array.isArray(value)
    ? Object.fromEntries(Object.entries(value).filter(([key]) => !hidden.has(`custom.${key}`)))
    : value;
}

const REASONS: Record<FieldRule, string> = {
  hidden: "is hidden from",
  read_only: "is read-only for",
};

/**
 * Throws 403 naming the first field the body sets that the principal's role may not write (hidden or
 * read-only). `body` is the request as sent, before defaults are filled in, so only fields the caller
 * named count; `path` prefixes the field's path in the error (`create.0.` in a batch).
 */
export function assertWritable(principal: Principal, object: PermissionObject, body: unknown, path = "") {
  if (!body || typeof body !== "object" || Array.isArray(body)) return;
  const set = Object.entries(body as Record<string, unknown>).flatMap(([key, value]) =>
    key === "custom" && value && typeof value === "object"
      ? Object.keys(value).map((k) => ({ field: `custom.${k}`, path: `${path}custom.${k}` }))
      : [{ field: key, path: `${path}${key}` }],
  );
  assertFieldsWritable(principal, object, set);
}

/**
 * Throws 403 for the first of `fields` (each a field path and where the request names it) that the
 * principal's role may not write; for writes that name fields other than by a body's keys (an import's mapping).
 */
export function assertFieldsWritable(
  principal: Principal,
  object: PermissionObject,
  fields: { field: string; path: string }[],
) {
  const { permissions, roleName } = grantsOf(principal);
  if (permissions.administer) return;
  for (const { field, path } of fields) {
    const access = fieldAccess(permissions, object, field);
    if (access === "write") continue;
    const reason = `The field ${field} of ${PERMISSION_OBJECT_LABELS[object].many} ${REASONS[access]} your role ${roleName}`;
    throw new AppError("forbidden", `${reason}. Leave it out of the request, or ask a workspace admin.`, {
      errors: [{ path, message: `${reason}.` }],
    });
  }
}

/**
 * A record's answer schema that allows hidden fields to be missing: every property optional but the
 * id (and the version, when the record has one). Answers are checked against it at run time.
 */
export function redactable(schema: z.ZodType): z.ZodType {
  if (!(schema instanceof z.ZodObject)) return schema;
  const shape = schema.shape as Record<string, z.ZodType>;
  return schema.partial().extend({
    id: z.uuid(),
    ...(shape.version ? { version: shape.version } : {}),
  });
}

type FieldChange = { field: string; oldValue: unknown; newValue: unknown };

/**
 * A field-history change as the principal may see it: none for a hidden field; for `custom` (one
 * change holding every custom value), the values without the hidden custom fields, or none when
 * only hidden ones changed.
 */
export function visibleChange<C extends FieldChange>(
  principal: Principal,
  object: PermissionObject,
  change: C,
): C | undefined {
  const hidden = hiddenFieldsOf(principal)(object);
  if (hidden.size === 0) return change;
  if (hidden.has(change.field)) return undefined;
  if (change.field !== "custom") return change;
  const oldValue = withoutHiddenCustom(change.oldValue, hidden);
  const newValue = withoutHiddenCustom(change.newValue, hidden);
  if (JSON.stringify(oldValue) === JSON.stringify(newValue)) return undefined;
  return { ...change, oldValue, newValue };
}
