import { describe, expect, it } from "vitest";
import { createFilterPredicate, evaluateFilter, type FilterContext } from "./evaluate.ts";
import { type FieldSpec, fieldResolverFromMap } from "./fields.ts";
import { type Filter, FilterError } from "./schema.ts";

const ME = "11111111-1111-4111-8111-111111111111";
const OTHER = "22222222-2222-4222-8222-222222222222";

const resolve = fieldResolverFromMap({
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
  "company.owner": { type: "user" },
  "deals.status": { type: "enum", options: ["open", "won", "lost"] },
  "deals.amount": { type: "money" },
  "custom.tier": { type: "text" },
  "custom.points": { type: "number" },
} satisfies Record<string, FieldSpec>);

// Monday 2024-03-04, 09:00 in Berlin.
const ctx: FilterContext = { userId: ME, now: new Date("2024-03-04T08:00:00Z"), timeZone: "Europe/Berlin" };

const ada = {
  id: "AAAAAAAA-0000-4000-8000-000000000001",
  name: "Ada Lovelace",
  score: 7.5,
  amount: "1200.50",
  born: "1990-03-04",
  seen: "2024-03-03T23:30:00Z", // 00:30 on Monday in Berlin
  active: true,
  stage: "lead",
  owner: ME,
  tags: ["vip", "speaker"],
  emails: ["ada@example.com"],
  company: { industry: "Software", owner: OTHER },
  deals: [
    { status: "open", amount: 100 },
    { status: "won", amount: 5000 },
  ],
  custom: { tier: "Gold", points: 3 },
};
const blank = { id: null, name: null, deals: [], company: null, custom: null, tags: null };

const test = (filter: Filter, record: Record<string, unknown> = ada, context = ctx) =>
  evaluateFilter(filter, record, context, resolve);
const cond = (field: string, op: string, value?: unknown) => ({ field, op, value }) as Filter;

describe("evaluateFilter on text", () => {
  it.each<[string, unknown, boolean]>([
    ["eq", "ada lovelace", true],
    ["eq", "Ada", false],
    ["neq", "ADA LOVELACE", false],
    ["neq", "Grace", true],
    ["in", ["Grace", "ADA lovelace"], true],
    ["nin", ["Grace", "ADA lovelace"], false],
    ["nin", ["Grace"], true],
    ["contains", "LOVE", true],
    ["contains", "%", false],
    ["startsWith", "ada l", true],
    ["startsWith", "lovelace", false],
    ["isEmpty", undefined, false],
    ["isNotEmpty", undefined, true],
  ])("%s %j → %s", (op, value, expected) => {
    expect(test(cond("name", op, value))).toBe(expected);
  });

  it("treats null and empty text as empty; null matches only isEmpty, neq and nin", () => {
    expect(test(cond("name", "isEmpty"), blank)).toBe(true);
    expect(test(cond("name", "isEmpty"), { name: "" })).toBe(true);
    expect(test(cond("name", "isNotEmpty"), { name: "" })).toBe(false);
    expect(test(cond("name", "neq", "x"), blank)).toBe(true);
    expect(test(cond("name", "nin", ["x"]), blank)).toBe(true);
    for (const [op, value] of [
      ["eq", "x"],
      ["in", ["x"]],
      ["contains", "x"],
      ["startsWith", "x"],
      ["isNotEmpty", undefined],
    ] as const) {
      expect(test(cond("name", op, value), blank)).toBe(false);
      expect(test(cond("name", op, value), {})).toBe(false);
    }
  });

  it("matches special characters literally", () => {
    const record = { name: "100% of a_b \\ c'; drop table people; --" };
    expect(test(cond("name", "contains", "0% of a_b \\"), record)).toBe(true);
    expect(test(cond("name", "contains", "'; drop table people; --"), record)).toBe(true);
    expect(test(cond("name", "contains", "a%b"), record)).toBe(false);
  });
});

