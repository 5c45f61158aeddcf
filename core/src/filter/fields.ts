import { isIsoDateTime, isIsoDay } from "./relative-dates.ts";
import {
  at,
  type Condition,
  type Filter,
  FilterError,
  type FilterIssue,
  type FilterOperator,
  type FilterScalar,
  joinPath,
  MAX_FILTER_LIST_ITEMS,
} from "./schema.ts";

export const FIELD_TYPES = [
  "text",
  "number",
  "money",
  "date",
  "datetime",
  "boolean",
  "enum",
  "uuid",
  "user",
  "tags",
  "text_list",
] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

/** What the filter language knows of a field; both the server registry and the browser build these. */
export type FieldSpec = { type: FieldType; options?: readonly string[] };

/** An issue found while checking a filter against fields, with the path it concerns. */
export type FieldIssue = FilterIssue;

/**
 * Finds the field a path names (`name`, `company.industry`, `custom.tier`). `paths`, when given,
 * lists the filterable paths so an unknown field can be answered with the known ones.
 */
export type FieldResolver = ((path: string) => FieldSpec | undefined) & { paths?: readonly string[] };

/** The value `me` stands for the current user in user-typed fields. */
export const ME = "me";

/** Which operators each field type accepts; the filter builder offers exactly these. */
export const OPERATORS_BY_TYPE: Record<FieldType, readonly FilterOperator[]> = {
  text: ["eq", "neq", "in", "nin", "contains", "startsWith", "matches", "isEmpty", "isNotEmpty"],
  number: ["eq", "neq", "in", "nin", "lt", "lte", "gt", "gte", "between", "isEmpty", "isNotEmpty"],
  money: ["eq", "neq", "in", "nin", "lt", "lte", "gt", "gte", "between", "isEmpty", "isNotEmpty"],
  date: ["eq", "neq", "lt", "lte", "gt", "gte", "between", "isEmpty", "isNotEmpty"],
  datetime: ["eq", "neq", "lt", "lte", "gt", "gte", "between", "isEmpty", "isNotEmpty"],
  boolean: ["eq", "neq", "isEmpty", "isNotEmpty"],
  enum: ["eq", "neq", "in", "nin", "isEmpty", "isNotEmpty"],
  uuid: ["eq", "neq", "in", "nin", "isEmpty", "isNotEmpty"],
  user: ["eq", "neq", "in", "nin", "isEmpty", "isNotEmpty"],
  tags: ["eq", "neq", "in", "nin", "contains", "isEmpty", "isNotEmpty"],
  text_list: ["eq", "neq", "in", "nin", "contains", "isEmpty", "isNotEmpty"],
};

/**
 * Splits a field path into the relations it crosses and the field at the end: `deals.stage` →
 * relations `["deals"]`, field `"stage"`; `company.custom.tier` → `["company"]`, custom key `tier`.
 * `custom` is reserved as the namespace of custom fields.
 */
export function splitFieldPath(path: string): { relations: string[]; field: string; custom: boolean } {
  const segments = path.split(".");
  if (segments.length >= 2 && segments[segments.length - 2] === "custom") {
    return { relations: segments.slice(0, -2), field: segments[segments.length - 1]!, custom: true };
  }
  return { relations: segments.slice(0, -1), field: segments[segments.length - 1]!, custom: false };
}

/** A resolver over a fixed map of paths, for tests and for the browser's field lists. */
export function fieldResolverFromMap(fields: Readonly<Record<string, FieldSpec>>): FieldResolver {
  const resolve: FieldResolver = (path) => (Object.hasOwn(fields, path) ? fields[path] : undefined);
  resolve.paths = Object.keys(fields);
  return resolve;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ORDERED: readonly FieldType[] = ["number", "money", "date", "datetime"];
const RELATIVE_OPS: readonly FilterOperator[] = ["eq", "neq", "lt", "lte", "gt", "gte"];
const MAX_LISTED_PATHS = 40;
const ME_IS_WRONG: readonly FieldType[] = ["number", "money", "date", "datetime", "boolean", "uuid"];

/** Every problem of `filter` against the fields `resolveField` knows, each with its path. */
export function validateFilter(filter: Filter, resolveField: FieldResolver): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const visit = (node: Filter, path: string): void => {
    if ("field" in node) {
      issues.push(...validateCondition(node, path, resolveField));
    } else if ("not" in node) {
      visit(node.not, joinPath(path, "not"));
    } else if ("and" in node) {
      for (const [i, child] of node.and.entries()) visit(child, joinPath(joinPath(path, "and"), i));
    } else {
      for (const [i, child] of node.or.entries()) visit(child, joinPath(joinPath(path, "or"), i));
    }
  };
  visit(filter, "");
  return issues;
}

/** Throws a FilterError carrying every issue when the filter does not suit the fields. */
export function assertValidFilter(filter: Filter, resolveField: FieldResolver): void {
  const issues = validateFilter(filter, resolveField);
  if (issues.length > 0) throw new FilterError(issues);
}

