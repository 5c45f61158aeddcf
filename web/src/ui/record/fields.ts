import {
  type CustomFieldDto,
  type CustomFieldObject,
  type CustomFieldType,
  type FieldAccess,
  fieldAccess,
  type PermissionObject,
  type RolePermissions,
} from "@rapport/core";
import { recordText } from "./text.ts";

/** How a field is edited and shown: the custom field types plus a few shapes of built-in fields. */
export type FieldKind = CustomFieldType | "record_links" | "text_list" | "address" | "tags" | "stage";

export type FieldOption = { value: string; label: string };

/**
 * One editable field of a record. `path` is where its value lives in the form, in the request body
 * and in the API's field errors (`firstName`, `custom.tier`, `address.city`).
 */
export type FieldSpec<R = unknown> = {
  path: string;
  label: string;
  kind: FieldKind;
  options?: FieldOption[];
  currency?: string;
  /** For amounts in the record's own currency. */
  currencyOf?: (record: R) => string;
  /** For record links: the object they point to. */
  target?: CustomFieldObject;
  required?: boolean;
  description?: string;
  /** The field's value as the form holds it. */
  read: (record: R) => unknown;
  /** The request body value for a form value, given the record being edited; defaults by kind. */
  write?: (value: unknown, record: R | null) => unknown;
};

export const ADDRESS_PARTS = ["street", "city", "region", "postalCode", "country"] as const;
type AddressValue = Partial<Record<(typeof ADDRESS_PARTS)[number], string | null>>;

/** The form's value for an unset field of a kind. */
export function emptyValue(kind: FieldKind): unknown {
  switch (kind) {
    case "number":
    case "currency":
    case "text":
    case "long_text":
    case "url":
    case "email":
    case "phone":
      return "";
    case "boolean":
      return false;
    case "multi_select":
    case "record_links":
    case "text_list":
    case "tags":
      return [];
    case "address":
      return Object.fromEntries(ADDRESS_PARTS.map((p) => [p, ""]));
    default:
      return null;
  }
}

/** The form value for a stored value, filling in the kind's empty value. */
export function formValue(kind: FieldKind, stored: unknown): unknown {
  if (stored === null || stored === undefined) return emptyValue(kind);
  if (kind === "address") {
    const address = stored as AddressValue;
    return Object.fromEntries(ADDRESS_PARTS.map((p) => [p, address[p] ?? ""]));
  }
  return stored;
}

/** The request body value of a form value. */
export function bodyValue<R>(field: FieldSpec<R>, value: unknown, record: R | null = null): unknown {
  if (field.write) return field.write(value, record);
  switch (field.kind) {
    case "text":
    case "long_text":
    case "url":
    case "email":
    case "phone": {
      const text = typeof value === "string" ? value.trim() : "";
      return text === "" ? null : text;
    }
    case "number":
    case "currency":
      return value === "" || value === null || value === undefined ? null : Number(value);
    case "text_list":
      return (value as string[]).map((v) => v.trim()).filter(Boolean);
    case "address": {
      const parts = Object.entries(value as AddressValue).map(([k, v]) => [k, v?.trim() || null] as const);
      return parts.some(([, v]) => v) ? Object.fromEntries(parts) : null;
    }
    case "date":
    case "datetime":
    case "single_select":
    case "user":
    case "record_link":
    case "stage":
      return value || null;
    default:
      return value;
  }
}

export function getPath(values: unknown, path: string): unknown {
  let current = values;
  for (const key of path.split(".")) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

export function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split(".");
  let current = target;
  for (const key of keys.slice(0, -1)) {
    if (typeof current[key] !== "object" || current[key] === null) current[key] = {};
    current = current[key] as Record<string, unknown>;
  }
  current[keys.at(-1)!] = value;
}

/** The form's values for a record. */
export function formValuesOf<R>(fields: FieldSpec<R>[], record: R): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const field of fields) setPath(values, field.path, formValue(field.kind, field.read(record)));
  return values;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The fields whose body value differs between two sets of form values. */
export function changedFields<R>(fields: FieldSpec<R>[], before: unknown, after: unknown): FieldSpec<R>[] {
  return fields.filter(
    (field) =>
      !same(bodyValue(field, getPath(before, field.path)), bodyValue(field, getPath(after, field.path))),
  );
}

/** A PATCH or POST body holding the given fields' values. */
export function bodyOf<R>(
  fields: FieldSpec<R>[],
  values: unknown,
  record: R | null = null,
): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const field of fields)
    setPath(body, field.path, bodyValue(field, getPath(values, field.path), record));
  return body;
}

type WithCustom = { custom: Record<string, unknown> };

/** The field specs of a workspace's custom fields. */
export function customFieldSpecs<R extends WithCustom>(defs: CustomFieldDto[]): FieldSpec<R>[] {
  return defs.map((def) => ({
    path: `custom.${def.key}`,
    label: def.label,
    kind: def.type,
    options: def.options.map(({ value, label }) => ({ value, label })),
    currency: def.currency ?? undefined,
    target: (def.target as CustomFieldObject | null) ?? undefined,
    required: def.required,
    description: def.description ?? undefined,
    read: (record: R) => record.custom[def.key],
  }));
}

export const yesNo = (value: boolean) => (value ? recordText.yes : recordText.no);

/** The server names list items both as `emails.0.value` and `emails[0].value`; use the dotted form. */
export function dottedErrors(errors: Record<string, unknown>): Record<string, string> {
  const dotted: Record<string, string> = {};
  for (const [path, message] of Object.entries(errors)) {
    dotted[path.replace(/\[(\d+)\]/g, ".$1")] ??= String(message);
  }
  return dotted;
}

/**
 * Puts each API error beside the input it concerns: `companies.0.companyId` belongs to the
 * companies input; list inputs show their items' errors themselves.
 */
export function errorsBeside<R>(
  fields: FieldSpec<R>[],
  errors: Record<string, unknown>,
): Record<string, string> {
  const placed: Record<string, string> = {};
  for (const [path, message] of Object.entries(dottedErrors(errors))) {
    const field = fields.find((f) => path === f.path || path.startsWith(`${f.path}.`));
    const key = !field || field.kind === "text_list" || field.kind === "address" ? path : field.path;
    placed[key] ??= message;
  }
  return placed;
}

/**
 * The field a role's rule names for a form path: custom fields by `custom.<key>`, built-in ones by
 * their top-level name (`address.city` is under `address`).
 */
export function ruleFieldOf(path: string): string {
  const parts = path.split(".");
  return parts[0] === "custom" ? parts.slice(0, 2).join(".") : parts[0]!;
}

/** What the permissions allow on the field at a form path (core's rule; the server enforces it). */
export const accessOf = (permissions: RolePermissions, object: PermissionObject, path: string): FieldAccess =>
  fieldAccess(permissions, object, ruleFieldOf(path));