describe("evaluateFilter on numbers, dates and booleans", () => {
  it.each<[string, string, unknown, boolean]>([
    ["score", "eq", 7.5, true],
    ["score", "neq", 7.5, false],
    ["score", "in", [1, 7.5], true],
    ["score", "nin", [1, 7.5], false],
    ["score", "lt", 7.5, false],
    ["score", "lte", 7.5, true],
    ["score", "gt", 7, true],
    ["score", "gte", 8, false],
    ["score", "between", [7.5, 8], true],
    ["score", "between", [1, 7], false],
    ["amount", "gt", 1200.49, true], // numeric columns arrive as strings
    ["amount", "eq", 1200.5, true],
    ["born", "eq", "1990-03-04", true],
    ["born", "lt", "1990-03-04", false],
    ["born", "lte", "1990-03-04", true],
    ["born", "gt", "1990-03-03", true],
    ["born", "between", ["1990-01-01", "1990-03-04"], true],
    ["born", "lt", { relative: "this_year" }, true],
    ["born", "gte", { relative: "last_year" }, false],
    ["seen", "eq", { relative: "today" }, true],
    ["seen", "eq", { relative: "yesterday" }, false],
    ["seen", "neq", { relative: "today" }, false],
    ["seen", "gte", { relative: "this_week" }, true],
    ["seen", "lt", { relative: "this_week" }, false],
    ["seen", "lte", { relative: "today" }, true],
    ["seen", "gt", { relative: "yesterday" }, true],
    ["seen", "eq", { relative: "last_n_days", n: 1 }, true],
    ["seen", "eq", "2024-03-04", true], // a day on a datetime field is that day in the time zone
    ["seen", "eq", "2024-03-03", false],
    ["seen", "eq", "2024-03-03T23:30:00Z", true],
    ["seen", "eq", "2024-03-04T00:30:00+01:00", true],
    ["seen", "lt", "2024-03-03T23:30:00Z", false],
    ["seen", "between", ["2024-03-01", "2024-03-04"], true],
    ["seen", "between", ["2024-03-01", "2024-03-03"], false],
    ["active", "eq", true, true],
    ["active", "neq", true, false],
    ["active", "eq", false, false],
  ])("%s %s %j → %s", (field, op, value, expected) => {
    expect(test(cond(field, op, value))).toBe(expected);
  });

  it("treats a missing value as empty, matching only isEmpty, neq and nin", () => {
    for (const field of ["score", "born", "seen", "active"]) {
      expect(test(cond(field, "isEmpty"), blank)).toBe(true);
      expect(test(cond(field, "isNotEmpty"), blank)).toBe(false);
    }
    expect(test(cond("score", "neq", 1), blank)).toBe(true);
    expect(test(cond("score", "nin", [1]), blank)).toBe(true);
    expect(test(cond("seen", "neq", { relative: "today" }), blank)).toBe(true);
    expect(test(cond("active", "neq", true), blank)).toBe(true);
    for (const [op, value] of [
      ["eq", 1],
      ["in", [1]],
      ["lt", 1],
      ["lte", 1],
      ["gt", 1],
      ["gte", 1],
      ["between", [0, 10]],
    ] as const) {
      expect(test(cond("score", op, value), blank)).toBe(false);
    }
  });
});

describe("evaluateFilter on enums, ids, users and lists", () => {
  it.each<[string, string, unknown, boolean]>([
    ["stage", "eq", "lead", true],
    ["stage", "neq", "lead", false],
    ["stage", "in", ["customer", "lead"], true],
    ["stage", "nin", ["customer"], true],
    ["id", "eq", "aaaaaaaa-0000-4000-8000-000000000001", true],
    ["id", "in", ["AAAAAAAA-0000-4000-8000-000000000001"], true],
    ["id", "neq", "aaaaaaaa-0000-4000-8000-000000000001", false],
    ["owner", "eq", "me", true],
    ["owner", "neq", "me", false],
    ["owner", "in", [OTHER, "me"], true],
    ["owner", "nin", ["me"], false],
    ["owner", "eq", OTHER, false],
    ["tags", "eq", "vip", true],
    ["tags", "contains", "VIP", false], // tags are case-sensitive, as `@>` is
    ["tags", "in", ["x", "speaker"], true],
    ["tags", "nin", ["x", "speaker"], false],
    ["tags", "neq", "vip", false],
    ["tags", "neq", "x", true],
    ["tags", "isEmpty", undefined, false],
    ["emails", "contains", "ada@example.com", true],
    ["emails", "isNotEmpty", undefined, true],
  ])("%s %s %j → %s", (field, op, value, expected) => {
    expect(test(cond(field, op, value))).toBe(expected);
  });

  it("reads 'me' as nobody when there is no user", () => {
    const anonymous = { ...ctx, userId: null };
    expect(test(cond("owner", "eq", "me"), ada, anonymous)).toBe(false);
    expect(test(cond("owner", "in", ["me"]), ada, anonymous)).toBe(false);
    expect(test(cond("owner", "neq", "me"), ada, anonymous)).toBe(true);
    expect(test(cond("owner", "nin", ["me"]), ada, anonymous)).toBe(true);
    expect(test(cond("owner", "in", ["me", ME]), ada, anonymous)).toBe(true);
  });

  it("treats null and empty lists as empty", () => {
    expect(test(cond("tags", "isEmpty"), blank)).toBe(true);
    expect(test(cond("tags", "isEmpty"), { tags: [] })).toBe(true);
    expect(test(cond("tags", "isNotEmpty"), { tags: [] })).toBe(false);
    expect(test(cond("tags", "nin", ["vip"]), blank)).toBe(true);
    expect(test(cond("tags", "neq", "vip"), blank)).toBe(true);
    expect(test(cond("tags", "in", ["vip"]), blank)).toBe(false);
    expect(test(cond("owner", "isEmpty"), blank)).toBe(true);
    expect(test(cond("stage", "nin", ["lead"]), blank)).toBe(true);
  });
});

