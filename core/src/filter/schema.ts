import { z } from "zod";

/** Limits of one filter, checked before anything else so a hostile filter costs little. */
export const MAX_FILTER_DEPTH = 10;
export const MAX_FILTER_CONDITIONS = 200;
export const MAX_FILTER_LIST_ITEMS = 1000;
export const MAX_FILTER_TEXT_LENGTH = 1000;
export const MAX_FILTER_FIELD_LENGTH = 200;
export const MAX_RELATIVE_DAYS = 3660;

export const FILTER_OPERATORS = [
  "eq",
  "neq",
  "in",
  "nin",
  "lt",
  "lte",
  "gt",
  "gte",
  "between",
  "contains",
  "startsWith",
  "matches",
  "isEmpty",
  "isNotEmpty",
] as const;
export const FilterOperator = z.enum(FILTER_OPERATORS);
export type FilterOperator = z.infer<typeof FilterOperator>;

/** Relative periods that need no count. */
export const RELATIVE_PERIODS = [
  "today",
  "yesterday",
  "tomorrow",
  "this_week",
  "last_week",
  "this_month",
  "last_month",
  "next_month",
  "this_quarter",
  "this_year",
  "last_year",
] as const;
/** Relative periods counted in days, with `n`. */
export const RELATIVE_DAY_COUNTS = ["last_n_days", "next_n_days"] as const;
const RELATIVE_KINDS = [...RELATIVE_PERIODS, ...RELATIVE_DAY_COUNTS];

export const RelativeDate = z.union([
  z.strictObject({ relative: z.enum(RELATIVE_PERIODS) }),
  z.strictObject({
    relative: z.enum(RELATIVE_DAY_COUNTS),
    n: z.number().int().min(1).max(MAX_RELATIVE_DAYS),
  }),
]);
export type RelativeDate = z.infer<typeof RelativeDate>;

export const FilterScalar = z.union([z.string().max(MAX_FILTER_TEXT_LENGTH), z.number(), z.boolean()]);
export type FilterScalar = z.infer<typeof FilterScalar>;

export const FilterValue = z.union([FilterScalar, z.array(FilterScalar), RelativeDate]);
export type FilterValue = z.infer<typeof FilterValue>;

export const Condition = z.strictObject({
  field: z.string().min(1).max(MAX_FILTER_FIELD_LENGTH),
  op: FilterOperator,
  value: FilterValue.optional(),
});
export type Condition = z.infer<typeof Condition>;

export type Filter = Condition | { and: Filter[] } | { or: Filter[] } | { not: Filter };

/** The shape of a filter at any depth, without the size limits (use `Filter` at the root). */
export const FilterNode: z.ZodType<Filter> = z.union([
  Condition,
  z.strictObject({
    get and() {
      return z.array(FilterNode);
    },
  }),
  z.strictObject({
    get or() {
      return z.array(FilterNode);
    },
  }),
  z.strictObject({
    get not() {
      return FilterNode;
    },
  }),
]);

/** A whole filter: the recursive shape plus the depth and size limits. */
export const Filter = FilterNode.superRefine((filter, ctx) => {
  for (const issue of checkLimits(filter)) ctx.addIssue({ code: "custom", message: issue.message });
});

export type FilterIssue = { path: string; message: string };

/** An invalid filter. `issues` carry a path such as `and[2].value` and say what to do instead. */
export class FilterError extends Error {
  override name = "FilterError";
  readonly code = "invalid_filter";
  readonly path: string;
  constructor(readonly issues: readonly FilterIssue[]) {
    super(issues.map((issue) => issue.message).join("; ") || "Invalid filter");
    this.path = issues[0]?.path ?? "";
  }
}

/** Where a message points: `at and[0].op`, or the top level for the root. */
export function at(path: string): string {
  return path ? `at ${path}` : "at the top level";
}

export function joinPath(path: string, key: string | number): string {
  if (typeof key === "number") return `${path}[${key}]`;
  return path ? `${path}.${key}` : key;
}

const GROUP_KEYS = ["and", "or", "not"] as const;
const CONDITION_KEYS = ["field", "op", "value"];

