import {
  type Condition,
  type FieldSpec,
  type Filter,
  type FilterOperator,
  type FilterScalar,
  type FilterValue,
  ME,
  OPERATORS_BY_TYPE,
  RELATIVE_DAY_COUNTS,
  RELATIVE_PERIODS,
  type RelativeDate,
} from "@rapport/core";

/** A field the builder offers (as `GET /fields/:object/filterable` lists them). */
export type BuilderField = FieldSpec & { path: string; label?: string | undefined };

export type RelativeKind = (typeof RELATIVE_PERIODS)[number] | (typeof RELATIVE_DAY_COUNTS)[number];

/** What the person typed for a condition's value, before it becomes the filter language's value. */
export type DraftValue =
  | { mode: "none" }
  | { mode: "single"; text: string }
  | { mode: "list"; items: string[] }
  | { mode: "range"; from: string; to: string }
  | { mode: "relative"; relative: RelativeKind; n: number };

export type DraftCondition = { id: string; field: string; op: FilterOperator; value: DraftValue };
export type DraftGroup = { id: string; join: "and" | "or"; items: DraftCondition[] };
/** The builder's state: conditions and one level of groups, joined by `and` or `or`. */
export type DraftFilter = { join: "and" | "or"; items: (DraftCondition | DraftGroup)[] };

let counter = 0;
export const draftId = () => `d${++counter}`;

export const isGroup = (item: DraftCondition | DraftGroup): item is DraftGroup => "items" in item;
export const emptyDraft = (): DraftFilter => ({ join: "and", items: [] });

const isDateType = (spec: FieldSpec | undefined) => spec?.type === "date" || spec?.type === "datetime";
const RELATIVE_OPS: readonly FilterOperator[] = ["eq", "neq", "lt", "lte", "gt", "gte"];

/** The operators a field takes; the builder offers exactly these. */
export function operatorsFor(spec: FieldSpec | undefined): readonly FilterOperator[] {
  return spec ? OPERATORS_BY_TYPE[spec.type] : [];
}

/** Whether an operator on this field may take a relative date such as "last 30 days". */
export const takesRelative = (spec: FieldSpec | undefined, op: FilterOperator) =>
  isDateType(spec) && RELATIVE_OPS.includes(op);

/** The empty value an operator starts with. */
export function blankValue(op: FilterOperator): DraftValue {
  if (op === "isEmpty" || op === "isNotEmpty") return { mode: "none" };
  if (op === "in" || op === "nin") return { mode: "list", items: [] };
  if (op === "between") return { mode: "range", from: "", to: "" };
  return { mode: "single", text: "" };
}

/** A new condition on a field, with its first operator. */
export function newCondition(field: BuilderField): DraftCondition {
  const op = field.type === "text" ? "contains" : (operatorsFor(field)[0] ?? "eq");
  return { id: draftId(), field: field.path, op, value: blankValue(op) };
}

/** Changes the operator, keeping the value where its shape still fits. */
export function withOperator(condition: DraftCondition, op: FilterOperator): DraftCondition {
  const next = blankValue(op);
  const keep =
    condition.value.mode === next.mode || (condition.value.mode === "relative" && next.mode === "single");
  return { ...condition, op, value: keep ? condition.value : next };
}

function scalar(text: string, spec: FieldSpec | undefined): FilterScalar {
  if (spec?.type === "number" || spec?.type === "money") {
    const n = Number(text);
    return text.trim() !== "" && Number.isFinite(n) ? n : text;
  }
  if (spec?.type === "boolean") return text === "true" ? true : text === "false" ? false : text;
  return text;
}

function toValue(value: DraftValue, spec: FieldSpec | undefined): FilterValue | undefined {
  switch (value.mode) {
    case "none":
      return undefined;
    case "single":
      return scalar(value.text, spec);
    case "list":
      return value.items.map((item) => scalar(item, spec));
    case "range":
      return [scalar(value.from, spec), scalar(value.to, spec)];
    case "relative":
      return (RELATIVE_DAY_COUNTS as readonly string[]).includes(value.relative)
        ? ({ relative: value.relative, n: value.n } as RelativeDate)
        : ({ relative: value.relative } as RelativeDate);
  }
}

