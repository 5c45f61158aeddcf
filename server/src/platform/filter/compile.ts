import {
  assertValidFilter,
  betweenComparisons,
  type Comparison,
  type Condition,
  dayOperand,
  type FieldResolver,
  type FieldSpec,
  type Filter,
  type FilterContext,
  type FilterScalar,
  fewestAlternatives,
  idValues,
  instantOperand,
  type Operand,
  orderedComparisons,
  type PermissionObject,
  queryWords,
  type RelativeDate,
  searchTextOf,
  splitFieldPath,
} from "@rapport/core";
import { type SQL, sql } from "drizzle-orm";
import { textLiteral } from "../db/index.ts";
import type { Corrections } from "./corrections.ts";

/**
 * What a filter is compiled against: the caller, the clock, and what the words of its `matches`
 * conditions may stand for (`filterCorrections`; without it, each word as typed).
 */
export type SqlFilterContext = FilterContext & { corrections?: Corrections };

/**
 * A filterable field and the SQL expression that reads it. The expression must have the type the
 * field type implies: text, numeric (or the column's own number type), date, timestamptz, boolean,
 * uuid for uuid and user fields, text[] for tags and text_list. Custom fields read from JSONB must be
 * cast accordingly, e.g. sql`((${people.custom} ->> 'score')::numeric)`.
 */
/**
 * A field's SQL expression. `folded` marks text that is already lower-cased and unaccented with a
 * trigram index on it (records' `search_text`), so `matches` compares against it directly.
 */
export type SqlField = FieldSpec & {
  sql: SQL;
  folded?: boolean;
  /** For `matches` on folded text: a folded text the match must hold on too (what the caller may see of it). */
  narrowedBy?: SQL;
  /** Compiles a condition itself, for fields stored in a form the usual operators cannot read (sealed values). */
  compile?: (condition: Condition) => SQL;
};

/**
 * A relation to cross in a path. `exists(inner)` returns an EXISTS over the related rows joined to the
 * current one, with `inner` added to its conditions; the related registry's expressions must refer
 * to the alias that EXISTS introduces.
 */
export type SqlRelation = { kind: "one" | "many"; registry: SqlRegistry; exists: (inner: SQL) => SQL };

/**
 * The server's description of one object: its fields, its relations and its custom fields. `object`
 * names the permission object whose field rules apply (a registry of a record's own embedded parts,
 * such as an address, has none: its owner's rules apply to the relation's name).
 */
export type SqlRegistry = {
  object?: PermissionObject;
  fields: Record<string, SqlField>;
  relations?: Record<string, SqlRelation>;
  custom?: (key: string) => SqlField | undefined;
};

/**
 * The registry without the fields a role hides, at every depth: a filter naming one is refused as
 * one naming an unknown field is, so a hidden field cannot be probed. `hidden(object)` gives the
 * hidden paths of an object (`amount`, `custom.salary`); a hidden built-in field also removes the
 * relation of that name (a contact's hidden `address` takes `address.city` with it).
 */
export function withoutHidden(
  registry: SqlRegistry,
  hidden: (object: PermissionObject) => ReadonlySet<string>,
): SqlRegistry {
  const rules = registry.object ? hidden(registry.object) : new Set<string>();
  const custom = registry.custom;
  const kept = <T>(entries: Record<string, T>) =>
    Object.entries(entries).filter(([name]) => !rules.has(name));
  return {
    ...registry,
    fields: Object.fromEntries(kept(registry.fields)),
    ...(registry.relations
      ? {
          relations: Object.fromEntries(
            kept(registry.relations).map(([name, relation]) => [
              name,
              { ...relation, registry: withoutHidden(relation.registry, hidden) },
            ]),
          ),
        }
      : {}),
    ...(custom ? { custom: (key: string) => (rules.has(`custom.${key}`) ? undefined : custom(key)) } : {}),
  };
}

type ResolvedPath = { relations: SqlRelation[]; field: SqlField };

const MAX_LISTED_RELATION_DEPTH = 2;

/** Finds the relations a path crosses and the field it ends on, or undefined when it names nothing. */
export function resolveSqlPath(registry: SqlRegistry, path: string): ResolvedPath | undefined {
  const parts = splitFieldPath(path);
  const relations: SqlRelation[] = [];
  let current = registry;
  for (const name of parts.relations) {
    const relation =
      current.relations && Object.hasOwn(current.relations, name) ? current.relations[name] : undefined;
    if (!relation) return undefined;
    relations.push(relation);
    current = relation.registry;
  }
  const field = parts.custom
    ? current.custom?.(parts.field)
    : Object.hasOwn(current.fields, parts.field)
      ? current.fields[parts.field]
      : undefined;
  return field ? { relations, field } : undefined;
}

/** The registry seen as a field resolver, so `validateFilter` checks against the same fields. */
export function resolveField(registry: SqlRegistry): FieldResolver {
  const resolve: FieldResolver = (path) => {
    const resolved = resolveSqlPath(registry, path);
    if (!resolved) return undefined;
    const { type, options } = resolved.field;
    return options ? { type, options } : { type };
  };
  resolve.paths = listPaths(registry, "", 0);
  return resolve;
}

