import { type Filter, fieldResolverFromMap, parseFilter, validateFilter } from "@rapport/core";
import { describe, expect, it } from "vitest";
import {
  type BuilderField,
  combineFilters,
  type DraftCondition,
  type DraftFilter,
  fromFilter,
  newCondition,
  searchFilter,
  toFilter,
  withOperator,
} from "./model.ts";

const fields: BuilderField[] = [
  { path: "name", type: "text" },
  { path: "amount", type: "money" },
  { path: "expectedCloseDate", type: "date" },
  { path: "ownerId", type: "user" },
  { path: "status", type: "enum", options: ["open", "won", "lost"] },
  { path: "company.industry", type: "text" },
  { path: "deals.stage.name", type: "text" },
  { path: "custom.vip", type: "boolean" },
  { path: "tags", type: "tags" },
];
const resolver = fieldResolverFromMap(Object.fromEntries(fields.map((f) => [f.path, f])));
const c = (field: string, op: DraftCondition["op"], value: DraftCondition["value"]): DraftCondition => ({
  id: `${field}-${op}`,
  field,
  op,
  value,
});
/** The builder's output must always be a filter the server accepts. */
const build = (draft: DraftFilter): Filter | null => {
  const filter = toFilter(draft, resolver);
  if (filter) {
    expect(parseFilter(filter)).toEqual(filter);
    expect(validateFilter(filter, resolver)).toEqual([]);
  }
  return filter;
};

describe("the filter builder's model", () => {
  it("writes every operator with values of the field's type", () => {
    const filter = build({
      join: "and",
      items: [
        c("name", "eq", { mode: "single", text: "Acme" }),
        c("name", "neq", { mode: "single", text: "Beta" }),
        c("name", "in", { mode: "list", items: ["a", "b"] }),
        c("name", "nin", { mode: "list", items: ["c"] }),
        c("amount", "lt", { mode: "single", text: "10" }),
        c("amount", "lte", { mode: "single", text: "10.5" }),
        c("amount", "gt", { mode: "single", text: "0" }),
        c("amount", "gte", { mode: "single", text: "1" }),
        c("amount", "between", { mode: "range", from: "100", to: "2000" }),
        c("name", "contains", { mode: "single", text: "corp" }),
        c("name", "startsWith", { mode: "single", text: "Ac" }),
        c("company.industry", "isEmpty", { mode: "none" }),
        c("deals.stage.name", "isNotEmpty", { mode: "none" }),
        c("custom.vip", "eq", { mode: "single", text: "true" }),
      ],
    });
    expect(filter).toEqual({
      and: [
        { field: "name", op: "eq", value: "Acme" },
        { field: "name", op: "neq", value: "Beta" },
        { field: "name", op: "in", value: ["a", "b"] },
        { field: "name", op: "nin", value: ["c"] },
        { field: "amount", op: "lt", value: 10 },
        { field: "amount", op: "lte", value: 10.5 },
        { field: "amount", op: "gt", value: 0 },
        { field: "amount", op: "gte", value: 1 },
        { field: "amount", op: "between", value: [100, 2000] },
        { field: "name", op: "contains", value: "corp" },
        { field: "name", op: "startsWith", value: "Ac" },
        { field: "company.industry", op: "isEmpty" },
        { field: "deals.stage.name", op: "isNotEmpty" },
        { field: "custom.vip", op: "eq", value: true },
      ],
    });
  });

  it("writes relative dates and 'me'", () => {
    expect(
      build({
        join: "or",
        items: [
          c("expectedCloseDate", "gte", { mode: "relative", relative: "last_n_days", n: 30 }),
          c("expectedCloseDate", "eq", { mode: "relative", relative: "today", n: 7 }),
          c("ownerId", "eq", { mode: "single", text: "me" }),
          c("ownerId", "in", { mode: "list", items: ["me", "0190a5e4-0000-7000-8000-000000000001"] }),
        ],
      }),
    ).toEqual({
      or: [
        { field: "expectedCloseDate", op: "gte", value: { relative: "last_n_days", n: 30 } },
        { field: "expectedCloseDate", op: "eq", value: { relative: "today" } },
        { field: "ownerId", op: "eq", value: "me" },
        { field: "ownerId", op: "in", value: ["me", "0190a5e4-0000-7000-8000-000000000001"] },
      ],
    });
  });

  it("nests groups one level and collapses groups of one", () => {
    expect(
      build({
        join: "and",
        items: [
          c("status", "eq", { mode: "single", text: "open" }),
          {
            id: "g1",
            join: "or",
            items: [
              c("tags", "contains", { mode: "single", text: "vip" }),
              c("amount", "gt", { mode: "single", text: "5000" }),
            ],
          },
          { id: "g2", join: "or", items: [c("name", "contains", { mode: "single", text: "x" })] },
          { id: "g3", join: "and", items: [] },
        ],
      }),
    ).toEqual({
      and: [
        { field: "status", op: "eq", value: "open" },
        {
          or: [
            { field: "tags", op: "contains", value: "vip" },
            { field: "amount", op: "gt", value: 5000 },
          ],
        },
        { field: "name", op: "contains", value: "x" },
      ],
    });
    expect(toFilter({ join: "and", items: [] }, resolver)).toBeNull();
  });

  it("reads a saved filter back, and refuses what it cannot show", () => {
    const saved: Filter = {
      or: [
        { field: "amount", op: "between", value: [1, 2] },
        {
          and: [
            { field: "ownerId", op: "eq", value: "me" },
            { field: "name", op: "isEmpty" },
          ],
        },
        { field: "expectedCloseDate", op: "lt", value: { relative: "next_n_days", n: 14 } },
      ],
    };
    const draft = fromFilter(saved);
    expect(draft).not.toBeNull();
    expect(toFilter(draft!, resolver)).toEqual(saved);
    expect(fromFilter({ field: "name", op: "eq", value: "x" })).toMatchObject({
      join: "and",
      items: [{ field: "name" }],
    });
    expect(fromFilter({ not: { field: "name", op: "eq", value: "x" } })).toBeNull();
    expect(fromFilter({ and: [{ or: [{ and: [{ field: "name", op: "eq", value: "x" }] }] }] })).toBeNull();
  });

  it("starts conditions with an operator the field takes, and keeps values that still fit", () => {
    expect(newCondition({ path: "name", type: "text" })).toMatchObject({
      op: "contains",
      value: { mode: "single" },
    });
    expect(newCondition({ path: "ownerId", type: "user" })).toMatchObject({ op: "eq" });
    const cond = c("amount", "gt", { mode: "single", text: "5" });
    expect(withOperator(cond, "lt").value).toEqual({ mode: "single", text: "5" });
    expect(withOperator(cond, "between").value).toEqual({ mode: "range", from: "", to: "" });
    expect(withOperator(cond, "isEmpty").value).toEqual({ mode: "none" });
  });

  it("builds the search box's filter and joins it with the view's", () => {
    expect(searchFilter("  ada ", ["displayName", "email"])).toEqual({
      or: [
        { field: "displayName", op: "contains", value: "ada" },
        { field: "email", op: "contains", value: "ada" },
      ],
    });
    expect(searchFilter("", ["name"])).toBeNull();
    const view: Filter = { field: "status", op: "eq", value: "open" };
    expect(combineFilters(view, null)).toBe(view);
    expect(combineFilters(view, searchFilter("x", ["name"]))).toEqual({
      and: [view, { field: "name", op: "contains", value: "x" }],
    });
  });
});