function validateCondition(condition: Condition, path: string, resolveField: FieldResolver): FieldIssue[] {
  const fieldPath = joinPath(path, "field");
  const spec = resolveField(condition.field);
  if (!spec) return [{ path: fieldPath, message: unknownField(condition.field, fieldPath, resolveField) }];

  const { op, value } = condition;
  const allowed = OPERATORS_BY_TYPE[spec.type];
  if (!allowed.includes(op)) {
    const opPath = joinPath(path, "op");
    return [
      {
        path: opPath,
        message: `Operator '${op}' does not apply to ${spec.type} field '${condition.field}' ${at(opPath)}: use one of ${allowed.join(", ")}`,
      },
    ];
  }

  const valuePath = joinPath(path, "value");
  const issue = (message: string, where = valuePath): FieldIssue[] => [{ path: where, message }];
  if (op === "isEmpty" || op === "isNotEmpty") {
    return value === undefined ? [] : issue(`'${op}' takes no value ${at(valuePath)}: remove value`);
  }
  if (value === undefined)
    return issue(`Missing value ${at(valuePath)}: '${op}' needs a value to compare with`);

  if (op === "in" || op === "nin") {
    if (!Array.isArray(value)) {
      return issue(
        `'${op}' takes a list ${at(valuePath)}: write [value, …], or use '${op === "in" ? "eq" : "neq"}' for one value`,
      );
    }
    if (value.length === 0 || value.length > MAX_FILTER_LIST_ITEMS) {
      return issue(
        `'${op}' takes 1 to ${MAX_FILTER_LIST_ITEMS} values ${at(valuePath)}, got ${value.length}`,
      );
    }
    return value.flatMap((item, i) => checkScalar(item, spec, joinPath(valuePath, i), false));
  }
  if (op === "between") {
    if (!Array.isArray(value) || value.length !== 2) {
      return issue(`'between' takes two values ${at(valuePath)}: write [from, to], both included`);
    }
    const bounds = value.flatMap((item, i) => checkScalar(item, spec, joinPath(valuePath, i), false));
    if (bounds.length > 0) return bounds;
    return boundsInOrder(value[0]!, value[1]!, spec)
      ? []
      : issue(`'between' bounds are reversed ${at(valuePath)}: put the smaller value first`);
  }
  if (Array.isArray(value)) {
    return issue(`'${op}' takes one value ${at(valuePath)}: use 'in' to match any of several values`);
  }
  return checkScalar(value, spec, valuePath, RELATIVE_OPS.includes(op) && ORDERED.includes(spec.type));
}

function unknownField(field: string, path: string, resolveField: FieldResolver): string {
  const known = resolveField.paths;
  if (!known || known.length === 0) return `Unknown field '${field}' ${at(path)}: check the field name`;
  const listed = known.slice(0, MAX_LISTED_PATHS).join(", ");
  const more = known.length > MAX_LISTED_PATHS ? ", …" : "";
  return `Unknown field '${field}' ${at(path)}: filterable fields are ${listed}${more}, and custom.<key> for custom fields`;
}

function checkScalar(
  value: FilterScalar | { relative: string },
  spec: FieldSpec,
  path: string,
  relativeAllowed: boolean,
): FieldIssue[] {
  const fail = (expected: string): FieldIssue[] => [
    { path, message: `Expected ${expected} ${at(path)}, got ${show(value)}` },
  ];
  if (typeof value === "object") {
    if (relativeAllowed) return [];
    if (spec.type === "date" || spec.type === "datetime") {
      return [
        {
          path,
          message: `A relative date cannot be used here ${at(path)}: use it with eq, neq, lt, lte, gt or gte; between and lists take absolute dates`,
        },
      ];
    }
    return [{ path, message: `A relative date ${at(path)} only applies to date and datetime fields` }];
  }
  // Elsewhere "me" is ordinary text (a tag, an enum option) or simply the wrong type.
  if (value === ME && ME_IS_WRONG.includes(spec.type)) {
    return [{ path, message: `'me' ${at(path)} only applies to user fields such as an owner or assignee` }];
  }
  switch (spec.type) {
    case "text":
    case "tags":
    case "text_list":
      if (typeof value !== "string") return fail("text");
      return value === ""
        ? [{ path, message: `Empty text ${at(path)}: use isEmpty to find records without a value` }]
        : [];
    case "number":
    case "money":
      return typeof value === "number" ? [] : fail("a number");
    case "boolean":
      return typeof value === "boolean" ? [] : fail("true or false");
    case "date":
      return typeof value === "string" && isIsoDay(value) ? [] : fail("a date such as 2024-03-31");
    case "datetime":
      return typeof value === "string" && (isIsoDay(value) || isIsoDateTime(value))
        ? []
        : fail("a date such as 2024-03-31 or a date-time with offset such as 2024-03-31T09:30:00Z");
    case "enum":
      if (typeof value !== "string") return fail(`one of ${spec.options?.join(", ") ?? "the options"}`);
      return !spec.options || spec.options.includes(value) ? [] : fail(`one of ${spec.options.join(", ")}`);
    case "uuid":
      return typeof value === "string" && UUID.test(value) ? [] : fail("an id (UUID)");
    case "user":
      return typeof value === "string" && (value === ME || UUID.test(value)) ? [] : fail("a user id or 'me'");
  }
}

function boundsInOrder(low: FilterScalar, high: FilterScalar, spec: FieldSpec): boolean {
  if (typeof low === "number" && typeof high === "number") return low <= high;
  if (typeof low !== "string" || typeof high !== "string") return true;
  if (spec.type === "date" || (isIsoDay(low) && isIsoDay(high))) return low <= high;
  // A day against an instant depends on the time zone, known only when the filter runs.
  if (isIsoDay(low) || isIsoDay(high)) return true;
  return Date.parse(low) <= Date.parse(high);
}

function show(value: unknown): string {
  return typeof value === "string" ? `'${value}'` : JSON.stringify(value);
}

/**
 * The ids a uuid or user condition compares with, lowercased as PostgreSQL prints them. `me` becomes
 * the current user, or drops out when there is none: `eq me` then matches nothing, `neq me` everything.
 */
export function idValues(values: readonly FilterScalar[], userId: string | null): string[] {
  return values.flatMap((value) => {
    const id = value === ME ? userId : String(value);
    return id === null ? [] : [id.toLowerCase()];
  });
}