function listPaths(registry: SqlRegistry, prefix: string, depth: number): string[] {
  const own = Object.keys(registry.fields).map((name) => `${prefix}${name}`);
  if (depth >= MAX_LISTED_RELATION_DEPTH) return own;
  const related = Object.entries(registry.relations ?? {}).flatMap(([name, relation]) =>
    listPaths(relation.registry, `${prefix}${name}.`, depth + 1),
  );
  return [...own, ...related];
}

/**
 * Compiles a filter to a boolean SQL expression over the registry's object. Validates first and
 * throws FilterError on an invalid filter. Every value travels as a parameter.
 */
export function compileFilter(filter: Filter, registry: SqlRegistry, ctx: SqlFilterContext): SQL {
  assertValidFilter(filter, resolveField(registry));
  return compileNode(filter, registry, ctx);
}

function compileNode(node: Filter, registry: SqlRegistry, ctx: SqlFilterContext): SQL {
  if ("field" in node) {
    const { relations, field } = resolveSqlPath(registry, node.field)!;
    return relations.reduceRight(
      (inner, relation) => relation.exists(inner),
      compileCondition(node, field, ctx),
    );
  }
  // A condition on NULL yields NULL, which NOT would keep NULL (no match) where memory says true;
  // coalesce makes every negated subtree two-valued, as evaluateFilter is.
  if ("not" in node) return sql`(not coalesce(${compileNode(node.not, registry, ctx)}, false))`;
  if ("and" in node) {
    if (node.and.length === 0) return sql`true`;
    return sql`(${sql.join(
      node.and.map((child) => compileNode(child, registry, ctx)),
      sql` and `,
    )})`;
  }
  if (node.or.length === 0) return sql`false`;
  return sql`(${sql.join(
    node.or.map((child) => compileNode(child, registry, ctx)),
    sql` or `,
  )})`;
}

function compileCondition(condition: Condition, field: SqlField, ctx: SqlFilterContext): SQL {
  if (field.compile) return field.compile(condition);
  const column = sql`${field.sql}`;
  switch (field.type) {
    case "text":
      return condition.op === "matches"
        ? matchesCondition(String(condition.value), column, field.folded ?? false, ctx, field.narrowedBy)
        : textCondition(condition, column);
    case "enum":
      return exactCondition(condition, column, asScalars(condition.value));
    case "uuid":
    case "user":
      return exactCondition(condition, column, idValues(asScalars(condition.value), ctx.userId));
    case "tags":
    case "text_list":
      return listCondition(condition, column);
    case "boolean":
    case "number":
    case "money":
      return orderedCondition(condition, column, (value) => ({ kind: "point", at: sql`${value}` }));
    case "date":
      return orderedCondition(condition, column, (value) =>
        mapOperand(dayOperand(value as string | RelativeDate, ctx), (day) => sql`${day}::date`),
      );
    case "datetime":
      return orderedCondition(condition, column, (value) =>
        mapOperand(
          instantOperand(value as string | RelativeDate, ctx),
          (instant) => sql`${instant.toISOString()}::timestamptz`,
        ),
      );
  }
}

function asScalars(value: Condition["value"]): FilterScalar[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value as FilterScalar];
}

/** `%`, `_` and `\` match themselves: LIKE's default escape character is the backslash. */
function likeEscape(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}

const normalized = (column: SQL) => sql`public.rapport_search_normalize(${column})`;

/**
 * Fuzzy text, as search does it: every word of the query, or one of its corrections, in the
 * accent-free lower-case text (phone-like queries compare digits); a word nothing is close to matches
 * nothing. Each word is a LIKE, which the trigram index of records' search text answers from the
 * few rows holding all its trigrams.
 */
function matchesCondition(
  value: string,
  column: SQL,
  folded: boolean,
  ctx: SqlFilterContext,
  narrowedBy?: SQL,
): SQL {
  const condition = (text: SQL) => wordsCondition(value, text, folded, ctx);
  return narrowedBy ? sql`(${condition(column)} and ${condition(narrowedBy)})` : condition(column);
}

function wordsCondition(value: string, column: SQL, folded: boolean, ctx: SqlFilterContext): SQL {
  const digits = searchTextOf(value);
  if (/^\d+$/.test(digits)) {
    // Search text holds phones as digits; other text is reduced to its digits here.
    const text = folded ? column : sql`regexp_replace(${column}, '\D', '', 'g')`;
    return sql`${text} like ${textLiteral(`%${digits}%`)}`;
  }
  const text = folded ? column : normalized(column);
  const alternatives = fewestAlternatives(
    ctx.corrections?.get(value) ?? queryWords(value).map((word) => [word]),
  );
  if (alternatives.length === 0) return sql`true`;
  if (alternatives.some((a) => a.length === 0)) return sql`false`;
  // Constant patterns (already folded), so each is planned for how common it is.
  const contains = (word: string) => sql`${text} like ${textLiteral(`%${likeEscape(word)}%`)}`;
  return sql`(${sql.join(
    alternatives.map((a) => sql`(${sql.join(a.map(contains), sql` or `)})`),
    sql` and `,
  )})`;
}