/** Reads untrusted JSON as a filter, or throws a FilterError saying where and how to fix it. */
export function parseFilter(json: unknown): Filter {
  const walker = new StructureWalker();
  walker.node(json, "", 0);
  if (walker.issues.length > 0) throw new FilterError(walker.issues);
  // The walker explains; the schema is the definition. They must agree, and tests hold them to it.
  const parsed = Filter.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const path = first ? formatZodPath(first.path) : "";
    throw new FilterError([{ path, message: `Invalid filter ${at(path)}: ${first?.message ?? "unknown"}` }]);
  }
  return parsed.data;
}

/** Depth and condition-count issues of an already well-shaped filter. */
export function checkLimits(filter: Filter): FilterIssue[] {
  let conditions = 0;
  const issues: FilterIssue[] = [];
  const visit = (node: Filter, path: string, depth: number): void => {
    if (issues.length > 0) return;
    if ("field" in node) {
      conditions += 1;
      if (conditions > MAX_FILTER_CONDITIONS) issues.push(tooManyConditions(path));
      return;
    }
    if (depth + 1 > MAX_FILTER_DEPTH) {
      issues.push(tooDeep(path));
      return;
    }
    if ("not" in node) visit(node.not, joinPath(path, "not"), depth + 1);
    else {
      const key = "and" in node ? "and" : "or";
      const children = "and" in node ? node.and : node.or;
      for (const [i, child] of children.entries()) visit(child, joinPath(joinPath(path, key), i), depth + 1);
    }
  };
  visit(filter, "", 0);
  return issues;
}

const tooDeep = (path: string): FilterIssue => ({
  path,
  message: `Filter nested too deeply ${at(path)}: use at most ${MAX_FILTER_DEPTH} levels of and/or/not`,
});
const tooManyConditions = (path: string): FilterIssue => ({
  path,
  message: `Too many conditions ${at(path)}: a filter holds at most ${MAX_FILTER_CONDITIONS}; use 'in' to match lists of values`,
});

function formatZodPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((acc, key) => joinPath(acc, typeof key === "number" ? key : String(key)), "");
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "string") return `'${value.length > 40 ? `${value.slice(0, 40)}…` : value}'`;
  if (typeof value === "object") return "an object";
  return String(value);
}

/** Walks untrusted JSON by hand to explain the first problem in each branch with a useful message. */
class StructureWalker {
  readonly issues: FilterIssue[] = [];
  private conditions = 0;

  private add(path: string, message: string): void {
    this.issues.push({ path, message });
  }

  node(value: unknown, path: string, depth: number): void {
    if (!isPlainObject(value)) {
      this.add(
        path,
        `Expected a condition or a group ${at(path)}, got ${describe(value)}: write {"field", "op", "value"} or {"and": […]}, {"or": […]}, {"not": {…}}`,
      );
      return;
    }
    const keys = Object.keys(value);
    const groupKeys = keys.filter((key) => (GROUP_KEYS as readonly string[]).includes(key));
    if (groupKeys.length === 0) {
      this.condition(value, path);
      return;
    }
    if (keys.length !== 1) {
      this.add(
        path,
        `A group takes exactly one key ${at(path)}, found ${keys.join(", ")}: nest groups inside one another instead`,
      );
      return;
    }
    if (depth + 1 > MAX_FILTER_DEPTH) {
      this.issues.push(tooDeep(path));
      return;
    }
    const key = groupKeys[0] as (typeof GROUP_KEYS)[number];
    const childPath = joinPath(path, key);
    const child = value[key];
    if (key === "not") {
      this.node(child, childPath, depth + 1);
      return;
    }
    if (!Array.isArray(child)) {
      this.add(childPath, `Expected a list ${at(childPath)}: write {"${key}": [condition, …]}`);
      return;
    }
    child.forEach((item, i) => {
      if (this.conditions <= MAX_FILTER_CONDITIONS) this.node(item, joinPath(childPath, i), depth + 1);
    });
  }

