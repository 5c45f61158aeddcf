import { assertValidFilter, type FieldResolver, type FieldSpec, idValues, splitFieldPath } from "./fields.ts";
import { fuzzyMatches } from "./fuzzy.ts";
import {
  betweenComparisons,
  type Comparison,
  dayOperand,
  type FilterClock,
  instantOperand,
  type Operand,
  type OrderedOperator,
  orderedComparisons,
} from "./relative-dates.ts";
import type { Condition, Filter, FilterScalar, RelativeDate } from "./schema.ts";

/** Who evaluates a filter, when and where: `me` and relative dates resolve against it. */
export type FilterContext = FilterClock & { userId: string | null };

type Test = (value: unknown) => boolean;

/**
 * Tests a plain record against a filter, with the same meaning as the SQL the server compiles:
 * `a.b` reads `record.a.b`; when `record.a` is a list, any element matching is enough; when it is
 * missing, nothing matches. A null value matches only isEmpty, neq and nin.
 */
export function evaluateFilter(
  filter: Filter,
  record: Readonly<Record<string, unknown>>,
  ctx: FilterContext,
  resolveField: FieldResolver,
): boolean {
  assertValidFilter(filter, resolveField);
  return evaluateNode(filter, record, ctx, resolveField);
}

/** Validates once and returns a predicate, for testing many records (workflow events) against one filter. */
export function createFilterPredicate(
  filter: Filter,
  resolveField: FieldResolver,
): (record: Readonly<Record<string, unknown>>, ctx: FilterContext) => boolean {
  assertValidFilter(filter, resolveField);
  return (record, ctx) => evaluateNode(filter, record, ctx, resolveField);
}