describe("evaluateFilter through relations and custom fields", () => {
  it("matches a to-one relation when the related record matches, and never without one", () => {
    expect(test(cond("company.industry", "eq", "software"))).toBe(true);
    expect(test(cond("company.owner", "eq", "me"))).toBe(false);
    expect(test(cond("company.industry", "isEmpty"), blank)).toBe(false);
    expect(test(cond("company.industry", "neq", "x"), blank)).toBe(false);
    expect(test(cond("company.industry", "isEmpty"), { company: { industry: null } })).toBe(true);
  });

  it("matches a to-many relation when any related record matches (EXISTS)", () => {
    expect(test(cond("deals.status", "eq", "won"))).toBe(true);
    expect(test(cond("deals.status", "neq", "won"))).toBe(true);
    expect(test(cond("deals.amount", "gt", 1000))).toBe(true);
    expect(test(cond("deals.amount", "gt", 10_000))).toBe(false);
    expect(test({ not: cond("deals.status", "eq", "lost") })).toBe(true);
    expect(test(cond("deals.status", "neq", "won"), blank)).toBe(false);
    // Two conditions may be met by different deals: each is its own EXISTS.
    expect(test({ and: [cond("deals.status", "eq", "open"), cond("deals.amount", "gt", 1000)] })).toBe(true);
  });

  it("reads custom fields from the custom object, a missing one being empty", () => {
    expect(test(cond("custom.tier", "eq", "gold"))).toBe(true);
    expect(test(cond("custom.points", "lt", 5))).toBe(true);
    expect(test(cond("custom.tier", "isEmpty"), blank)).toBe(true);
    expect(test(cond("custom.tier", "neq", "gold"), { custom: {} })).toBe(true);
  });
});

describe("evaluateFilter groups", () => {
  const yes = cond("name", "contains", "ada");
  const no = cond("name", "contains", "grace");

  it("combines and, or and not, nested", () => {
    expect(test({ and: [] })).toBe(true);
    expect(test({ or: [] })).toBe(false);
    expect(test({ and: [yes, no] })).toBe(false);
    expect(test({ or: [no, yes] })).toBe(true);
    expect(test({ not: no })).toBe(true);
    expect(test({ not: { not: yes } })).toBe(true);
    expect(test({ or: [{ and: [yes, { not: no }] }, no] })).toBe(true);
    expect(test({ and: [{ or: [no, { not: yes }] }, yes] })).toBe(false);
  });

  it("negates a condition on null as true, like SQL's coalesce", () => {
    expect(test({ not: cond("score", "gt", 1) }, blank)).toBe(true);
    expect(test({ not: cond("score", "neq", 1) }, blank)).toBe(false);
  });

  it("validates before evaluating", () => {
    expect(() => test(cond("score", "contains", "1"))).toThrow(FilterError);
    expect(() => test(cond("nope", "eq", 1))).toThrow(/Unknown field 'nope' at field/);
  });

  it("builds a reusable predicate", () => {
    const predicate = createFilterPredicate({ and: [yes, cond("owner", "eq", "me")] }, resolve);
    expect(predicate(ada, ctx)).toBe(true);
    expect(predicate(ada, { ...ctx, userId: OTHER })).toBe(false);
    expect(() => createFilterPredicate(cond("active", "lt", true), resolve)).toThrow(FilterError);
  });
});
