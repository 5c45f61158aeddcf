import { describe, expect, it } from "vitest";
import {
  assertValidFilter,
  FIELD_TYPES,
  type FieldSpec,
  type FieldType,
  fieldResolverFromMap,
  idValues,
  OPERATORS_BY_TYPE,
  splitFieldPath,
  validateFilter,
} from "./fields.ts";
import { FILTER_OPERATORS, type Filter, FilterError, type FilterValue } from "./schema.ts";

const UUID = "0b9d5f3e-7c1a-4b8e-9f2d-3a4b5c6d7e8f";

const FIELDS: Record<string, FieldSpec> = {
  name: { type: "text" },
  score: { type: "number" },
  amount: { type: "money" },
  born: { type: "date" },
  seen: { type: "datetime" },
  active: { type: "boolean" },
  stage: { type: "enum", options: ["lead", "customer"] },
  id: { type: "uuid" },
  owner: { type: "user" },
  tags: { type: "tags" },
  emails: { type: "text_list" },
  "company.industry": { type: "text" },
  "custom.tier": { type: "enum", options: ["gold", "silver"] },
};
const resolve = fieldResolverFromMap(FIELDS);
const fieldOf = (type: FieldType) => Object.keys(FIELDS).find((key) => FIELDS[key]!.type === type)!;

const issues = (filter: Filter) => validateFilter(filter, resolve);
const one = (field: string, op: string, value?: FilterValue) => issues({ field, op, value } as Filter);