function evaluateNode(
  node: Filter,
  record: Readonly<Record<string, unknown>>,
  ctx: FilterContext,
  resolveField: FieldResolver,
): boolean {
  if ("field" in node) {
    const spec = resolveField(node.field)!;
    const path = splitFieldPath(node.field);
    return matchesPath(record, path.relations, path.field, path.custom, conditionTest(node, spec, ctx));
  }
  if ("not" in node) return !evaluateNode(node.not, record, ctx, resolveField);
  if ("and" in node) return node.and.every((child) => evaluateNode(child, record, ctx, resolveField));
  return node.or.some((child) => evaluateNode(child, record, ctx, resolveField));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function own(record: Readonly<Record<string, unknown>>, key: string): unknown {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

/** EXISTS semantics through relations: a to-one is a list of zero or one record, a to-many of any. */
function matchesPath(
  record: Readonly<Record<string, unknown>>,
  relations: readonly string[],
  field: string,
  custom: boolean,
  test: Test,
): boolean {
  const [relation, ...rest] = relations;
  if (relation === undefined) {
    const bag = custom ? own(record, "custom") : record;
    return test(isRecord(bag) ? own(bag, field) : undefined);
  }
  const related = own(record, relation);
  const items = Array.isArray(related) ? related : [related];
  return items.some((item) => isRecord(item) && matchesPath(item, rest, field, custom, test));
}

function conditionTest(condition: Condition, spec: FieldSpec, ctx: FilterContext): Test {
  switch (spec.type) {
    case "text":
      return textTest(condition, true);
    case "enum":
      return textTest(condition, false);
    case "uuid":
    case "user":
      return idTest(condition, ctx.userId);
    case "tags":
    case "text_list":
      return listTest(condition);
    case "boolean":
      return orderedTest(condition, readBoolean, (value) => ({ kind: "point", at: value as boolean }));
    case "number":
    case "money":
      return orderedTest(condition, readNumber, (value) => ({ kind: "point", at: value as number }));
    case "date":
      return orderedTest(condition, readDay, (value) => dayOperand(value as string | RelativeDate, ctx));
    case "datetime":
      return orderedTest(condition, readInstant, (value) => {
        const operand = instantOperand(value as string | RelativeDate, ctx);
        return operand.kind === "point"
          ? { kind: "point", at: operand.at.getTime() }
          : { kind: "range", start: operand.start.getTime(), end: operand.end.getTime() };
      });
  }
}

function asList(value: Condition["value"]): FilterScalar[] {
  return Array.isArray(value) ? value : [];
}

function readText(value: unknown): string | null {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "bigint" || typeof value === "boolean")
    return String(value);
  return null;
}

/** Text compares case-insensitively (SQL: lower() and ILIKE); enums exactly, as their options are fixed. */
function textTest({ op, value }: Condition, isText: boolean): Test {
  const fold = isText ? (text: string) => text.toLowerCase() : (text: string) => text;
  const one = typeof value === "string" ? fold(value) : "";
  const set = new Set(asList(value).map((item) => fold(String(item))));
  const read = (raw: unknown): string | null => {
    const text = readText(raw);
    return text === null ? null : fold(text);
  };
  switch (op) {
    case "eq":
      return (raw) => read(raw) === one;
    case "neq":
      return (raw) => read(raw) !== one;
    case "in":
      return (raw) => {
        const text = read(raw);
        return text !== null && set.has(text);
      };
    case "nin":
      return (raw) => {
        const text = read(raw);
        return text === null || !set.has(text);
      };
    case "contains":
      return (raw) => read(raw)?.includes(one) ?? false;
    case "startsWith":
      return (raw) => read(raw)?.startsWith(one) ?? false;
    case "matches": {
      const query = typeof value === "string" ? value : "";
      return (raw) => {
        const text = readText(raw);
        return text !== null && fuzzyMatches(query, text);
      };
    }
    case "isEmpty":
      // Text fields treat "" as empty, like SQL's coalesce(col, '') = ''; enums only null.
      return (raw) => {
        const text = readText(raw);
        return text === null || (isText && text === "");
      };
    case "isNotEmpty":
      return (raw) => {
        const text = readText(raw);
        return text !== null && (!isText || text !== "");
      };
    default:
      throw new Error(`Unreachable: ${op} on text`);
  }
}

function idTest({ op, value }: Condition, userId: string | null): Test {
  const ids = new Set(
    idValues(Array.isArray(value) ? value : value === undefined ? [] : [value as FilterScalar], userId),
  );
  const read = (raw: unknown): string | null => readText(raw)?.toLowerCase() ?? null;
  switch (op) {
    case "eq":
    case "in":
      return (raw) => {
        const id = read(raw);
        return id !== null && ids.has(id);
      };
    case "neq":
    case "nin":
      return (raw) => {
        const id = read(raw);
        return id === null || !ids.has(id);
      };
    case "isEmpty":
      return (raw) => read(raw) === null;
    case "isNotEmpty":
      return (raw) => read(raw) !== null;
    default:
      throw new Error(`Unreachable: ${op} on ids`);
  }
}

function readList(value: unknown): string[] | null {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : null;
}

/** Arrays of strings: eq and contains mean "has the value", in "has any of"; case-sensitive like `@>`. */
function listTest({ op, value }: Condition): Test {
  const wanted = Array.isArray(value) ? value.map(String) : [String(value)];
  const hasAny = (list: string[]) => wanted.some((item) => list.includes(item));
  switch (op) {
    case "eq":
    case "contains":
    case "in":
      return (raw) => {
        const list = readList(raw);
        return list !== null && hasAny(list);
      };
    case "neq":
    case "nin":
      return (raw) => {
        const list = readList(raw);
        return list === null || !hasAny(list);
      };
    case "isEmpty":
      return (raw) => (readList(raw)?.length ?? 0) === 0;
    case "isNotEmpty":
      return (raw) => (readList(raw)?.length ?? 0) > 0;
    default:
      throw new Error(`Unreachable: ${op} on lists`);
  }
}

function readNumber(value: unknown): number | null {
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (typeof value === "bigint") return Number(value);
  if (typeof value === "string" && value.trim() !== "") {
    const number = Number(value);
    return Number.isFinite(number) ? number : null;
  }
  return null;
}

function readBoolean(value: unknown): boolean | null {
  if (typeof value === "boolean") return value;
  if (value === "true" || value === "false") return value === "true";
  return null;
}

/** A day as `YYYY-MM-DD`; a Date counts by its UTC calendar day (read date columns as strings). */
function readDay(value: unknown): string | null {
  if (typeof value === "string") return /^\d{4}-\d{2}-\d{2}/.test(value) ? value.slice(0, 10) : null;
  if (value instanceof Date && !Number.isNaN(value.getTime())) return value.toISOString().slice(0, 10);
  return null;
}

function readInstant(value: unknown): number | null {
  const ms =
    value instanceof Date
      ? value.getTime()
      : typeof value === "string"
        ? Date.parse(value)
        : readNumber(value);
  return ms === null || Number.isNaN(ms) ? null : ms;
}

function compare<T extends number | string | boolean>(value: T, { cmp, to }: Comparison<T>): boolean {
  switch (cmp) {
    case "=":
      return value === to;
    case "<":
      return value < to;
    case "<=":
      return value <= to;
    case ">":
      return value > to;
    case ">=":
      return value >= to;
  }
}

/** Numbers, booleans, days and instants, through the comparisons the SQL compiler also uses. */
function orderedTest<T extends number | string | boolean>(
  { op, value }: Condition,
  read: (raw: unknown) => T | null,
  operand: (value: FilterScalar | RelativeDate) => Operand<T>,
): Test {
  const all = (comparisons: Comparison<T>[]) => (raw: unknown) => {
    const current = read(raw);
    return current !== null && comparisons.every((comparison) => compare(current, comparison));
  };
  switch (op) {
    case "isEmpty":
      return (raw) => read(raw) === null;
    case "isNotEmpty":
      return (raw) => read(raw) !== null;
    case "in":
    case "nin": {
      const tests = asList(value).map((item) => all(orderedComparisons("eq", operand(item)).all));
      const any = (raw: unknown) => tests.some((test) => test(raw));
      return op === "in" ? any : (raw) => !any(raw);
    }
    case "between": {
      const [low, high] = asList(value);
      return all(betweenComparisons(operand(low!), operand(high!)));
    }
    case "contains":
    case "startsWith":
    case "matches":
      throw new Error(`Unreachable: ${op} on ordered values`);
    default: {
      const plan = orderedComparisons(
        op satisfies OrderedOperator,
        operand(value as FilterScalar | RelativeDate),
      );
      const test = all(plan.all);
      return plan.negated ? (raw) => !test(raw) : test;
    }
  }
}