  private condition(value: Record<string, unknown>, path: string): void {
    this.conditions += 1;
    if (this.conditions === MAX_FILTER_CONDITIONS + 1) {
      this.issues.push(tooManyConditions(path));
      return;
    }
    if (this.conditions > MAX_FILTER_CONDITIONS) return;
    for (const key of Object.keys(value)) {
      if (!CONDITION_KEYS.includes(key)) {
        this.add(
          joinPath(path, key),
          `Unknown key '${key}' ${at(path)}: a condition has field, op and value; a group has and, or or not`,
        );
        return;
      }
    }
    const fieldPath = joinPath(path, "field");
    const field = value.field;
    if (typeof field !== "string" || field.length === 0) {
      this.add(
        fieldPath,
        `${field === undefined ? "Missing field" : `Field must be text, got ${describe(field)}`} ${at(fieldPath)}: name the field to filter on, such as "name" or "company.industry"`,
      );
    } else if (field.length > MAX_FILTER_FIELD_LENGTH) {
      this.add(
        fieldPath,
        `Field name too long ${at(fieldPath)}: at most ${MAX_FILTER_FIELD_LENGTH} characters`,
      );
    }
    const opPath = joinPath(path, "op");
    if (value.op === undefined) {
      this.add(opPath, `Missing operator ${at(opPath)}: use one of ${FILTER_OPERATORS.join(", ")}`);
    } else if (!FilterOperator.safeParse(value.op).success) {
      this.add(
        opPath,
        `Unknown operator ${describe(value.op)} ${at(opPath)}: use one of ${FILTER_OPERATORS.join(", ")}`,
      );
    }
    if (value.value !== undefined) this.value(value.value, joinPath(path, "value"), true);
  }

  private value(value: unknown, path: string, allowList: boolean): void {
    if (value === null) {
      this.add(
        path,
        `Null value ${at(path)}: use the isEmpty or isNotEmpty operator to test for missing values`,
      );
    } else if (typeof value === "string") {
      if (value.length > MAX_FILTER_TEXT_LENGTH) {
        this.add(path, `Text too long ${at(path)}: at most ${MAX_FILTER_TEXT_LENGTH} characters`);
      }
    } else if (typeof value === "number") {
      if (!Number.isFinite(value)) this.add(path, `Number ${at(path)} must be finite`);
    } else if (typeof value === "boolean") {
      return;
    } else if (Array.isArray(value)) {
      if (!allowList) {
        this.add(path, `Nested list ${at(path)}: list items are text, numbers or booleans`);
        return;
      }
      value.forEach((item, i) => {
        this.value(item, joinPath(path, i), false);
      });
    } else if (isPlainObject(value) && "relative" in value) {
      this.relative(value, path);
    } else {
      this.add(
        path,
        `Unsupported value ${at(path)}: use text, a number, a boolean, a list of those, or a relative date such as {"relative": "today"}`,
      );
    }
  }

  private relative(value: Record<string, unknown>, path: string): void {
    const kindPath = joinPath(path, "relative");
    const kind = value.relative;
    if (typeof kind !== "string" || !(RELATIVE_KINDS as readonly string[]).includes(kind)) {
      this.add(
        kindPath,
        `Unknown relative date ${describe(kind)} ${at(kindPath)}: use one of ${RELATIVE_KINDS.join(", ")}`,
      );
      return;
    }
    const counted = (RELATIVE_DAY_COUNTS as readonly string[]).includes(kind);
    for (const key of Object.keys(value)) {
      if (key !== "relative" && !(counted && key === "n")) {
        this.add(
          joinPath(path, key),
          `Unknown key '${key}' ${at(path)}: ${counted ? `${kind} takes relative and n` : `${kind} takes only relative`}`,
        );
        return;
      }
    }
    if (!counted) return;
    const nPath = joinPath(path, "n");
    const n = value.n;
    if (typeof n !== "number" || !Number.isInteger(n) || n < 1 || n > MAX_RELATIVE_DAYS) {
      this.add(
        nPath,
        `${n === undefined ? "Missing n" : `Invalid n ${describe(n)}`} ${at(nPath)}: ${kind} needs a whole number of days from 1 to ${MAX_RELATIVE_DAYS}`,
      );
    }
  }
}