describe("validateFilter", () => {
  it("accepts a well-typed filter", () => {
    const filter: Filter = {
      and: [
        { field: "name", op: "contains", value: "ad" },
        { field: "score", op: "between", value: [1, 5] },
        { field: "amount", op: "in", value: [10, 20.5] },
        { field: "born", op: "lt", value: { relative: "this_year" } },
        { field: "seen", op: "gte", value: "2024-03-01" },
        { field: "seen", op: "between", value: ["2024-03-01T00:00:00Z", "2024-03-02T00:00:00+01:00"] },
        { field: "active", op: "eq", value: false },
        { field: "stage", op: "nin", value: ["lead"] },
        { field: "id", op: "eq", value: UUID.toUpperCase() },
        { field: "owner", op: "in", value: ["me", UUID] },
        { field: "tags", op: "contains", value: "vip" },
        { field: "emails", op: "isEmpty" },
        { field: "company.industry", op: "startsWith", value: "Soft" },
        { not: { field: "custom.tier", op: "eq", value: "gold" } },
        { field: "name", op: "eq", value: "me" },
        { field: "tags", op: "eq", value: "me" },
      ],
    };
    expect(issues(filter)).toEqual([]);
  });

  it("names the filterable fields when a field is unknown", () => {
    expect(one("foo", "eq", "x")).toEqual([
      {
        path: "field",
        message: expect.stringMatching(
          /^Unknown field 'foo' at field: filterable fields are name, score, .*company\.industry, custom\.tier, and custom\.<key>/,
        ),
      },
    ]);
  });

  const refused = FIELD_TYPES.flatMap((type) =>
    FILTER_OPERATORS.filter((op) => !OPERATORS_BY_TYPE[type].includes(op)).map((op) => [type, op] as const),
  );

  it.each(refused)("refuses %s fields with '%s'", (type, op) => {
    const result = issues({ and: [{ field: fieldOf(type), op, value: "x" }] });
    expect(result).toEqual([
      {
        path: "and[0].op",
        message: expect.stringMatching(
          new RegExp(
            `^Operator '${op}' does not apply to ${type} field '.+' at and\\[0\\]\\.op: use one of eq, `,
          ),
        ),
      },
    ]);
  });

  it("refuses at least the obvious mismatches", () => {
    const pairs = refused.map(([type, op]) => `${type}:${op}`);
    for (const pair of [
      "number:contains",
      "money:startsWith",
      "boolean:lt",
      "boolean:in",
      "text:lt",
      "enum:gt",
    ]) {
      expect(pairs).toContain(pair);
    }
    for (const pair of [
      "date:in",
      "datetime:contains",
      "uuid:between",
      "user:startsWith",
      "tags:lt",
      "tags:between",
    ]) {
      expect(pairs).toContain(pair);
    }
  });

  it.each<[string, string, FilterValue | undefined, string, RegExp]>([
    ["score", "eq", "5", "value", /^Expected a number at value, got '5'/],
    ["amount", "gt", true, "value", /^Expected a number/],
    ["born", "eq", "2024-02-30", "value", /^Expected a date such as 2024-03-31 at value/],
    ["born", "eq", "2024-03-01T00:00:00Z", "value", /^Expected a date such as/],
    [
      "seen",
      "lt",
      "2024-03-01T10:00",
      "value",
      /^Expected a date such as 2024-03-31 or a date-time with offset/,
    ],
    ["seen", "lt", "yesterday", "value", /^Expected a date/],
    ["active", "eq", "true", "value", /^Expected true or false/],
    ["stage", "eq", "Lead", "value", /^Expected one of lead, customer at value, got 'Lead'/],
    ["custom.tier", "in", ["gold", "bronze"], "value[1]", /^Expected one of gold, silver at value\[1\]/],
    ["id", "eq", "42", "value", /^Expected an id \(UUID\)/],
    ["id", "eq", "me", "value", /^'me' at value only applies to user fields/],
    ["score", "eq", "me", "value", /^'me' at value only applies to user fields/],
    ["owner", "eq", "someone", "value", /^Expected a user id or 'me'/],
    ["name", "eq", "", "value", /^Empty text at value: use isEmpty/],
    ["name", "contains", 3, "value", /^Expected text/],
    ["tags", "in", [1], "value[0]", /^Expected text/],
    [
      "name",
      "eq",
      { relative: "today" },
      "value",
      /^A relative date at value only applies to date and datetime/,
    ],
    ["born", "between", [{ relative: "today" } as never, "2024-01-01"], "value[0]", /cannot be used here/],
    ["score", "isEmpty", 1, "value", /^'isEmpty' takes no value at value: remove value/],
    ["score", "isNotEmpty", [], "value", /^'isNotEmpty' takes no value/],
    ["score", "eq", undefined, "value", /^Missing value at value: 'eq' needs a value/],
    ["score", "eq", [1, 2], "value", /^'eq' takes one value at value: use 'in'/],
    ["score", "in", 1, "value", /^'in' takes a list at value: write \[value, …\], or use 'eq'/],
    ["score", "nin", [], "value", /^'nin' takes 1 to 1000 values at value, got 0/],
    ["score", "in", Array(1001).fill(1), "value", /^'in' takes 1 to 1000 values at value, got 1001/],
    ["score", "between", [1], "value", /^'between' takes two values at value/],
    ["score", "between", 1, "value", /^'between' takes two values/],
    ["score", "between", [5, 1], "value", /^'between' bounds are reversed/],
    ["born", "between", ["2024-02-01", "2024-01-01"], "value", /^'between' bounds are reversed/],
    ["seen", "between", ["2024-02-01T00:00:00Z", "2024-01-01T00:00:00Z"], "value", /reversed/],
  ])("refuses %s %s %j", (field, op, value, path, message) => {
    const result = one(field, op, value);
    expect(result).toHaveLength(1);
    expect(result[0]!.path).toBe(path);
    expect(result[0]!.message).toMatch(message);
  });

  it("reports every issue, each with its path", () => {
    const result = issues({
      or: [
        { field: "nope", op: "eq", value: 1 },
        { not: { and: [{ field: "active", op: "lt", value: true }] } },
        { field: "score", op: "in", value: [1, "2", 3, "4"] },
      ],
    });
    expect(result.map((issue) => issue.path)).toEqual([
      "or[0].field",
      "or[1].not.and[0].op",
      "or[2].value[1]",
      "or[2].value[3]",
    ]);
  });

  it("assertValidFilter throws a FilterError carrying all issues", () => {
    const filter: Filter = {
      and: [
        { field: "nope", op: "eq", value: 1 },
        { field: "active", op: "lt", value: true },
      ],
    };
    try {
      assertValidFilter(filter, resolve);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(FilterError);
      const filterError = error as FilterError;
      expect(filterError.path).toBe("and[0].field");
      expect(filterError.issues).toHaveLength(2);
      expect(filterError.message).toMatch(/^Unknown field 'nope' at and\[0\]\.field: .*; Operator 'lt'/);
    }
  });
});

describe("splitFieldPath", () => {
  it("separates relations, the field and the custom namespace", () => {
    expect(splitFieldPath("name")).toEqual({ relations: [], field: "name", custom: false });
    expect(splitFieldPath("deals.stage")).toEqual({ relations: ["deals"], field: "stage", custom: false });
    expect(splitFieldPath("custom.tier")).toEqual({ relations: [], field: "tier", custom: true });
    expect(splitFieldPath("company.custom.tier")).toEqual({
      relations: ["company"],
      field: "tier",
      custom: true,
    });
  });

  it("finds nothing through the prototype", () => {
    expect(resolve("constructor")).toBeUndefined();
  });
});

describe("idValues", () => {
  it("lowercases ids and resolves or drops 'me'", () => {
    expect(idValues(["me", UUID.toUpperCase()], "ABC")).toEqual(["abc", UUID]);
    expect(idValues(["me"], null)).toEqual([]);
  });
});