function toCondition(c: DraftCondition, resolve: (path: string) => FieldSpec | undefined): Condition {
  const value = toValue(c.value, resolve(c.field));
  return value === undefined ? { field: c.field, op: c.op } : { field: c.field, op: c.op, value };
}

/**
 * The filter language's JSON for the builder's state, or null when it has no conditions. A group
 * of one item collapses to that item; the values take the field's type (numbers, booleans).
 */
export function toFilter(
  draft: DraftFilter,
  resolve: (path: string) => FieldSpec | undefined,
): Filter | null {
  const items = draft.items.flatMap((item): Filter[] => {
    if (!isGroup(item)) return [toCondition(item, resolve)];
    const inner = item.items.map((c) => toCondition(c, resolve));
    if (inner.length === 0) return [];
    if (inner.length === 1) return [inner[0]!];
    return [item.join === "and" ? { and: inner } : { or: inner }];
  });
  if (items.length === 0) return null;
  return draft.join === "and" ? { and: items } : { or: items };
}

function fromValue(op: FilterOperator, value: FilterValue | undefined): DraftValue | null {
  const text = (v: unknown) => String(v);
  if (op === "isEmpty" || op === "isNotEmpty") return { mode: "none" };
  if (value === undefined) return null;
  if (op === "in" || op === "nin")
    return Array.isArray(value) ? { mode: "list", items: value.map(text) } : null;
  if (op === "between") {
    return Array.isArray(value) && value.length === 2
      ? { mode: "range", from: text(value[0]), to: text(value[1]) }
      : null;
  }
  if (Array.isArray(value)) return null;
  if (typeof value === "object") {
    return { mode: "relative", relative: value.relative, n: "n" in value ? value.n : 7 };
  }
  return { mode: "single", text: text(value) };
}

function fromCondition(c: Condition): DraftCondition | null {
  const value = fromValue(c.op, c.value);
  return value ? { id: draftId(), field: c.field, op: c.op, value } : null;
}

/**
 * The builder's state for a saved filter, or null when the filter uses what the builder cannot
 * show (`not`, groups nested more than one level); such a filter is kept as it is.
 */
export function fromFilter(filter: Filter | null | undefined): DraftFilter | null {
  if (!filter) return emptyDraft();
  if ("field" in filter) {
    const c = fromCondition(filter);
    return c ? { join: "and", items: [c] } : null;
  }
  if ("not" in filter) return null;
  const join = "and" in filter ? "and" : "or";
  const children = "and" in filter ? filter.and : filter.or;
  const items: (DraftCondition | DraftGroup)[] = [];
  for (const child of children) {
    if ("field" in child) {
      const c = fromCondition(child);
      if (!c) return null;
      items.push(c);
      continue;
    }
    if ("not" in child) return null;
    const innerJoin = "and" in child ? "and" : "or";
    const inner = "and" in child ? child.and : child.or;
    const conditions: DraftCondition[] = [];
    for (const grandchild of inner) {
      if (!("field" in grandchild)) return null;
      const c = fromCondition(grandchild);
      if (!c) return null;
      conditions.push(c);
    }
    items.push({ id: draftId(), join: innerJoin, items: conditions });
  }
  return { join, items };
}

/** Joins the saved filter with a search filter; either may be missing. */
export function combineFilters(...filters: (Filter | null | undefined)[]): Filter | null {
  const present = filters.filter((f): f is Filter => f !== null && f !== undefined);
  if (present.length === 0) return null;
  if (present.length === 1) return present[0]!;
  return { and: present };
}

/**
 * The indexed search text of contacts, companies and deals (names, emails, phones, domains, tags):
 * a search box on it matches as the search endpoint does, typos and accents forgiven.
 */
export const SEARCH_FIELD = "search";

/** The search box's filter: any of the fields contains the text (the search field: matches it). */
export function searchFilter(text: string, fields: readonly string[]): Filter | null {
  const q = text.trim();
  if (!q || fields.length === 0) return null;
  const conditions: Filter[] = fields.map((field) => ({
    field,
    op: field === SEARCH_FIELD ? "matches" : "contains",
    value: q,
  }));
  return conditions.length === 1 ? conditions[0]! : { or: conditions };
}

export { ME, RELATIVE_DAY_COUNTS, RELATIVE_PERIODS };