/** Case-insensitive text; null matches only isEmpty, neq and nin. "" counts as empty. */
function textCondition({ op, value }: Condition, column: SQL): SQL {
  const list = sql`(select lower(v) from unnest(${sql.param(asScalars(value).map(String))}::text[]) as t(v))`;
  switch (op) {
    case "eq":
      return sql`lower(${column}) = lower(${value})`;
    case "neq":
      return sql`lower(${column}) is distinct from lower(${value})`;
    case "in":
      return sql`lower(${column}) in ${list}`;
    case "nin":
      return sql`(not coalesce(lower(${column}) in ${list}, false))`;
    case "contains":
      return sql`${column} ilike ${`%${likeEscape(String(value))}%`}`;
    case "startsWith":
      return sql`${column} ilike ${`${likeEscape(String(value))}%`}`;
    case "isEmpty":
      return sql`coalesce(${column}, '') = ''`;
    case "isNotEmpty":
      return sql`${column} <> ''`;
    default:
      throw new Error(`Unreachable: ${op} on text`);
  }
}

/**
 * Enums, uuids and users: exact equality, parameters typed by the column (so a PostgreSQL enum or
 * uuid column keeps its index). An empty list (`me` without a user) matches nothing, its negation all.
 */
function exactCondition({ op }: Condition, column: SQL, values: readonly FilterScalar[]): SQL {
  const anyOf =
    values.length === 1 ? sql`${column} = ${values[0]}` : sql`${column} = any(${sql.param(values)})`;
  switch (op) {
    case "eq":
    case "in":
      return values.length === 0 ? sql`false` : anyOf;
    case "neq":
      if (values.length === 0) return sql`true`;
      return values.length === 1
        ? sql`${column} is distinct from ${values[0]}`
        : sql`(not coalesce(${anyOf}, false))`;
    case "nin":
      return values.length === 0 ? sql`true` : sql`(not coalesce(${anyOf}, false))`;
    case "isEmpty":
      return sql`${column} is null`;
    case "isNotEmpty":
      return sql`${column} is not null`;
    default:
      throw new Error(`Unreachable: ${op} on exact values`);
  }
}

/** Arrays of text: eq/contains "has the value", in "has any of"; case-sensitive, as `@>` and `&&` are. */
function listCondition({ op, value }: Condition, column: SQL): SQL {
  const wanted = sql`${sql.param(asScalars(value).map(String))}::text[]`;
  switch (op) {
    case "eq":
    case "contains":
      return sql`${column} @> ${wanted}`;
    case "in":
      return sql`${column} && ${wanted}`;
    case "neq":
      return sql`(not (coalesce(${column}, '{}'::text[]) @> ${wanted}))`;
    case "nin":
      return sql`(not (coalesce(${column}, '{}'::text[]) && ${wanted}))`;
    case "isEmpty":
      return sql`coalesce(cardinality(${column}), 0) = 0`;
    case "isNotEmpty":
      return sql`cardinality(${column}) > 0`;
    default:
      throw new Error(`Unreachable: ${op} on lists`);
  }
}

function mapOperand<T>(operand: Operand<T>, toSql: (value: T) => SQL): Operand<SQL> {
  return operand.kind === "point"
    ? { kind: "point", at: toSql(operand.at) }
    : { kind: "range", start: toSql(operand.start), end: toSql(operand.end) };
}

function comparisons(column: SQL, all: Comparison<SQL>[]): SQL {
  const parts = all.map(({ cmp, to }) => sql`${column} ${sql.raw(cmp)} ${to}`);
  return parts.length === 1 ? parts[0]! : sql`(${sql.join(parts, sql` and `)})`;
}

/** Numbers, booleans, dates and date-times, through the same comparisons evaluateFilter uses. */
function orderedCondition(
  { op, value }: Condition,
  column: SQL,
  operand: (value: FilterScalar | RelativeDate) => Operand<SQL>,
): SQL {
  switch (op) {
    case "isEmpty":
      return sql`${column} is null`;
    case "isNotEmpty":
      return sql`${column} is not null`;
    case "in":
    case "nin": {
      // Only numbers take lists: one array parameter, typed by the column, whatever the list's length.
      const any = sql`${column} = any(${sql.param(asScalars(value))})`;
      return op === "in" ? any : sql`(not coalesce(${any}, false))`;
    }
    case "between": {
      const [low, high] = asScalars(value);
      return comparisons(column, betweenComparisons(operand(low!), operand(high!)));
    }
    case "contains":
    case "startsWith":
    case "matches":
      throw new Error(`Unreachable: ${op} on ordered values`);
    default: {
      const plan = orderedComparisons(op, operand(value as FilterScalar | RelativeDate));
      const test = comparisons(column, plan.all);
      if (!plan.negated) return test;
      // `is distinct from` keeps an index-friendly, null-safe form for the common point case.
      const [only] = plan.all;
      return plan.all.length === 1 && only
        ? sql`${column} is distinct from ${only.to}`
        : sql`(not coalesce(${test}, false))`;
    }
  }
}
